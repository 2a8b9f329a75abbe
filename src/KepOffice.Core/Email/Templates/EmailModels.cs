using System.ComponentModel.DataAnnotations;
using KepOffice.Pki.Revocation;

namespace KepOffice.Core.Email.Templates;

// One model per template, holding only what the message prints. Display names feed the catalogue
// that the workflow designer shows next to each template.

public sealed record ApplicationReceivedEmail(
    [property: Display(Name = "Имя и отчество заявителя")] string ApplicantName,
    [property: Display(Name = "Номер заявления")] string ApplicationNumber,
    [property: Display(Name = "Дата поступления")] DateTimeOffset ReceivedAt);

public sealed record CorrectionNeededEmail(
    [property: Display(Name = "Имя и отчество заявителя")] string ApplicantName,
    [property: Display(Name = "Номер заявления")] string ApplicationNumber,
    [property: Display(Name = "Что нужно исправить")] IReadOnlyList<string> Reasons,
    [property: Display(Name = "Ссылка для загрузки исправленных документов")] Uri UploadUrl);

public sealed record ApplicationRejectedEmail(
    [property: Display(Name = "Имя и отчество заявителя")] string ApplicantName,
    [property: Display(Name = "Номер заявления")] string ApplicationNumber,
    [property: Display(Name = "Причина отказа")] string Reason);

public sealed record ReadyForIdentificationEmail(
    [property: Display(Name = "Имя и отчество заявителя")] string ApplicantName,
    [property: Display(Name = "Номер заявления")] string ApplicationNumber);

public sealed record CertificateIssuedEmail(
    [property: Display(Name = "Имя и отчество заявителя")] string ApplicantName,
    [property: Display(Name = "Номер заявления")] string ApplicationNumber,
    [property: Display(Name = "Серийный номер сертификата")] string SerialNumber,
    [property: Display(Name = "Действует с")] DateTimeOffset ValidFrom,
    [property: Display(Name = "Действует по")] DateTimeOffset ValidTo,
    [property: Display(Name = "Ссылка для скачивания сертификата")] Uri CertificateUrl,
    [property: Display(Name = "Дата подписания акта")] DateTimeOffset ActSignedAt,
    [property: Display(Name = "Как передан ключ, созданный УЦ")] IssuedKeyDelivery KeyDelivery,
    [property: Display(Name = "Одноразовая ссылка на файл PKCS#12")] Uri? Pkcs12Url = null);

/// <summary>Whether the CA generated the key pair, and if so how the PKCS#12 file reaches the applicant.</summary>
public enum IssuedKeyDelivery
{
    /// <summary>The applicant made the key and sent a CSR; the CA holds no key.</summary>
    ApplicantKey,

    /// <summary>The PKCS#12 file is attached to the message.</summary>
    Pkcs12Attached,

    /// <summary>The PKCS#12 file can be downloaded once through <see cref="CertificateIssuedEmail.Pkcs12Url"/>.</summary>
    Pkcs12DownloadOnce,

    /// <summary>The PKCS#12 file was handed to the applicant at the desk; the CA keeps neither the file nor the PIN.</summary>
    Pkcs12HandedOver,
}

public sealed record RenewalReminderEmail(
    [property: Display(Name = "Имя и отчество владельца")] string HolderName,
    [property: Display(Name = "Серийный номер сертификата")] string SerialNumber,
    [property: Display(Name = "Осталось дней")] int DaysLeft,
    [property: Display(Name = "Дата окончания")] DateTimeOffset EndsAt,
    [property: Display(Name = "Что заканчивается")] RenewalDeadline Deadline,
    [property: Display(Name = "Ссылка для продления")] Uri RenewalUrl);

public enum RenewalDeadline
{
    /// <summary>notAfter of the certificate.</summary>
    CertificateValidity,

    /// <summary>The private key usage period (privateKeyUsagePeriod extension) ends before the certificate.</summary>
    PrivateKeyUsagePeriod,
}

public sealed record CertificateExpiredEmail(
    [property: Display(Name = "Имя и отчество владельца")] string HolderName,
    [property: Display(Name = "Серийный номер сертификата")] string SerialNumber,
    [property: Display(Name = "Дата окончания")] DateTimeOffset ExpiredAt,
    [property: Display(Name = "Ссылка для подачи нового заявления")] Uri NewApplicationUrl);

public sealed record CertificateRevokedEmail(
    [property: Display(Name = "Имя и отчество владельца")] string HolderName,
    [property: Display(Name = "Серийный номер сертификата")] string SerialNumber,
    [property: Display(Name = "Дата и время отзыва")] DateTimeOffset RevokedAt,
    [property: Display(Name = "Причина отзыва")] RevocationReason Reason)
{
    /// <summary>
    /// Revoked on the CA's own decision (a bulk revocation after its key was compromised, say), not on a request. Set by the
    /// code that revokes, not offered to workflow designers: internal, so the template catalogue does not list it.
    /// </summary>
    internal bool ByTheCa { get; init; }
}

public sealed record StaffAlertEmail(
    [property: Display(Name = "Вид оповещения")] StaffAlertKind Kind,
    [property: Display(Name = "Номер заявления")] string? ApplicationNumber,
    [property: Display(Name = "Серийный номер сертификата")] string? SerialNumber,
    [property: Display(Name = "Задача")] string? TaskTitle,
    [property: Display(Name = "Срок")] DateTimeOffset DueAt,
    [property: Display(Name = "Ссылка в KepOffice")] Uri Link);

public enum StaffAlertKind
{
    TaskOverdue,

    /// <summary>An overdue task handed to managers.</summary>
    Escalation,

    /// <summary>A revocation must reach the register within 12 hours of the request.</summary>
    RevocationDeadline,
}
