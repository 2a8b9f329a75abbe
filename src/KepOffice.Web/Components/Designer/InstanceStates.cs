using KepOffice.Workflows;
using KepOffice.Workflows.Definitions;

namespace KepOffice.Web.Components.Designer;

/// <summary>What each activity of an instance did, read from its journal, open bookmarks and incidents.</summary>
public static class InstanceStates
{
    public static IReadOnlyDictionary<string, ActivityRunState> Compute(WorkflowDefinitionModel model, WorkflowInstanceDetails details)
    {
        var states = model.Activities.ToDictionary(a => a.Id, _ => ActivityRunState.NotReached, StringComparer.Ordinal);
        foreach (var entry in details.Journal.OrderBy(j => j.Sequence))
        {
            if (!states.ContainsKey(entry.ActivityId))
            {
                continue;
            }

            states[entry.ActivityId] = entry.Status switch
            {
                JournalStatus.Completed => ActivityRunState.Done,
                JournalStatus.Suspended => ActivityRunState.Waiting,
                JournalStatus.Faulted => ActivityRunState.Failed,
                JournalStatus.Cancelled => states[entry.ActivityId],
            };
        }

        // A step left waiting in the journal but without a bookmark any more was resumed by a later entry or cancelled.
        var waiting = details.Bookmarks.Select(b => b.ActivityId).ToHashSet(StringComparer.Ordinal);
        foreach (var id in states.Where(s => s.Value == ActivityRunState.Waiting && !waiting.Contains(s.Key)).Select(s => s.Key).ToList())
        {
            states[id] = details.Summary.Status is WorkflowStatus.Suspended or WorkflowStatus.Running ? ActivityRunState.Waiting : ActivityRunState.Done;
        }

        foreach (var id in waiting.Where(states.ContainsKey))
        {
            states[id] = ActivityRunState.Waiting;
        }

        foreach (var incident in details.Incidents.Where(i => i.ResolvedAt is null && states.ContainsKey(i.ActivityId)))
        {
            states[incident.ActivityId] = ActivityRunState.Failed;
        }

        return states;
    }

    /// <summary>Connections the instance followed: outcomes the journal recorded for each activity.</summary>
    public static ISet<(string Source, string Outcome)> TakenConnections(WorkflowInstanceDetails details) =>
        details.Journal
            .Where(j => j.Outcome is not null)
            .SelectMany(j => j.Outcome!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(o => (j.ActivityId, o)))
            .ToHashSet();
}
