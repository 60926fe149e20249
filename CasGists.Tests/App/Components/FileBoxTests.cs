using Bunit;
using CasGists.App.Components.Shared;
using CasGists.Core.Gists;
using CasGists.Core.Rendering;
using CasGists.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Components;

public sealed class FileBoxTests : BunitTestBase
{
    private IRenderedComponent<FileBox> RenderFile(string name, string content)
    {
        var file = new GistFileView(name, "Text", content.Length, content);
        var rendered = Services.GetRequiredService<FileRenderer>().Render(new string('a', 40), file);
        return Render<FileBox>(p => p
            .Add(c => c.File, file)
            .Add(c => c.Rendered, rendered)
            .Add(c => c.RawUrl, "/alice/x/raw/" + name)
            .Add(c => c.Anchor, FileBox.AnchorFor(name, 0)));
    }

    [Fact]
    public void NumbersEveryLineAndLinksToRaw()
    {
        var cut = RenderFile("script.py", "import os\nprint(os.name)\n# done\n");

        var numbers = cut.FindAll("td.cg-ln").Select(td => td.GetAttribute("data-line-number"));
        Assert.Equal(["1", "2", "3"], numbers);
        Assert.Equal("file-0-script-py-L2", cut.FindAll("tr")[1].Id);
        Assert.Equal("/alice/x/raw/script.py", cut.Find("a[href$='raw/script.py']").GetAttribute("href"));
        Assert.Contains("script.py", cut.Find(".cg-file-name").TextContent);
    }

    [Fact]
    public void CodeIsEncodedInsideTheBox()
    {
        var cut = RenderFile("page.html", "<script>alert(1)</script>\n");

        Assert.DoesNotContain("<script>alert(1)</script>", cut.Markup);
        Assert.Equal("<script>alert(1)</script>", cut.Find("td.cg-lc").TextContent);
    }

    [Fact]
    public void MarkdownIsRenderedWithItsSourceOneClickAway()
    {
        var cut = RenderFile("README.md", "# Hi\n\n<script>x()</script>\n");

        Assert.Equal("Hi", cut.Find(".cg-markdown h1").TextContent);
        Assert.Empty(cut.FindAll(".cg-markdown script"));
        Assert.NotNull(cut.Find("input.cg-view-source"));
        Assert.Equal(3, cut.FindAll(".cg-view-pane-source td.cg-lc").Count);
    }

    [Fact]
    public void TheCopyButtonStaysHiddenUntilScriptShowsIt()
    {
        var cut = RenderFile("a.txt", "x");

        Assert.True(cut.Find("button.cg-copy").HasAttribute("hidden"));
    }
}
