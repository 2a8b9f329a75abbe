namespace KepOffice.Core.Identity;

/// <summary>
/// Authorization policies. Every endpoint and page names one of these (or allows anonymous access
/// explicitly); a test enumerates the route table to keep it so.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in staff member.</summary>
    public const string Staff = "Staff";

    /// <summary>Works the task inbox: operators and managers.</summary>
    public const string Operators = "Operators";

    public const string Managers = "Managers";

    public const string Administrators = "Administrators";

    /// <summary>Decisions on the records themselves (legal hold of documents): managers and administrators.</summary>
    public const string Supervisors = "Supervisors";

    /// <summary>Reads registers, journals and the audit log: auditors, managers and administrators.</summary>
    public const string Auditors = "Auditors";

    /// <summary>Portals that submit applications with an API key (not a staff role).</summary>
    public const string IntakeClients = "IntakeClients";

    public static IReadOnlyDictionary<string, string[]> RolesByPolicy { get; } = new Dictionary<string, string[]>
    {
        [Staff] = [Roles.Operator, Roles.Manager, Roles.Administrator, Roles.Auditor],
        [Operators] = [Roles.Operator, Roles.Manager],
        [Managers] = [Roles.Manager],
        [Administrators] = [Roles.Administrator],
        [Supervisors] = [Roles.Manager, Roles.Administrator],
        [Auditors] = [Roles.Auditor, Roles.Manager, Roles.Administrator],
    };
}
