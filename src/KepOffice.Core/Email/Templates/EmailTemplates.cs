using KepOffice.Pki.Revocation;
using Microsoft.Extensions.Options;

namespace KepOffice.Core.Email.Templates;

public sealed record RenderedEmail(string Subject, string Html, string Text);

/// <summary>
/// Renders the CA's messages. Each template is a method below that fills an <see cref="EmailDocument"/>;
/// the layout (header, greeting, sign-off, footer) is shared.
/// </summary>
public sealed class EmailTemplates
{
    private static readonly IReadOnlyDictionary<string, Template> Templates = new[]
    {
        Define<ApplicationReceivedEmail>(EmailTemplateIds.ApplicationReceived, "Заявление принято", EmailAudience.Applicant, (t, m) => t.ApplicationReceived(m)),
        Define<CorrectionNeededEmail>(EmailTemplateIds.CorrectionNeeded, "Нужно исправить документы", EmailAudience.Applicant, (t, m) => t.CorrectionNeeded(m)),
        Define<ApplicationRejectedEmail>(EmailTemplateIds.ApplicationRejected, "Заявление отклонено", EmailAudience.Applicant, (t, m) => t.ApplicationRejected(m)),
        Define<ReadyForIdentificationEmail>(EmailTemplateIds.ReadyForIdentification, "Приглашение на идентификацию", EmailAudience.Applicant, (t, m) => t.ReadyForIdentification(m)),
        Define<CertificateIssuedEmail>(EmailTemplateIds.CertificateIssued, "Сертификат выпущен", EmailAudience.Applicant, (t, m) => t.CertificateIssued(m)),
        Define<RenewalReminderEmail>(EmailTemplateIds.RenewalReminder, "Напоминание о продлении сертификата", EmailAudience.Applicant, (t, m) => t.RenewalReminder(m)),
        Define<CertificateExpiredEmail>(EmailTemplateIds.CertificateExpired, "Срок действия сертификата истёк", EmailAudience.Applicant, (t, m) => t.CertificateExpired(m)),
        Define<CertificateRevokedEmail>(EmailTemplateIds.CertificateRevoked, "Сертификат отозван", EmailAudience.Applicant, (t, m) => t.CertificateRevoked(m)),
        Define<StaffAlertEmail>(EmailTemplateIds.StaffAlert, "Оповещение сотрудникам: просрочка, эскалация, срок отзыва", EmailAudience.Staff, (t, m) => t.StaffAlert(m)),
    }.ToDictionary(t => t.Info.Id, StringComparer.Ordinal);

    private readonly EmailOptions _options;
    private readonly TimeZoneInfo _zone;

    public EmailTemplates(IOptions<EmailOptions> options)
    {
        _options = options.Value;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(_options.TimeZoneId);
    }

    /// <summary>Every template, in the order the designer shows them.</summary>
    public static IReadOnlyList<EmailTemplateInfo> Catalogue { get; } = Templates.Values.Select(t => t.Info).ToArray();

    public static bool Exists(string templateId) => Templates.ContainsKey(templateId);

    /// <exception cref="KeyNotFoundException">No template has this id.</exception>
    /// <exception cref="ArgumentException">The model is not the template's model type.</exception>
    public RenderedEmail Render(string templateId, object model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!Templates.TryGetValue(templateId, out var template))
        {
            throw new KeyNotFoundException(
                $"Шаблона письма \"{templateId}\" нет. Известные шаблоны: {string.Join(", ", Templates.Keys)}.");
        }

        if (model.GetType() != template.Info.ModelType)
        {
            throw new ArgumentException(
                $"Шаблон \"{templateId}\" ожидает модель {template.Info.ModelType.Name}, передана {model.GetType().Name}.", nameof(model));
        }

        return template.Render(this, model);
    }

    private static Template Define<TModel>(string id, string title, EmailAudience audience, Func<EmailTemplates, TModel, RenderedEmail> render)
        where TModel : class =>
        new(new EmailTemplateInfo(id, title, audience, typeof(TModel), EmailTemplateCatalogue.VariablesOf(typeof(TModel))),
            (templates, model) => render(templates, (TModel)model));

    private RenderedEmail ApplicationReceived(ApplicationReceivedEmail m)
    {
        var body = Greeting(m.ApplicantName)
            .Paragraph($"Удостоверяющий центр получил ваше заявление на выдачу квалифицированного сертификата ключа проверки электронной подписи.")
            .Fact("Номер заявления", $"{new Strong(m.ApplicationNumber)}")
            .Fact("Дата поступления", $"{Date(m.ReceivedAt)}")
            .Paragraph($"Что будет дальше:")
            .Bullet($"оператор удостоверяющего центра проверит приложенные документы: паспорт, СНИЛС и ИНН;")
            .Bullet($"если в документах что-то нужно исправить, мы напишем, что именно и как прислать исправленные сканы;")
            .Bullet($"когда документы будут проверены, мы пригласим вас подтвердить личность;")
            .Bullet($"после этого удостоверяющий центр выпустит сертификат, и вы получите письмо с инструкцией.")
            .Paragraph($"Сохраните номер заявления: он понадобится, если вы обратитесь к нам с вопросом.");
        return Compose($"Заявление № {m.ApplicationNumber} принято", body);
    }

    private RenderedEmail CorrectionNeeded(CorrectionNeededEmail m)
    {
        if (m.Reasons.Count == 0)
        {
            throw new ArgumentException("Нужна хотя бы одна причина, по которой документы возвращены.", nameof(m));
        }

        var body = Greeting(m.ApplicantName)
            .Paragraph($"Мы проверили документы к заявлению № {new Strong(m.ApplicationNumber)} и пока не можем их принять. Оператор указал, что нужно исправить:")
            .Bullets(m.Reasons)
            .Paragraph($"Как прислать исправленные документы:")
            .Bullet($"отсканируйте или сфотографируйте документ заново: страница видна целиком, текст читается, нет бликов и обрезанных краёв;")
            .Bullet($"загрузите файлы по ссылке ниже — подавать новое заявление не нужно, номер заявления сохранится.")
            .Button("Загрузить исправленные документы", m.UploadUrl)
            .Paragraph($"Как только документы поступят, оператор проверит их ещё раз, и мы сообщим о результате.");
        return Compose($"Заявление № {m.ApplicationNumber}: нужно исправить документы", body);
    }

    private RenderedEmail ApplicationRejected(ApplicationRejectedEmail m)
    {
        var body = Greeting(m.ApplicantName)
            .Paragraph($"К сожалению, удостоверяющий центр не может выдать квалифицированный сертификат по заявлению № {new Strong(m.ApplicationNumber)}.")
            .Fact("Причина отказа", $"{m.Reason}")
            .Paragraph($"Когда причина будет устранена, вы можете подать новое заявление. Если вы считаете отказ ошибочным, свяжитесь с нами и назовите номер заявления — так мы быстрее разберёмся.");
        return Compose($"Заявление № {m.ApplicationNumber} отклонено", body);
    }

    private RenderedEmail ReadyForIdentification(ReadyForIdentificationEmail m)
    {
        if (string.IsNullOrWhiteSpace(_options.OfficeAddress))
        {
            throw new InvalidOperationException($"Не задан адрес пункта выдачи: {EmailOptions.SectionName}:{nameof(EmailOptions.OfficeAddress)}.");
        }

        var body = Greeting(m.ApplicantName)
            .Paragraph($"Документы по заявлению № {new Strong(m.ApplicationNumber)} проверены. Остался последний шаг перед выпуском сертификата — подтверждение личности. Для этого приходите, пожалуйста, в пункт выдачи удостоверяющего центра лично.")
            .Fact("Адрес", $"{_options.OfficeAddress}");
        if (!string.IsNullOrWhiteSpace(_options.OfficeHours))
        {
            body.Fact("Часы работы", $"{_options.OfficeHours}");
        }

        body.Paragraph($"Возьмите с собой:")
            .Bullet($"паспорт гражданина Российской Федерации (оригинал);")
            .Bullet($"СНИЛС — страховое свидетельство или документ, подтверждающий регистрацию в системе индивидуального (персонифицированного) учёта;")
            .Bullet($"ключевой носитель (токен): тот, на котором создан ваш ключ электронной подписи, или новый носитель, на который будет записан ключ.")
            .Paragraph($"Назовите оператору номер заявления. Подтверждение личности занимает несколько минут, после него удостоверяющий центр выпустит сертификат.");
        return Compose($"Заявление № {m.ApplicationNumber}: приходите подтвердить личность", body);
    }

    private RenderedEmail CertificateIssued(CertificateIssuedEmail m)
    {
        var body = Greeting(m.ApplicantName)
            .Paragraph($"Удостоверяющий центр выпустил ваш квалифицированный сертификат ключа проверки электронной подписи по заявлению № {m.ApplicationNumber}.")
            .Fact("Серийный номер", $"{new Strong(m.SerialNumber)}")
            .Fact("Срок действия", $"с {Date(m.ValidFrom)} по {Date(m.ValidTo)}")
            .Fact("Акт приёма-передачи", $"подписан {Date(m.ActSignedAt)}")
            .Button("Скачать сертификат", m.CertificateUrl);

        switch (m.KeyDelivery)
        {
            case IssuedKeyDelivery.ApplicantKey:
                body.Paragraph($"Как установить сертификат:")
                    .Bullet($"подключите ключевой носитель (токен), на котором вы создали ключ электронной подписи;")
                    .Bullet($"в программе средства электронной подписи выберите установку личного сертификата, укажите скачанный файл сертификата и контейнер ключа на носителе;")
                    .Bullet($"подпишите пробный документ, чтобы убедиться, что всё работает.");
                break;
            case IssuedKeyDelivery.Pkcs12Attached:
                body.Paragraph($"Ключ электронной подписи создал удостоверяющий центр. Ключ вместе с сертификатом приложен к этому письму в файле формата PKCS#12 (.p12). Файл защищён PIN-кодом, который вы выбрали при подаче заявления; удостоверяющий центр этот PIN-код не хранит.");
                AddPkcs12Steps(body);
                break;
            case IssuedKeyDelivery.Pkcs12DownloadOnce:
                var pkcs12Url = m.Pkcs12Url
                    ?? throw new ArgumentException("Для одноразовой ссылки нужен адрес файла PKCS#12.", nameof(m));
                body.Paragraph($"Ключ электронной подписи создал удостоверяющий центр. Ключ вместе с сертификатом можно скачать файлом формата PKCS#12 (.p12) по ссылке ниже. Файл защищён PIN-кодом, который вы выбрали при подаче заявления; удостоверяющий центр этот PIN-код не хранит.")
                    .Notice($"Ссылка на файл ключа работает один раз: после скачивания файл удаляется с нашего сервера. Сразу сохраните его в надёжном месте.")
                    .Button("Скачать файл ключа (один раз)", pkcs12Url);
                AddPkcs12Steps(body);
                break;
            case IssuedKeyDelivery.Pkcs12HandedOver:
                body.Paragraph($"Ключ электронной подписи создал удостоверяющий центр и выдал его вам вместе с сертификатом в файле формата PKCS#12 (.p12). Файл защищён PIN-кодом, который вы ввели при получении; удостоверяющий центр не хранит ни файл, ни PIN-код, поэтому восстановить их нельзя.");
                AddPkcs12Steps(body);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(m), m.KeyDelivery, null);
        }

        body.Notice($"Никому не передавайте ключ электронной подписи и не сообщайте PIN-код: тот, у кого они есть, может подписывать документы от вашего имени. Если ключ утерян или мог стать известен другим, сразу обратитесь к нам для отзыва сертификата.")
            .Paragraph($"Незадолго до окончания срока действия мы напомним о продлении сертификата.");
        return Compose($"Квалифицированный сертификат выпущен (заявление № {m.ApplicationNumber})", body);
    }

    private static void AddPkcs12Steps(EmailDocument body) =>
        body.Paragraph($"Как установить ключ и сертификат:")
            .Bullet($"импортируйте файл PKCS#12 в программу средства электронной подписи (или на ключевой носитель) и введите PIN-код;")
            .Bullet($"если программа попросит, установите и файл сертификата по ссылке выше;")
            .Bullet($"подпишите пробный документ, чтобы убедиться, что всё работает.");

    private RenderedEmail RenewalReminder(RenewalReminderEmail m)
    {
        var when = m.DaysLeft <= 0
            ? "сегодня"
            : $"через {m.DaysLeft.ToString(EmailFormat.Culture)} {EmailFormat.Plural(m.DaysLeft, "день", "дня", "дней")}";
        var (what, subject) = m.Deadline switch
        {
            RenewalDeadline.CertificateValidity => ("срок действия вашего квалифицированного сертификата", "срок действия сертификата"),
            RenewalDeadline.PrivateKeyUsagePeriod => ("срок действия ключа электронной подписи к вашему квалифицированному сертификату", "срок действия ключа электронной подписи"),
        };
        var body = Greeting(m.HolderName)
            .Paragraph($"Напоминаем: {when}, {new Strong(Date(m.EndsAt))}, заканчивается {what}.")
            .Fact("Серийный номер сертификата", $"{m.SerialNumber}")
            .Fact("Дата окончания", $"{Date(m.EndsAt)}")
            .Paragraph($"После этой даты подписывать документы этим ключом будет нельзя. Чтобы работа не прервалась, продлите сертификат заранее: подайте заявление на новый сертификат по ссылке ниже. Пока действующий сертификат не истёк, личность можно подтвердить им, без визита в пункт выдачи.")
            .Button("Продлить сертификат", m.RenewalUrl);
        return Compose($"{Capitalize(when)} заканчивается {subject}", body);
    }

    private RenderedEmail CertificateExpired(CertificateExpiredEmail m)
    {
        var body = Greeting(m.HolderName)
            .Paragraph($"{Date(m.ExpiredAt)} закончился срок действия вашего квалифицированного сертификата № {new Strong(m.SerialNumber)}. Подписывать им документы больше нельзя.")
            .Paragraph($"Чтобы получить новый сертификат, подайте заявление по ссылке ниже. Для подтверждения личности понадобится визит в пункт выдачи.")
            .Button("Подать заявление на новый сертификат", m.NewApplicationUrl);
        return Compose("Срок действия сертификата истёк", body);
    }

    private RenderedEmail CertificateRevoked(CertificateRevokedEmail m)
    {
        var body = Greeting(m.HolderName)
            .Paragraph($"Удостоверяющий центр прекратил действие (отозвал) вашего квалифицированного сертификата № {new Strong(m.SerialNumber)}.")
            .Fact("Дата и время отзыва", $"{DateTime(m.RevokedAt)}")
            .Fact("Причина", $"{RevocationReasonText(m.Reason)}")
            .Paragraph($"Сведения об отзыве внесены в реестр сертификатов удостоверяющего центра и в список отозванных сертификатов. Подписывать документы этим сертификатом больше нельзя.");
        body = m.ByTheCa
            ? body.Notice($"Сертификат отозван по решению удостоверяющего центра, а не по вашей просьбе. С вопросами о замене сертификата обращайтесь к нам.")
            : body.Notice($"Если вы не просили отозвать сертификат, срочно свяжитесь с нами.");
        body.Paragraph($"Новый сертификат можно получить, подав новое заявление.");
        return Compose($"Сертификат № {m.SerialNumber} отозван", body);
    }

    private RenderedEmail StaffAlert(StaffAlertEmail m)
    {
        var subjectOf = m.ApplicationNumber is not null ? $"заявление № {m.ApplicationNumber}" : $"сертификат № {m.SerialNumber}";
        var task = m.TaskTitle ?? "задача";
        var body = new EmailDocument().Paragraph($"Коллеги, добрый день!");
        string subject;
        switch (m.Kind)
        {
            case StaffAlertKind.TaskOverdue:
                body.Paragraph($"Истёк срок задачи «{new Strong(task)}»: она не выполнена.");
                subject = $"Просрочена задача «{task}» ({subjectOf})";
                break;
            case StaffAlertKind.Escalation:
                body.Paragraph($"Задача «{new Strong(task)}» не выполнена в срок и передана руководителям (эскалация). Назначьте исполнителя или выполните её.");
                subject = $"Эскалация: «{task}» ({subjectOf})";
                break;
            case StaffAlertKind.RevocationDeadline:
                body.Paragraph($"Подходит к концу срок внесения сведений об отзыве сертификата в реестр: по закону — не позднее 12 часов с момента поступления заявления на отзыв.");
                subject = $"Срок отзыва сертификата истекает {DateTime(m.DueAt)} ({subjectOf})";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(m), m.Kind, null);
        }

        if (m.ApplicationNumber is not null)
        {
            body.Fact("Заявление", $"№ {m.ApplicationNumber}");
        }

        if (m.SerialNumber is not null)
        {
            body.Fact("Сертификат", $"№ {m.SerialNumber}");
        }

        body.Fact("Срок", $"{new Strong(DateTime(m.DueAt))}")
            .Button("Открыть в KepOffice", m.Link);
        return Compose(subject, body, EmailAudience.Staff);
    }

    private static string RevocationReasonText(RevocationReason reason) => reason switch
    {
        RevocationReason.Unspecified => "без указания причины",
        RevocationReason.KeyCompromise => "компрометация ключа электронной подписи (ключ утерян или мог стать известен другим лицам)",
        RevocationReason.CACompromise => "компрометация ключа удостоверяющего центра",
        RevocationReason.AffiliationChanged => "изменились сведения, указанные в сертификате",
        RevocationReason.Superseded => "сертификат заменён новым",
        RevocationReason.CessationOfOperation => "прекращение использования сертификата по заявлению владельца",
        RevocationReason.CertificateHold => "действие сертификата приостановлено",
        RevocationReason.RemoveFromCrl => "снятие приостановления действия сертификата",
        RevocationReason.PrivilegeWithdrawn => "прекращение полномочий владельца сертификата",
    };

    private static string Capitalize(string value) => value.Length == 0 ? value : char.ToUpper(value[0], EmailFormat.Culture) + value[1..];

    private static EmailDocument Greeting(string name) =>
        string.IsNullOrWhiteSpace(name)
            ? new EmailDocument().Paragraph($"Здравствуйте!")
            : new EmailDocument().Paragraph($"Здравствуйте, {name.Trim()}!");

    private string Date(DateTimeOffset value) => EmailFormat.Date(value, _zone);

    private string DateTime(DateTimeOffset value) => EmailFormat.DateTime(value, _zone, _options.TimeZoneLabel);

    private RenderedEmail Compose(string subject, EmailDocument body, EmailAudience audience = EmailAudience.Applicant)
    {
        subject = EmailFormat.OneLine(subject);
        var signOff = audience == EmailAudience.Staff ? $"KepOffice — {_options.CaName}" : _options.CaName;
        var contacts = string.Join(", ", new[] { _options.ContactPhone, _options.ContactEmail }.Where(c => !string.IsNullOrWhiteSpace(c)));
        var footer = audience == EmailAudience.Staff
            ? "Служебное оповещение KepOffice."
            : "Письмо отправлено автоматически, отвечать на него не нужно."
              + (contacts.Length > 0 ? " Вопросы можно задать по контактам: " + contacts + "." : "");

        var html = $$"""
            <!DOCTYPE html>
            <html lang="ru">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{EmailDocument.Encode(subject)}}</title>
            </head>
            <body style="margin:0;padding:0;background:#f4f5f7;">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;"><tr><td align="center" style="padding:24px 12px;">
            <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:6px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;">
            <tr><td style="padding:18px 28px;border-bottom:3px solid #1a4b8c;font-size:16px;font-weight:bold;color:#1a4b8c;">{{EmailDocument.Encode(_options.CaName)}}</td></tr>
            <tr><td style="padding:24px 28px 10px 28px;">
            {{body.ToHtml()}}<p style="margin:22px 0 14px 0;">С уважением,<br>{{EmailDocument.Encode(signOff)}}</p>
            </td></tr>
            <tr><td style="padding:14px 28px;border-top:1px solid #e4e7eb;font-size:12px;color:#616e7c;">{{EmailDocument.Encode(footer)}}</td></tr>
            </table>
            </td></tr></table>
            </body>
            </html>
            """;
        var text = $"{body.ToText()}\nС уважением,\n{signOff}\n\n--\n{footer}\n";
        return new RenderedEmail(subject, html, text);
    }

    private sealed record Template(EmailTemplateInfo Info, Func<EmailTemplates, object, RenderedEmail> Render);
}
