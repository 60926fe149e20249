using CasGists.App.Components.Editor;
using CasGists.Core.Gists;

namespace CasGists.Tests.App.Editor;

public sealed class GistChangesTests
{
    private static GistDraft Loaded() => GistDraft.From(new GistDetails("id", Guid.NewGuid(), "ada", "t", "", GistVisibility.Public,
        new string('a', 40), 1, DateTime.UtcNow, DateTime.UtcNow,
        [new("a.txt", "Text", 5, "alpha"), new("b.py", "Python", 8, "beta = 1"), new("c.md", "Markdown", 5, "gamma")]));

    [Fact]
    public void CountsChangedRenamedAddedAndRemovedFiles()
    {
        var draft = Loaded();
        draft.Files[1].Name = "b2.py";
        draft.Remove(draft.Files[2]);
        var added = draft.AddFile("new.txt");
        var contents = new Dictionary<string, string>
        {
            [draft.Files[0].Key] = "alpha changed",
            [draft.Files[1].Key] = "beta = 1",
            [added.Key] = "fresh",
        };

        var changes = GistChanges.Between(draft.Files, contents, draft.Removed.Count);

        Assert.Equal(new GistChanges(Changed: 1, Renamed: 1, Added: 1, Removed: 1), changes);
        Assert.Equal("Saved — 1 file changed, 1 renamed, 1 added, 1 removed", changes.Describe());
    }

    [Fact]
    public void ASaveWithoutFileChangesSaysSo()
    {
        var draft = Loaded();
        var contents = draft.Files.ToDictionary(f => f.Key, f => f.Name switch { "a.txt" => "alpha", "b.py" => "beta = 1", _ => "gamma" });

        Assert.Equal("Saved — no file changes", GistChanges.Between(draft.Files, contents, 0).Describe());
    }

    [Fact]
    public void NewFileNamesAvoidNamesAlreadyUsed()
    {
        var draft = new GistDraft();
        draft.AddFile("gistfile2.txt");

        Assert.Equal("gistfile3.txt", draft.SuggestFileName());
    }
}
