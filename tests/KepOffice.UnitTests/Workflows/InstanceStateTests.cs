using System.Text.Json.Nodes;
using KepOffice.Workflows.Activities;
using KepOffice.Workflows.Runtime;

namespace KepOffice.UnitTests.Workflows;

public sealed class InstanceStateTests
{
    [Fact]
    public void Continuation_round_trips_through_its_json_document()
    {
        var bookmarkId = Guid.NewGuid();
        var state = new InstanceState
        {
            Variables = new JsonObject { ["amount"] = 10, ["applicant"] = new JsonObject { ["name"] = "Иванов" } },
            Queue =
            [
                new WorkItem { ActivityId = "a", SourceActivityId = "start", Attempt = 2, ActorId = "op-1" },
                new WorkItem
                {
                    ActivityId = "t", Kind = WorkItemKind.Resume, JournalId = Guid.NewGuid(),
                    Bookmark = new ResumedBookmark(bookmarkId, BookmarkKind.HumanTask, null, new JsonObject { ["x"] = 1 }, new JsonObject { ["y"] = 2 }, "Accept"),
                },
            ],
            ActivityStates = { ["join"] = new JsonArray("a") },
            Bookmarks = [new BookmarkRef(bookmarkId, "t", BookmarkKind.HumanTask)],
            ExecutedSinceWait = 7,
        };

        var copy = InstanceState.FromJson(state.ToJson());

        Assert.Equal(state.ToJson(), copy.ToJson());
        Assert.Equal("Иванов", (string?)copy.Variables["applicant"]!["name"]);
        var resume = copy.Queue[1];
        Assert.Equal((WorkItemKind.Resume, "Accept", BookmarkKind.HumanTask), (resume.Kind, resume.Bookmark!.Outcome, resume.Bookmark.Kind));
        Assert.Equal(2, (int)resume.Bookmark.Input!["y"]!);
        Assert.Equal(new BookmarkRef(bookmarkId, "t", BookmarkKind.HumanTask), Assert.Single(copy.Bookmarks));
    }
}
