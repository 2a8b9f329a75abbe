namespace KepOffice.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
