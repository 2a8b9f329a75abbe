using System.Collections.Concurrent;
using KepOffice.Workflows.Definitions;

namespace KepOffice.Workflows.Runtime;

/// <summary>A definition version prepared for execution.</summary>
internal sealed class DefinitionGraph
{
    private readonly ILookup<(string Source, string Outcome), string> _targets;
    private readonly ILookup<string, string> _sources;
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _ancestors = new(StringComparer.Ordinal);

    public DefinitionGraph(WorkflowDefinitionModel model)
    {
        Model = model;
        Activities = model.Activities.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _targets = model.Connections.ToLookup(c => (c.Source, c.Outcome), c => c.Target);
        _sources = model.Connections.ToLookup(c => c.Target, c => c.Source, StringComparer.Ordinal);
    }

    public WorkflowDefinitionModel Model { get; }

    public IReadOnlyDictionary<string, WorkflowActivityModel> Activities { get; }

    public IEnumerable<string> Targets(string source, string outcome) => _targets[(source, outcome)];

    public IReadOnlyList<string> IncomingSources(string target) => _sources[target].Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Activities from which <paramref name="target"/> can be reached, excluding itself.</summary>
    public IReadOnlySet<string> AncestorsOf(string target) => _ancestors.GetOrAdd(target, t =>
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([t]);
        while (pending.TryDequeue(out var id))
        {
            foreach (var source in _sources[id])
            {
                if (seen.Add(source))
                {
                    pending.Enqueue(source);
                }
            }
        }

        seen.Remove(t);
        return seen;
    });
}

/// <summary>Parsed published versions by row id; a published version's content never changes.</summary>
internal sealed class DefinitionGraphCache
{
    private readonly ConcurrentDictionary<Guid, DefinitionGraph> _graphs = new();

    public bool TryGet(Guid versionId, out DefinitionGraph graph) => _graphs.TryGetValue(versionId, out graph!);

    public DefinitionGraph Add(Guid versionId, string json) =>
        _graphs.GetOrAdd(versionId, _ => new DefinitionGraph(WorkflowJson.Parse(json)));
}
