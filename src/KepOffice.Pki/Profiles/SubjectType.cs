namespace KepOffice.Pki.Profiles;

/// <summary>Who the certificate is issued to; decides which subject attributes are required.</summary>
public enum SubjectType
{
    /// <summary>A natural person: SN, GN, CN, SNILS, INN, C.</summary>
    NaturalPerson,

    /// <summary>An individual entrepreneur: the natural-person set plus OGRNIP.</summary>
    IndividualEntrepreneur,

    /// <summary>A legal entity: O, OGRN, INNLE, address plus the acting person's SN, GN, T, SNILS, INN.</summary>
    LegalEntity,
}
