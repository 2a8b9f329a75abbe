using System.Text.Json.Nodes;
using KepOffice.Workflows.Definitions;
using static KepOffice.UnitTests.Workflows.Flow;

namespace KepOffice.UnitTests.Workflows;

/// <summary>workflow.schema.json must describe exactly what the model reads and writes.</summary>
public sealed class WorkflowSchemaTests
{
    private static readonly JsonObject Schema = JsonNode.Parse(File.ReadAllText(WorkflowTestHost.RepositoryPath("workflows/workflow.schema.json")))!.AsObject();

    private static IEnumerable<string> SchemaProperties(JsonNode? node) => node!["properties"]!.AsObject().Select(p => p.Key).Order();

    private static IEnumerable<string> Keys(JsonNode? node) => node!.AsObject().Select(p => p.Key).Order();

    [Fact]
    public void Schema_properties_match_the_serialized_model()
    {
        var model = Define("full",
            [Act("start", "Start", ("x", Lit(1))) with { Retry = new WorkflowRetryModel { MaxAttempts = 2, InitialDelay = "PT1S", Multiplier = 2, MaxDelay = "PT1M" } }],
            [Link("start", "start")],
            Var("v", 1)) with { Description = "d", Version = 3, Schema = "./workflow.schema.json" };
        var json = JsonNode.Parse(WorkflowJson.Serialize(model with { Variables = [new WorkflowVariableModel { Name = "v", Type = "Number", Default = 1 }] }))!;

        Assert.Equal(SchemaProperties(Schema), Keys(json));
        Assert.Equal(SchemaProperties(Schema["$defs"]!["activity"]), Keys(json["activities"]![0]));
        Assert.Equal(SchemaProperties(Schema["$defs"]!["connection"]), Keys(json["connections"]![0]));
        Assert.Equal(SchemaProperties(Schema["$defs"]!["variable"]), Keys(json["variables"]![0]));
        Assert.Equal(SchemaProperties(Schema["$defs"]!["activity"]!["properties"]!["retry"]), Keys(json["activities"]![0]!["retry"]));
        Assert.Equal(SchemaProperties(Schema["$defs"]!["input"]), Keys(json["activities"]![0]!["inputs"]!["x"]));
        Assert.Equal(
            Enum.GetNames<WorkflowInputKind>().Order(),
            Schema["$defs"]!["input"]!["properties"]!["type"]!["enum"]!.AsArray().Select(v => (string)v!).Order());
    }

    [Fact]
    public void Sample_file_points_at_the_schema()
    {
        var sample = JsonNode.Parse(File.ReadAllText(WorkflowTestHost.SamplePath("document-check.json")))!;
        var schemaPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(WorkflowTestHost.SamplePath("document-check.json"))!, (string)sample["$schema"]!));
        Assert.True(File.Exists(schemaPath), schemaPath);
    }
}
