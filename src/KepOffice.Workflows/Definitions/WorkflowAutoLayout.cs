namespace KepOffice.Workflows.Definitions;

/// <summary>Sizes and gaps used by <see cref="WorkflowAutoLayout"/>; the designer passes the sizes it draws.</summary>
public sealed record WorkflowLayoutOptions
{
    /// <summary>Width of every node.</summary>
    public double NodeWidth { get; init; } = 220;

    /// <summary>Height of a node; by default a fixed 80.</summary>
    public Func<WorkflowActivityModel, double> NodeHeight { get; init; } = _ => 80;

    /// <summary>Horizontal gap between layers (room for the connections and their labels).</summary>
    public double LayerGap { get; init; } = 90;

    /// <summary>Vertical gap between nodes of one layer.</summary>
    public double NodeGap { get; init; } = 36;

    /// <summary>Height reserved for a connection passing through a layer it does not stop in.</summary>
    public double ChannelHeight { get; init; } = 12;
}

/// <summary>
/// Layered ("Sugiyama-style") layout from left to right: back edges of loops are set aside, layers come from the
/// longest path, long connections get placeholder nodes, the order within layers is improved by barycentric sweeps
/// (keeping the order with the fewest crossings) and nodes are then pulled towards their neighbours without overlapping.
/// </summary>
public static class WorkflowAutoLayout
{
    private const int Sweeps = 12;
    private const int StraighteningPasses = 6;

    /// <summary>Returns <paramref name="model"/> with a new position for every activity.</summary>
    public static WorkflowDefinitionModel Arrange(WorkflowDefinitionModel model, WorkflowLayoutOptions? options = null)
    {
        options ??= new WorkflowLayoutOptions();
        var positions = ComputePositions(model, options);
        return model with
        {
            Activities = model.Activities.Select(a => positions.TryGetValue(a.Id, out var p) ? a with { Position = p } : a).ToList(),
        };
    }

    /// <summary>Positions (top-left corners) by activity id.</summary>
    public static IReadOnlyDictionary<string, WorkflowPosition> ComputePositions(WorkflowDefinitionModel model, WorkflowLayoutOptions options)
    {
        var graph = new Graph(model, options);
        var forward = graph.ForwardEdges();
        var layers = graph.LongestPathLayers(forward);
        var ordered = graph.BuildLayers(forward, layers);
        graph.ReduceCrossings(ordered);
        return graph.Coordinates(ordered);
    }

    /// <summary>Counts the crossings between consecutive layers, for tests and for choosing the best order.</summary>
    internal static int CountCrossings(IReadOnlyList<IReadOnlyList<int>> layers, IReadOnlyList<(int From, int To)> edges)
    {
        var index = new Dictionary<int, int>();
        var layerOf = new Dictionary<int, int>();
        for (var l = 0; l < layers.Count; l++)
        {
            for (var i = 0; i < layers[l].Count; i++)
            {
                index[layers[l][i]] = i;
                layerOf[layers[l][i]] = l;
            }
        }

        var crossings = 0;
        var byLayer = edges.Where(e => layerOf[e.To] == layerOf[e.From] + 1).GroupBy(e => layerOf[e.From]);
        foreach (var group in byLayer)
        {
            var list = group.Select(e => (A: index[e.From], B: index[e.To])).ToList();
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    if ((list[i].A - list[j].A) * (list[i].B - list[j].B) < 0)
                    {
                        crossings++;
                    }
                }
            }
        }

        return crossings;
    }

    private sealed class Graph
    {
        private readonly WorkflowLayoutOptions _options;
        private readonly List<string> _ids = [];
        private readonly List<double> _heights = [];
        private readonly List<bool> _placeholder = [];
        private readonly List<(int From, int To)> _edges = [];
        private readonly List<(int From, int To)> _layerEdges = [];

        public Graph(WorkflowDefinitionModel model, WorkflowLayoutOptions options)
        {
            _options = options;
            var index = new Dictionary<string, int>(StringComparer.Ordinal);

            // The start goes first so that depth-first search sees the flowchart as its author does.
            foreach (var activity in model.Activities.OrderBy(a => a.Type == "Start" ? 0 : 1))
            {
                if (index.TryAdd(activity.Id, _ids.Count))
                {
                    _ids.Add(activity.Id);
                    _heights.Add(options.NodeHeight(activity));
                    _placeholder.Add(false);
                }
            }

            foreach (var c in model.Connections)
            {
                if (index.TryGetValue(c.Source, out var from) && index.TryGetValue(c.Target, out var to) && from != to && !_edges.Contains((from, to)))
                {
                    _edges.Add((from, to));
                }
            }
        }

        private int RealCount => _placeholder.Count(p => !p);

        /// <summary>Edges without the ones that close a loop (found by depth-first search from the start).</summary>
        public List<(int From, int To)> ForwardEdges()
        {
            var state = new int[_ids.Count]; // 0 unseen, 1 on the stack, 2 done
            var back = new HashSet<(int, int)>();
            var successors = _edges.ToLookup(e => e.From, e => e.To);
            for (var root = 0; root < _ids.Count; root++)
            {
                if (state[root] != 0)
                {
                    continue;
                }

                var stack = new Stack<(int Node, IEnumerator<int> Next)>();
                state[root] = 1;
                stack.Push((root, successors[root].GetEnumerator()));
                while (stack.Count > 0)
                {
                    var (node, next) = stack.Peek();
                    if (!next.MoveNext())
                    {
                        state[node] = 2;
                        stack.Pop();
                        continue;
                    }

                    var target = next.Current;
                    if (state[target] == 1)
                    {
                        back.Add((node, target));
                    }
                    else if (state[target] == 0)
                    {
                        state[target] = 1;
                        stack.Push((target, successors[target].GetEnumerator()));
                    }
                }
            }

            return _edges.Where(e => !back.Contains(e)).ToList();
        }

        public int[] LongestPathLayers(List<(int From, int To)> forward)
        {
            var n = _ids.Count;
            var layer = new int[n];
            var incoming = new int[n];
            foreach (var e in forward)
            {
                incoming[e.To]++;
            }

            var successors = forward.ToLookup(e => e.From, e => e.To);
            var ready = new Queue<int>(Enumerable.Range(0, n).Where(i => incoming[i] == 0));
            while (ready.TryDequeue(out var node))
            {
                foreach (var next in successors[node])
                {
                    layer[next] = Math.Max(layer[next], layer[node] + 1);
                    if (--incoming[next] == 0)
                    {
                        ready.Enqueue(next);
                    }
                }
            }

            return layer;
        }

        /// <summary>Splits long edges with placeholders and gives each layer its first order (breadth-first from the start).</summary>
        public List<List<int>> BuildLayers(List<(int From, int To)> forward, int[] layerOfReal)
        {
            var layerOf = layerOfReal.ToList();
            foreach (var (from, to) in forward)
            {
                var previous = from;
                for (var l = layerOf[from] + 1; l < layerOf[to]; l++)
                {
                    var dummy = _ids.Count;
                    _ids.Add("");
                    _heights.Add(_options.ChannelHeight);
                    _placeholder.Add(true);
                    layerOf.Add(l);
                    _layerEdges.Add((previous, dummy));
                    previous = dummy;
                }

                _layerEdges.Add((previous, to));
            }

            var visitOrder = new List<int>();
            var seen = new HashSet<int>();
            var successors = _layerEdges.ToLookup(e => e.From, e => e.To);
            foreach (var root in Enumerable.Range(0, _ids.Count).Where(i => !_layerEdges.Any(e => e.To == i)))
            {
                var queue = new Queue<int>([root]);
                seen.Add(root);
                while (queue.TryDequeue(out var node))
                {
                    visitOrder.Add(node);
                    foreach (var next in successors[node].Where(seen.Add))
                    {
                        queue.Enqueue(next);
                    }
                }
            }

            visitOrder.AddRange(Enumerable.Range(0, _ids.Count).Where(i => !seen.Contains(i)));
            var layers = Enumerable.Range(0, layerOf.Count == 0 ? 0 : layerOf.Max() + 1).Select(_ => new List<int>()).ToList();
            foreach (var node in visitOrder)
            {
                layers[layerOf[node]].Add(node);
            }

            return layers;
        }

        public void ReduceCrossings(List<List<int>> layers)
        {
            var predecessors = _layerEdges.ToLookup(e => e.To, e => e.From);
            var successors = _layerEdges.ToLookup(e => e.From, e => e.To);
            var best = layers.Select(l => l.ToList()).ToList();
            var bestCrossings = CountCrossings(best, _layerEdges);
            for (var sweep = 0; sweep < Sweeps && bestCrossings > 0; sweep++)
            {
                var down = sweep % 2 == 0;
                var range = down ? Enumerable.Range(1, layers.Count - 1) : Enumerable.Range(0, layers.Count - 1).Reverse();
                foreach (var l in range)
                {
                    var fixedLayer = layers[down ? l - 1 : l + 1];
                    var position = fixedLayer.Select((node, i) => (node, i)).ToDictionary(x => x.node, x => (double)x.i);
                    var neighbours = down ? predecessors : successors;
                    var current = layers[l];
                    var keys = current.Select((node, i) =>
                    {
                        var placed = neighbours[node].Where(position.ContainsKey).Select(n => position[n]).ToList();
                        return (node, key: placed.Count == 0 ? i : placed.Average(), i);
                    }).OrderBy(x => x.key).ThenBy(x => x.i).Select(x => x.node).ToList();
                    layers[l] = keys;
                }

                var crossings = CountCrossings(layers, _layerEdges);
                if (crossings < bestCrossings)
                {
                    bestCrossings = crossings;
                    best = layers.Select(x => x.ToList()).ToList();
                }
            }

            for (var l = 0; l < layers.Count; l++)
            {
                layers[l] = best[l];
            }
        }

        public Dictionary<string, WorkflowPosition> Coordinates(List<List<int>> layers)
        {
            var y = new double[_ids.Count];
            foreach (var layer in layers)
            {
                var top = 0.0;
                foreach (var node in layer)
                {
                    y[node] = top;
                    top += _heights[node] + Gap(node);
                }
            }

            // Pull each node towards the centres of its neighbours, alternately from the left and from the right.
            var predecessors = _layerEdges.ToLookup(e => e.To, e => e.From);
            var successors = _layerEdges.ToLookup(e => e.From, e => e.To);
            for (var pass = 0; pass < StraighteningPasses; pass++)
            {
                var fromLeft = pass % 2 == 0;
                var order = fromLeft ? Enumerable.Range(1, Math.Max(0, layers.Count - 1)) : Enumerable.Range(0, Math.Max(0, layers.Count - 1)).Reverse();
                foreach (var l in order)
                {
                    var layer = layers[l];
                    var wanted = layer.Select(node =>
                    {
                        var neighbours = (fromLeft ? predecessors[node] : successors[node]).ToList();
                        return neighbours.Count == 0
                            ? y[node]
                            : neighbours.Average(n => y[n] + _heights[n] / 2) - _heights[node] / 2;
                    }).ToArray();
                    Place(layer, wanted, y);
                }
            }

            var minY = layers.SelectMany(l => l).Select(n => y[n]).DefaultIfEmpty(0).Min();
            var result = new Dictionary<string, WorkflowPosition>(StringComparer.Ordinal);
            for (var l = 0; l < layers.Count; l++)
            {
                foreach (var node in layers[l].Where(n => !_placeholder[n]))
                {
                    result[_ids[node]] = new WorkflowPosition(l * (_options.NodeWidth + _options.LayerGap), Math.Round(y[node] - minY));
                }
            }

            return result;
        }

        private double Gap(int node) => _placeholder[node] ? _options.NodeGap / 2 : _options.NodeGap;

        /// <summary>
        /// Puts the nodes of a layer as near their wanted tops as their order and the gaps allow: overlapping nodes form
        /// blocks that sit at the average of their members' wishes (least squares under the order constraint).
        /// </summary>
        private void Place(List<int> layer, double[] wanted, double[] y)
        {
            var blocks = new List<(int First, int Count, double Sum, double Top)>();
            for (var i = 0; i < layer.Count; i++)
            {
                var block = (First: i, Count: 1, Sum: wanted[i], Top: wanted[i]);
                while (blocks.Count > 0)
                {
                    var previous = blocks[^1];
                    var previousBottom = previous.Top + Extent(layer, previous.First, previous.Count);
                    if (previousBottom <= block.Top)
                    {
                        break;
                    }

                    // Offsets of the members inside the merged block shift the wishes of the later ones.
                    var offset = Extent(layer, previous.First, previous.Count);
                    var sum = previous.Sum + block.Sum - offset * block.Count;
                    var count = previous.Count + block.Count;
                    block = (previous.First, count, sum, sum / count);
                    blocks.RemoveAt(blocks.Count - 1);
                }

                blocks.Add(block);
            }

            foreach (var block in blocks)
            {
                var top = block.Top;
                for (var i = block.First; i < block.First + block.Count; i++)
                {
                    y[layer[i]] = top;
                    top += _heights[layer[i]] + Gap(layer[i]);
                }
            }
        }

        private double Extent(List<int> layer, int first, int count)
        {
            var extent = 0.0;
            for (var i = first; i < first + count; i++)
            {
                extent += _heights[layer[i]] + Gap(layer[i]);
            }

            return extent;
        }
    }
}
