namespace KepOffice.Pki.Verification;

/// <summary>One line of a verification report, in plain Russian for an operator.</summary>
/// <param name="Severity">Ok, warning or error.</param>
/// <param name="Topic">What was checked: «Формат», «Цепочка», «Срок действия», «Отзыв», «Профиль», «Алгоритм», «Подпись».</param>
/// <param name="Message">The finding.</param>
public sealed record VerificationFinding(FindingSeverity Severity, string Topic, string Message);
