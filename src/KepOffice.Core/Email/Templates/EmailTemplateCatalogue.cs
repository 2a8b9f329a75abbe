using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace KepOffice.Core.Email.Templates;

public static class EmailTemplateIds
{
    public const string ApplicationReceived = "application-received";
    public const string CorrectionNeeded = "correction-needed";
    public const string ApplicationRejected = "application-rejected";
    public const string ReadyForIdentification = "ready-for-identification";
    public const string CertificateIssued = "certificate-issued";
    public const string RenewalReminder = "renewal-reminder";
    public const string CertificateExpired = "certificate-expired";
    public const string CertificateRevoked = "certificate-revoked";
    public const string StaffAlert = "staff-alert";
}

/// <summary>One template as the workflow designer lists it.</summary>
public sealed record EmailTemplateInfo(
    string Id,
    string Title,
    EmailAudience Audience,
    Type ModelType,
    IReadOnlyList<EmailTemplateVariable> Variables);

public enum EmailAudience
{
    Applicant,
    Staff,
}

/// <param name="Name">Property name of the model, as bound by the designer.</param>
/// <param name="Title">Russian label.</param>
/// <param name="Choices">Names of the allowed values when <paramref name="Kind"/> is Choice.</param>
public sealed record EmailTemplateVariable(
    string Name,
    string Title,
    EmailVariableKind Kind,
    bool IsRequired,
    IReadOnlyList<string> Choices);

public enum EmailVariableKind
{
    Text,
    Number,
    Date,
    Link,
    TextList,
    Choice,
}

internal static class EmailTemplateCatalogue
{
    private static readonly NullabilityInfoContext Nullability = new();

    public static IReadOnlyList<EmailTemplateVariable> VariablesOf(Type modelType) =>
        modelType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is not null && p.Name != "EqualityContract")
            .Select(Describe)
            .ToArray();

    private static EmailTemplateVariable Describe(PropertyInfo property)
    {
        var title = property.GetCustomAttribute<DisplayAttribute>()?.Name
            ?? throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name} has no Display name.");
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var kind = type switch
        {
            _ when type == typeof(string) => EmailVariableKind.Text,
            _ when type == typeof(int) => EmailVariableKind.Number,
            _ when type == typeof(DateTimeOffset) => EmailVariableKind.Date,
            _ when type == typeof(Uri) => EmailVariableKind.Link,
            _ when typeof(IEnumerable<string>).IsAssignableFrom(type) => EmailVariableKind.TextList,
            _ when type.IsEnum => EmailVariableKind.Choice,
            _ => throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name}: unsupported type {type.Name}."),
        };
        var required = Nullability.Create(property).ReadState == NullabilityState.NotNull;
        return new EmailTemplateVariable(property.Name, title, kind, required, type.IsEnum ? Enum.GetNames(type) : []);
    }
}
