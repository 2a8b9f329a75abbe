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
            var model = JsonSerializer.Deserialize<WorkflowDefinitionModel>(json, Options) ?? throw Invalid("Документ пуст.", null, null);
            var nulls = NullsIn(model);
            return nulls.Count == 0 ? model : throw new WorkflowValidationException(nulls);
        }
        catch (JsonException ex)
        {
            throw Invalid("Некорректный JSON", ex.LineNumber, ex.BytePositionInLine);
        }
    }

    // JSON null where the model expects a list, an object or a text: named here, before the validator or the runtime meet it.
    private static List<WorkflowValidationError> NullsIn(WorkflowDefinitionModel model)
    {
        var errors = new List<WorkflowValidationError>();
        void Null(string? activityId, string field) => errors.Add(new(activityId, field, $"Поле «{field}» не может быть null."));
        if (model.Id is null)
        {
            Null(null, "id");
        }

        if (model.Name is null)
        {
            Null(null, "name");
        }

        if (model.Variables is null)
        {
            Null(null, "variables");
        }
        else
        {
            for (var i = 0; i < model.Variables.Count; i++)
            {
                if (model.Variables[i]?.Name is null)
                {
                    Null(null, $"variables[{i}].name");
                }
            }
        }

        if (model.Activities is null)
        {
            Null(null, "activities");
        }
        else
        {
            for (var i = 0; i < model.Activities.Count; i++)
            {
                var activity = model.Activities[i];
                if (activity is null)
                {
                    Null(null, $"activities[{i}]");
                    continue;
                }

                if (activity.Id is null)
                {
                    Null(null, $"activities[{i}].id");
                }

                if (activity.Type is null)
                {
                    Null(activity.Id, "type");
                }

                if (activity.Inputs is null)
                {
                    Null(activity.Id, "inputs");
                }
                else
                {
                    foreach (var (name, value) in activity.Inputs.Where(p => p.Value is null))
                    {
                        Null(activity.Id, $"inputs.{name}");
                    }
                }
            }
        }

        if (model.Connections is null)
        {
            Null(null, "connections");
        }
        else
        {
            for (var i = 0; i < model.Connections.Count; i++)
            {
                var connection = model.Connections[i];
                if (connection is null || connection.Source is null || connection.Target is null || connection.Outcome is null)
                {
                    Null(null, $"connections[{i}]");
                }
            }
        }

        return errors;
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
