using System.Net;
using System.Text;
using CasGists.Core.Gists;

namespace CasGists.Tests.App.Api;

/// <summary>Every kind of bad request the issue names, on both APIs: the right status, the right error shape, nothing written.</summary>
public sealed class BadInputTests : ApiTestContext
{
    private static readonly (string Api, string Method, string Body, int Status)[] Cases =
    [
        ("v1", "POST", "{ \"files\": [ { \"name\": \"a\", ", 400),
        ("v3", "POST", "{ \"files\": { \"a\": ", 400),
        ("v1", "POST", "not json at all", 400),
        ("v3", "POST", "not json at all", 400),
        ("v1", "POST", "{ \"title\": 5, \"files\": [ { \"name\": \"a\", \"content\": \"x\" } ] }", 422),
        ("v3", "POST", "{ \"public\": \"yes\", \"files\": { \"a\": { \"content\": \"x\" } } }", 422),
        ("v1", "POST", "{ \"files\": { \"a\": \"x\" } }", 422),
        ("v3", "POST", "{ \"files\": [ \"a\" ] }", 422),
        ("v1", "POST", "{ \"visibility\": \"secret\", \"files\": [ { \"name\": \"a\", \"content\": \"x\" } ] }", 422),
        ("v1", "POST", "{ \"files\": [ { \"name\": \"../etc/passwd\", \"content\": \"x\" } ] }", 422),
        ("v3", "POST", "{ \"files\": { \"../etc/passwd\": { \"content\": \"x\" } } }", 422),
        ("v1", "POST", "{ \"files\": [ { \"name\": \".git\", \"content\": \"x\" } ] }", 422),
        ("v3", "POST", "{ \"files\": { \"a\": { \"content\": \"\" } } }", 422),
        ("v1", "POST", "[]", 422),
        ("v3", "POST", "{}", 422),
        ("v1", "POST", "", 400),
    ];

    [Fact]
    public Task BadBodiesAreRefusedInTheApisOwnShapeAndWriteNothing() => EveryCase.RunAsync(Cases, async row =>
    {
        var (api, method, body, status) = row;
        var before = await SnapshotAsync();
        var response = await Client(AliceToken).SendAsync(new HttpRequestMessage(new HttpMethod(method), Path(api, "/gists")) { Content = Json(body) });
        Assert.Equal(status, (int)response.StatusCode);
        await AssertErrorShapeAsync(api, response);
        Assert.Equal(before, await SnapshotAsync());
    });

    private static readonly string[] Apis = ["v1", "v3"];

    [Fact]
    public Task ABodyOfTenMegabytesIsTooLarge() => EveryCase.RunAsync(Apis, async api =>
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
    });

    [Fact]
    public Task TenThousandFilesAreRefusedWithoutBuildingThem() => EveryCase.RunAsync(Apis, async api =>
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
    });

    private static readonly (string Api, string Path)[] BadIds =
    [
        ("v1", "/gists/abc"),
        ("v1", "/gists/0123456789ABCDEF0123456789ABCDEF"),
        ("v1", "/gists/0123456789abcdef0123456789abcdef0"),
        ("v3", "/gists/abc"),
        ("v3", "/gists/..%2F..%2Fetc"),
        ("v3", "/gists/0123456789abcdef0123456789abcdef/commits"),
    ];

    [Fact]
    public Task IdsThatAreNotThirtyTwoHexCharactersAreNotFound() => EveryCase.RunAsync(BadIds, async row =>
    {
        var (api, path) = row;
        var response = await Client(AliceToken).GetAsync(Path(api, path));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertErrorShapeAsync(api, response);
        var patch = await Client(AliceToken).PatchAsync(Path(api, path), Json("{ \"description\": \"x\" }"));
        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
    });

    private static readonly (string Api, string Body, string Field)[] BadUpdates =
    [
        ("v1", "{ \"files\": [ { \"name\": \"a.txt\", \"newName\": \"b/c\" } ] }", "files[0].name"),
        ("v1", "{ \"files\": [ { \"name\": \"missing.txt\", \"delete\": true } ] }", "files[0]"),
        ("v1", "{ \"visibility\": \"everyone\" }", "visibility"),
        ("v3", "{ \"files\": { \"a.txt\": { \"filename\": \"..\" } } }", "files[a.txt].name"),
        ("v3", "{ \"files\": { \"a.txt\": { \"content\": \"\\u0000\" } } }", "files[a.txt].content"),
    ];

    /// <summary>Each row updates a gist of its own, so a row that wrongly writes cannot change what the next one sees.</summary>
    [Fact]
    public Task BadUpdatesNameTheFieldAndWriteNothing() => EveryCase.RunAsync(BadUpdates, async row =>
    {
        var (api, body, field) = row;
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
    });

    private static readonly (string Api, string? ContentType)[] BrowserPosts =
    [
        ("v1", "text/plain"),
        ("v1", "application/x-www-form-urlencoded"),
        ("v1", null),
        ("v3", "text/plain"),
        ("v3", "application/x-www-form-urlencoded"),
        ("v3", null),
    ];

    [Fact]
    public async Task ASignedInBrowserMustSendJsonSoACrossSiteFormCannotWrite()
    {
        // Each row takes its own snapshot before its refused post, so the gists earlier rows created do not matter.
        var client = await CasGists.Tests.App.Gists.UiTestData.SignedInClientAsync(App, "alice");
        await EveryCase.RunAsync(BrowserPosts, async row =>
        {
            var (api, contentType) = row;
            var before = await SnapshotAsync();
            var body = api == "v1" ? "{ \"files\": [ { \"name\": \"a\", \"content\": \"x\" } ] }" : "{ \"files\": { \"a\": { \"content\": \"x\" } } }";
            var response = await client.PostAsync(Path(api, "/gists"), Body(body, contentType));
            await AssertNotJsonAsync(api, response);
            Assert.Equal(before, await SnapshotAsync());
            var ok = await client.PostAsync(Path(api, "/gists"), Json(body));
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        });
    }

    private static readonly (string Method, string Path, string? ContentType)[] V1NotJsonWrites =
    [
        ("POST", "/gists", "text/plain"),
        ("POST", "/gists", null),
        ("PATCH", "/gists/{id}", "text/plain"),
        ("POST", "/gists/{id}/comments", "application/x-www-form-urlencoded"),
        ("PATCH", "/gists/{id}/comments/1", "text/plain"),
    ];

    [Fact]
    public Task V1WritesTakeOnlyJsonFromTokensToo() => EveryCase.RunAsync(V1NotJsonWrites, async row =>
    {
        var (method, path, contentType) = row;
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"));
        var before = await SnapshotAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), Path("v1", path.Replace("{id}", gist.Id)))
        {
            Content = Body("{ \"title\": \"x\", \"body\": \"x\", \"files\": [ { \"name\": \"a\", \"content\": \"x\" } ] }", contentType),
        };
        await AssertNotJsonAsync("v1", await Client(AliceToken).SendAsync(request));
        Assert.Equal(before, await SnapshotAsync());
    });

    [Fact]
    public async Task V3TakesABodyOfAnyTypeFromATokenAsGitHubDoes()
    {
        // `curl -d '{...}'` sends application/x-www-form-urlencoded, and GitHub reads the body as JSON all the same.
        var response = await Client(AliceToken).PostAsync(Path("v3", "/gists"),
            Body("{ \"files\": { \"a\": { \"content\": \"x\" } } }", "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task AJsonWriteToAnUnknownV1PathIsANotFoundNotAnUnsupportedType()
    {
        var response = await Client(AliceToken).PostAsync(Path("v1", "/nothing/here"), Json("{}"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    private static ByteArrayContent Body(string text, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        if (contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }
        return content;
    }

    /// <summary>415 in each API's shape, with a message saying that JSON is expected.</summary>
    private static async Task AssertNotJsonAsync(string api, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var json = await ReadJsonAsync(response);
        if (api == "v1")
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(415, (int)json["status"]!);
            Assert.False(string.IsNullOrEmpty((string?)json["type"]));
            Assert.Equal("Unsupported media type.", (string)json["title"]!);
            Assert.Contains("JSON is expected", (string)json["detail"]!);
            Assert.Contains("application/json", (string)json["detail"]!);
        }
        else
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("JSON is expected", (string)json["message"]!);
            Assert.Equal("https://docs.github.com/rest/gists", (string)json["documentation_url"]!);
        }
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
