namespace KepOffice.Core.Audit;

/// <summary>Action codes of the audit log (stable: they are part of each row's hash) and their Russian labels.</summary>
public static class AuditActions
{
    public const string SignInSucceeded = "auth.sign-in";
    public const string SignInFailed = "auth.sign-in-failed";
    public const string UserCreated = "user.created";
    public const string UserChanged = "user.changed";
    public const string UserRolesChanged = "user.roles-changed";
    public const string UserDeactivated = "user.deactivated";
    public const string UserActivated = "user.activated";
    public const string UserPasswordSet = "user.password-set";
    public const string UserUnlocked = "user.unlocked";
    public const string CertificateIssued = "certificate.issued";
    public const string CertificateRevoked = "certificate.revoked";
    public const string CertificateHeld = "certificate.held";
    public const string CertificateUnheld = "certificate.unheld";
    public const string CrlPublished = "crl.published";
    public const string ApplicationSubmitted = "application.submitted";
    public const string ApplicationRejected = "application.rejected";
    public const string WorkflowPublished = "workflow.published";
    public const string WorkflowRetracted = "workflow.retracted";
    public const string RegisterExported = "register.exported";
    public const string LegalHoldSet = "application.legal-hold-set";
    public const string LegalHoldCleared = "application.legal-hold-cleared";
    public const string DocumentsPurged = "application.documents-purged";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SignInSucceeded] = "Вход в систему",
        [SignInFailed] = "Неудачная попытка входа",
        [UserCreated] = "Пользователь создан",
        [UserChanged] = "Пользователь изменён",
        [UserRolesChanged] = "Роли пользователя изменены",
        [UserDeactivated] = "Пользователь отключён",
        [UserActivated] = "Пользователь включён",
        [UserPasswordSet] = "Пароль пользователя задан",
        [UserUnlocked] = "Пользователь разблокирован",
        [CertificateIssued] = "Сертификат выпущен",
        [CertificateRevoked] = "Сертификат отозван",
        [CertificateHeld] = "Действие сертификата приостановлено",
        [CertificateUnheld] = "Действие сертификата возобновлено",
        [CrlPublished] = "CRL опубликован",
        [ApplicationSubmitted] = "Заявление подано",
        [ApplicationRejected] = "Заявление отклонено",
        [WorkflowPublished] = "Версия процесса опубликована",
        [WorkflowRetracted] = "Версия процесса снята с публикации",
        [RegisterExported] = "Реестр выгружен",
        [LegalHoldSet] = "Документы заявления поставлены на удержание",
        [LegalHoldCleared] = "Удержание документов заявления снято",
        [DocumentsPurged] = "Документы заявления удалены по сроку хранения",
    };

    public static string Label(string action) => Labels.GetValueOrDefault(action, action);
}

public static class AuditObjects
{
    public const string User = "user";
    public const string Certificate = "certificate";
    public const string Crl = "crl";
    public const string Application = "application";
    public const string Workflow = "workflow";
    public const string Register = "register";
}
