using System.Text.RegularExpressions;

namespace KepOffice.UnitTests.Repository;

/// <summary>
/// The settings docker/ passes as environment variables are read by configuration under their "__"-separated names, and a
/// misspelt one is ignored without a word: compose.yaml once set KepOffice__PublicUrl, which nothing reads, so certificates
/// carried the default localhost address. Each one must name a setting of the README's configuration table.
/// </summary>
public sealed partial class DockerSettingsTests
{
    [Fact]
    public void Every_setting_in_docker_files_is_one_the_README_documents()
    {
        var root = RepositoryRoot();
        var documented = DocumentedSettings(File.ReadAllLines(Path.Combine(root, "README.md")));
        var passed = new[] { "docker/compose.yaml", "docker/Dockerfile" }
            .SelectMany(file => SettingVariable().Matches(File.ReadAllText(Path.Combine(root, file)))
                .Select(m => (file, name: m.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal))))
            .ToList();

        Assert.Contains("KepOffice:Pki:PublicUrl", documented);
        Assert.Contains(passed, p => p.name == "KepOffice:Pki:PublicUrl");
        Assert.All(passed, p => Assert.True(documented.Contains(p.name), $"{p.file} sets {p.name}, which the README's configuration table does not list"));
    }

    [Fact]
    public void A_misspelt_setting_would_be_found()
    {
        var documented = DocumentedSettings(["| `KepOffice:Pki:KeyPassphrase` | — | x |", "| `KepOffice:Smtp:Host`, `:Port` | no host | y |"]);

        Assert.Equal(["KepOffice:Pki:KeyPassphrase", "KepOffice:Smtp:Host", "KepOffice:Smtp:Port"], documented.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("KepOffice:PublicUrl", documented);
    }

    /// <summary>The first cell of each table row: `A:B:C`, then `:D` meaning A:B:D.</summary>
    private static HashSet<string> DocumentedSettings(IEnumerable<string> readme)
    {
        var settings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in readme.Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cell = line.Split('|')[1];
            string? prefix = null;
            foreach (Match token in Regex.Matches(cell, "`([^`]+)`"))
            {
                var name = token.Groups[1].Value;
                if (name.StartsWith(':') && prefix is not null)
                {
                    settings.Add(prefix + name[1..]);
                }
                else if (name.Contains(':'))
                {
                    settings.Add(name);
                    prefix = name[..(name.LastIndexOf(':') + 1)];
                }
            }
        }

        return settings;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KepOffice.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("KepOffice.sln not found above the test binaries.");
    }

    // KepOffice__Pki__PublicUrl or ConnectionStrings__KepOffice, as a YAML key or in an ENV line.
    [GeneratedRegex(@"\b((?:KepOffice|ConnectionStrings)(?:__[A-Za-z0-9]+)+)\s*[:=]")]
    private static partial Regex SettingVariable();
}
