using Bunit;
using CasGists.App.Components.Shared;
using CasGists.Core.Gists.Revisions;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Components;

public sealed class DiffFileTests : BunitTestBase
{
    private IRenderedComponent<DiffFile> RenderChange(FileChange change) =>
        Render<DiffFile>(p => p.Add(c => c.Change, change).Add(c => c.Anchor, "d-0").Add(c => c.FileUrl, "/alice/x/raw/r/a.txt"));

    [Fact]
    public void AddedAndDeletedLinesGetTheirClassesAndBothLineNumbers()
    {
        var cut = RenderChange(new FileChange("a.txt", null, FileChangeKind.Modified, 1, 1, false, false,
        [
            new(DiffLineKind.Hunk, null, null, "@@ -1,2 +1,2 @@"),
            new(DiffLineKind.Context, 1, 1, "same"),
            new(DiffLineKind.Deleted, 2, null, "<old>"),
            new(DiffLineKind.Added, null, 2, "new"),
        ]));

        Assert.Equal(["cg-diff-hunk", "cg-diff-ctx", "cg-diff-del", "cg-diff-add"], cut.FindAll("tr").Select(tr => tr.ClassName));
        var deleted = cut.Find("tr.cg-diff-del");
        Assert.Equal(["2", null], deleted.QuerySelectorAll("td.cg-ln").Select(td => td.GetAttribute("data-line-number")));
        Assert.Equal("<old>", deleted.QuerySelector("td.cg-lc")!.TextContent);
    }

    [Fact]
    public void ACollapsedDiffSaysSoAndLinksToTheFile()
    {
        var cut = RenderChange(new FileChange("a.txt", null, FileChangeKind.Added, 5000, 0, false, true, []));

        Assert.Empty(cut.FindAll("table"));
        Assert.Contains("Large diff not shown (5000 lines changed)", cut.Markup);
        Assert.Equal("/alice/x/raw/r/a.txt", cut.Find(".cg-diff-note a").GetAttribute("href"));
    }

    [Fact]
    public void ARenameShowsTheOldNameAndABinaryFileNoLines()
    {
        var renamed = RenderChange(new FileChange("new.txt", "old.txt", FileChangeKind.Renamed, 0, 0, false, false, []));
        var binary = RenderChange(new FileChange("b.bin", null, FileChangeKind.Modified, 0, 0, true, false, []));

        Assert.Equal("old.txt", renamed.Find(".cg-diff-oldname").TextContent);
        Assert.Contains("File renamed without changes.", renamed.Markup);
        Assert.Contains("Binary file not shown.", binary.Markup);
    }

    [Fact]
    public void SplitViewPutsOldLinesLeftAndNewLinesRightAndKeepsTheUnifiedTableForNarrowScreens()
    {
        var cut = Render<DiffFile>(p => p.Add(c => c.Change, new FileChange("a.txt", null, FileChangeKind.Modified, 1, 2, false, false,
        [
            new(DiffLineKind.Hunk, null, null, "@@ -1,3 +1,2 @@"),
            new(DiffLineKind.Context, 1, 1, "same"),
            new(DiffLineKind.Deleted, 2, null, "<old>"),
            new(DiffLineKind.Deleted, 3, null, "gone"),
            new(DiffLineKind.Added, null, 2, "new"),
        ])).Add(c => c.Anchor, "d-0").Add(c => c.Split, true));

        var split = cut.Find(".cg-diff-split-view table.cg-diff-split");
        var rows = split.QuerySelectorAll("tbody tr");
        Assert.Equal(4, rows.Length);
        Assert.Equal("3", rows[0].QuerySelector("td.cg-lc")!.GetAttribute("colspan"));
        var changed = rows[2].QuerySelectorAll("td");
        Assert.Equal(["cg-ln cg-diff-del", "cg-lc cg-diff-del", "cg-ln cg-diff-add", "cg-lc cg-diff-add"], changed.Select(td => td.ClassName));
        Assert.Equal("2|<old>|2|new", string.Join('|', changed[0].GetAttribute("data-line-number"), changed[1].TextContent, changed[2].GetAttribute("data-line-number"), changed[3].TextContent));
        Assert.Equal("cg-lc cg-diff-empty", rows[3].QuerySelectorAll("td")[3].ClassName);
        Assert.Equal(5, cut.FindAll(".cg-diff-narrow-view tr").Count);
    }

    [Fact]
    public void UnifiedIsTheDefaultAndRendersOneTable()
    {
        var cut = RenderChange(new FileChange("a.txt", null, FileChangeKind.Added, 1, 0, false, false, [new(DiffLineKind.Added, null, 1, "x")]));

        Assert.Single(cut.FindAll("table"));
        Assert.Empty(cut.FindAll(".cg-diff-split"));
    }
}
