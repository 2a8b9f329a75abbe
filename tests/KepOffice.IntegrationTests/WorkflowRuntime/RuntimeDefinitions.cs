using System.Globalization;

namespace KepOffice.IntegrationTests.WorkflowRuntime;

/// <summary>Definitions for the runtime's concurrency and recovery proofs.</summary>
internal static class RuntimeDefinitions
{
    /// <summary>Start → "first" (operator task) → "second" (operator task) → end.</summary>
    public static string TwoTasks(string id) => $$"""
        {
          "$schema": "../workflows/workflow.schema.json",
          "id": "{{id}}",
          "name": "Две задачи подряд",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "first", "type": "HumanTask", "inputs": { "title": { "type": "Literal", "value": "Первая" }, "role": { "type": "Literal", "value": "Operator" }, "outcomes": { "type": "Literal", "value": ["Done"] } } },
            { "id": "second", "type": "HumanTask", "inputs": { "title": { "type": "Literal", "value": "Вторая" }, "role": { "type": "Literal", "value": "Operator" }, "outcomes": { "type": "Literal", "value": ["Done"] } } },
            { "id": "end", "type": "End" }
          ],
          "connections": [
            { "source": "start", "outcome": "Done", "target": "first" },
            { "source": "first", "outcome": "Done", "target": "second" },
            { "source": "second", "outcome": "Done", "target": "end" }
          ]
        }
        """;

    /// <summary>
    /// Start → a loop of <paramref name="loops"/> × (SetVariable, Decision) → "review" task → the same loop again on
    /// another variable → "issue" task → end. Each loop runs more activities than the engine executes per transaction,
    /// so an instance is committed half-way (Running, leased) before it reaches the next task: a node killed then
    /// leaves work that only recovery can finish.
    /// </summary>
    public static string LongSteps(string id, int loops) => $$"""
        {
          "$schema": "../workflows/workflow.schema.json",
          "id": "{{id}}",
          "name": "Длинные шаги",
          "variables": [ { "name": "i", "type": "Number", "default": 0 }, { "name": "j", "type": "Number", "default": 0 } ],
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "inc-i", "type": "SetVariable", "inputs": { "variable": { "type": "Literal", "value": "i" }, "value": { "type": "JavaScript", "value": "i + 1" } } },
            { "id": "more-i", "type": "Decision", "inputs": { "condition": { "type": "JavaScript", "value": "i < {{loops.ToString(CultureInfo.InvariantCulture)}}" } } },
            { "id": "review", "type": "HumanTask", "inputs": { "title": { "type": "Literal", "value": "Проверка" }, "role": { "type": "Literal", "value": "Operator" }, "outcomes": { "type": "Literal", "value": ["Done"] } } },
            { "id": "inc-j", "type": "SetVariable", "inputs": { "variable": { "type": "Literal", "value": "j" }, "value": { "type": "JavaScript", "value": "j + 1" } } },
            { "id": "more-j", "type": "Decision", "inputs": { "condition": { "type": "JavaScript", "value": "j < {{loops.ToString(CultureInfo.InvariantCulture)}}" } } },
            { "id": "issue", "type": "HumanTask", "inputs": { "title": { "type": "Literal", "value": "Выдача" }, "role": { "type": "Literal", "value": "Operator" }, "outcomes": { "type": "Literal", "value": ["Done"] } } },
            { "id": "end", "type": "End" }
          ],
          "connections": [
            { "source": "start", "outcome": "Done", "target": "inc-i" },
            { "source": "inc-i", "outcome": "Done", "target": "more-i" },
            { "source": "more-i", "outcome": "True", "target": "inc-i" },
            { "source": "more-i", "outcome": "False", "target": "review" },
            { "source": "review", "outcome": "Done", "target": "inc-j" },
            { "source": "inc-j", "outcome": "Done", "target": "more-j" },
            { "source": "more-j", "outcome": "True", "target": "inc-j" },
            { "source": "more-j", "outcome": "False", "target": "issue" },
            { "source": "issue", "outcome": "Done", "target": "end" }
          ]
        }
        """;
}
