using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Support;
using static KepOffice.IntegrationTests.Workflows.WorkflowApiClient;

namespace KepOffice.IntegrationTests.Workflows;

[Collection(SharedAppsCollection.Name)]
public sealed class WorkflowApiTests(SharedApps apps)
{
    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    [Theory, BothProviders]
    public async Task Operator_claims_and_completes_tasks_and_the_outcome_drives_the_flowchart(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var id = NewId("two");
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(manager, TestDefinitions.TwoSteps(id))).StatusCode);

        var instance = await StartAsync(operatorClient, id, "APP-1001");
        var task = Assert.Single(await OpenTasksAsync(operatorClient, instance, "roles"));
        var taskId = task.GetProperty("id").GetGuid();
        var claimed = await operatorClient.PostAsync($"/api/tasks/{taskId}/claim", null);
        var mine = await OpenTasksAsync(operatorClient, instance, "mine");
        var completed = await CompleteAsync(operatorClient, taskId, "Approve", new { comment = "документы в порядке" });
        var stimulus = await operatorClient.PostAsJsonAsync("/api/stimuli", new { name = "payment-confirmed", correlationId = "APP-1001" });
        var next = Assert.Single(await OpenTasksAsync(operatorClient, instance));

        Assert.Equal("Проверка документов по заявлению APP-1001", task.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Single(mine);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal(1, (await stimulus.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("resumed").GetInt32());
        Assert.Equal("issue", next.GetProperty("activityId").GetString());
    }

    [Theory, BothProviders]
    public async Task Completing_a_task_twice_answers_409_and_by_the_wrong_role_403_and_nothing_changes(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var auditor = await app.CreateClientForAsync("auditor", KepOfficeApp.DemoPassword);
        var id = NewId("twice");
        await ImportAsync(manager, TestDefinitions.TwoSteps(id));
        var instance = await StartAsync(operatorClient, id, "APP-2002");
        var taskId = Assert.Single(await OpenTasksAsync(operatorClient, instance)).GetProperty("id").GetGuid();

        var byManager = await CompleteAsync(manager, taskId, "Approve");
        var byAuditor = await CompleteAsync(auditor, taskId, "Approve");
        var unknownOutcome = await CompleteAsync(operatorClient, taskId, "Maybe");
        var first = await CompleteAsync(operatorClient, taskId, "Reject");
        var second = await CompleteAsync(operatorClient, taskId, "Approve");
        var details = await InstanceAsync(operatorClient, instance);

        Assert.Equal(HttpStatusCode.Forbidden, byManager.StatusCode);
        Assert.Contains("Operator", (await byManager.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, byAuditor.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownOutcome.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("Задача уже выполнена.", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal("Finished", details.GetProperty("summary").GetProperty("status").GetString());
        Assert.Equal(1, details.GetProperty("journal").EnumerateArray().Count(j => j.GetProperty("activityId").GetString() == "check" && j.GetProperty("outcome").GetString() == "Reject"));
    }

    [Theory, BothProviders]
    public async Task Invalid_definition_is_refused_with_messages_naming_activity_and_field(DatabaseProvider provider)
    {
        var manager = await apps.For(provider).CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var id = NewId("bad");
        var dangling = TestDefinitions.TwoSteps(id).Replace("\"target\": \"issue\"", "\"target\": \"nowhere\"");
        var noRole = TestDefinitions.TwoSteps(id, issueHasRole: false);

        var danglingResponse = await ImportAsync(manager, dangling);
        var noRoleResponse = await ImportAsync(manager, noRole);
        var brokenJson = await ImportAsync(manager, "{ \"id\": ");
        var list = await manager.GetFromJsonAsync<JsonElement>("/api/workflow-definitions");

        Assert.Equal(HttpStatusCode.BadRequest, danglingResponse.StatusCode);
        Assert.Contains("nowhere", await danglingResponse.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noRoleResponse.StatusCode);
        Assert.True((await noRoleResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("issue.inputs.role", out _));
        Assert.Equal(HttpStatusCode.BadRequest, brokenJson.StatusCode);
        Assert.DoesNotContain(list.EnumerateArray(), d => d.GetProperty("definitionId").GetString() == id);
    }

    [Theory, BothProviders]
    public async Task Importing_the_same_definition_twice_changes_nothing_and_an_edit_publishes_a_new_version(DatabaseProvider provider)
    {
        var manager = await apps.For(provider).CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var id = NewId("ver");

        var first = await (await ImportAsync(manager, TestDefinitions.TwoSteps(id))).Content.ReadFromJsonAsync<JsonElement>();
        var again = await (await ImportAsync(manager, TestDefinitions.TwoSteps(id))).Content.ReadFromJsonAsync<JsonElement>();
        var edited = await (await ImportAsync(manager, TestDefinitions.TwoSteps(id).Replace("Выдача сертификата", "Выдача КЭП"))).Content.ReadFromJsonAsync<JsonElement>();
        var versions = await manager.GetFromJsonAsync<JsonElement>($"/api/workflow-definitions/{id}/versions");

        Assert.True(first.GetProperty("changed").GetBoolean());
        Assert.False(again.GetProperty("changed").GetBoolean());
        Assert.True(edited.GetProperty("changed").GetBoolean());
        Assert.Equal(2, edited.GetProperty("version").GetProperty("version").GetInt32());
        Assert.Equal(2, versions.GetArrayLength());
    }

    [Theory, BothProviders]
    public async Task A_stimulus_that_arrives_before_its_wait_is_delivered_from_the_inbox(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var id = NewId("inbox");
        await ImportAsync(manager, TestDefinitions.TwoSteps(id));
        var instance = await StartAsync(operatorClient, id, "APP-3003");

        var early = await operatorClient.PostAsJsonAsync("/api/stimuli", new { name = "payment-confirmed", correlationId = "APP-3003" });
        var check = Assert.Single(await OpenTasksAsync(operatorClient, instance));
        await CompleteAsync(operatorClient, check.GetProperty("id").GetGuid(), "Approve");
        var next = Assert.Single(await OpenTasksAsync(operatorClient, instance));

        Assert.True((await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("storedInInbox").GetBoolean());
        Assert.Equal("issue", next.GetProperty("activityId").GetString());
    }

    [Theory, BothProviders]
    public async Task Starting_twice_with_one_application_number_returns_the_running_instance(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var id = NewId("single");
        await ImportAsync(manager, TestDefinitions.TwoSteps(id));

        var first = await StartAsync(manager, id, "APP-4004");
        var second = await StartAsync(manager, id, "APP-4004");

        Assert.Equal(first, second);
    }

    [Theory, BothProviders]
    public async Task Fork_and_join_with_human_tasks_on_both_branches_continue_once(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var id = NewId("fork");
        await ImportAsync(manager, TestDefinitions.ForkJoin(id));
        var instance = await StartAsync(operatorClient, id, "APP-5005");
        var branches = await OpenTasksAsync(operatorClient, instance);

        var results = await Task.WhenAll(branches.Select(t => CompleteAsync(operatorClient, t.GetProperty("id").GetGuid(), "Done")));
        var after = await OpenTasksAsync(operatorClient, instance);

        Assert.Equal(2, branches.Count);
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal("after", Assert.Single(after).GetProperty("activityId").GetString());
    }
}
