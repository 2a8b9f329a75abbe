using KepOffice.Pki.Revocation;

namespace KepOffice.Core.Certificates;

public enum CertificateStatus
{
    Valid,
    Revoked,
    Expired,
    Superseded,

    /// <summary>On hold (certificateHold): listed in the CRL until resumed or revoked.</summary>
    Suspended,
}

/// <summary>An issued end-entity certificate: the register entry.</summary>
public sealed class CertificateRecord
{
    public Guid Id { get; set; }

    public string CaId { get; set; } = "";

    public string SerialHex { get; set; } = "";

    public Guid? ApplicationId { get; set; }

    public string? ApplicationNumber { get; set; }

    public string HolderName { get; set; } = "";

    public string? Snils { get; set; }

    public string? Email { get; set; }

    /// <summary>Blind indexes (PersonalDataProtection.BlindIndex) of the СНИЛС, the full name and the surname: the register's search compares these.</summary>
    public string? SnilsIndex { get; set; }

    public string HolderNameIndex { get; set; } = "";

    public string HolderSurnameIndex { get; set; } = "";

    public DateTime NotBeforeUtc { get; set; }

    public DateTime NotAfterUtc { get; set; }

    public DateTime PrivateKeyNotAfterUtc { get; set; }

    public CertificateStatus Status { get; set; }

    /// <summary>Whether the profile the certificate was issued under allows a hold (CertificateProfile.AllowHold).</summary>
    public bool HoldAllowed { get; set; }

    public DateTime? RevokedAtUtc { get; set; }

    public RevocationReason? RevocationReason { get; set; }

    public string? RevocationComment { get; set; }

    /// <summary>SHA-256 of the SubjectPublicKeyInfo; unique, so a key is never certified twice.</summary>
    public string PublicKeyFingerprint { get; set; } = "";

    public string ThumbprintSha1 { get; set; } = "";

    public byte[] Der { get; set; } = [];

    public DateTime IssuedUtc { get; set; }

    public int Version { get; set; }
}
