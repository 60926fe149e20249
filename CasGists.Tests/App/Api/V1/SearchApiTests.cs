using System.Net;
using CasGists.Core.Gists;

namespace CasGists.Tests.App.Api.V1;

/// <summary><c>GET /api/v1/search</c> held to the rest of v1: credentials and scopes, conditional reads, problems naming the field.</summary>
public sealed class SearchApiTests : ApiTestContext
{
    [Fact]
    public async Task ATokenWithoutGistReadSearchesAsAVisitor()
    {
        await GistAsync(Alice, GistVisibility.Public, "pear public", ("p.txt", "pear\n"));
        await GistAsync(Alice, GistVisibility.Private, "pear private", ("p.txt", "pear\n"));
        var withRead = await ReadJsonAsync(await Client(AliceToken).GetAsync("/api/v1/search?q=pear"));
        Assert.Equal(2, withRead["items"]!.AsArray().Count);
        var userOnly = await TokenAsync(Alice, "user:read");
        var response = await Client(userOnly).GetAsync("/api/v1/search?q=pear");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["pear public"], (await ReadJsonAsync(response))["items"]!.AsArray().Select(i => (string)i!["title"]!));
    }

    [Fact]
    public async Task ABadTokenIsUnauthorized()
    {
        var response = await Client("cgp_" + new string('d', 40)).GetAsync("/api/v1/search?q=pear");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task ResultsCarryAnETagAndAnswerNotModifiedToIt()
    {
        await GistAsync(Alice, GistVisibility.Public, "pear", ("p.txt", "pear\n"));
        var first = await Client().GetAsync("/api/v1/search?q=pear");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotNull(first.Headers.ETag);
        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/search?q=pear");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await Client().SendAsync(again)).StatusCode);
    }

    [Theory]
    [InlineData("q=pear&per_page=0", "per_page")]
    [InlineData("q=pear&page=abc", "page")]
    public async Task BadPagingIsAProblemNamingTheParameter(string query, string field)
    {
        var response = await Client().GetAsync($"/api/v1/search?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull((await ReadJsonAsync(response))["errors"]?[field]);
    }
}
