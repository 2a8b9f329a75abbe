using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Support;
using KepOffice.Workflows.Definitions;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.IntegrationTests.Workflows;

[Collection(SharedAppsCollection.Name)]
public sealed class WorkflowFilesTests(SharedApps apps)
{
    [Fact]
    public void Every_file_in_workflows_carries_its_schema_and_validates_with_the_hosts_activities()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "workflows");
        var files = Directory.GetFiles(folder, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).ToList();
        using var scope = apps.For(DatabaseProvider.Sqlite).Services.CreateScope();
        var definitions = scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>();

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var model = WorkflowJson.Parse(text);
            Assert.Contains("\"$schema\": \"./workflow.schema.json\"", text);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), model.Id);
            Assert.Empty(definitions.Validate(model));
        }
    }
}
