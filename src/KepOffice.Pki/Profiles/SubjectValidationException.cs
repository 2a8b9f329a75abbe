namespace KepOffice.Pki.Profiles;

/// <summary>The subject data does not satisfy the profile; every problem is listed with its field.</summary>
public sealed class SubjectValidationException : Exception
{
    /// <summary>Creates the exception from the list of problems.</summary>
    public SubjectValidationException(IReadOnlyList<FieldError> errors)
        : base(string.Join("; ", errors.Select(e => e.Message)))
    {
        Errors = errors;
    }

    /// <summary>The problems, one per field.</summary>
    public IReadOnlyList<FieldError> Errors { get; }
}
