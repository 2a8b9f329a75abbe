using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KepOffice.Core.Audit;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Audit;
using KepOffice.IntegrationTests.Support;
using static KepOffice.IntegrationTests.Workflows.WorkflowApiClient;

namespace KepOffice.IntegrationTests.Workflows;

/// <summary>Definitions management for managers: clone, delete, diff, revert and moving instances between versions.</summary>
[Collection(SharedAppsCollection.Name)]
public sealed class WorkflowVersionsApiTests(SharedApps apps)
{
    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>TwoSteps with a second check «Повторная проверка» between the document check and the payment.</summary>
    private static string WithRecheck(string id) => TestDefinitions.TwoSteps(id)
        .Replace("""{ "id": "end", "type": "End" }""", """
            { "id": "recheck", "type": "HumanTask", "displayName": "Повторная проверка",
              "inputs": { "title": { "type": "Literal", "value": "Повторная проверка" }, "role": { "type": "Literal", "value": "Operator" },
                          "outcomes": { "type": "Literal", "value": ["Done"] } } },
            { "id": "end", "type": "End" }
            """)
        .Replace("""{ "source": "check", "outcome": "Approve", "target": "payment" }""", """
            { "source": "check", "outcome": "Approve", "target": "recheck" },
            { "source": "recheck", "outcome": "Done", "target": "payment" }
            """);

    /// <summary>TwoSteps whose document check got a new id: instances waiting in «check» cannot move to it.</summary>
    private static string WithoutCheck(string id) => TestDefinitions.TwoSteps(id)
        .Replace("\"id\": \"check\"", "\"id\": \"documents\"").Replace("\"source\": \"check\"", "\"source\": \"documents\"").Replace("\"target\": \"check\"", "\"target\": \"documents\"");

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Theory, BothProviders]
    public async Task Clone_creates_a_draft_copy_and_create_starts_from_start_to_end(DatabaseProvider provider)
    {
        var manager = await apps.For(provider).CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var id = NewId("orig");
        var copyId = NewId("copy");
        var freshId = NewId("fresh");
        await ImportAsync(manager, TestDefinitions.TwoSteps(id));

        var clone = await manager.PostAsJsonAsync($"/api/workflow-definitions/{id}/clone", new { newId = copyId, newName = "Две проверки (копия)" });
        var cloneAgain = await manager.PostAsJsonAsync($"/api/workflow-definitions/{id}/clone", new { newId = copyId, newName = "Ещё раз" });
        var cloneBadId = await manager.PostAsJsonAsync($"/api/workflow-definitions/{id}/clone", new { newId = "Копия процесса", newName = "Копия" });
        var created = await manager.PostAsJsonAsync("/api/workflow-definitions", new { id = freshId, name = "Новый процесс" });
        var copied = await manager.GetFromJsonAsync<JsonElement>($"/api/workflow-definitions/{copyId}");
        var diffOfCopy = await manager.GetFromJsonAsync<JsonElement>($"/api/workflow-definitions/{freshId}/diff?from=1&to=1");
        var list = await manager.GetFromJsonAsync<JsonElement>("/api/workflow-definitions");

        Assert.Equal(HttpStatusCode.Created, clone.StatusCode);
        var cloneInfo = await Json(clone);
        Assert.Equal(("Draft", 1), (cloneInfo.GetProperty("state").GetString(), cloneInfo.GetProperty("version").GetInt32()));
        Assert.Equal(5, copied.GetProperty("model").GetProperty("activities").GetArrayLength());
        Assert.Equal(HttpStatusCode.Conflict, cloneAgain.StatusCode);
        Assert.Contains("уже существует", (await Json(cloneAgain)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, cloneBadId.StatusCode);
        Assert.True((await Json(cloneBadId)).GetProperty("errors").TryGetProperty("id", out _));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(diffOfCopy.GetProperty("isEmpty").GetBoolean());
        var copyRow = list.EnumerateArray().Single(d => d.GetProperty("definitionId").GetString() == copyId);
        Assert.True(copyRow.GetProperty("hasDraft").GetBoolean());
        Assert.Equal(JsonValueKind.Null, copyRow.GetProperty("publishedVersion").ValueKind);
        Assert.Equal(1, (await Json(await manager.GetAsync($"/api/workflow-definitions/{id}/versions"))).GetArrayLength());
    }

    [Theory, BothProviders]
    public async Task Delete_is_refused_while_an_instance_uses_the_definition_and_removes_an_unused_one(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var used = NewId("used");
        var unused = NewId("unused");
        await ImportAsync(manager, TestDefinitions.TwoSteps(used));
        await ImportAsync(manager, TestDefinitions.TwoSteps(unused));
        await ImportAsync(manager, TestDefinitions.TwoSteps(unused).Replace("Выдача сертификата", "Выдача КЭП"));
        await StartAsync(manager, used, "APP-DEL-1");

        var refused = await manager.DeleteAsync($"/api/workflow-definitions/{used}");
        var deleted = await manager.DeleteAsync($"/api/workflow-definitions/{unused}");
        var again = await manager.DeleteAsync($"/api/workflow-definitions/{unused}");
        var list = await manager.GetFromJsonAsync<JsonElement>("/api/workflow-definitions");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal($"Процесс «{used}» нельзя удалить: по нему есть экземпляры (версия 1 — 1). Снимите версию с публикации, чтобы новые заявления по ней не начинались.",
            (await Json(refused)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/workflow-definitions/{unused}/versions")).StatusCode);
        var audit = (await AuditChainTests.RowsAsync(app)).Where(r => r.ObjectId == unused || r.ObjectId == used).ToList();
        var deletion = Assert.Single(audit, r => r.Action == AuditActions.WorkflowDeleted);
        Assert.Equal((unused, "версии: 1, 2"), (deletion.ObjectId, deletion.Detail));
        Assert.Equal(AuditActorKind.User, deletion.ActorKind);
        var usedRow = list.EnumerateArray().Single(d => d.GetProperty("definitionId").GetString() == used);
        Assert.DoesNotContain(list.EnumerateArray(), d => d.GetProperty("definitionId").GetString() == unused);
        Assert.Equal(1, usedRow.GetProperty("totalInstances").GetInt32());
        var active = Assert.Single(usedRow.GetProperty("activeInstances").EnumerateArray());
        Assert.Equal((1, 1), (active.GetProperty("version").GetInt32(), active.GetProperty("count").GetInt32()));
    }

    [Theory, BothProviders]
    public async Task Diff_names_added_activities_and_rewired_connections_and_revert_makes_an_equal_draft(DatabaseProvider provider)
    {
        var manager = await apps.For(provider).CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var id = NewId("diff");
        await ImportAsync(manager, TestDefinitions.TwoSteps(id));
        await ImportAsync(manager, WithRecheck(id).Replace("\"PT4H\"", "\"PT8H\""));

        var diff = await manager.GetFromJsonAsync<JsonElement>($"/api/workflow-definitions/{id}/diff?from=1&to=2");
        var missingTo = await manager.GetAsync($"/api/workflow-definitions/{id}/diff?from=1");
        var unknownVersion = await manager.GetAsync($"/api/workflow-definitions/{id}/diff?from=1&to=9");
        var revert = await manager.PostAsync($"/api/workflow-definitions/{id}/versions/1/revert", null);
        var afterRevert = await manager.GetFromJsonAsync<JsonElement>($"/api/workflow-definitions/{id}/diff?from=1&to=3");
        var published = await manager.PostAsync($"/api/workflow-definitions/{id}/versions/3/publish", null);

        var added = Assert.Single(diff.GetProperty("addedActivities").EnumerateArray());
        Assert.Equal(("recheck", "Повторная проверка"), (added.GetProperty("id").GetString(), added.GetProperty("displayName").GetString()));
        Assert.Equal(
            ["check·Approve→recheck", "recheck·Done→payment"],
            diff.GetProperty("addedConnections").EnumerateArray().Select(Connection));
        Assert.Equal(["check·Approve→payment"], diff.GetProperty("removedConnections").EnumerateArray().Select(Connection));
        var change = Assert.Single(Assert.Single(diff.GetProperty("changedActivities").EnumerateArray()).GetProperty("changes").EnumerateArray());
        Assert.Equal(("inputs.dueIn", "\"PT4H\"", "\"PT8H\""), (change.GetProperty("field").GetString(), change.GetProperty("old").GetString(), change.GetProperty("new").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, missingTo.StatusCode);
        Assert.Contains("from и to", (await Json(missingTo)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.StatusCode);
        var revertInfo = await Json(revert);
        Assert.Equal(("Draft", 3), (revertInfo.GetProperty("state").GetString(), revertInfo.GetProperty("version").GetInt32()));
        Assert.True(afterRevert.GetProperty("isEmpty").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
    }

    private static string Connection(JsonElement c) =>
        $"{c.GetProperty("source").GetString()}·{c.GetProperty("outcome").GetString()}→{c.GetProperty("target").GetString()}";

    [Theory, BothProviders]
    public async Task Migrated_instance_takes_the_new_step_and_one_waiting_in_a_removed_step_is_refused(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var auditor = await app.CreateClientForAsync("auditor", KepOfficeApp.DemoPassword);
        var id = NewId("move");
        await ImportAsync(manager, TestDefinitions.TwoSteps(id));
        var moved = await StartAsync(operatorClient, id, "APP-MIG-1");
        var stays = await StartAsync(operatorClient, id, "APP-MIG-2");
        await ImportAsync(manager, WithRecheck(id));

        var candidates = await auditor.GetFromJsonAsync<JsonElement>($"/api/workflow-definitions/{id}/migration-candidates?toVersion=2");
        var migration = await manager.PostAsJsonAsync("/api/workflow-instances/migrations",
            new { definitionId = id, fromVersion = 1, toVersion = 2, instanceIds = new[] { moved } });
        var check = Assert.Single(await OpenTasksAsync(operatorClient, moved));
        await CompleteAsync(operatorClient, check.GetProperty("id").GetGuid(), "Approve");
        var recheck = Assert.Single(await OpenTasksAsync(operatorClient, moved));
        var stayingCheck = Assert.Single(await OpenTasksAsync(operatorClient, stays));
        await CompleteAsync(operatorClient, stayingCheck.GetProperty("id").GetGuid(), "Approve");
        var movedDetails = await InstanceAsync(manager, moved);
        var staysDetails = await InstanceAsync(manager, stays);

        Assert.Equal(2, candidates.GetArrayLength());
        Assert.All(candidates.EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("blocker").ValueKind));
        Assert.Equal(["check"], candidates.EnumerateArray().First().GetProperty("waitingIn").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(HttpStatusCode.OK, migration.StatusCode);
        var result = Assert.Single((await Json(migration)).EnumerateArray());
        Assert.True(result.GetProperty("migrated").GetBoolean());
        Assert.Equal("recheck", recheck.GetProperty("activityId").GetString());
        Assert.Equal(2, movedDetails.GetProperty("summary").GetProperty("definitionVersion").GetInt32());
        Assert.Contains(movedDetails.GetProperty("journal").EnumerateArray(), j =>
            j.GetProperty("activityType").GetString() == "VersionMigration" && j.GetProperty("outcome").GetString() == "1 → 2");
        var audited = Assert.Single(await AuditChainTests.RowsAsync(app), r => r.ObjectId == moved.ToString());
        Assert.Equal((AuditActions.WorkflowInstanceMigrated, "версия 1 → 2", AuditActorKind.User), (audited.Action, audited.Detail, audited.ActorKind));
        Assert.Equal(1, staysDetails.GetProperty("summary").GetProperty("definitionVersion").GetInt32());
        Assert.Empty(await OpenTasksAsync(operatorClient, stays));

        // A third version renames the document check: an instance waiting in it cannot move there.
        var waiting = await StartAsync(operatorClient, id, "APP-MIG-3");
        await ImportAsync(manager, WithoutCheck(id));
        var refused = await manager.PostAsJsonAsync("/api/workflow-instances/migrations",
            new { definitionId = id, fromVersion = 2, toVersion = 3, instanceIds = new[] { waiting } });
        var refusal = Assert.Single((await Json(refused)).EnumerateArray());
        var sameVersion = await manager.PostAsJsonAsync("/api/workflow-instances/migrations",
            new { definitionId = id, fromVersion = 2, toVersion = 2, instanceIds = new[] { waiting } });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.False(refusal.GetProperty("migrated").GetBoolean());
        Assert.Equal("Шага «Проверка документов» (check), в котором ждёт экземпляр, нет в версии 3.", refusal.GetProperty("reason").GetString());
        Assert.Equal(2, (await InstanceAsync(manager, waiting)).GetProperty("summary").GetProperty("definitionVersion").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, sameVersion.StatusCode);
        Assert.True((await Json(sameVersion)).GetProperty("errors").TryGetProperty("toVersion", out _));
    }

    [Theory, BothProviders]
    public async Task Operators_are_denied_and_auditors_only_read(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var manager = await app.CreateClientForAsync("manager", KepOfficeApp.DemoPassword);
        var operatorClient = await app.CreateClientForAsync("operator", KepOfficeApp.DemoPassword);
        var auditor = await app.CreateClientForAsync("auditor", KepOfficeApp.DemoPassword);
        var id = NewId("roles");
        await ImportAsync(manager, TestDefinitions.TwoSteps(id));
        var instance = await StartAsync(operatorClient, id, "APP-ROLE-1");
        var json = new StringContent(TestDefinitions.TwoSteps(NewId("imp")), Encoding.UTF8, "application/json");
        var migrate = new { definitionId = id, fromVersion = 1, toVersion = 1, instanceIds = new[] { instance } };

        foreach (var client in new[] { operatorClient, auditor })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/workflow-definitions", new { id = NewId("new"), name = "Новый" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/workflow-definitions/{id}/clone", new { newId = NewId("cl"), newName = "Копия" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"/api/workflow-definitions/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/workflow-definitions/import?draft=true", json)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/workflow-definitions/{id}/versions/1/revert", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/workflow-instances/migrations", migrate)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync("/api/workflow-definitions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync($"/api/workflow-definitions/{id}/diff?from=1&to=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync($"/api/workflow-definitions/{id}/migration-candidates?toVersion=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync("/api/workflow-definitions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/workflow-definitions/{id}/diff?from=1&to=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/workflow-definitions/{id}/export")).StatusCode);
        Assert.Single(await manager.GetFromJsonAsync<JsonElement[]>($"/api/workflow-definitions/{id}/versions") ?? []);
        Assert.Equal(1, (await InstanceAsync(manager, instance)).GetProperty("summary").GetProperty("definitionVersion").GetInt32());
    }
}
