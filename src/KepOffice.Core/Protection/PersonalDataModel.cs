using KepOffice.Core.Applications;
using KepOffice.Core.Certificates;
using KepOffice.Core.Email.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace KepOffice.Core.Protection;

/// <summary>
/// Every column that holds personal data, and the purpose it is encrypted under. Columns become text (Base64 of the Data
/// Protection payload) or binary ciphertext; searches use the blind-index columns instead, which
/// <see cref="Stamp"/> fills on every save.
/// </summary>
internal static class PersonalDataModel
{
    public static void Apply(ModelBuilder builder, PersonalDataProtection protection)
    {
        var applicant = new Converters(protection, PersonalDataKind.Applicant);
        var application = builder.Entity<Application>();
        Text(application.Property(a => a.Surname), applicant);
        Text(application.Property(a => a.GivenName), applicant);
        Text(application.Property(a => a.Patronymic), applicant);
        application.Property(a => a.BirthDate).HasConversion(applicant.Date);
        Text(application.Property(a => a.PassportSeries), applicant);
        Text(application.Property(a => a.PassportNumber), applicant);
        application.Property(a => a.PassportIssuedOn).HasConversion(applicant.Date);
        Text(application.Property(a => a.PassportIssuer), applicant);
        Text(application.Property(a => a.PassportUnitCode), applicant);
        Text(application.Property(a => a.Snils), applicant);
        Text(application.Property(a => a.Inn), applicant);
        Text(application.Property(a => a.Ogrnip), applicant);
        Text(application.Property(a => a.Email), applicant);
        Text(application.Property(a => a.Phone), applicant);
        Text(application.Property(a => a.LegalHoldReason), applicant);
        Bytes(application.Property(a => a.CsrDer), applicant);

        var scan = new Converters(protection, PersonalDataKind.Scan);
        var document = builder.Entity<ApplicationDocument>();
        Bytes(document.Property(d => d.Content), scan);
        Text(document.Property(d => d.FileName), scan);

        var holder = new Converters(protection, PersonalDataKind.Certificate);
        var certificate = builder.Entity<CertificateRecord>();
        Text(certificate.Property(c => c.HolderName), holder);
        Text(certificate.Property(c => c.Snils), holder);
        Text(certificate.Property(c => c.Email), holder);
        Bytes(certificate.Property(c => c.Der), holder);

        var mail = new Converters(protection, PersonalDataKind.Email);
        var email = builder.Entity<OutboxEmail>();
        Text(email.Property(e => e.Recipient), mail);
        Text(email.Property(e => e.HtmlBody), mail);
        Text(email.Property(e => e.TextBody), mail);
        Bytes(email.Property(e => e.Attachment), mail);
    }

    /// <summary>Fills the blind indexes of added or changed applications and register entries from their plain values.</summary>
    public static void Stamp(DbContext db, PersonalDataProtection protection)
    {
        foreach (var entry in db.ChangeTracker.Entries<Application>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                var a = entry.Entity;
                Set(entry, nameof(Application.SnilsIndex), protection.BlindIndex(BlindIndexField.Snils, a.Snils));
                Set(entry, nameof(Application.SurnameIndex), protection.BlindIndex(BlindIndexField.Surname, a.Surname));
            }
        }

        foreach (var entry in db.ChangeTracker.Entries<CertificateRecord>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                var c = entry.Entity;
                Set(entry, nameof(CertificateRecord.SnilsIndex), c.Snils is null ? null : protection.BlindIndex(BlindIndexField.Snils, c.Snils));
                Set(entry, nameof(CertificateRecord.HolderNameIndex), protection.BlindIndex(BlindIndexField.FullName, c.HolderName));
                var surname = c.HolderName.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                Set(entry, nameof(CertificateRecord.HolderSurnameIndex), protection.BlindIndex(BlindIndexField.Surname, surname));
            }
        }
    }

    private static void Set<T>(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<T> entry, string property, string? value)
        where T : class
    {
        var p = entry.Property(property);
        if (!Equals(p.CurrentValue, value))
        {
            p.CurrentValue = value;
        }
    }

    private static void Text(PropertyBuilder property, Converters converters)
    {
        // Ciphertext is longer than the value: the column loses its length limit (the entity's validation keeps it).
        property.HasConversion(converters.Text);
        property.Metadata.SetMaxLength(null);
    }

    private static void Bytes(PropertyBuilder property, Converters converters)
    {
        // With a converter EF no longer knows byte[] compares by content: say so, or a changed array would go unsaved.
        property.HasConversion(converters.Bytes);
        property.Metadata.SetValueComparer(ContentComparer);
    }

    private static readonly ValueComparer<byte[]> ContentComparer = new(
        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
        v => v.Length,
        v => v.ToArray());

    private sealed class Converters(PersonalDataProtection protection, PersonalDataKind kind)
    {
        public ValueConverter<string, string> Text { get; } =
            new(v => protection.ProtectText(kind, v), v => protection.UnprotectText(kind, v));

        public ValueConverter<DateOnly, string> Date { get; } =
            new(v => protection.ProtectDate(kind, v), v => protection.UnprotectDate(kind, v));

        public ValueConverter<byte[], byte[]> Bytes { get; } =
            new(v => protection.ProtectBytes(kind, v), v => protection.UnprotectBytes(kind, v));
    }
}
