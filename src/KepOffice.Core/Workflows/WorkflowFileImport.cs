using KepOffice.Core.Startup;
using KepOffice.Workflows;
using KepOffice.Workflows.Definitions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace KepOffice.Core.Workflows;

/// <summary>
/// Imports workflows/*.json at start-up: a changed file becomes a new published version, an
/// unchanged one changes nothing. An invalid file stops start-up with the validator's messages.
/// </summary>
internal sealed class WorkflowFileImport(WorkflowDefinitionService definitions, IConfiguration configuration, ILogger<WorkflowFileImport> logger)
    : IStartupStep
{
    public static readonly WorkflowActor Importer = new("system:import", "Импорт файлов процессов", []);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var folder = ResolveFolder(configuration);
        if (folder is null)
        {
            logger.LogWarning("No workflows folder found; no definitions imported");
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order())
        {
            try
            {
                var result = await definitions.ImportAsync(await File.ReadAllTextAsync(file, cancellationToken), Importer, cancellationToken);
                if (result.Changed)
                {
                    logger.LogInformation("Workflow {DefinitionId} imported as version {Version}", result.Version.DefinitionId, result.Version.Version);
                }
            }
            catch (WorkflowValidationException ex)
            {
                throw new KepOfficeStartupException($"Файл процесса {Path.GetFileName(file)} не прошёл проверку. {ex.Message}", ex);
            }
        }
    }

    /// <summary>KepOffice:WorkflowsPath, else the folder copied next to the binaries, else the repository's.</summary>
    public static string? ResolveFolder(IConfiguration configuration)
    {
        var configured = configuration["KepOffice:WorkflowsPath"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Directory.Exists(configured) ? Path.GetFullPath(configured) : throw new KepOfficeStartupException(
                $"Папка процессов «{configured}» из настройки KepOffice:WorkflowsPath не найдена.");
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "workflows");
        return Directory.Exists(beside) ? beside : null;
    }
}
