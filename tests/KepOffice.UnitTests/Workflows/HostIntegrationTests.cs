using System.Text.Json.Nodes;
using KepOffice.Workflows;
using Microsoft.Extensions.DependencyInjection;
using static KepOffice.UnitTests.Workflows.Flow;

namespace KepOffice.UnitTests.Workflows;

public sealed class HostIntegrationTests
{
    [Fact]
    public async Task Host_registers_its_own_activity_after_AddWorkflows()
    {
        await using var host = await WorkflowTestHost.InMemoryAsync(services: s => s.AddWorkflowActivity<ScoreActivity>());
        Assert.NotNull(host.Registry.Find("Score"));
        var model = Define("scoring",
            [Act("start", "Start"), Act("score", "Score", ("threshold", Lit(10))), Act("high", "SetVariable", ("variable", Lit("r")), ("value", Lit("high"))), Act("end", "End")],
            [Link("start", "score"), Link("score", "high", "High"), Link("score", "end", "Low"), Link("high", "end")],
            Var("score"), Var("r"));
        await host.PublishAsync(model);
        var id = (await host.StartAsync("scoring", input: new JsonObject { ["score"] = 12 })).InstanceId;
        Assert.Equal("high", (string?)(await host.VariablesAsync(id))["r"]);
    }

    [Fact]
    public async Task Missing_email_sender_ends_in_an_incident_not_a_crash()
    {
        await using var host = await WorkflowTestHost.InMemoryAsync(
            o => o.Retry = new RetryPolicy { MaxAttempts = 1 },
            s => s.AddScoped<IWorkflowEmailSender, MissingEmailSender>());
        await host.PublishAsync(Sequence("mail", Act("send", "SendEmail", ("templateId", Lit("t")), ("recipient", Lit("a@b.ru")))));
        var details = await host.Instances.GetAsync((await host.StartAsync("mail")).InstanceId);
        Assert.Equal(WorkflowStatus.Faulted, details.Summary.Status);
        Assert.Equal("System.InvalidOperationException", Assert.Single(details.Incidents).ExceptionType);
    }
}
