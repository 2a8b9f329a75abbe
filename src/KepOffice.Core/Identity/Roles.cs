namespace KepOffice.Core.Identity;

/// <summary>The four staff roles. Names are stored in the database: never rename them.</summary>
public static class Roles
{
    public const string Operator = "Operator";
    public const string Manager = "Manager";
    public const string Administrator = "Administrator";
    public const string Auditor = "Auditor";

    public static readonly IReadOnlyList<string> All = [Operator, Manager, Administrator, Auditor];

    public static string DisplayName(string role) => role switch
    {
        Operator => "Оператор",
        Manager => "Руководитель",
        Administrator => "Администратор",
        Auditor => "Аудитор",
        _ => role,
    };
}
