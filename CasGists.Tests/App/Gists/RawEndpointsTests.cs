using System.Net;
using System.Text;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Gists;

public sealed class RawEndpointsTests
{
    [Fact]
    public async Task RawFileIsServedAsSandboxedPlainTextByteForByte()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        const string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\n";
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Pic", ("pic.svg", svg), ("ünï.txt", "héllo\n"));
        var client = app.CreateClient();

        var response = await client.GetAsync($"/alice/{gist.Id}/raw/pic.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("default-src 'none'; sandbox", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal(Encoding.UTF8.GetBytes(svg), await response.Content.ReadAsByteArrayAsync());

        var unicode = await client.GetByteArrayAsync($"/alice/{gist.Id}/raw/{Uri.EscapeDataString("ünï.txt")}");
        Assert.Equal(Encoding.UTF8.GetBytes("héllo\n"), unicode);
    }

    [Fact]
    public async Task RawFileAtARevisionServesThatRevision()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Versions", ("v.txt", "one\n"));

        var bytes = await app.CreateClient().GetByteArrayAsync($"/alice/{gist.Id}/raw/{gist.HeadRevision}/v.txt");

        Assert.Equal("one\n"u8.ToArray(), bytes);
    }

    [Fact]
    public async Task PrivateMissingAndMalformedAllAnswer404Alike()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var secret = await app.GistAsync(alice, GistVisibility.Private, "Secret", ("s.txt", "secret\n"));
        var client = app.CreateClient();

        var forbidden = await client.GetAsync($"/alice/{secret.Id}/raw/s.txt");
        var missingFile = await client.GetAsync($"/alice/{secret.Id}/raw/nope.txt");
        var missingGist = await client.GetAsync($"/alice/{new string('a', 32)}/raw/s.txt");

        Assert.Equal(HttpStatusCode.NotFound, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingFile.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingGist.StatusCode);
        Assert.Equal(await missingGist.Content.ReadAsStringAsync(), await forbidden.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInClientAsync("alice")).GetAsync($"/alice/{secret.Id}/raw/s.txt")).StatusCode);
    }
}
