namespace KepOffice.Core.Applications;

public enum ApplicationStatus
{
    Received,
    DocumentCheck,
    NeedsCorrection,
    AwaitingPayment,
    AwaitingIdentification,
    Issuing,
    AwaitingAct,
    Completed,
    Rejected,
    Cancelled,
}

public enum ApplicantType
{
    NaturalPerson,
    IndividualEntrepreneur,
}

public enum KeyMode
{
    /// <summary>The applicant made the key on their token and sent a PKCS#10 request.</summary>
    Csr,

    /// <summary>The CA generates the key into a PKCS#12 protected by the applicant's PIN.</summary>
    ServerGenerated,
}

public enum ApplicationChannel
{
    Portal,
    Desk,
}

/// <summary>An application for a qualified certificate (заявление). Holds personal data: never log it.</summary>
public sealed class Application
{
    public Guid Id { get; set; }

    /// <summary>The number the applicant and the portal see; the workflow's correlation id.</summary>
    public string Number { get; set; } = "";

    public ApplicationStatus Status { get; set; }

    public ApplicationChannel Channel { get; set; }

    public Guid? IntakeClientId { get; set; }

    public string? IdempotencyKey { get; set; }

    public ApplicantType ApplicantType { get; set; }

    public string Surname { get; set; } = "";

    public string GivenName { get; set; } = "";

    public string? Patronymic { get; set; }

    public DateOnly BirthDate { get; set; }

    public string PassportSeries { get; set; } = "";

    public string PassportNumber { get; set; } = "";

    public DateOnly PassportIssuedOn { get; set; }

    public string PassportIssuer { get; set; } = "";

    public string PassportUnitCode { get; set; } = "";

    public string Snils { get; set; } = "";

    public string Inn { get; set; } = "";

    public string? Ogrnip { get; set; }

    public string Email { get; set; } = "";

    public string? Phone { get; set; }

    public int ValidityMonths { get; set; } = 15;

    public KeyMode KeyMode { get; set; }

    public byte[]? CsrDer { get; set; }

    public bool PaymentConfirmed { get; set; }

    public Guid? WorkflowInstanceId { get; set; }

    public Guid? CertificateId { get; set; }

    /// <summary>For a renewal (kep-renewal): the certificate this application replaces, marked superseded once the new one is issued.</summary>
    public Guid? RenewsCertificateId { get; set; }

    /// <summary>The last reason given for a correction or a refusal (shown to the applicant).</summary>
    public string? DecisionReason { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public int Version { get; set; }

    /// <summary>Blind index of the СНИЛС (see PersonalDataProtection.BlindIndex): searches and duplicate checks compare it.</summary>
    public string SnilsIndex { get; set; } = "";

    /// <summary>Blind index of the surname, for the search of the applications list.</summary>
    public string SurnameIndex { get; set; } = "";

    /// <summary>Under legal hold the retention job keeps every document of the application, whatever their age.</summary>
    public bool LegalHold { get; set; }

    /// <summary>Why the hold was set (a court request, a dispute …); encrypted, shown on the card, never in the audit log.</summary>
    public string? LegalHoldReason { get; set; }

    /// <summary>Login of the manager or administrator who set the hold.</summary>
    public string? LegalHoldBy { get; set; }

    public DateTime? LegalHoldSinceUtc { get; set; }

    public List<ApplicationDocument> Documents { get; set; } = [];

    public string FullName => string.Join(' ', new[] { Surname, GivenName, Patronymic }.Where(p => !string.IsNullOrWhiteSpace(p)));

    /// <summary>Given name and patronymic, as the GN attribute of the certificate carries them.</summary>
    public string GivenNames => string.Join(' ', new[] { GivenName, Patronymic }.Where(p => !string.IsNullOrWhiteSpace(p)));
}
