using System.Net;
using System.Text;
using CasGists.Core.Gists;

namespace CasGists.Tests.App.Api;

/// <summary>Every kind of bad request the issue names, on both APIs: the right status, the right error shape, nothing written.</summary>
public sealed class BadInputTests : ApiTestContext
{
    public static TheoryData<string, string, string, int> Cases() => new()
    {
        // api, method, body, status
        { "v1", "POST", "{ \"files\": [ { \"name\": \"a\", ", 400 },
        { "v3", "POST", "{ \"files\": { \"a\": ", 400 },
        { "v1", "POST", "not json at all", 400 },
        { "v3", "POST", "not json at all", 400 },
        { "v1", "POST", "{ \"title\": 5, \"files\": [ { \"name\": \"a\", \"content\": \"x\" } ] }", 422 },
        { "v3", "POST", "{ \"public\": \"yes\", \"files\": { \"a\": { \"content\": \"x\" } } }", 422 },
        { "v1", "POST", "{ \"files\": { \"a\": \"x\" } }", 422 },
        { "v3", "POST", "{ \"files\": [ \"a\" ] }", 422 },
        { "v1", "POST", "{ \"visibility\": \"secret\", \"files\": [ { \"name\": \"a\", \"content\": \"x\" } ] }", 422 },
        { "v1", "POST", "{ \"files\": [ { \"name\": \"../etc/passwd\", \"content\": \"x\" } ] }", 422 },
        { "v3", "POST", "{ \"files\": { \"../etc/passwd\": { \"content\": \"x\" } } }", 422 },
        { "v1", "POST", "{ \"files\": [ { \"name\": \".git\", \"content\": \"x\" } ] }", 422 },
        { "v3", "POST", "{ \"files\": { \"a\": { \"content\": \"\" } } }", 422 },
        { "v1", "POST", "[]", 422 },
        { "v3", "POST", "{}", 422 },
        { "v1", "POST", "", 400 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadBodiesAreRefusedInTheApisOwnShapeAndWriteNothing(string api, string method, string body, int status)
    {
        var before = await SnapshotAsync();
        var response = await Client(AliceToken).SendAsync(new HttpRequestMessage(new HttpMethod(method), Path(api, "/gists")) { Content = Json(body) });
        Assert.Equal(status, (int)response.StatusCode);
        await AssertErrorShapeAsync(api, response);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v3")]
    public async Task ABodyOfTenMegabytesIsTooLarge(string api)
    {
        var before = await SnapshotAsync();
        var content = new string('x', 10 * 1024 * 1024);
        var body = api == "v1"
            ? $"{{ \"files\": [ {{ \"name\": \"big.txt\", \"content\": \"{content}\" }} ] }}"
            : $"{{ \"files\": {{ \"big.txt\": {{ \"content\": \"{content}\" }} }} }}";
        var response = await Client(AliceToken).PostAsync(Path(api, "/gists"), Json(body));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertErrorShapeAsync(api, response);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v3")]
    public async Task TenThousandFilesAreRefusedWithoutBuildingThem(string api)
    {
        var before = await SnapshotAsync();
        var body = new StringBuilder(api == "v1" ? "{ \"files\": [" : "{ \"files\": {");
        for (var i = 0; i < 10_000; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(api == "v1" ? $"{{\"name\":\"f{i}.txt\",\"content\":\"x\"}}" : $"\"f{i}.txt\":{{\"content\":\"x\"}}");
        }
        body.Append(api == "v1" ? "] }" : "} }");
        var response = await Client(AliceToken).PostAsync(Path(api, "/gists"), Json(body.ToString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = await AssertErrorShapeAsync(api, response);
        Assert.Contains("at most", error);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("v1", "/gists/abc")]
    [InlineData("v1", "/gists/0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("v1", "/gists/0123456789abcdef0123456789abcdef0")]
    [InlineData("v3", "/gists/abc")]
    [InlineData("v3", "/gists/..%2F..%2Fetc")]
    [InlineData("v3", "/gists/0123456789abcdef0123456789abcdef/commits")]
    public async Task IdsThatAreNotThirtyTwoHexCharactersAreNotFound(string api, string path)
    {
        var response = await Client(AliceToken).GetAsync(Path(api, path));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertErrorShapeAsync(api, response);
        var patch = await Client(AliceToken).PatchAsync(Path(api, path), Json("{ \"description\": \"x\" }"));
        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
    }

    [Theory]
    [InlineData("v1", "{ \"files\": [ { \"name\": \"a.txt\", \"newName\": \"b/c\" } ] }", "files[0].name")]
    [InlineData("v1", "{ \"files\": [ { \"name\": \"missing.txt\", \"delete\": true } ] }", "files[0]")]
    [InlineData("v1", "{ \"visibility\": \"everyone\" }", "visibility")]
    [InlineData("v3", "{ \"files\": { \"a.txt\": { \"filename\": \"..\" } } }", "files[a.txt].name")]
    [InlineData("v3", "{ \"files\": { \"a.txt\": { \"content\": \"\\u0000\" } } }", "files[a.txt].content")]
    public async Task BadUpdatesNameTheFieldAndWriteNothing(string api, string body, string field)
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"));
        var before = await SnapshotAsync();
        var response = await Client(AliceToken).PatchAsync(Path(api, $"/gists/{gist.Id}"), Json(body));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var json = await ReadJsonAsync(response);
        if (api == "v1")
        {
            Assert.NotNull(json["errors"]![field]);
        }
        else
        {
            Assert.Contains(json["errors"]!.AsArray(), e => (string)e!["field"]! == field);
        }
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task ASignedInBrowserMustSendJsonSoACrossSiteFormCannotWrite()
    {
        var client = await CasGists.Tests.App.Gists.UiTestData.SignedInClientAsync(App, "alice");
        var before = await SnapshotAsync();
        var response = await client.PostAsync("/api/v1/gists",
            new StringContent("{ \"files\": [ { \"name\": \"a\", \"content\": \"x\" } ] }", Encoding.UTF8, "text/plain"));
        // Routing refuses it before the endpoint (415, or 400 from the page a non-JSON POST falls through to).
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.UnsupportedMediaType, HttpStatusCode.BadRequest });
        Assert.Equal(before, await SnapshotAsync());
        var ok = await client.PostAsync("/api/v1/gists", Json("{ \"files\": [ { \"name\": \"a\", \"content\": \"x\" } ] }"));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
    }

    private static string Path(string api, string path) => $"/api/{api}{path}";

    /// <summary>v1: RFC 9457 problem details; v3: GitHub's <c>message</c> and <c>documentation_url</c>. Returns the message.</summary>
    private static async Task<string> AssertErrorShapeAsync(string api, HttpResponseMessage response)
    {
        var json = await ReadJsonAsync(response);
        if (api == "v1")
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal((int)response.StatusCode, (int)json["status"]!);
            return (string?)json["detail"] ?? (string)json["title"]!;
        }
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("https://docs.github.com/", (string)json["documentation_url"]!);
        var message = (string)json["message"]!;
        var errors = json["errors"]?.AsArray().Select(e => (string)e!["message"]!) ?? [];
        return string.Join(" ", [message, .. errors]);
    }
}
