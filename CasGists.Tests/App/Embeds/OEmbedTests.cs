using System.Net;
using System.Text.Json;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Embeds;

public sealed class OEmbedTests
{
    private static string OEmbed(string url, string? extra = null) => $"/oembed?url={Uri.EscapeDataString(url)}{extra}";

    [Fact]
    public async Task AGistUrlGivesARichResponseWhoseHtmlIsTheEmbedScript()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Unlisted, "Shared snippet", ("a.txt", "one\ntwo\n"));

        var response = await app.CreateClient().GetAsync(OEmbed($"http://localhost/alice/{gist.Id}", "&format=json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("1.0", json.GetProperty("version").GetString());
        Assert.Equal("rich", json.GetProperty("type").GetString());
        Assert.Equal("CasGists", json.GetProperty("provider_name").GetString());
        Assert.Equal("http://localhost/", json.GetProperty("provider_url").GetString());
        Assert.Equal("Shared snippet", json.GetProperty("title").GetString());
        Assert.Equal("alice", json.GetProperty("author_name").GetString());
        Assert.Equal("http://localhost/alice", json.GetProperty("author_url").GetString());
        Assert.Equal($"<script src=\"http://localhost/alice/{gist.Id}.js\"></script>", json.GetProperty("html").GetString());
        Assert.Equal(620, json.GetProperty("width").GetInt32());
        Assert.InRange(json.GetProperty("height").GetInt32(), 40, 1200);
    }

    [Fact]
    public async Task MaxWidthAndHeightAndTheFileQueryAreHonoured()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Long", ("a b.txt", string.Concat(Enumerable.Repeat("line\n", 200))), ("c.txt", "x\n"));

        var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync(
            OEmbed($"http://localhost/alice/{gist.Id}/?file=a%20b.txt", "&maxwidth=300&maxheight=250"))).RootElement;

        Assert.Equal(300, json.GetProperty("width").GetInt32());
        Assert.Equal(250, json.GetProperty("height").GetInt32());
        Assert.Equal($"<script src=\"http://localhost/alice/{gist.Id}.js?file=a%20b.txt\"></script>", json.GetProperty("html").GetString());
    }

    [Fact]
    public async Task XmlIsNotImplementedAsTheSpecAllows()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Xml", ("a.txt", "x\n"));

        var response = await app.CreateClient().GetAsync(OEmbed($"http://localhost/alice/{gist.Id}", "&format=xml"));

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Fact]
    public async Task PrivateUnknownAndMalformedUrlsAreNotFound()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var secret = await app.GistAsync(alice, GistVisibility.Private, "Secret title", ("s.txt", "x\n"));
        var open = await app.GistAsync(alice, GistVisibility.Public, "Open", ("o.txt", "x\n"));
        var client = await app.SignedInClientAsync("alice");

        string[] urls =
        [
            $"http://localhost/alice/{secret.Id}",
            $"http://localhost/alice/{new string('b', 32)}",
            $"http://localhost/bob/{open.Id}",
            $"http://localhost/alice/{open.Id}/revisions",
            $"http://localhost/alice/{open.Id}?file=missing.txt",
            $"javascript:alert(1)//alice/{open.Id}",
            "not a url",
            $"/alice/{open.Id}",
        ];
        foreach (var url in urls)
        {
            var response = await client.GetAsync(OEmbed(url));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {response.StatusCode}");
            Assert.DoesNotContain("Secret title", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/oembed")).StatusCode);
    }
}
