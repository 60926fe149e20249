using Bunit;
using CasGists.App.Components.Editor;
using CasGists.Core.Common;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Editor;

public sealed class FileTabsTests : BunitTestBase
{
    [Fact]
    public void ShowsATabPerFileAndMarksTheActiveOneAndTheOneWithAnError()
    {
        var draft = new GistDraft();
        var ok = draft.AddFile("ok.txt");
        var bad = draft.AddFile("a/b.txt");
        draft.AddFile("");
        var errors = EditorErrors.From(new ValidationException("files[1].name", "bad"), draft.Files);

        var cut = Render<FileTabs>(p => p
            .Add(c => c.Files, draft.Files)
            .Add(c => c.ActiveKey, ok.Key)
            .Add(c => c.Errors, errors));

        var tabs = cut.FindAll("[role=tab]");
        Assert.Equal(["ok.txt", "a/b.txt", "untitled"], tabs.Select(t => t.TextContent.Trim()));
        Assert.Equal("true", tabs[0].GetAttribute("aria-selected"));
        Assert.Equal("false", tabs[1].GetAttribute("aria-selected"));
        Assert.Contains("has-error", tabs[1].ClassList);
        Assert.DoesNotContain("has-error", tabs[0].ClassList);
        Assert.Equal(bad.Key, tabs[1].GetAttribute("data-file-key"));
    }

    [Fact]
    public void SelectingATabReportsItsFile()
    {
        var draft = new GistDraft();
        draft.AddFile("one.txt");
        var two = draft.AddFile("two.txt");
        DraftFile? selected = null;

        var cut = Render<FileTabs>(p => p
            .Add(c => c.Files, draft.Files)
            .Add(c => c.Selected, (DraftFile f) => selected = f));
        cut.FindAll("[role=tab]")[1].Click();

        Assert.Same(two, selected);
    }

    [Fact]
    public void AddFileIsDisabledAtTheFileLimit()
    {
        var draft = new GistDraft();
        draft.AddFile("one.txt");
        draft.AddFile("two.txt");

        var cut = Render<FileTabs>(p => p.Add(c => c.Files, draft.Files).Add(c => c.MaxFiles, 2));

        Assert.True(cut.Find("button.gist-file-tab-add").HasAttribute("disabled"));
    }
}
