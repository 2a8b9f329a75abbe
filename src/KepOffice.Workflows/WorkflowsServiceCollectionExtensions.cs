using KepOffice.Workflows.Activities;
using KepOffice.Workflows.Activities.BuiltIn;
using KepOffice.Workflows.Definitions;
using KepOffice.Workflows.Expressions;
using KepOffice.Workflows.Persistence;
using KepOffice.Workflows.Runtime;
using KepOffice.Workflows.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KepOffice.Workflows;

/// <summary>Registers the workflow runtime.</summary>
public static class WorkflowsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime on top of the host's <typeparamref name="TDbContext"/> (registered by the host as scoped, with
    /// <see cref="WorkflowsModelBuilderExtensions.ApplyWorkflowsModel"/> called in its <c>OnModelCreating</c>).
    /// Built-in activities are registered first; <paramref name="configure"/> adds the host's activities and settings.
    /// </summary>
    public static IServiceCollection AddWorkflows<TDbContext>(this IServiceCollection services, Action<WorkflowsOptions>? configure = null)
        where TDbContext : DbContext
    {
        var options = new WorkflowsOptions();
        AddBuiltInActivities(options);
        configure?.Invoke(options);

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<IWorkflowEmailSender, MissingEmailSender>();
        foreach (var (type, _) in options.Activities.Values)
        {
            services.TryAddTransient(type);
        }

        AddRuntime(services);
        services.AddScoped(sp => new WorkflowDb(sp.GetRequiredService<TDbContext>()));
        AddApplicationServices(services);
        return services;
    }

    /// <summary>
    /// Registers an activity after <see cref="AddWorkflows{TDbContext}"/> was called (e.g. from the host's own
    /// <c>AddKepOfficeCore()</c>); equivalent to <see cref="WorkflowsOptions.AddActivity{T}"/>.
    /// </summary>
    public static IServiceCollection AddWorkflowActivity<T>(this IServiceCollection services) where T : class, IActivity
    {
        var options = services.Select(d => d.ImplementationInstance).OfType<WorkflowsOptions>().LastOrDefault()
            ?? throw new InvalidOperationException("Call AddWorkflows<TDbContext>() before AddWorkflowActivity<T>().");
        options.AddActivity<T>();
        services.TryAddTransient<T>();
        return services;
    }

    private static void AddBuiltInActivities(WorkflowsOptions options) => options
        .AddActivity<StartActivity>()
        .AddActivity<EndActivity>()
        .AddActivity<DecisionActivity>()
        .AddActivity<SwitchActivity>()
        .AddActivity<ForkActivity>()
        .AddActivity<JoinActivity>()
        .AddActivity<SetVariableActivity>()
        .AddActivity<DelayActivity>()
        .AddActivity<TimerActivity>()
        .AddActivity<WaitForStimulusActivity>()
        .AddActivity<HumanTaskActivity>()
        .AddActivity<SendEmailActivity>();

    private static void AddRuntime(IServiceCollection services)
    {
        services.AddSingleton(sp => new ActivityRegistry(sp.GetRequiredService<WorkflowsOptions>()));
        services.AddSingleton<JavaScriptEvaluator>();
        services.AddSingleton<WorkflowValidator>();
        services.AddSingleton<DefinitionGraphCache>();
        services.AddSingleton<KeyedAsyncLock>();
        services.AddSingleton<WorkflowTransactions>();
        services.AddSingleton<WorkflowEngine>();
    }

    private static void AddApplicationServices(IServiceCollection services)
    {
        services.AddScoped(sp => new WorkflowDefinitionService(
            sp.GetRequiredService<WorkflowTransactions>(), sp.GetRequiredService<WorkflowValidator>(), sp.GetRequiredService<TimeProvider>()));
        services.AddScoped(sp => new WorkflowInstanceService(
            sp.GetRequiredService<WorkflowEngine>(), sp.GetRequiredService<WorkflowTransactions>(), sp.GetRequiredService<WorkflowsOptions>()));
        services.AddScoped(sp => new WorkflowMigrationService(
            sp.GetRequiredService<WorkflowEngine>(), sp.GetRequiredService<WorkflowTransactions>(), sp.GetRequiredService<DefinitionGraphCache>(),
            sp.GetRequiredService<WorkflowsOptions>()));
        services.AddScoped(sp => new HumanTaskService(
            sp.GetRequiredService<WorkflowEngine>(), sp.GetRequiredService<WorkflowTransactions>(), sp.GetRequiredService<WorkflowsOptions>()));
        services.AddScoped(sp => new WorkflowStimulusService(
            sp.GetRequiredService<WorkflowEngine>(), sp.GetRequiredService<WorkflowTransactions>(), sp.GetRequiredService<WorkflowsOptions>()));
        services.AddScoped(sp => new WorkflowMaintenance(
            sp.GetRequiredService<WorkflowEngine>(), sp.GetRequiredService<WorkflowTransactions>(), sp.GetRequiredService<WorkflowsOptions>()));
    }
}
