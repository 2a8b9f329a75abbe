namespace KepOffice.IntegrationTests.Workflows;

/// <summary>Small definitions in the workflows/ JSON format, imported through the API by the tests.</summary>
internal static class TestDefinitions
{
    public static string TwoSteps(string id, bool issueHasRole = true) => $$"""
        {
          "$schema": "../workflows/workflow.schema.json",
          "id": "{{id}}",
          "name": "Две проверки",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "check", "type": "HumanTask", "displayName": "Проверка документов",
              "inputs": {
                "title": { "type": "JavaScript", "value": "'Проверка документов по заявлению ' + correlationId" },
                "role": { "type": "Literal", "value": "Operator" },
                "outcomes": { "type": "Literal", "value": ["Approve", "Reject"] },
                "formFields": { "type": "Literal", "value": [ { "name": "comment", "label": "Комментарий", "type": "text", "required": false } ] },
                "dueIn": { "type": "Literal", "value": "PT4H" } } },
            { "id": "payment", "type": "WaitForStimulus", "inputs": { "stimulus": { "type": "Literal", "value": "payment-confirmed" } } },
            { "id": "issue", "type": "HumanTask", "displayName": "Выдача",
              "inputs": {
                "title": { "type": "Literal", "value": "Выдача сертификата" },
                {{(issueHasRole ? "\"role\": { \"type\": \"Literal\", \"value\": \"Operator\" }," : "")}}
                "outcomes": { "type": "Literal", "value": ["Done"] } } },
            { "id": "end", "type": "End" }
          ],
          "connections": [
            { "source": "start", "outcome": "Done", "target": "check" },
            { "source": "check", "outcome": "Approve", "target": "payment" },
            { "source": "check", "outcome": "Reject", "target": "end" },
            { "source": "payment", "outcome": "Done", "target": "issue" },
            { "source": "issue", "outcome": "Done", "target": "end" }
          ]
        }
        """;

    /// <summary>Start → fork → two operator tasks → join (wait all) → a third task → end.</summary>
    public static string ForkJoin(string id) => $$"""
        {
          "$schema": "../workflows/workflow.schema.json",
          "id": "{{id}}",
          "name": "Параллельные проверки",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "fork", "type": "Fork", "inputs": { "branches": { "type": "Literal", "value": ["left", "right"] } } },
            { "id": "left-task", "type": "HumanTask", "inputs": { "title": { "type": "Literal", "value": "Левая" }, "role": { "type": "Literal", "value": "Operator" }, "outcomes": { "type": "Literal", "value": ["Done"] } } },
            { "id": "right-task", "type": "HumanTask", "inputs": { "title": { "type": "Literal", "value": "Правая" }, "role": { "type": "Literal", "value": "Operator" }, "outcomes": { "type": "Literal", "value": ["Done"] } } },
            { "id": "join", "type": "Join", "inputs": { "mode": { "type": "Literal", "value": "WaitAll" } } },
            { "id": "after", "type": "HumanTask", "inputs": { "title": { "type": "Literal", "value": "После слияния" }, "role": { "type": "Literal", "value": "Operator" }, "outcomes": { "type": "Literal", "value": ["Done"] } } },
            { "id": "end", "type": "End" }
          ],
          "connections": [
            { "source": "start", "outcome": "Done", "target": "fork" },
            { "source": "fork", "outcome": "left", "target": "left-task" },
            { "source": "fork", "outcome": "right", "target": "right-task" },
            { "source": "left-task", "outcome": "Done", "target": "join" },
            { "source": "right-task", "outcome": "Done", "target": "join" },
            { "source": "join", "outcome": "Done", "target": "after" },
            { "source": "after", "outcome": "Done", "target": "end" }
          ]
        }
        """;
}
