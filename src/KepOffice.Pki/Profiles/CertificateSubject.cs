namespace KepOffice.Pki.Profiles;

/// <summary>
/// The holder's data for the subject name. Identifiers may contain spaces and dashes; they are
/// normalized and checked when the certificate is built.
/// </summary>
public sealed class CertificateSubject
{
    /// <summary>Фамилия (SN).</summary>
    public string? Surname { get; set; }

    /// <summary>Имя и отчество (GN).</summary>
    public string? GivenName { get; set; }

    /// <summary>CN; when empty it is composed: «Фамилия Имя Отчество» or, for a legal entity, the organization.</summary>
    public string? CommonName { get; set; }

    /// <summary>СНИЛС of the natural person (or acting person).</summary>
    public string? Snils { get; set; }

    /// <summary>ИНН of the natural person (12 digits).</summary>
    public string? Inn { get; set; }

    /// <summary>ОГРНИП of an individual entrepreneur.</summary>
    public string? Ogrnip { get; set; }

    /// <summary>E-mail (E), optional.</summary>
    public string? Email { get; set; }

    /// <summary>Должность (T) of the acting person for a legal entity.</summary>
    public string? Title { get; set; }

    /// <summary>Organization name (O) of a legal entity.</summary>
    public string? Organization { get; set; }

    /// <summary>Подразделение (OU), optional.</summary>
    public string? OrganizationalUnit { get; set; }

    /// <summary>ОГРН of a legal entity.</summary>
    public string? Ogrn { get; set; }

    /// <summary>ИНН of a legal entity (INNLE, 10 digits).</summary>
    public string? InnLe { get; set; }

    /// <summary>Субъект РФ (ST), e.g. «77 г. Москва».</summary>
    public string? Region { get; set; }

    /// <summary>Населённый пункт (L).</summary>
    public string? Locality { get; set; }

    /// <summary>Улица, дом (street).</summary>
    public string? Street { get; set; }
}
