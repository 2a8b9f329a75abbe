namespace KepOffice.Core.Startup;

/// <summary>A start-up failure the operator of the server can fix; its message says how.</summary>
public sealed class KepOfficeStartupException(string message, Exception? inner = null) : Exception(message, inner);
