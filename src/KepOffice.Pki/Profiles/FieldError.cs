namespace KepOffice.Pki.Profiles;

/// <summary>A problem with one input field; <see cref="Message"/> is Russian and names the field.</summary>
public sealed record FieldError(string Field, string Message);
