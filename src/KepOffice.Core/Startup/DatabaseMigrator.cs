using System.Data.Common;
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
            await RequireAuditSealingAsync(db, cancellationToken);
        }
    }

    /// <summary>
    /// On PostgreSQL the database numbers and hashes audit rows at commit (AuditChain.ConfigureSealingAtCommit). A database
    /// whose trigger is missing or switched off (created without the migrations, or the trigger dropped or disabled) would
    /// keep every new audit row unsealed: the node does not start on it.
    /// </summary>
    private static async Task RequireAuditSealingAsync(KepOfficeDbContext db, CancellationToken cancellationToken)
    {
        // The trigger counts field lengths as .NET does (UTF-16 code units) from characters, which only a UTF-8 database has.
        var encoding = (await db.Database.SqlQueryRaw<string>("""SELECT current_setting('server_encoding') AS "Value" """)
            .ToListAsync(cancellationToken)).Single();
        if (encoding != "UTF8")
        {
            throw new KepOfficeStartupException(
                $"База данных PostgreSQL в кодировке {encoding}: KepOffice работает только с базой в UTF8 " +
                "(CREATE DATABASE … ENCODING 'UTF8'); иначе хеши журнала аудита и поиск по тексту неверны.");
        }

        var states = await db.Database.SqlQueryRaw<string>(
            """SELECT tgenabled::text AS "Value" FROM pg_trigger WHERE tgname = 'audit_events_seal' AND tgrelid = 'audit_events'::regclass""")
            .ToListAsync(cancellationToken);
        if (states is not ["O" or "A"])
        {
            throw new KepOfficeStartupException(
                "Журнал аудита не будет запечатан: в базе данных " + (states.Count == 0 ? "нет триггера" : "отключён триггер") +
                " audit_events_seal, который нумерует и хеширует записи журнала при фиксации транзакции. База создана не " +
                "миграциями KepOffice или триггер удалён или отключён вручную: восстановите базу из резервной копии целиком " +
                "(pg_restore без --data-only) или включите триггер (ALTER TABLE audit_events ENABLE TRIGGER audit_events_seal) " +
                "и проверьте журнал командой audit verify.");
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
