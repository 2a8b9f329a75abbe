using System.Text.Json.Nodes;
using KepOffice.Workflows;
using KepOffice.Workflows.Activities;
using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Tasks;
using static KepOffice.UnitTests.Workflows.Flow;

namespace KepOffice.UnitTests.Workflows;

public sealed class BuiltInActivityTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.InMemoryAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<WorkflowInstanceDetails> RunAsync(WorkflowDefinitionModel model, JsonObject? input = null, string? correlationId = null)
    {
        await _host.PublishAsync(model);
        var started = await _host.StartAsync(model.Id, correlationId, input);
        return await _host.Instances.GetAsync(started.InstanceId);
    }

    [Fact]
    public async Task Start_and_End_finish_the_instance_and_journal_each_step()
    {
        var details = await RunAsync(Sequence("empty"));
        Assert.Equal(WorkflowStatus.Finished, details.Summary.Status);
        Assert.Equal(["start", "end"], details.Journal.Select(j => j.ActivityId));
        Assert.All(details.Journal, j => Assert.Equal(JournalStatus.Completed, j.Status));
        Assert.Equal("Done", details.Journal[0].Outcome);
        Assert.Equal("op-1", details.Journal[0].ActorId);
        Assert.NotNull(details.Summary.FinishedAt);
    }

    [Theory]
    [InlineData(150, "big")]
    [InlineData(50, "small")]
    public async Task Decision_follows_True_or_False(int amount, string expected)
    {
        var model = Define("decide",
            [
                Act("start", "Start"),
                Act("d", "Decision", ("condition", Js("variables.amount > 100"))),
                Act("big", "SetVariable", ("variable", Lit("size")), ("value", Lit("big"))),
                Act("small", "SetVariable", ("variable", Lit("size")), ("value", Lit("small"))),
                Act("end", "End"),
            ],
            [Link("start", "d"), Link("d", "big", "True"), Link("d", "small", "False"), Link("big", "end"), Link("small", "end")],
            Var("amount"), Var("size"));
        var details = await RunAsync(model, new JsonObject { ["amount"] = amount });
        Assert.Equal(expected, (string?)(await _host.VariablesAsync(details.Summary.Id))["size"]);
        Assert.Equal(amount > 100 ? "True" : "False", details.Journal.Single(j => j.ActivityId == "d").Outcome);
    }

    [Theory]
    [InlineData("ebs", "biometrics")]
    [InlineData("desk", "in-person")]
    [InlineData("fax", "Default")]
    public async Task Switch_follows_the_first_matching_case_or_Default(string channel, string expected)
    {
        var cases = new JsonArray(
            new JsonObject { ["name"] = "biometrics", ["condition"] = "channel === 'ebs'" },
            new JsonObject { ["name"] = "in-person", ["condition"] = "variables.channel === 'desk'" });
        var model = Define("route",
            [Act("start", "Start"), Act("s", "Switch", ("cases", Lit(cases))), Act("end", "End")],
            [Link("start", "s"), Link("s", "end", "biometrics"), Link("s", "end", "in-person"), Link("s", "end", "Default")],
            Var("channel"));
        var details = await RunAsync(model, new JsonObject { ["channel"] = channel });
        Assert.Equal(expected, details.Journal.Single(j => j.ActivityId == "s").Outcome);
    }

    [Fact]
    public async Task SetVariable_evaluates_literal_variable_and_javascript_inputs()
    {
        var model = Sequence("vars",
            Act("a", "SetVariable", ("variable", Lit("a")), ("value", Lit(new JsonObject { ["n"] = 1 }))),
            Act("b", "SetVariable", ("variable", Lit("b")), ("value", WorkflowInputValue.Variable("a"))),
            Act("c", "SetVariable", ("variable", Lit("c")), ("value", Js("({ sum: variables.b.n + 41, tags: ['x', 'y'], at: new Date(Date.UTC(2026, 0, 2)) })"))));
        model = model with { Variables = [Var("a"), Var("b"), Var("c")] };
        var details = await RunAsync(model);
        var variables = await _host.VariablesAsync(details.Summary.Id);
        Assert.Equal(1, (int)variables["b"]!["n"]!);
        Assert.Equal(42, (int)variables["c"]!["sum"]!);
        Assert.Equal("y", (string?)variables["c"]!["tags"]![1]);
        Assert.Equal("2026-01-02T00:00:00.000Z", (string?)variables["c"]!["at"]);
    }

    [Fact]
    public async Task Fork_runs_every_branch_and_Join_WaitAll_continues_once()
    {
        var model = Define("fork-all",
            [
                Act("start", "Start"), Act("fork", "Fork", ("branches", Outcomes("left", "right"))),
                Act("l", "SetVariable", ("variable", Lit("l")), ("value", Lit(1))),
                Act("r", "SetVariable", ("variable", Lit("r")), ("value", Lit(2))),
                Act("join", "Join", ("mode", Lit("WaitAll"))),
                Act("after", "SetVariable", ("variable", Lit("sum")), ("value", Js("l + r"))),
                Act("end", "End"),
            ],
            [Link("start", "fork"), Link("fork", "l", "left"), Link("fork", "r", "right"), Link("l", "join"), Link("r", "join"), Link("join", "after"), Link("after", "end")]);
        var details = await RunAsync(model);
        Assert.Equal(WorkflowStatus.Finished, details.Summary.Status);
        Assert.Single(details.Journal, j => j.ActivityId == "after");
        Assert.Equal("left,right", details.Journal.Single(j => j.ActivityId == "fork").Outcome);
        Assert.Equal(3, (int)(await _host.VariablesAsync(details.Summary.Id))["sum"]!);
    }

    [Fact]
    public async Task Join_WaitAny_continues_on_the_first_arrival_and_cancels_the_other_branch()
    {
        var model = Define("race",
            [
                Act("start", "Start"), Act("fork", "Fork", ("branches", Outcomes("human", "timeout"))),
                TaskStep("approve"),
                Act("wait", "Delay", ("duration", Lit("PT1H"))),
                Act("join", "Join", ("mode", Lit("WaitAny"))),
                Act("end", "End"),
            ],
            [Link("start", "fork"), Link("fork", "approve", "human"), Link("fork", "wait", "timeout"), Link("approve", "join"), Link("wait", "join"), Link("join", "end")]);
        var details = await RunAsync(model);
        Assert.Equal(WorkflowStatus.Suspended, details.Summary.Status);
        var task = Assert.Single(await _host.OpenTasksAsync(details.Summary.Id));

        _host.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await _host.Maintenance.ResumeDueTimersAsync());

        var after = await _host.Instances.GetAsync(details.Summary.Id);
        Assert.Equal(WorkflowStatus.Finished, after.Summary.Status);
        Assert.Empty(after.Bookmarks);
        Assert.Equal(JournalStatus.Cancelled, after.Journal.Single(j => j.ActivityId == "approve").Status);
        Assert.Equal(HumanTaskStatus.Cancelled, (await _host.Tasks.GetAsync(task.Id)).Status);
        var conflict = await Assert.ThrowsAsync<WorkflowConflictException>(() =>
            _host.Tasks.CompleteAsync(task.Id, new CompleteHumanTaskRequest("Done"), WorkflowTestHost.Operator));
        Assert.Equal("Задача отменена.", conflict.Message);
    }

    [Fact]
    public async Task Delay_is_a_durable_timer_resumed_when_due()
    {
        var details = await RunAsync(Sequence("pause", Act("wait", "Delay", ("duration", Lit("PT30M")))));
        var bookmark = Assert.Single(details.Bookmarks);
        Assert.Equal((BookmarkKind.Timer, _host.Time.GetUtcNow().AddMinutes(30)), (bookmark.Kind, bookmark.DueAt!.Value));

        _host.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await _host.Maintenance.ResumeDueTimersAsync());
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _host.Maintenance.ResumeDueTimersAsync());
        Assert.Equal(0, await _host.Maintenance.ResumeDueTimersAsync());
        Assert.Equal(WorkflowStatus.Finished, (await _host.Instances.GetAsync(details.Summary.Id)).Summary.Status);
    }

    [Fact]
    public async Task Timer_waits_until_an_absolute_time_from_an_expression()
    {
        var model = Sequence("deadline", Act("until", "Timer", ("until", Js("new Date(Date.parse(variables.submittedAt) + 12 * 3600 * 1000).toISOString()"))));
        model = model with { Variables = [Var("submittedAt")] };
        var details = await RunAsync(model, new JsonObject { ["submittedAt"] = "2026-03-02T09:00:00Z" });
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 21, 0, 0, TimeSpan.Zero), Assert.Single(details.Bookmarks).DueAt);
        _host.Time.Advance(TimeSpan.FromHours(12));
        Assert.Equal(1, await _host.Maintenance.ResumeDueTimersAsync());
        Assert.Equal(WorkflowStatus.Finished, (await _host.Instances.GetAsync(details.Summary.Id)).Summary.Status);
    }

    [Fact]
    public async Task WaitForStimulus_resumes_on_the_named_stimulus_with_the_instance_correlation_id()
    {
        var model = Sequence("payment", Act("paid", "WaitForStimulus", ("stimulus", Lit("payment-confirmed")), ("resultVariable", Lit("payment"))));
        model = model with { Variables = [Var("payment")] };
        var details = await RunAsync(model, correlationId: "APP-7");
        Assert.Equal(WorkflowStatus.Suspended, details.Summary.Status);

        var other = await _host.Stimuli.SendAsync("payment-confirmed", "APP-8");
        Assert.True(other.StoredInInbox);
        Assert.Equal(WorkflowStatus.Suspended, (await _host.Instances.GetAsync(details.Summary.Id)).Summary.Status);

        var delivered = await _host.Stimuli.SendAsync("payment-confirmed", "APP-7", new JsonObject { ["amount"] = 1500 });
        Assert.Equal(new StimulusDeliveryResult(1, false), delivered);
        Assert.Equal(WorkflowStatus.Finished, (await _host.Instances.GetAsync(details.Summary.Id)).Summary.Status);
        Assert.Equal(1500, (int)(await _host.VariablesAsync(details.Summary.Id))["payment"]!["amount"]!);
    }

    [Fact]
    public async Task HumanTask_outcome_and_form_data_drive_the_flow()
    {
        var json = File.ReadAllText(WorkflowTestHost.SamplePath("document-check.json"));
        await _host.Definitions.ImportAsync(json, WorkflowTestHost.Manager);
        var started = await _host.StartAsync("document-check", "APP-1", new JsonObject { ["applicantEmail"] = "ivanov@example.ru" });

        var task = Assert.Single(await _host.OpenTasksAsync(started.InstanceId));
        Assert.Equal("Проверка документов по заявлению APP-1", task.Title);
        Assert.Equal(["Accept", "NeedsCorrection", "Reject"], task.Outcomes);
        Assert.Equal(_host.Time.GetUtcNow().AddDays(1), task.DueAt);
        await _host.Tasks.CompleteAsync(task.Id, new CompleteHumanTaskRequest("NeedsCorrection", new JsonObject { ["comment"] = "нет страницы 2" }), WorkflowTestHost.Operator);

        var mail = Assert.Single(_host.Email.Sent);
        Assert.Equal(("documents-need-correction", "ivanov@example.ru", "APP-1"), (mail.TemplateId, mail.Recipient, mail.CorrelationId));
        Assert.Equal("нет страницы 2", (string?)(await _host.VariablesAsync(started.InstanceId))["comment"]);

        await _host.Stimuli.SendAsync("documents-uploaded", "APP-1");
        var second = Assert.Single(await _host.OpenTasksAsync(started.InstanceId));
        Assert.NotEqual(task.Id, second.Id);
        await _host.Tasks.CompleteAsync(second.Id, new CompleteHumanTaskRequest("Accept"), WorkflowTestHost.Operator2);

        var details = await _host.Instances.GetAsync(started.InstanceId);
        Assert.Equal(WorkflowStatus.Finished, details.Summary.Status);
        Assert.Equal(2, (int)(await _host.VariablesAsync(started.InstanceId))["attempts"]!);
        var checks = details.Journal.Where(j => j.ActivityId == "check").ToList();
        Assert.Equal([("NeedsCorrection", "op-1"), ("Accept", "op-2")], checks.Select(c => (c.Outcome!, c.ActorId!)));
    }

    [Fact]
    public async Task SendEmail_calls_the_host_sender_with_template_and_recipient()
    {
        var model = Sequence("mail", Act("send", "SendEmail", ("templateId", Lit("hand-over")), ("recipient", Js("'holder+' + correlationId + '@example.ru'"))));
        var details = await RunAsync(model, correlationId: "A-9");
        var mail = Assert.Single(_host.Email.Sent);
        Assert.Equal(("hand-over", "holder+A-9@example.ru", details.Summary.Id, "send"), (mail.TemplateId, mail.Recipient, mail.InstanceId, mail.ActivityId));
    }

    [Fact]
    public async Task Journal_never_holds_variable_values()
    {
        var model = Sequence("pd", Act("set", "SetVariable", ("variable", Lit("passport")), ("value", Lit("4510 123456"))), TaskStep("t"));
        model = model with { Variables = [Var("passport")] };
        var details = await RunAsync(model);
        var all = string.Join("|", details.Journal.Select(j => $"{j.ActivityId}{j.ActivityType}{j.Outcome}{j.ExceptionType}{j.ActorId}"));
        Assert.DoesNotContain("4510", all, StringComparison.Ordinal);
    }
}
