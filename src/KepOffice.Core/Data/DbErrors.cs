using Microsoft.EntityFrameworkCore;

namespace KepOffice.Core.Data;

internal static class DbErrors
{
    /// <summary>A unique index refused the row (PostgreSQL 23505, SQLite constraint 19/2067).</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
