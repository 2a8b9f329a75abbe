using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KepOffice.Core.Applications;
using KepOffice.Core.Data;
using KepOffice.IntegrationTests.Issuance;
using KepOffice.IntegrationTests.Support;
using KepOffice.IntegrationTests.WorkflowRuntime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace KepOffice.IntegrationTests.Faults;

/// <summary>
/// Intake saves the application, then starts its issuance process in a second transaction. The fault test caught a node
/// killed between the two: the application existed, the portal's retry with the same idempotency key got its number back,
/// and no process (so no operator task) ever existed for it. These tests put an application into that state and check
/// both ways out: the portal's retry, and the workflow-recovery job for a portal that never retries.
/// </summary>
[Collection(SharedAppsCollection.Name)]
public sealed class ApplicationWithoutProcessTests(SharedApps apps)
{
    [Theory, BothProviders]
    public async Task The_portals_retry_starts_the_process_of_an_application_saved_without_one(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var (number, key, portal, csr) = await SubmitAsync(app);
        await LoseProcessAsync(app, number);

        var retried = await PostAsync(portal, key, csr);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(number, (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString());
        await AssertOneProcessWaitingForDocumentCheckAsync(app, number);
    }

    [Theory, BothProviders]
    public async Task The_retry_links_a_process_that_was_started_but_not_yet_linked_and_starts_no_second_one(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var (number, key, portal, csr) = await SubmitAsync(app);
        await ExecuteAsync(app, db => db.Set<Application>().Where(a => a.Number == number)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.WorkflowInstanceId, (Guid?)null)));

        var retried = await PostAsync(portal, key, csr);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await AssertOneProcessWaitingForDocumentCheckAsync(app, number);
    }

    [Theory, BothProviders]
    public async Task The_recovery_job_starts_the_process_of_an_application_nobody_retries(DatabaseProvider provider)
    {
        var app = apps.For(provider);
        var (number, _, _, _) = await SubmitAsync(app);
        await LoseProcessAsync(app, number);

        int started;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            started = await scope.ServiceProvider.GetRequiredService<SubmitApplication>().StartMissingWorkflowsAsync(TimeSpan.Zero, CancellationToken.None);
        }

        Assert.True(started >= 1, $"started {started}");
        await AssertOneProcessWaitingForDocumentCheckAsync(app, number);
    }

    private static async Task<(string Number, string Key, HttpClient Portal, byte[] Csr)> SubmitAsync(KepOfficeApp app)
    {
        var portal = await IssuanceDriver.PortalClientAsync(app);
        var key = Guid.NewGuid().ToString();
        var csr = await IssuanceDriver.GostCsrAsync();
        var submitted = await PostAsync(portal, key, csr);
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        return ((await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!, key, portal, csr);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient portal, string key, byte[] csr)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/intake/applications") { Content = IssuanceDriver.Application(csr) };
        request.Headers.Add("Idempotency-Key", key);
        return await portal.SendAsync(request);
    }

    /// <summary>What a node killed right after saving the application leaves: the application, and no process at all.</summary>
    private static Task LoseProcessAsync(KepOfficeApp app, string number) => ExecuteAsync(app, async db =>
    {
        var instance = await db.Set<Application>().Where(a => a.Number == number).Select(a => a.WorkflowInstanceId).SingleAsync();
        Assert.Equal(1, await db.Database.ExecuteSqlAsync($"DELETE FROM wf_instances WHERE \"Id\" = {instance}"));
        return await db.Set<Application>().Where(a => a.Number == number).ExecuteUpdateAsync(s => s.SetProperty(a => a.WorkflowInstanceId, (Guid?)null));
    });

    private static async Task AssertOneProcessWaitingForDocumentCheckAsync(KepOfficeApp app, string number)
    {
        var instances = await WorkflowTables.QueryAsync(app.Services, $"SELECT \"Id\" FROM wf_instances WHERE \"CorrelationId\" = '{number}'");
        var tasks = await WorkflowTables.QueryAsync(app.Services, $"SELECT \"ActivityId\", \"Status\" FROM wf_tasks WHERE \"CorrelationId\" = '{number}'");
        Guid? linked;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            linked = await scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>().Set<Application>().Where(a => a.Number == number)
                .Select(a => a.WorkflowInstanceId).SingleAsync();
        }

        var instance = Assert.Single(instances);
        Assert.Equal(instance["Id"] is Guid g ? g : Guid.Parse((string)instance["Id"]!), linked);
        var task = Assert.Single(tasks);
        Assert.Equal(("check-documents", "Open"), ((string)task["ActivityId"]!, (string)task["Status"]!));
    }

    private static async Task ExecuteAsync(KepOfficeApp app, Func<KepOfficeDbContext, Task<int>> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(1, await change(scope.ServiceProvider.GetRequiredService<KepOfficeDbContext>()));
    }
}
