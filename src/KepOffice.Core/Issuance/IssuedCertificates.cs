using System.Security.Cryptography;
using KepOffice.Core.Applications;
using KepOffice.Core.Certificates;
using KepOffice.Core.Data;
using KepOffice.Pki.Issuance;
using KepOffice.Pki.Profiles;

namespace KepOffice.Core.Issuance;

/// <summary>The profile, subject and register entry of a qualified certificate, the same for a CSR and a server-generated key.</summary>
internal static class IssuedCertificates
{
    public static CertificateProfile Profile(Application application, CaRecord caRecord, PkiHostOptions pki) => new()
    {
        Name = application.ApplicantType == ApplicantType.IndividualEntrepreneur ? "КЭП индивидуального предпринимателя" : "КЭП физического лица",
        SubjectType = application.ApplicantType == ApplicantType.IndividualEntrepreneur ? SubjectType.IndividualEntrepreneur : SubjectType.NaturalPerson,
        ValidityMonths = application.ValidityMonths,
        PrivateKeyUsageMonths = application.ValidityMonths,
        CrlDistributionPoints = [pki.CdpUrl(caRecord.Id)],
        CaIssuersUrl = pki.AiaUrl(caRecord.Id),
        AllowHold = pki.AllowHold,
    };

    public static CertificateSubject Subject(Application application) => new()
    {
        Surname = application.Surname,
        GivenName = application.GivenNames,
        CommonName = application.FullName,
        Snils = application.Snils,
        Inn = application.Inn,
        Ogrnip = application.Ogrnip,
        Email = application.Email,
    };

    /// <summary>Adds the register entry and moves the application on to the act; the caller's transaction commits both.</summary>
    public static CertificateRecord Register(
        KepOfficeDbContext db, Application application, CaRecord caRecord, CertificateProfile profile, IssuedCertificate issued, DateTime nowUtc)
    {
        var record = new CertificateRecord
        {
            Id = Guid.NewGuid(),
            CaId = caRecord.Id,
            SerialHex = issued.SerialNumberHex,
            ApplicationId = application.Id,
            ApplicationNumber = application.Number,
            HolderName = application.FullName,
            Snils = application.Snils,
            Email = application.Email,
            NotBeforeUtc = issued.NotBefore.UtcDateTime,
            NotAfterUtc = issued.NotAfter.UtcDateTime,
            PrivateKeyNotAfterUtc = issued.NotBefore.UtcDateTime.AddMonths(profile.PrivateKeyUsageMonths),
            Status = CertificateStatus.Valid,
            HoldAllowed = profile.AllowHold,
            PublicKeyFingerprint = issued.PublicKeyFingerprint,
            ThumbprintSha1 = Convert.ToHexString(SHA1.HashData(issued.Der)),
            Der = issued.Der,
            IssuedUtc = nowUtc,
        };
        db.Set<CertificateRecord>().Add(record);
        application.CertificateId = record.Id;
        application.Status = ApplicationStatus.AwaitingAct;
        application.UpdatedUtc = nowUtc;
        application.Version++;
        return record;
    }
}
