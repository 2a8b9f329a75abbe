using KepOffice.Pki.Profiles;

namespace KepOffice.Pki.Csr;

/// <summary>
/// A certificate request was refused. <see cref="Exception.Message"/> is Russian and fit for the
/// applicant or operator; <see cref="Errors"/> lists every problem with the field it concerns.
/// </summary>
public sealed class CsrRejectedException : Exception
{
    /// <summary>Creates the exception for a single problem.</summary>
    public CsrRejectedException(string field, string message, Exception? innerException = null)
        : this([new FieldError(field, message)], innerException)
    {
    }

    /// <summary>Creates the exception for several problems (e.g. several subject mismatches).</summary>
    public CsrRejectedException(IReadOnlyList<FieldError> errors, Exception? innerException = null)
        : base(string.Join("; ", errors.Select(e => e.Message)), innerException)
    {
        Errors = errors;
    }

    /// <summary>The field of the first problem, e.g. «СНИЛС» or «Подпись запроса».</summary>
    public string Field => Errors[0].Field;

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<FieldError> Errors { get; }
}
