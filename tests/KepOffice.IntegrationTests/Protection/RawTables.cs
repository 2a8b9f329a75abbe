using System.Data.Common;
using System.Text;
using KepOffice.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.IntegrationTests.Protection;

/// <summary>Reads tables with plain SQL, past EF and its converters: what somebody holding a copy of the database sees.</summary>
internal static class RawTables
{
    public static readonly string[] PersonalDataTables = ["applications", "application_documents", "certificates", "email_outbox"];

    /// <summary>Every non-null value of every row, text as text and binary as bytes.</summary>
    public static async Task<List<object>> ValuesAsync(IServiceProvider services, params string[] tables)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var values = new List<object>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!reader.IsDBNull(i))
                    {
                        values.Add(reader.GetValue(i) is byte[] bytes ? bytes : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!);
                    }
                }
            }
        }

        return values;
    }

    /// <summary>The values that contain the text (as UTF-8 in binary values too), for a readable failure message.</summary>
    public static List<string> Containing(IEnumerable<object> values, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return values.Where(v => v switch
            {
                string s => s.Contains(text, StringComparison.OrdinalIgnoreCase),
                byte[] b => b.AsSpan().IndexOf(needle) >= 0,
                _ => false,
            })
            .Select(v => v is string s ? s[..Math.Min(s.Length, 80)] : $"{((byte[])v).Length} bytes")
            .ToList();
    }

    public static bool ContainsBytes(IEnumerable<object> values, byte[] needle) =>
        values.Any(v => v is byte[] b && b.AsSpan().IndexOf(needle) >= 0);
}
