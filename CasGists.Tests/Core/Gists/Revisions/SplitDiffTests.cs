using CasGists.Core.Gists.Revisions;

namespace CasGists.Tests.Core.Gists.Revisions;

public sealed class SplitDiffTests
{
    private static DiffLine Ctx(int old, int @new, string text) => new(DiffLineKind.Context, old, @new, text);
    private static DiffLine Del(int old, string text) => new(DiffLineKind.Deleted, old, null, text);
    private static DiffLine Add(int @new, string text) => new(DiffLineKind.Added, null, @new, text);

    [Fact]
    public void RemovedLinesFaceTheAddedLinesOfTheirBlockAndContextFacesItself()
    {
        var hunk = new DiffLine(DiffLineKind.Hunk, null, null, "@@ -1,4 +1,3 @@");
        var rows = SplitDiff.Arrange([hunk, Ctx(1, 1, "same"), Del(2, "old a"), Del(3, "old b"), Add(2, "new a"), Ctx(4, 3, "tail")]);

        Assert.Equal(5, rows.Count);
        Assert.True(rows[0].SpansBoth);
        Assert.Same(rows[1].Left, rows[1].Right);
        Assert.Equal(("old a", "new a"), (rows[2].Left!.Text, rows[2].Right!.Text));
        Assert.Equal("old b", rows[3].Left!.Text);
        Assert.Null(rows[3].Right);
        Assert.Equal("tail", rows[4].Left!.Text);
    }

    [Fact]
    public void AdditionsOnlyLeaveTheLeftEmptyAndANewRemovalStartsANewBlock()
    {
        var rows = SplitDiff.Arrange([Add(1, "a"), Add(2, "b"), Del(1, "x"), Add(3, "c")]);

        Assert.Equal([(null, "a"), (null, "b"), ("x", "c")], rows.Select(r => (r.Left?.Text, r.Right?.Text)));
    }

    [Fact]
    public void NoNewlineNotesSpanBothSides()
    {
        var note = new DiffLine(DiffLineKind.NoNewline, null, null, "No newline at end of file");
        var rows = SplitDiff.Arrange([Del(1, "a"), note, Add(1, "a")]);

        Assert.Equal(3, rows.Count);
        Assert.True(rows[1].SpansBoth);
    }
}
