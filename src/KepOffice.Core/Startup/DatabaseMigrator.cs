using System.Data.Common;
using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace KepOffice.Core.Startup;

internal static class DatabaseMigrator
{
    public static async Task MigrateAsync(KepOfficeDbContext db, DatabaseSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or ArgumentException or TimeoutException
                                       or System.Net.Sockets.SocketException)
        {
            var setting = settings.Provider == DatabaseProvider.PostgreSql
                ? DatabaseSettings.SettingName + " (переменная окружения ConnectionStrings__KepOffice)"
                : "KepOffice:DataPath";
            throw new KepOfficeStartupException(
                $"Не удалось открыть базу данных ({settings.Describe()}). Проверьте настройку {setting}. " +
                $"Причина: {Innermost(ex).Message}",
                ex);
        }

        if (settings.Provider == DatabaseProvider.PostgreSql)
        {
            await AuditChain.RequireSealingAtCommitAsync(db, cancellationToken);
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
