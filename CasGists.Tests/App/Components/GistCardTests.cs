using Bunit;
using CasGists.App.Components.Shared;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Components;

public sealed class GistCardTests : BunitTestBase
{
    private GistSummary Summary(string title = "Hello", string description = "", GistVisibility visibility = GistVisibility.Public) =>
        new("0123456789abcdef0123456789abcdef", "alice", title, description, visibility, 2,
            Clock.GetUtcNow().UtcDateTime.AddDays(-5), Clock.GetUtcNow().UtcDateTime.AddHours(-3),
            "hello.cs", "C#", "public class Hello { }\n");

    [Fact]
    public void TitleAndDescriptionAreShownAsEncodedText()
    {
        var cut = Render<GistCard>(p => p.Add(c => c.Gist, Summary("<script>alert(1)</script>", "<img src=x onerror=alert(2)>")));

        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        Assert.Equal("<script>alert(1)</script>", cut.Find("a.cg-title").TextContent);
        Assert.Equal("<img src=x onerror=alert(2)>", cut.Find(".cg-card-description").TextContent);
    }

    [Fact]
    public void LinksToTheOwnerAndTheGist()
    {
        var cut = Render<GistCard>(p => p.Add(c => c.Gist, Summary()));

        Assert.Equal("/alice", cut.Find("a.cg-owner").GetAttribute("href"));
        Assert.Equal("/alice/0123456789abcdef0123456789abcdef", cut.Find("a.cg-title").GetAttribute("href"));
        Assert.Contains("2 files", cut.Find(".cg-card-meta").TextContent);
    }

    [Fact]
    public void ShowsWhenItWasUpdatedRelativelyWithTheExactTimeOnHover()
    {
        var cut = Render<GistCard>(p => p.Add(c => c.Gist, Summary()));

        var time = cut.Find(".cg-card-meta time");
        Assert.Equal("updated 3 hours ago", time.TextContent);
        Assert.Equal("2026-06-15 09:00 UTC", time.GetAttribute("title"));
    }

    [Fact]
    public void PreviewShowsTheFirstFileHighlighted()
    {
        var cut = Render<GistCard>(p => p.Add(c => c.Gist, Summary()));

        Assert.NotEmpty(cut.FindAll(".cg-card-preview .hl-keyword"));
    }

    [Fact]
    public void PublicGistsCarryNoBadgeButPrivateOnesDo()
    {
        Assert.Empty(Render<GistCard>(p => p.Add(c => c.Gist, Summary())).FindAll(".cg-badge"));

        var badge = Render<GistCard>(p => p.Add(c => c.Gist, Summary(visibility: GistVisibility.Private))).Find(".cg-badge");
        Assert.Contains("Private", badge.TextContent);
    }
}
