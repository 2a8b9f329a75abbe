using System.Globalization;
using System.Text.Json.Nodes;
using Acornima;
using Jint;
using Jint.Native;

namespace KepOffice.Workflows.Expressions;

/// <summary>
/// An expression failed to evaluate (syntax, runtime error, sandbox limit). Retrying cannot help, so the instance
/// gets an incident straight away. The message names the activity and input, never a value.
/// </summary>
public sealed class WorkflowExpressionException : WorkflowException
{
    internal WorkflowExpressionException(string activityId, string field, Exception inner)
        : base($"Ошибка вычисления выражения в действии «{activityId}», поле «{field}» ({inner.GetType().Name}).", inner)
    {
        ActivityId = activityId;
        Field = field;
    }

    /// <summary>The activity whose input failed.</summary>
    public string ActivityId { get; }

    /// <summary>The input that failed.</summary>
    public string Field { get; }
}

/// <summary>Sandboxed Jint: no CLR access, time, memory, statement and recursion limits.</summary>
internal sealed class JavaScriptEvaluator(WorkflowsOptions options)
{
    private const int MaxCachedScripts = 2_000;
    private readonly ExpressionLimits _limits = options.ExpressionLimits;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Prepared<Acornima.Ast.Script>> _scripts = new(StringComparer.Ordinal);

    public JsonNode? Evaluate(string expression, JsonObject variables, string? correlationId, string activityId, string field)
    {
        try
        {
            var engine = CreateEngine();
            engine.SetValue("__variables", variables.ToJsonString());
            engine.Execute("var variables = JSON.parse(__variables); delete globalThis.__variables;");
            var jsVariables = engine.GetValue("variables").AsObject();
            foreach (var (name, _) in variables)
            {
                if (IsIdentifier(name) && name != "variables" && name != "correlationId")
                {
                    engine.SetValue(name, jsVariables.Get(name));
                }
            }

            engine.SetValue("correlationId", correlationId is null ? JsValue.Null : new JsString(correlationId));
            var result = engine.Evaluate(Prepare(expression));
            return ToNode(engine, result);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new WorkflowExpressionException(activityId, field, ex);
        }
    }

    /// <summary>Parses without running; returns null when the text parses, else the 1-based line and column.</summary>
    public static (int Line, int Column)? FindSyntaxError(string expression)
    {
        try
        {
            new Parser().ParseScript(expression);
            return null;
        }
        catch (ParseErrorException ex)
        {
            return (ex.LineNumber, ex.Column + 1);
        }
    }

    /// <summary>Parsed scripts are immutable and shared between engines; definitions hold few distinct expressions.</summary>
    private Prepared<Acornima.Ast.Script> Prepare(string expression)
    {
        if (_scripts.TryGetValue(expression, out var prepared))
        {
            return prepared;
        }

        if (_scripts.Count >= MaxCachedScripts)
        {
            _scripts.Clear();
        }

        prepared = Engine.PrepareScript(expression);
        _scripts.TryAdd(expression, prepared);
        return prepared;
    }

    private Engine CreateEngine() => new(o =>
    {
        o.TimeoutInterval(_limits.Timeout);
        o.LimitMemory(_limits.MemoryBytes);
        o.MaxStatements(_limits.MaxStatements);
        o.LimitRecursion(_limits.MaxRecursionDepth);
        o.DisableStringCompilation();
        o.Strict = false;
        o.Culture = CultureInfo.InvariantCulture;
        o.TimeZone = TimeZoneInfo.Utc;
    });

    private static JsonNode? ToNode(Engine engine, JsValue value)
    {
        if (value.IsUndefined() || value.IsNull())
        {
            return null;
        }

        if (value.IsBoolean())
        {
            return JsonValue.Create(value.AsBoolean());
        }

        if (value.IsNumber())
        {
            var d = value.AsNumber();
            return double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 9e15 ? JsonValue.Create((long)d) : JsonValue.Create(d);
        }

        if (value.IsString())
        {
            return JsonValue.Create(value.AsString());
        }

        engine.SetValue("__result", value);
        var json = engine.Evaluate("JSON.stringify(__result)");
        return json.IsString() ? JsonNode.Parse(json.AsString()) : null;
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$') && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$');
}
