using System.Text.Json.Nodes;
using KepOffice.Workflows;
using KepOffice.Workflows.Definitions;
using static KepOffice.UnitTests.Workflows.Flow;

namespace KepOffice.UnitTests.Workflows;

public sealed class WorkflowValidationTests : IAsyncLifetime
{
    private WorkflowTestHost _host = null!;

    public async Task InitializeAsync() => _host = await WorkflowTestHost.InMemoryAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IReadOnlyList<WorkflowValidationError> Validate(WorkflowDefinitionModel model) => _host.Definitions.Validate(model);

    private static void AssertError(IReadOnlyList<WorkflowValidationError> errors, string? activityId, string field, string message)
    {
        Assert.Contains(errors, e => e.ActivityId == activityId && e.Field == field && e.Message == message);
    }

    [Fact]
    public void Sample_definition_is_valid()
    {
        var model = WorkflowJson.Parse(File.ReadAllText(WorkflowTestHost.SamplePath("document-check.json")));
        Assert.Empty(Validate(model));
    }

    [Fact]
    public void Every_definition_file_in_the_repository_is_valid_as_far_as_built_in_activities_go()
    {
        // Core registers the CA's own activity types; its tests validate the files with the full registry.
        // Here only those unknown types are tolerated: structure, expressions and built-in inputs must be right.
        var directory = WorkflowTestHost.RepositoryPath("workflows");
        foreach (var file in Directory.GetFiles(directory, "*.json").Where(f => !f.EndsWith("workflow.schema.json", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            Assert.Contains("\"$schema\"", text, StringComparison.Ordinal);
            var errors = Validate(WorkflowJson.Parse(text)).Where(e => e.Field != "type").ToList();
            Assert.True(errors.Count == 0, $"{Path.GetFileName(file)}: {string.Join("; ", errors)}");
        }
    }

    [Fact]
    public void Unknown_activity_type_is_named()
    {
        var errors = Validate(Sequence("unknown-type", Act("x", "Teleport")));
        AssertError(errors, "x", "type", "Неизвестный тип действия «Teleport».");
    }

    [Fact]
    public void An_activitys_own_retry_policy_is_checked_field_by_field()
    {
        static WorkflowDefinitionModel With(WorkflowRetryModel retry) => Sequence("retry-policy", Act("call", "SetVariable",
            ("variable", Lit("x")), ("value", Lit(1))) with { Retry = retry });

        Assert.Empty(Validate(With(new WorkflowRetryModel { MaxAttempts = 6, InitialDelay = "PT10S", Multiplier = 2, MaxDelay = "00:30:00" })));
        var errors = Validate(With(new WorkflowRetryModel { MaxAttempts = 0, InitialDelay = "soon", Multiplier = 0.5, MaxDelay = "P60D" }));
        AssertError(errors, "call", "retry.maxAttempts", "Число попыток — от 1 до 100 (1: без повторов, сразу инцидент).");
        AssertError(errors, "call", "retry.multiplier", "Множитель задержки — от 1 до 10.");
        AssertError(errors, "call", "retry.initialDelay", "Задержка указана неверно: ожидается длительность больше нуля и не больше 30 дней (ISO 8601, например PT30S, или д.чч:мм:сс).");
        AssertError(errors, "call", "retry.maxDelay", "Задержка указана неверно: ожидается длительность больше нуля и не больше 30 дней (ISO 8601, например PT30S, или д.чч:мм:сс).");
        AssertError(Validate(With(new WorkflowRetryModel { InitialDelay = "PT1H", MaxDelay = "PT1M" })), "call", "retry.maxDelay", "Наибольшая задержка меньше первой.");
        AssertError(Validate(With(new WorkflowRetryModel { MaxAttempts = 101 })), "call", "retry.maxAttempts", "Число попыток — от 1 до 100 (1: без повторов, сразу инцидент).");
    }

    [Fact]
    public void Connection_from_an_outcome_the_activity_lacks_is_rejected()
    {
        var model = Define("bad-outcome",
            [Act("start", "Start"), Act("d", "Decision", ("condition", Js("true"))), Act("end", "End")],
            [Link("start", "d"), Link("d", "end", "True"), Link("d", "end", "Maybe"), Link("d", "end", "False")]);
        AssertError(Validate(model), "d", "connections.outcome", "У действия «d» нет исхода «Maybe».");
    }

    [Fact]
    public void Dangling_target_and_source_are_rejected()
    {
        var model = Define("dangling",
            [Act("start", "Start"), Act("end", "End")],
            [Link("start", "end"), Link("start", "nowhere"), Link("ghost", "end")]);
        var errors = Validate(model);
        AssertError(errors, "start", "connections.target", "Связь из действия «start» ведёт к несуществующему действию «nowhere».");
        AssertError(errors, "ghost", "connections.source", "Связь начинается у несуществующего действия «ghost».");
    }

    [Fact]
    public void Exactly_one_start_is_required()
    {
        var none = Define("no-start", [Act("end", "End")], []);
        AssertError(Validate(none), null, "activities", "В процессе должно быть ровно одно действие Start (найдено: 0).");
        var two = Define("two-starts", [Act("s1", "Start"), Act("s2", "Start"), Act("end", "End")], [Link("s1", "end"), Link("s2", "end")]);
        AssertError(Validate(two), null, "activities", "В процессе должно быть ровно одно действие Start (найдено: 2).");
    }

    [Fact]
    public void Activity_that_cannot_reach_an_end_is_named()
    {
        var model = Define("dead-end",
            [Act("start", "Start"), Act("d", "Decision", ("condition", Js("true"))), Act("stuck", "SetVariable", ("variable", Lit("x"))), Act("end", "End")],
            [Link("start", "d"), Link("d", "end", "True"), Link("d", "stuck", "False")]);
        AssertError(Validate(model), "stuck", "connections", "Из действия «stuck» нельзя дойти до действия End.");
    }

    [Fact]
    public void Duplicate_activity_ids_are_rejected()
    {
        var model = Sequence("dupes", Act("a", "SetVariable", ("variable", Lit("x"))), Act("a", "SetVariable", ("variable", Lit("y"))));
        AssertError(Validate(model), "a", "id", "Идентификатор действия «a» повторяется.");
    }

    [Fact]
    public void JavaScript_that_does_not_parse_is_reported_with_position()
    {
        var model = Define("bad-js",
            [Act("start", "Start"), Act("d", "Decision", ("condition", Js("variables.amount >"))), Act("end", "End")],
            [Link("start", "d"), Link("d", "end", "True"), Link("d", "end", "False")]);
        var error = Assert.Single(Validate(model));
        Assert.Equal("d", error.ActivityId);
        Assert.Equal("inputs.condition", error.Field);
        Assert.StartsWith("Выражение JavaScript содержит синтаксическую ошибку: строка 1, столбец", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Switch_case_conditions_are_parsed_too()
    {
        var cases = new JsonArray(new JsonObject { ["name"] = "Big", ["condition"] = "variables.amount >>> " });
        var model = Define("bad-case",
            [Act("start", "Start"), Act("s", "Switch", ("cases", Lit(cases))), Act("end", "End")],
            [Link("start", "s"), Link("s", "end", "Big"), Link("s", "end", "Default")]);
        var error = Assert.Single(Validate(model));
        Assert.Equal(("s", "inputs.cases.Big.condition"), (error.ActivityId, error.Field));
    }

    [Fact]
    public void HumanTask_without_role_is_rejected()
    {
        var task = Act("check", "HumanTask", ("title", Lit("Проверить")), ("outcomes", Outcomes("Done")));
        AssertError(Validate(Sequence("no-role", task)), "check", "inputs.role", "У задачи не указана роль исполнителя.");
    }

    [Fact]
    public void Invalid_json_reports_line_and_position()
    {
        var ex = Assert.Throws<WorkflowValidationException>(() => WorkflowJson.Parse("{\n  \"id\": \"x\",\n  \"activities\": [ }\n}"));
        var error = Assert.Single(ex.Errors);
        Assert.Null(error.ActivityId);
        Assert.Equal("json", error.Field);
        Assert.Equal("Некорректный JSON: строка 3, позиция 19.", error.Message);
    }

    [Fact]
    public async Task Import_of_an_invalid_definition_throws_with_every_error()
    {
        var json = WorkflowJson.Serialize(Sequence("several", Act("a", "Teleport"), Act("t", "HumanTask", ("title", Lit("x")), ("outcomes", Outcomes("Done")))));
        var ex = await Assert.ThrowsAsync<WorkflowValidationException>(() => _host.Definitions.ImportAsync(json, WorkflowTestHost.Manager));
        Assert.Contains(ex.Errors, e => e.ActivityId == "a" && e.Field == "type");
        Assert.Contains(ex.Errors, e => e.ActivityId == "t" && e.Field == "inputs.role");
        Assert.Contains("Неизвестный тип действия", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Variable_input_must_name_a_declared_variable()
    {
        var model = Sequence("undeclared", Act("set", "SetVariable", ("variable", Lit("x")), ("value", WorkflowInputValue.Variable("missing"))));
        AssertError(Validate(model), "set", "inputs.value", "Переменная «missing» не объявлена.");
    }
}
