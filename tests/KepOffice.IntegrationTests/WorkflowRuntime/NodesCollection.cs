namespace KepOffice.IntegrationTests.WorkflowRuntime;

/// <summary>The multi-node proofs start several hosts each; they run one after another, not beside each other.</summary>
[CollectionDefinition(Name)]
public sealed class NodesCollection
{
    public const string Name = "workflow runtime nodes";
}
