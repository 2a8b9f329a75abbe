namespace KepOffice.Pki.Csr;

/// <summary>
/// The applicant's data from the application; a CSR whose subject carries different values is refused.
/// Null members are not compared.
/// </summary>
public sealed record ExpectedApplicant(string? Surname, string? GivenName, string? Snils, string? Inn);
