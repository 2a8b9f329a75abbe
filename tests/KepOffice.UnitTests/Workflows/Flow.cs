using System.Text.Json.Nodes;
using KepOffice.Workflows.Definitions;

namespace KepOffice.UnitTests.Workflows;

/// <summary>Terse builders for definitions in tests.</summary>
internal static class Flow
{
    public static WorkflowDefinitionModel Define(string id, WorkflowActivityModel[] activities, WorkflowConnectionModel[] connections, params WorkflowVariableModel[] variables) =>
        new() { Id = id, Name = "Тестовый процесс " + id, Activities = activities, Connections = connections, Variables = variables };

    public static WorkflowActivityModel Act(string id, string type, params (string Name, WorkflowInputValue Value)[] inputs) =>
        new() { Id = id, Type = type, DisplayName = id, Inputs = inputs.ToDictionary(i => i.Name, i => i.Value), Position = new WorkflowPosition(0, 0) };

    public static WorkflowConnectionModel Link(string source, string target, string outcome = "Done") => new() { Source = source, Target = target, Outcome = outcome };

    public static WorkflowVariableModel Var(string name, JsonNode? value = null) => new() { Name = name, Default = value };

    public static WorkflowInputValue Lit(JsonNode? value) => WorkflowInputValue.Literal(value);

    public static WorkflowInputValue Js(string expression) => WorkflowInputValue.JavaScript(expression);

    public static WorkflowInputValue Outcomes(params string[] names) => Lit(new JsonArray(names.Select(n => (JsonNode?)n).ToArray()));

    public static WorkflowActivityModel TaskStep(string id, string role = "Operator", string[]? outcomes = null, params (string Name, WorkflowInputValue Value)[] extra) =>
        Act(id, "HumanTask", [("title", Lit("Задача " + id)), ("role", Lit(role)), ("outcomes", Outcomes(outcomes ?? ["Done"])), .. extra]);

    /// <summary>Start → items in sequence → End.</summary>
    public static WorkflowDefinitionModel Sequence(string id, params WorkflowActivityModel[] steps)
    {
        var activities = new List<WorkflowActivityModel> { Act("start", "Start") };
        activities.AddRange(steps);
        activities.Add(Act("end", "End"));
        var links = new List<WorkflowConnectionModel>();
        for (var i = 0; i < activities.Count - 1; i++)
        {
            var outcomes = activities[i].Inputs.TryGetValue("outcomes", out var listed) && listed.Value is JsonArray array
                ? array.Select(o => (string)o!)
                : ["Done"];
            links.AddRange(outcomes.Select(o => Link(activities[i].Id, activities[i + 1].Id, o)));
        }

        return Define(id, activities.ToArray(), links.ToArray());
    }
}
