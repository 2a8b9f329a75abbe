using KepOffice.EndToEndTests.Support;
using KepOffice.Workflows;
using KepOffice.Workflows.Definitions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KepOffice.EndToEndTests.Workflows;

public sealed class WorkflowDesignerTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly WorkflowActor Operator = new("e2e-operator", "", ["Operator"]);

    [Fact]
    public async Task Manager_adds_a_second_check_and_only_applications_submitted_after_publishing_need_it()
    {
        var page = await NewWidePageAsync();
        try
        {
            await AddSecondCheckAsync(page);
        }
        catch
        {
            await Screenshot(page, "designer-failure.png");
            throw;
        }
    }

    private async Task AddSecondCheckAsync(IPage page)
    {
        using var portal = await PortalDriver.PortalClientAsync(app.BaseUrl);
        var before = await PortalDriver.SubmitAsync(portal, "Петров");
        await WaitForTaskAsync(before, "check-documents");

        await BrowserApp.LoginAsync(page, "manager", BrowserApp.DemoPassword);
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.GotoAsync("/workflows/kep-issuance/editor");
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.Locator(".wf-node[data-id='check-documents']").WaitForAsync();
        await page.Locator("#no-problems").WaitForAsync();
        await Screenshot(page, "designer-opened.png");

        // Bring the document check to the middle of the canvas, then drag a human task from the palette below it.
        await FindStepAsync(page, "Проверка документов");
        await page.Locator(".wf-node.selected[data-id='check-documents']").WaitForAsync();
        var check = await BoxAsync(page.Locator(".wf-node[data-id='check-documents'] .wf-node-body"));
        var target = (X: check.X + 10, Y: check.Y + check.Height + 80);
        await DragAsync(page, page.Locator(".wf-palette-item[data-activity-type='HumanTask']"), target);
        var added = page.Locator(".wf-node[data-type='HumanTask'][data-id^='human-task'].selected");
        await added.WaitForAsync();
        var addedId = await added.GetAttributeAsync("data-id");

        await page.Locator("#properties input[id='activity-caption'], #properties #activity-caption input").First.FillAsync("Повторная проверка");
        await page.Locator("[data-input='title'] input:not([readonly])").First.FillAsync("Повторная проверка");
        await page.Locator("[data-input='role'] .mud-select").Last.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Руководитель" }).ClickAsync();
        await page.Locator($".wf-node[data-id='{addedId}'] .wf-node-label", new() { HasText = "Повторная проверка" }).WaitForAsync();

        // Approve of the document check → the new task → what followed before (the payment status).
        await DragAsync(page, page.Locator(".wf-node[data-id='check-documents'] .wf-port-out[data-outcome='Approve']"), page.Locator($".wf-node[data-id='{addedId}'] .wf-node-body"));
        await page.Locator($".wf-edge[data-source='check-documents'][data-outcome='Approve'][data-target='{addedId}']").WaitForAsync();
        await DragAsync(page, page.Locator($".wf-node[data-id='{addedId}'] .wf-port-out[data-outcome='Done']"), page.Locator(".wf-node[data-id='status-payment'] .wf-node-body"));
        await page.Locator($".wf-edge[data-source='{addedId}'][data-target='status-payment']").WaitForAsync();
        await page.Locator("#no-problems").WaitForAsync();
        // The status step after the new task gets a retry policy of its own: five attempts, the first pause 10 seconds.
        await ClickAtAsync(page, page.Locator(".wf-node[data-id='status-payment'] .wf-node-body"));
        await page.Locator(".wf-node.selected[data-id='status-payment']").WaitForAsync();
        await page.FillAsync("#retry-attempts", "5");
        await page.PressAsync("#retry-attempts", "Tab");
        await page.FillAsync("#retry-delay", "PT10S");
        await page.PressAsync("#retry-delay", "Tab");
        await page.GetByText("= 10 с").WaitForAsync();
        await page.Locator("#properties").ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.Artifacts, "designer-retry.png") });
        var statusShown = await page.Locator("#input-status").InputValueAsync();
        await ClickAtAsync(page, page.Locator($".wf-node[data-id='{addedId}'] .wf-node-body"));
        await page.Locator($".wf-node.selected[data-id='{addedId}']").WaitForAsync();

        var beforeLayout = await page.Locator($".wf-node[data-id='{addedId}']").GetAttributeAsync("transform");
        await page.ClickAsync("#auto-layout");
        await page.Locator($".wf-node[data-id='{addedId}']:not([transform='{beforeLayout}'])").WaitForAsync();
        await page.Locator($".wf-node.selected[data-id='{addedId}']").WaitForAsync();
        await Screenshot(page, "designer-edited.png");

        await page.ClickAsync("#publish");
        await page.GetByText("опубликована. Новые заявления").WaitForAsync();
        var published = await PublishedAsync();
        Assert.Contains(published.Model.Activities, a => a.Id == addedId && a.DisplayName == "Повторная проверка"
            && a.Inputs["role"].Value!.GetValue<string>() == "Manager");
        Assert.Contains(published.Model.Connections, c => c is { Source: "check-documents", Outcome: "Approve" } && c.Target == addedId);
        Assert.Contains(published.Model.Connections, c => c.Source == addedId && c.Target == "status-payment");
        Assert.Equal("Ожидает оплаты", statusShown);
        Assert.Equal((5, "PT10S"), published.Model.Activities.Single(a => a.Id == "status-payment").Retry is { } retry ? (retry.MaxAttempts, retry.InitialDelay) : default);

        var after = await PortalDriver.SubmitAsync(portal, "Сидоров");
        await CompleteAsync(await WaitForTaskAsync(after, "check-documents"), "Approve");
        await CompleteAsync(await WaitForTaskAsync(before, "check-documents"), "Approve");

        var recheck = await WaitForTaskAsync(after, addedId!);
        Assert.Equal("Повторная проверка", recheck.Title);
        Assert.Equal("Manager", recheck.Role);
        await WaitForTaskAsync(before, "mark-payment");
        var beforeTasks = await TasksOfAsync(before);
        Assert.DoesNotContain(beforeTasks, t => t.ActivityId == addedId);

        // The manager sees the new task in the inbox, and the journal leads to the instance viewer.
        await page.GotoAsync("/tasks");
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Свободные задачи моих ролей" }).ClickAsync();
        await page.Locator("table tbody tr", new() { HasText = after }).Filter(new() { HasText = "Повторная проверка" }).First.WaitForAsync();

        await page.GotoAsync("/journal");
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.Locator("table tbody tr", new() { HasText = after }).Locator("a.instance-link").ClickAsync();
        await page.WaitForURLAsync("**/workflow-instances/**");
        await page.Locator($".wf-node.state-waiting[data-id='{addedId}']").WaitForAsync();
        await page.Locator(".wf-node.state-done[data-id='check-documents']").WaitForAsync();
        await page.Locator(".wf-node.state-idle[data-id='issue']").WaitForAsync();
        var journal = await page.InnerTextAsync("#instance-journal");
        await Screenshot(page, "instance-viewer.png");

        Assert.Contains("Документы в порядке", journal);
        Assert.Contains("портал", journal);
        Assert.DoesNotContain("Сидоров", journal);
    }

    [Fact]
    public async Task A_human_task_without_a_role_is_marked_on_the_node_and_publishing_is_refused()
    {
        var publishedBefore = (await PublishedAsync()).Info.Version;
        var page = await NewWidePageAsync();
        await BrowserApp.LoginAsync(page, "manager", BrowserApp.DemoPassword);
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.GotoAsync("/workflows/kep-issuance/editor");
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.Locator(".wf-node[data-id='check-documents']").WaitForAsync();

        await page.Locator(".wf-palette-item[data-activity-type='HumanTask']").ClickAsync();
        var added = page.Locator(".wf-node[data-type='HumanTask'][data-id^='human-task'].selected.invalid");
        await added.WaitForAsync();
        var addedId = await added.GetAttributeAsync("data-id");
        var tooltip = await added.Locator("title").First.TextContentAsync();
        var problem = page.Locator($".wf-problem[data-activity='{addedId}']", new() { HasText = "не указана роль исполнителя" });
        await problem.WaitForAsync();

        await page.ClickAsync("#publish");
        var refusal = await page.Locator("#publish-refused").InnerTextAsync();
        await Screenshot(page, "designer-invalid.png");

        // Leaving with unsaved changes asks first; «Остаться» keeps the editor and the change.
        await page.GetByRole(AriaRole.Link, new() { Name = "Процессы", Exact = true }).First.ClickAsync();
        var guard = page.GetByRole(AriaRole.Dialog, new() { Name = "Несохранённые изменения" });
        await guard.WaitForAsync();
        await guard.GetByRole(AriaRole.Button, new() { Name = "Остаться" }).ClickAsync();
        await guard.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var stayedOn = page.Url;
        var keptStep = await page.Locator($".wf-node[data-id='{addedId}']").CountAsync();

        // Undo takes the step away again and the chart is valid once more.
        await page.ClickAsync("#undo");
        await page.Locator($".wf-node[data-id='{addedId}']").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.Locator("#no-problems").WaitForAsync();

        Assert.Contains("У задачи не указана роль исполнителя.", tooltip);
        Assert.Contains("Публикация отклонена", refusal);
        Assert.EndsWith("/workflows/kep-issuance/editor", stayedOn, StringComparison.Ordinal);
        Assert.Equal(1, keptStep);
        Assert.Equal(publishedBefore, (await PublishedAsync()).Info.Version);
    }

    [Fact]
    public async Task An_operator_cannot_open_the_editor_and_an_auditor_only_reads_it()
    {
        var page = await app.NewPageAsync();
        await BrowserApp.LoginAsync(page, "operator", BrowserApp.DemoPassword);
        await BrowserApp.WaitForInteractiveAsync(page);
        await page.GotoAsync("/workflows/kep-issuance/editor");
        // A full page load is turned away by the server (access denied page); in-app navigation by the router.
        await page.GetByText(new System.Text.RegularExpressions.Regex("Доступ запрещён|Недостаточно прав")).First.WaitForAsync();
        var diagrams = await page.Locator(".wf-diagram").CountAsync();

        var auditor = await app.NewPageAsync();
        await BrowserApp.LoginAsync(auditor, "auditor", BrowserApp.DemoPassword);
        await BrowserApp.WaitForInteractiveAsync(auditor);
        await auditor.GotoAsync("/workflows/kep-issuance/editor");
        await BrowserApp.WaitForInteractiveAsync(auditor);
        await auditor.Locator(".wf-node[data-id='check-documents']").WaitForAsync();
        var readOnly = await auditor.Locator("#read-only").CountAsync();
        var publish = await auditor.Locator("#publish").CountAsync();

        Assert.Equal(0, diagrams);
        Assert.Equal(1, readOnly);
        Assert.Equal(0, publish);
    }

    private async Task<IPage> NewWidePageAsync()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            Locale = "ru-RU",
            ViewportSize = new ViewportSize { Width = 1600, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    private static async Task FindStepAsync(IPage page, string caption)
    {
        await page.Locator("#find-step").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = caption, Exact = true }).ClickAsync();
    }

    // The diagram redraws its elements on every change; ask again when the element was just replaced.
    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator locator)
    {
        for (var attempt = 0; ; attempt++)
        {
            await locator.WaitForAsync();
            if (await locator.BoundingBoxAsync() is { } box)
            {
                return box;
            }

            Assert.True(attempt < 20, "element not visible");
            await Task.Delay(100);
        }
    }

    // A real mouse drag: press on the port, move in steps (the diagram draws the rubber band), release over the target.
    private static async Task DragAsync(IPage page, ILocator from, ILocator to)
    {
        var b = await BoxAsync(to);
        await DragAsync(page, from, (b.X + b.Width / 2, b.Y + b.Height / 2));
    }

    /// <summary>A click at the node's centre, as a person makes it: Playwright's own check finds SVG nodes of the panned canvas "outside of the viewport".</summary>
    private static async Task ClickAtAsync(IPage page, ILocator target)
    {
        var box = await BoxAsync(target);
        await page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
    }

    private static async Task DragAsync(IPage page, ILocator from, (float X, float Y) to)
    {
        var a = await BoxAsync(from);
        await page.Mouse.MoveAsync(a.X + a.Width / 2, a.Y + a.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(to.X, to.Y, new() { Steps = 8 });
        await page.Mouse.UpAsync();
    }

    private async Task<WorkflowDefinitionVersion> PublishedAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionService>().GetPublishedAsync("kep-issuance"))!;
    }

    private async Task<IReadOnlyList<HumanTaskView>> TasksOfAsync(string number)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var tasks = scope.ServiceProvider.GetRequiredService<KepOffice.Workflows.Tasks.HumanTaskService>();
        var page = await tasks.ListAsync(new HumanTaskQuery { Scope = HumanTaskScope.AllQueues, Search = number, IncludeClosed = true, Take = 100 },
            new WorkflowActor("e2e-manager", "", ["Manager"]));
        return page.Items.Where(t => t.CorrelationId == number).ToList();
    }

    private async Task<HumanTaskView> WaitForTaskAsync(string number, string activityId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var task = (await TasksOfAsync(number)).FirstOrDefault(t => t.ActivityId == activityId && t.Status == HumanTaskStatus.Open);
            if (task is not null)
            {
                return task;
            }

            Assert.True(DateTime.UtcNow < deadline, $"task {activityId} of {number} did not appear");
            await Task.Delay(200);
        }
    }

    private async Task CompleteAsync(HumanTaskView task, string outcome)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<KepOffice.Workflows.Tasks.HumanTaskService>()
            .CompleteAsync(task.Id, new CompleteHumanTaskRequest(outcome), Operator);
    }

    private static async Task Screenshot(IPage page, string name)
    {
        await page.WaitForTimeoutAsync(400);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.Artifacts, name) });
    }
}
