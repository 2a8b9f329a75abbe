using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace KepOffice.Workflows.Definitions;

/// <summary>Reads and writes the definition JSON format.</summary>
public static class WorkflowJson
{
    /// <summary>The <c>$schema</c> value written into exported files.</summary>
    public const string SchemaReference = "./workflow.schema.json";

    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    internal static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };

    /// <summary>Parses definition JSON; throws <see cref="WorkflowValidationException"/> with the position when the text is not valid.</summary>
    public static WorkflowDefinitionModel Parse(string json)
    {
        try
        {
            var model = JsonSerializer.Deserialize<WorkflowDefinitionModel>(json, Options);
            return model ?? throw Invalid("Документ пуст.", null, null);
        }
        catch (JsonException ex)
        {
            throw Invalid("Некорректный JSON", ex.LineNumber, ex.BytePositionInLine);
        }
    }

    /// <summary>Writes the definition as indented JSON with a <c>$schema</c> reference.</summary>
    public static string Serialize(WorkflowDefinitionModel model) =>
        JsonSerializer.Serialize(model with { Schema = model.Schema ?? SchemaReference }, Options);

    /// <summary>A hash of the content that ignores formatting, key order, <c>$schema</c> and <c>version</c>.</summary>
    public static string ComputeContentHash(WorkflowDefinitionModel model)
    {
        var node = JsonSerializer.SerializeToNode(model with { Schema = null, Version = 0 }, Compact)!;
        var canonical = Canonicalize(node)?.ToJsonString(Compact) ?? "";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static JsonNode? Canonicalize(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .Where(p => p.Value is not null)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonicalize(p.Value)))),
        JsonArray arr => new JsonArray(arr.Select(Canonicalize).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    private static WorkflowValidationException Invalid(string what, long? line, long? position)
    {
        var message = line is null
            ? what
            : string.Create(CultureInfo.InvariantCulture, $"{what}: строка {line + 1}, позиция {position + 1}.");
        return new WorkflowValidationException([new WorkflowValidationError(null, "json", message)]);
    }
}
