using System.Globalization;
using System.Text.RegularExpressions;
using KepOffice.Core.Email.Templates;
using KepOffice.Pki.Revocation;

namespace KepOffice.UnitTests.Core.Email;

public sealed partial class EmailTemplatesTests
{
    private readonly EmailTemplates _templates = EmailSamples.Templates();

    [Fact]
    public void Catalogue_lists_every_template_once_with_a_Russian_title_and_its_variables()
    {
        var ids = EmailTemplates.Catalogue.Select(t => t.Id).ToList();

        Assert.Equal(
            [
                "application-received", "correction-needed", "application-rejected", "ready-for-identification",
                "certificate-issued", "renewal-reminder", "certificate-expired", "certificate-revoked", "staff-alert",
            ],
            ids);
        Assert.All(EmailTemplates.Catalogue, t =>
        {
            Assert.Matches(Cyrillic(), t.Title);
            Assert.NotEmpty(t.Variables);
            Assert.All(t.Variables, v => Assert.Matches(Cyrillic(), v.Title));
        });
        var issued = EmailTemplates.Catalogue.Single(t => t.Id == EmailTemplateIds.CertificateIssued);
        Assert.Contains(issued.Variables, v => v is { Name: "ValidTo", Kind: EmailVariableKind.Date, IsRequired: true });
        Assert.Contains(issued.Variables, v => v is { Name: "Pkcs12Url", Kind: EmailVariableKind.Link, IsRequired: false });
        Assert.Contains(issued.Variables, v => v.Name == "KeyDelivery" && v.Kind == EmailVariableKind.Choice && v.Choices.Contains("Pkcs12Attached"));
        Assert.Equal(EmailAudience.Staff, EmailTemplates.Catalogue.Single(t => t.Id == EmailTemplateIds.StaffAlert).Audience);
    }

    [Theory]
    [MemberData(nameof(EmailSamples.TemplateIds), MemberType = typeof(EmailSamples))]
    public void Every_template_renders_a_Russian_subject_html_and_plain_text_signed_by_the_CA(string templateId)
    {
        var email = _templates.Render(templateId, EmailSamples.ModelFor(templateId));

        Assert.Matches(Cyrillic(), email.Subject);
        Assert.DoesNotContain('\n', email.Subject);
        Assert.StartsWith("<!DOCTYPE html>", email.Html);
        Assert.Contains("<html lang=\"ru\">", email.Html);
        Assert.Contains("С уважением", email.Html);
        Assert.Contains("С уважением", email.Text);
        Assert.Contains("ООО «Пример-УЦ»", email.Html);
        Assert.Contains("ООО «Пример-УЦ»", email.Text);
        Assert.DoesNotContain("<", email.Text);
        Assert.True(email.Text.Length > 150, email.Text);
    }

    [Theory]
    [MemberData(nameof(EmailSamples.TemplateIds), MemberType = typeof(EmailSamples))]
    public void Values_are_html_encoded_and_left_as_they_are_in_the_text(string templateId)
    {
        const string hostile = "<script>alert('x')</script> & Co";

        var email = _templates.Render(templateId, EmailSamples.ModelFor(templateId, hostile));

        Assert.DoesNotContain("<script>", email.Html);
        Assert.Contains("&lt;script&gt;", email.Html);
        Assert.Contains(hostile, email.Text);
    }

    [Fact]
    public void Dates_are_printed_dd_MM_yyyy_in_Moscow_time_whatever_the_thread_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
        try
        {
            // 21:30 UTC is already the next day in Moscow.
            var email = _templates.Render(EmailTemplateIds.CertificateIssued, EmailSamples.ModelFor(EmailTemplateIds.CertificateIssued));

            Assert.Contains("с 23.11.2026 по 24.11.2027", email.Text);
            Assert.Contains("24.11.2027", email.Html);
            Assert.DoesNotContain("11/23", email.Text);

            var revoked = _templates.Render(EmailTemplateIds.CertificateRevoked,
                new CertificateRevokedEmail("Иван Петрович", "0A", new DateTimeOffset(2026, 11, 23, 9, 5, 0, TimeSpan.Zero), RevocationReason.KeyCompromise));
            Assert.Contains("23.11.2026 12:05 МСК", revoked.Text);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Unknown_template_id_is_a_clear_error()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => _templates.Render("no-such-template", new object()));

        Assert.Contains("no-such-template", error.Message);
        Assert.Contains("application-received", error.Message);
    }

    [Fact]
    public void A_model_of_another_template_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            _templates.Render(EmailTemplateIds.CertificateIssued, EmailSamples.ModelFor(EmailTemplateIds.ApplicationReceived)));

        Assert.Contains(nameof(CertificateIssuedEmail), error.Message);
    }

    [Theory]
    [InlineData(1, "Через 1 день заканчивается срок действия сертификата")]
    [InlineData(3, "Через 3 дня заканчивается срок действия сертификата")]
    [InlineData(5, "Через 5 дней заканчивается срок действия сертификата")]
    [InlineData(11, "Через 11 дней заканчивается срок действия сертификата")]
    [InlineData(21, "Через 21 день заканчивается срок действия сертификата")]
    [InlineData(0, "Сегодня заканчивается срок действия сертификата")]
    public void Renewal_reminder_counts_days_in_Russian(int days, string subject)
    {
        var model = new RenewalReminderEmail("Иван Петрович", "0A", days, EmailSamples.Now, RenewalDeadline.CertificateValidity, new Uri("https://p.example.test/r"));

        Assert.Equal(subject, _templates.Render(EmailTemplateIds.RenewalReminder, model).Subject);
    }

    [Fact]
    public void Renewal_reminder_names_the_private_key_usage_period_and_the_renewal_link()
    {
        var model = new RenewalReminderEmail("Иван Петрович", "0A", 14, EmailSamples.Now, RenewalDeadline.PrivateKeyUsagePeriod, new Uri("https://p.example.test/renew?c=1&t=2"));

        var email = _templates.Render(EmailTemplateIds.RenewalReminder, model);

        Assert.Equal("Через 14 дней заканчивается срок действия ключа электронной подписи", email.Subject);
        Assert.Contains("href=\"https://p.example.test/renew?c=1&amp;t=2\"", email.Html);
        Assert.Contains("https://p.example.test/renew?c=1&t=2", email.Text);
    }

    [Fact]
    public void Identification_invitation_gives_the_office_from_configuration_and_what_to_bring()
    {
        var email = _templates.Render(EmailTemplateIds.ReadyForIdentification, EmailSamples.ModelFor(EmailTemplateIds.ReadyForIdentification));

        Assert.Contains("г. Москва, ул. Тверская, д. 1, офис 101", email.Text);
        Assert.Contains("пн–пт с 9:00 до 18:00", email.Text);
        Assert.Contains("паспорт", email.Text);
        Assert.Contains("СНИЛС", email.Text);
        Assert.Contains("ключевой носитель (токен)", email.Text);

        var unconfigured = EmailSamples.Templates(o => o.OfficeAddress = "");
        var error = Assert.Throws<InvalidOperationException>(() =>
            unconfigured.Render(EmailTemplateIds.ReadyForIdentification, EmailSamples.ModelFor(EmailTemplateIds.ReadyForIdentification)));
        Assert.Contains("OfficeAddress", error.Message);
    }

    [Fact]
    public void Certificate_issued_explains_the_key_as_it_was_delivered()
    {
        var once = (CertificateIssuedEmail)EmailSamples.ModelFor(EmailTemplateIds.CertificateIssued);

        var downloadOnce = _templates.Render(EmailTemplateIds.CertificateIssued, once).Text;
        var attached = _templates.Render(EmailTemplateIds.CertificateIssued, once with { KeyDelivery = IssuedKeyDelivery.Pkcs12Attached, Pkcs12Url = null }).Text;
        var ownKey = _templates.Render(EmailTemplateIds.CertificateIssued, once with { KeyDelivery = IssuedKeyDelivery.ApplicantKey, Pkcs12Url = null }).Text;

        Assert.Contains("https://portal.example.test/p12/once", downloadOnce);
        Assert.Contains("работает один раз", downloadOnce);
        Assert.Contains("PIN-кодом, который вы выбрали", downloadOnce);
        Assert.Contains("приложен к этому письму", attached);
        Assert.Contains("PIN-кодом, который вы выбрали", attached);
        Assert.DoesNotContain("PKCS#12", ownKey);
        Assert.All(new[] { downloadOnce, attached, ownKey }, text =>
        {
            Assert.Contains("Акт приёма-передачи: подписан 23.11.2026", text);
            Assert.Contains("01A2B3C4D5E6", text);
            Assert.Contains("https://portal.example.test/cert/1", text);
        });
        Assert.Throws<ArgumentException>(() => _templates.Render(EmailTemplateIds.CertificateIssued, once with { Pkcs12Url = null }));
    }

    [Fact]
    public void Only_absolute_web_links_are_accepted()
    {
        var once = (CertificateIssuedEmail)EmailSamples.ModelFor(EmailTemplateIds.CertificateIssued);

        Assert.Throws<ArgumentException>(() =>
            _templates.Render(EmailTemplateIds.CertificateIssued, once with { CertificateUrl = new Uri("javascript:alert(1)") }));
    }

    [Fact]
    public void Revocation_reason_is_written_in_Russian()
    {
        var email = _templates.Render(EmailTemplateIds.CertificateRevoked,
            new CertificateRevokedEmail("Иван Петрович", "0A1B", EmailSamples.Now, RevocationReason.AffiliationChanged));

        Assert.Equal("Сертификат № 0A1B отозван", email.Subject);
        Assert.Contains("Причина: изменились сведения, указанные в сертификате", email.Text);
        Assert.All(Enum.GetValues<RevocationReason>(), reason =>
            Assert.Matches(Cyrillic(), _templates.Render(EmailTemplateIds.CertificateRevoked,
                new CertificateRevokedEmail("И", "0A", EmailSamples.Now, reason)).Text.Split("Причина: ")[1].Split('\n')[0]));
    }

    [Fact]
    public void A_revocation_on_the_CAs_own_decision_does_not_ask_whether_the_holder_requested_it()
    {
        var requested = _templates.Render(EmailTemplateIds.CertificateRevoked,
            new CertificateRevokedEmail("Иван Петрович", "0A1B", EmailSamples.Now, RevocationReason.KeyCompromise));
        var byTheCa = _templates.Render(EmailTemplateIds.CertificateRevoked,
            new CertificateRevokedEmail("Иван Петрович", "0A1B", EmailSamples.Now, RevocationReason.CACompromise) { ByTheCa = true });

        Assert.Contains("Если вы не просили отозвать сертификат", requested.Text);
        Assert.DoesNotContain("Если вы не просили", byTheCa.Text);
        Assert.Contains("по решению удостоверяющего центра, а не по вашей просьбе", byTheCa.Text);
        Assert.Contains("по решению удостоверяющего центра, а не по вашей просьбе", byTheCa.Html);
        Assert.Contains("Причина: компрометация ключа удостоверяющего центра", byTheCa.Text);
    }

    [Fact]
    public void Staff_alerts_address_managers_and_name_the_deadline()
    {
        var due = new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);
        var revocation = _templates.Render(EmailTemplateIds.StaffAlert,
            new StaffAlertEmail(StaffAlertKind.RevocationDeadline, null, "0A1B", null, due, new Uri("https://kepoffice.example.test/r/1")));
        var escalation = _templates.Render(EmailTemplateIds.StaffAlert,
            new StaffAlertEmail(StaffAlertKind.Escalation, "2026-000123", null, "Проверка документов", due, new Uri("https://kepoffice.example.test/t/1")));

        Assert.Equal("Срок отзыва сертификата истекает 23.11.2026 21:00 МСК (сертификат № 0A1B)", revocation.Subject);
        Assert.Contains("12 часов", revocation.Text);
        Assert.Equal("Эскалация: «Проверка документов» (заявление № 2026-000123)", escalation.Subject);
        Assert.StartsWith("Коллеги", escalation.Text);
        Assert.Contains("KepOffice — ООО «Пример-УЦ»", escalation.Text);
    }

    [GeneratedRegex("[А-Яа-яЁё]")]
    private static partial Regex Cyrillic();
}
