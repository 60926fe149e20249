using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Embeds;

public sealed class GistPreviewTagsTests
{
    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static string? Meta(IDocument page, string attribute, string name) =>
        page.Head!.QuerySelector($"meta[{attribute}='{name}']")?.GetAttribute("content");

    [Fact]
    public async Task APublicGistPageCarriesOpenGraphTwitterAndOEmbedDiscovery()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Tags & <things>", ("a.txt", "x\n"));

        var page = Parse(await app.CreateClient().GetStringAsync($"/alice/{gist.Id}"));

        var url = $"http://localhost/alice/{gist.Id}";
        Assert.Equal("Tags & <things>", Meta(page, "property", "og:title"));
        Assert.Equal("Gist by alice: a.txt", Meta(page, "property", "og:description"));
        Assert.Equal(url, Meta(page, "property", "og:url"));
        Assert.Equal("article", Meta(page, "property", "og:type"));
        Assert.Equal("CasGists", Meta(page, "property", "og:site_name"));
        Assert.Equal("summary", Meta(page, "name", "twitter:card"));
        Assert.Equal("Tags & <things>", Meta(page, "name", "twitter:title"));
        var discovery = page.Head!.QuerySelector("link[rel='alternate'][type='application/json+oembed']");
        Assert.Equal($"http://localhost/oembed?url={Uri.EscapeDataString(url)}&format=json", discovery?.GetAttribute("href"));
        Assert.Null(Meta(page, "name", "robots"));
        Assert.Equal($"<script src=\"http://localhost/alice/{gist.Id}.js\"></script>", page.QuerySelector("#embed-code")?.GetAttribute("value"));
    }

    [Fact]
    public async Task AnUnlistedGistHasPreviewsButAsksNotToBeIndexed()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Unlisted, "Unlisted", ("a.txt", "x\n"));

        var page = Parse(await app.CreateClient().GetStringAsync($"/alice/{gist.Id}"));

        Assert.Equal("Unlisted", Meta(page, "property", "og:title"));
        Assert.Equal("noindex", Meta(page, "name", "robots"));
    }

    [Fact]
    public async Task APrivateGistPageHasNoPreviewTagsAndNoEmbedCodeEvenForItsOwner()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Private, "Private one", ("a.txt", "x\n"));
        var owner = await app.SignedInClientAsync("alice");

        var response = await owner.GetAsync($"/alice/{gist.Id}");
        var html = await response.Content.ReadAsStringAsync();
        var page = Parse(html);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Private one", html);
        Assert.Empty(page.Head!.QuerySelectorAll("meta[property^='og:'], meta[name^='twitter:'], link[rel='alternate']"));
        Assert.Null(page.QuerySelector("#embed-code"));
        Assert.DoesNotContain($"{gist.Id}.js", html);
    }
}
