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
    public const string RevocationRequested = "certificate.revocation-requested";
    public const string CertificateSuperseded = "certificate.superseded";
    public const string BulkRevocationStarted = "certificate.bulk-revocation-started";
    public const string RevocationRequestRefused = "certificate.revocation-request-refused";
    public const string CrlPublished = "crl.published";
    public const string ApplicationSubmitted = "application.submitted";
    public const string ApplicationRejected = "application.rejected";
    public const string WorkflowPublished = "workflow.published";
    public const string WorkflowRetracted = "workflow.retracted";
    public const string WorkflowDeleted = "workflow.deleted";
    public const string WorkflowInstanceMigrated = "workflow.instance-migrated";
    public const string RegisterExported = "register.exported";
    public const string AuditExported = "audit.exported";
    public const string CertificateExpired = "certificate.expired";
    public const string TaskClaimed = "task.claimed";
    public const string TaskUnclaimed = "task.unclaimed";
    public const string TaskReassigned = "task.reassigned";
    public const string TaskCompleted = "task.completed";
    public const string DocumentViewed = "document.viewed";
    public const string ActDownloaded = "act.downloaded";
    public const string IntakeClientCreated = "intake-client.created";
    public const string IntakeClientDisabled = "intake-client.disabled";
    public const string IntakeClientEnabled = "intake-client.enabled";
    public const string WorkflowDraftSaved = "workflow.draft-saved";
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
        [RevocationRequested] = "Запрос владельца на отзыв принят",
        [CertificateSuperseded] = "Сертификат заменён новым (продление)",
        [BulkRevocationStarted] = "Запущен массовый отзыв сертификатов",
        [RevocationRequestRefused] = "Запрос на отзыв отклонён: личность не подтверждена",
        [CrlPublished] = "CRL опубликован",
        [ApplicationSubmitted] = "Заявление подано",
        [ApplicationRejected] = "Заявление отклонено",
        [WorkflowPublished] = "Версия процесса опубликована",
        [WorkflowRetracted] = "Версия процесса снята с публикации",
        [WorkflowDeleted] = "Процесс удалён",
        [WorkflowInstanceMigrated] = "Экземпляр процесса перенесён на другую версию",
        [RegisterExported] = "Реестр выгружен",
        [AuditExported] = "Журнал аудита выгружен",
        [CertificateExpired] = "Срок действия сертификата истёк",
        [TaskClaimed] = "Задача взята в работу",
        [TaskUnclaimed] = "Задача возвращена в очередь",
        [TaskReassigned] = "Задача переназначена",
        [TaskCompleted] = "Задача выполнена",
        [DocumentViewed] = "Скан документа открыт",
        [ActDownloaded] = "Акт выгружен",
        [IntakeClientCreated] = "Клиент приёма заявлений создан",
        [IntakeClientDisabled] = "Клиент приёма заявлений отключён",
        [IntakeClientEnabled] = "Клиент приёма заявлений включён",
        [WorkflowDraftSaved] = "Черновик процесса сохранён",
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
    public const string Task = "task";
    public const string Document = "document";
    public const string IntakeClient = "intake-client";
    public const string AuditLog = "audit-log";
}
