using System.Text;
using KepOffice.Pki.Asn1;
using KepOffice.Pki.Identifiers;
using Org.BouncyCastle.Asn1.X509;

namespace KepOffice.Pki.Profiles;

/// <summary>Checks the subject against the required set of its type and encodes the Name.</summary>
internal static class SubjectNameFactory
{
    public static X509Name Create(CertificateSubject subject, SubjectType type)
    {
        var errors = new List<FieldError>();
        Require(errors, "Фамилия", subject.Surname);
        Require(errors, "Имя и отчество", subject.GivenName);
        var snils = Check(errors, RussianIdentifiers.CheckSnils(subject.Snils));
        var inn = Check(errors, RussianIdentifiers.CheckPersonInn(subject.Inn));
        string? ogrnip = null, ogrn = null, innLe = null;
        switch (type)
        {
            case SubjectType.NaturalPerson:
                break;
            case SubjectType.IndividualEntrepreneur:
                ogrnip = Check(errors, RussianIdentifiers.CheckOgrnip(subject.Ogrnip));
                break;
            case SubjectType.LegalEntity:
                Require(errors, "Организация", subject.Organization);
                Require(errors, "Должность", subject.Title);
                Require(errors, "Населённый пункт", subject.Locality);
                Require(errors, "Адрес (улица, дом)", subject.Street);
                ogrn = Check(errors, RussianIdentifiers.CheckOgrn(subject.Ogrn));
                innLe = Check(errors, RussianIdentifiers.CheckLegalEntityInn(subject.InnLe));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type));
        }

        if (!string.IsNullOrWhiteSpace(subject.Email) && !IsPlausibleEmail(subject.Email.Trim()))
        {
            errors.Add(new FieldError("Электронная почта", "Электронная почта: неверный формат адреса"));
        }

        if (errors.Count > 0)
        {
            throw new SubjectValidationException(errors);
        }

        var commonName = !string.IsNullOrWhiteSpace(subject.CommonName)
            ? subject.CommonName
            : type == SubjectType.LegalEntity
                ? subject.Organization
                : $"{subject.Surname!.Trim()} {subject.GivenName!.Trim()}";

        return new DistinguishedNameBuilder()
            .Utf8(X509Name.CN, commonName)
            .Utf8(X509Name.Surname, subject.Surname)
            .Utf8(X509Name.GivenName, subject.GivenName)
            .Utf8(X509Name.T, subject.Title)
            .Utf8(X509Name.O, subject.Organization)
            .Utf8(X509Name.OU, subject.OrganizationalUnit)
            .Utf8(X509Name.Street, subject.Street)
            .Utf8(X509Name.L, subject.Locality)
            .Utf8(X509Name.ST, subject.Region)
            .Country()
            .Email(subject.Email)
            .Numeric(RuOids.Ogrn, ogrn)
            .Numeric(RuOids.InnLe, innLe)
            .Numeric(RuOids.Ogrnip, ogrnip)
            .Numeric(RuOids.Snils, snils)
            .Numeric(RuOids.Inn, inn)
            .Build();
    }

    private static void Require(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, $"{field}: не заполнено"));
        }
    }

    private static string? Check(List<FieldError> errors, IdentifierCheck check)
    {
        if (!check.IsValid)
        {
            errors.Add(new FieldError(check.Field, check.Error!));
        }

        return check.Value;
    }

    // IA5String only carries ASCII; internationalized addresses would need SmtpUTF8Mailbox in SAN.
    private static bool IsPlausibleEmail(string email)
    {
        var at = email.IndexOf('@');
        return at > 0 && at < email.Length - 1 && email.IndexOf('@', at + 1) < 0
            && Ascii.IsValid(email) && !email.Any(char.IsWhiteSpace);
    }
}
