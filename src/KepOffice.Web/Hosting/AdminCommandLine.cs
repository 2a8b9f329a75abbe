using System.Globalization;
using KepOffice.Core.Audit;
using KepOffice.Core.Certificates;
using KepOffice.Core.Startup;
using KepOffice.Pki.Algorithms;

namespace KepOffice.Web.Hosting;

/// <summary>
/// Administrator commands run with the server's own configuration instead of starting it:
///   ca list | ca init [--name N] [--org O] [--algorithm gost256|gost512|p256] [--demo]
///   ca import --file F.p12 --id ID [--password-env VAR] [--activate] | crl generate [--ca ID] | audit verify
/// Exit code 0 on success, 1 when the command failed (the reason is printed), 2 on a start-up problem.
/// </summary>
public static class AdminCommandLine
{
    private static readonly string[] Commands = ["ca", "crl", "audit"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    /// <summary>The arguments the host's configuration may see: everything except the command words and their options.</summary>
    public static string[] HostArguments(string[] args) => IsCommand(args) ? [] : args;

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, TextWriter output)
    {
        try
        {
            await services.InitializeKepOfficeAsync();
            await using var scope = services.CreateAsyncScope();
            var provider = scope.ServiceProvider;
            var options = Options.Parse(args.Skip(2));
            switch ((args[0], args.ElementAtOrDefault(1)))
            {
                case ("ca", "list"):
                    await ListAsync(provider, output);
                    return 0;
                case ("ca", "init"):
                    var algorithm = options.Get("algorithm") ?? "gost256";
                    var spec = algorithm switch
                    {
                        "gost256" => KeySpec.Gost256,
                        "gost512" => KeySpec.Gost512,
                        "p256" => KeySpec.EcdsaP256,
                        _ => throw new CommandException($"Неизвестный алгоритм «{algorithm}»: допустимы gost256, gost512, p256."),
                    };
                    var (root, issuing) = await provider.GetRequiredService<CertificateAuthorityStore>().InitAsync(
                        new CaInitRequest(options.Get("name") ?? "Удостоверяющий центр", options.Get("org") ?? "Удостоверяющий центр",
                            spec, options.Has("demo")), CancellationToken.None);
                    var crls = provider.GetRequiredService<CrlPublisher>();
                    await crls.PublishAsync(root.Id, CancellationToken.None);
                    await crls.PublishAsync(issuing.Id, CancellationToken.None);
                    output.WriteLine($"Создан корневой УЦ {root.Id} и подчинённый УЦ {issuing.Id} ({spec}); {issuing.Id} выпускает сертификаты.");
                    return 0;
                case ("ca", "import"):
                    var file = options.Get("file") ?? throw new CommandException("Укажите --file с файлом PKCS#12.");
                    var id = options.Get("id") ?? throw new CommandException("Укажите --id — короткий идентификатор УЦ для адресов CRL и сертификата.");
                    var password = Environment.GetEnvironmentVariable(options.Get("password-env") ?? "KEPOFFICE_PFX_PASSWORD") ?? "";
                    var imported = await provider.GetRequiredService<CertificateAuthorityStore>()
                        .ImportAsync(await File.ReadAllBytesAsync(file), password, id, options.Has("activate"), CancellationToken.None);
                    await provider.GetRequiredService<CrlPublisher>().PublishAsync(imported.Id, CancellationToken.None);
                    output.WriteLine($"Импортирован УЦ {imported.Id}: {imported.DisplayName}{(imported.IsActive ? " (выпускает сертификаты)" : "")}.");
                    return 0;
                case ("crl", "generate"):
                    var publisher = provider.GetRequiredService<CrlPublisher>();
                    var ids = options.Get("ca") is { } single
                        ? [single]
                        : (await provider.GetRequiredService<CertificateAuthorityStore>().ListAsync(CancellationToken.None)).Where(c => c.KeyId != "").Select(c => c.Id).ToList();
                    foreach (var caId in ids)
                    {
                        var record = await publisher.PublishAsync(caId, CancellationToken.None);
                        output.WriteLine($"CRL №{record.CrlNumber} для {caId}, действует до {record.CrlNextUpdateUtc:dd.MM.yyyy HH:mm} UTC.");
                    }

                    return 0;
                case ("audit", "verify"):
                    var status = await provider.GetRequiredService<AuditQueries>().VerifyAsync(CancellationToken.None);
                    if (!status.Intact)
                    {
                        // The broken row goes to standard output too, so that a script can keep it with the OK lines.
                        output.WriteLine($"Журнал аудита нарушен после {status.Count} целых записей. {status.Problem}");
                        return 1;
                    }

                    output.WriteLine($"Журнал аудита цел: {status.Count} записей, цепочка хешей сходится.");
                    return 0;
                default:
                    throw new CommandException("Команды: ca list | ca init | ca import | crl generate | audit verify.");
            }
        }
        catch (KepOfficeStartupException ex)
        {
            Console.Error.WriteLine($"KepOffice не запущен: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is CommandException or InvalidOperationException or IOException or System.Security.Cryptography.CryptographicException)
        {
            Console.Error.WriteLine($"Ошибка: {ex.Message}");
            return 1;
        }
    }

    private static async Task ListAsync(IServiceProvider provider, TextWriter output)
    {
        var all = await provider.GetRequiredService<CertificateAuthorityStore>().ListAsync(CancellationToken.None);
        if (all.Count == 0)
        {
            output.WriteLine("Удостоверяющих центров нет. Создайте: ca init --name \"…\" --org \"…\"");
            return;
        }

        foreach (var ca in all)
        {
            var flags = string.Join(", ", new[] { ca.IsActive ? "выпускает" : null, ca.IsDemo ? "демо" : null }.Where(f => f is not null));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ca.Id}\t{ca.Role}\t{ca.DisplayName}\tдо {ca.NotAfterUtc:dd.MM.yyyy}\tCRL №{ca.CrlNumber}{(flags.Length > 0 ? "\t" + flags : "")}"));
        }
    }

    private sealed class CommandException(string message) : Exception(message);

    private sealed class Options
    {
        private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

        public static Options Parse(IEnumerable<string> args)
        {
            var options = new Options();
            string? key = null;
            foreach (var arg in args)
            {
                if (arg.StartsWith("--", StringComparison.Ordinal))
                {
                    key = arg[2..];
                    options._values[key] = null;
                }
                else if (key is not null)
                {
                    options._values[key] = arg;
                    key = null;
                }
                else
                {
                    throw new CommandException($"Непонятный аргумент «{arg}».");
                }
            }

            return options;
        }

        public string? Get(string name) => _values.GetValueOrDefault(name);

        public bool Has(string name) => _values.ContainsKey(name);
    }
}
