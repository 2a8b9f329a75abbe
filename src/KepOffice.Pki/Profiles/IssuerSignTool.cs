namespace KepOffice.Pki.Profiles;

/// <summary>
/// The four strings of the issuerSignTool extension: the CA's signing tool, its CA software and
/// the conformity certificates of each (1..200 characters each).
/// </summary>
public sealed record IssuerSignTool(
    string SigningTool,
    string CaTool,
    string SigningToolCertificate,
    string CaToolCertificate);
