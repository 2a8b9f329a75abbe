using System.Text.Json.Nodes;
using KepOffice.Workflows;
using KepOffice.Workflows.Expressions;
using static KepOffice.UnitTests.Workflows.Flow;

namespace KepOffice.UnitTests.Workflows;

public sealed class JavaScriptSandboxTests
{
    private readonly JavaScriptEvaluator _evaluator = new(new WorkflowsOptions());

    private JsonNode? Evaluate(string expression, JsonObject? variables = null) =>
        _evaluator.Evaluate(expression, variables ?? [], "APP-1", "a1", "condition");

    [Fact]
    public void Variables_are_a_plain_object_and_results_simple_values()
    {
        var variables = new JsonObject { ["amount"] = 150, ["name"] = "Иванов" };
        Assert.True((bool)Evaluate("variables.amount > 100 && amount === 150", variables)!);
        Assert.Equal("APP-1", (string?)Evaluate("correlationId"));
        Assert.Equal(3, (long)Evaluate("1 + 2")!);
        Assert.Null(Evaluate("undefined"));
        Assert.Equal("[1,\"a\"]", Evaluate("[1, 'a']")!.ToJsonString());
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')")]
    [InlineData("importNamespace('System.IO')")]
    [InlineData("clrHelper")]
    [InlineData("Function('return 1')()")]
    [InlineData("eval('1')")]
    public void Clr_access_and_string_compilation_are_refused(string expression)
    {
        var ex = Assert.Throws<WorkflowExpressionException>(() => Evaluate(expression));
        Assert.Equal(("a1", "condition"), (ex.ActivityId, ex.Field));
    }

    [Theory]
    [InlineData("while (true) {}")]
    [InlineData("for (;;) { var x = 1; }")]
    [InlineData("function f() { return f(); } f()")]
    [InlineData("var a = []; while (true) a.push('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');")]
    public void Runaway_scripts_are_stopped(string expression)
    {
        var started = DateTime.UtcNow;
        Assert.Throws<WorkflowExpressionException>(() => Evaluate(expression));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Error_message_never_contains_values()
    {
        var ex = Assert.Throws<WorkflowExpressionException>(() => Evaluate("throw new Error(variables.passport)", new JsonObject { ["passport"] = "4510 123456" }));
        Assert.DoesNotContain("4510", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expression_error_in_a_workflow_becomes_an_incident_without_retries()
    {
        await using var host = await WorkflowTestHost.InMemoryAsync();
        var model = Define("loops",
            [Act("start", "Start"), Act("d", "Decision", ("condition", Js("while (true) {}"))), Act("end", "End")],
            [Link("start", "d"), Link("d", "end", "True"), Link("d", "end", "False")]);
        await host.PublishAsync(model);
        var id = (await host.StartAsync("loops")).InstanceId;
        var details = await host.Instances.GetAsync(id);
        Assert.Equal(WorkflowStatus.Faulted, details.Summary.Status);
        var incident = Assert.Single(details.Incidents);
        Assert.Equal(1, incident.Attempts);
        Assert.StartsWith("KepOffice.Workflows.Expressions.WorkflowExpressionException(", incident.ExceptionType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clr_access_in_a_workflow_becomes_an_incident()
    {
        await using var host = await WorkflowTestHost.InMemoryAsync();
        await host.PublishAsync(Sequence("clr", Act("set", "SetVariable", ("variable", Lit("x")), ("value", Js("System.Environment.Exit(1)")))));
        var details = await host.Instances.GetAsync((await host.StartAsync("clr")).InstanceId);
        Assert.Equal(WorkflowStatus.Faulted, details.Summary.Status);
        Assert.Contains("JavaScriptException", Assert.Single(details.Incidents).ExceptionType, StringComparison.Ordinal);
    }
}
