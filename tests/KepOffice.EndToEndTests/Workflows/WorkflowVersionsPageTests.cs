using KepOffice.EndToEndTests.Support;
using KepOffice.Workflows;
using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KepOffice.EndToEndTests.Workflows;

public sealed class WorkflowVersionsPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Id = "e2e-versions";

    private static string Definition(bool recheck) => $$"""
        {
          "$schema": "./workflow.schema.json",
          "id": "{{Id}}",
          "name": "Проверка заявления",
          "activities": [
            { "id": "start", "type": "Start", "displayName": "Начало" },
            { "id": "check", "type": "HumanTask", "displayName": "Проверка документов",
              "inputs": { "title": { "type": "Literal", "value": "Проверка документов" }, "role": { "type": "Literal", "value": "Operator" },
                          "outcomes": { "type": "Literal", "value": ["Approve", "Reject"] }, "dueIn": { "type": "Literal", "value": "{{(recheck ? "PT8H" : "PT4H")}}" } } },
            {{(recheck ? """
            { "id": "recheck", "type": "HumanTask", "displayName": "Повторная проверка",
              "inputs": { "title": { "type": "Literal", "value": "Повторная проверка" }, "role": { "type": "Literal", "value": "Manager" },
                          "outcomes": { "type": "Literal", "value": ["Done"] } } },
            """ : "")}}
            { "id": "end", "type": "End", "displayName": "Конец" }
          ],
          "connections": [
            { "source": "start", "outcome": "Done", "target": "check" },
            { "source": "check", "outcome": "Approve", "target": "{{(recheck ? "recheck" : "end")}}" },
            {{(recheck ? """{ "source": "recheck", "outcome": "Done", "target": "end" },""" : "")}}
            { "source": "check", "outcome": "Reject", "target": "end" }
          ]
        }
        """;

    [Fact]
    public async Task Manager_sees_the_diff_of_two_versions_and_moves_a_waiting_instance_to_the_new_one()
    {
        Guid instance;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var seed = new WorkflowActor("seed", "Загрузка", ["Operator", "Manager"]);
            await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>().ImportAsync(Definition(recheck: false), seed);
            instance = (await scope.ServiceProvider.GetRequiredService<WorkflowInstanceService>()
                .StartAsync(Id, new StartWorkflowRequest { CorrelationId = "2026-000101" }, seed)).InstanceId;
            await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>().ImportAsync(Definition(recheck: true), seed);
        }

        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "manager", BrowserApp.DemoPassword);
        await page.GotoAsync("/workflows");
        await BrowserApp.WaitForInteractiveAsync(page);
        var row = page.Locator("#definitions tr", new() { HasText = Id });
        Assert.Contains("в. 1: 1", await row.InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "workflow-definitions.png"), FullPage = true });

        await row.Locator(".definition-versions").ClickAsync();
        await page.WaitForURLAsync($"**/workflows/{Id}/versions");
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.Locator("#diff-summary").WaitForAsync();
        var diff = await page.InnerTextAsync("#diff");
        Assert.Contains("Повторная проверка", diff);
        Assert.Contains("Проверка документов (check) · Approve → Повторная проверка (recheck)", diff);
        Assert.Contains("\"PT4H\" → \"PT8H\"", diff);
        Assert.Contains("можно перенести", await page.InnerTextAsync("#migration"));
        await page.Mouse.MoveAsync(0, 0);
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "workflow-versions.png"), FullPage = true });

        await page.Locator($".migration-row[data-instance='{instance}'] input[type=checkbox]").CheckAsync();
        await page.Locator(".migration-run").ClickAsync();
        await page.Locator("#migration-none").WaitForAsync();
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "workflow-versions-migrated.png"), FullPage = true });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(2, (await scope.ServiceProvider.GetRequiredService<WorkflowInstanceService>().GetAsync(instance)).Summary.DefinitionVersion);
        }

        // Revert version 1 into a draft, then publish it: both confirmed in a dialog.
        await page.Locator("#versions tr", new() { HasText = "снята" }).Locator(".version-revert").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Восстановить" }).ClickAsync();
        var draftRow = page.Locator("#versions tr", new() { HasText = "черновик" });
        await draftRow.WaitForAsync();
        Assert.StartsWith("3", (await draftRow.Locator("td").First.InnerTextAsync()).Trim());
        Assert.Contains("Повторная проверка", await page.InnerTextAsync("#diff")); // published 2 → draft 3 removes the step again
        await draftRow.Locator(".version-publish").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Опубликовать" }).ClickAsync();
        await page.GetByText("Версия 3 опубликована.").WaitForAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(3, (await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>().GetPublishedAsync(Id))!.Info.Version);
        }

        var auditor = await app.NewPageAsync();
        await BrowserApp.LoginAsync(auditor, "auditor", BrowserApp.DemoPassword);
        await auditor.GotoAsync($"/workflows/{Id}/versions");
        await BrowserApp.WaitForInteractiveAsync(auditor);
        await auditor.Locator("#diff-summary").WaitForAsync();
        Assert.Equal(0, await auditor.Locator(".version-publish, .version-retract, .version-revert, .migration-run, #versions-editor").CountAsync());

        var operatorPage = await app.NewPageAsync();
        await BrowserApp.LoginAsync(operatorPage, "operator", BrowserApp.DemoPassword);
        await operatorPage.GotoAsync($"/workflows/{Id}/versions");
        Assert.Equal(0, await operatorPage.Locator("#diff").CountAsync());
        Assert.Contains("/account/denied", operatorPage.Url, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Import_lists_validation_errors_by_activity_and_field_and_saves_a_valid_definition_as_a_draft()
    {
        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "manager", BrowserApp.DemoPassword);
        await page.GotoAsync("/workflows");
        await BrowserApp.WaitForInteractiveAsync(page);
        var json = Definition(recheck: false).Replace(Id, "e2e-import");

        await page.Locator("#definition-import-toggle").ClickAsync();
        await page.Locator("#definition-import-json").FillAsync(json.Replace("\"target\": \"end\" }", "\"target\": \"nowhere\" }"));
        await page.Locator("#definition-import-run").ClickAsync();
        await page.Locator("#definition-import-errors").WaitForAsync();
        Assert.Contains("Действие «check», поле connections.target: Связь из действия «check» ведёт к несуществующему действию «nowhere».",
            await page.InnerTextAsync("#definition-import-errors"));
        await page.Mouse.MoveAsync(0, 0);
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "workflow-import-errors.png"), FullPage = true });

        await page.Locator("#definition-import-json").FillAsync(json);
        await page.Locator("#definition-import-run").ClickAsync();
        var row = page.Locator("#definitions tr", new() { HasText = "e2e-import" });
        await row.WaitForAsync();
        Assert.Contains("версия 1", await row.Locator("td").Nth(2).InnerTextAsync());
        Assert.Equal(0, await page.Locator("#definition-import").CountAsync());
        await using var scope = app.Services.CreateAsyncScope();
        var versions = await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>().GetVersionsAsync("e2e-import");
        Assert.Equal(DefinitionState.Draft, Assert.Single(versions).State);
    }

    [Fact]
    public async Task Manager_retries_an_incident_from_the_instance_viewer_and_then_cancels_the_instance()
    {
        // The decision calls a function nobody defined: every run of it fails, and an expression is never retried by itself.
        const string definition = """
            {
              "$schema": "./workflow.schema.json",
              "id": "e2e-incident",
              "name": "Сбойный процесс",
              "activities": [
                { "id": "start", "type": "Start" },
                { "id": "decide", "type": "Decision", "displayName": "Проверка суммы", "inputs": { "condition": { "type": "JavaScript", "value": "limitFor(amount) > 0" } } },
                { "id": "end", "type": "End" }
              ],
              "connections": [
                { "source": "start", "outcome": "Done", "target": "decide" },
                { "source": "decide", "outcome": "True", "target": "end" },
                { "source": "decide", "outcome": "False", "target": "end" }
              ]
            }
            """;
        Guid instance;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var seed = new WorkflowActor("seed", "Загрузка", ["Operator", "Manager"]);
            await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>().ImportAsync(definition, seed);
            instance = (await scope.ServiceProvider.GetRequiredService<WorkflowInstanceService>()
                .StartAsync("e2e-incident", new StartWorkflowRequest { CorrelationId = "2026-000777" }, seed)).InstanceId;
        }

        var auditor = await app.NewPageAsync();
        await BrowserApp.LoginAsync(auditor, "auditor", BrowserApp.DemoPassword);
        await auditor.GotoAsync($"/workflow-instances/{instance}");
        await BrowserApp.WaitForInteractiveAsync(auditor);
        await auditor.Locator("#incident").WaitForAsync();
        var auditorButtons = await auditor.Locator("#retry-incident, #cancel-instance").CountAsync();

        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "manager", BrowserApp.DemoPassword);
        await page.GotoAsync($"/workflow-instances/{instance}");
        await BrowserApp.WaitForInteractiveAsync(page);
        var incident = await page.Locator("#incident").InnerTextAsync();
        await page.Locator(".wf-node.state-failed[data-id='decide']").WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, "instance-incident.png"), FullPage = true });

        await page.ClickAsync("#retry-incident");
        await page.Locator(".mud-snackbar", new() { HasText = "Шаг запущен повторно." }).WaitForAsync();
        await page.Locator("#instance-journal tbody tr", new() { HasText = "Проверка суммы" }).Nth(1).WaitForAsync();
        var afterRetry = await DetailsAsync(instance);

        await page.ClickAsync("#cancel-instance");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Назад" }).ClickAsync();
        var keptAfterBack = await DetailsAsync(instance);
        await page.ClickAsync("#cancel-instance");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Отменить экземпляр" }).ClickAsync();
        await page.Locator("#instance-status", new() { HasText = "отменён" }).WaitForAsync();
        var cancelled = await DetailsAsync(instance);

        Assert.Equal(0, auditorButtons);
        Assert.Contains("Инцидент на шаге «Проверка суммы»: выражение JavaScript не вычисляется, попыток: 1", incident);
        Assert.DoesNotContain("limitFor", incident);
        Assert.Equal(WorkflowStatus.Faulted, afterRetry.Summary.Status);
        Assert.Equal(["Retried", null], afterRetry.Incidents.OrderBy(i => i.CreatedAt).Select(i => i.Resolution));
        Assert.Equal(WorkflowStatus.Faulted, keptAfterBack.Summary.Status);
        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Summary.Status);
        Assert.All(cancelled.Incidents, i => Assert.NotNull(i.ResolvedAt));
    }

    private async Task<WorkflowInstanceDetails> DetailsAsync(Guid instance)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkflowInstanceService>().GetAsync(instance);
    }
}
