using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CasGists.Core.Gists;

namespace CasGists.Tests.App.Api;

/// <summary>
/// The issue's bad input on the writes <see cref="BadInputTests"/> does not send it to: updates (PATCH) on both APIs,
/// more shapes of create, and ids that are not 32 hex characters on every v3 route. Each: the status, the API's own
/// error shape, and nothing written.
/// </summary>
public sealed class BadInputOnEveryWriteTests : ApiTestContext
{
    private static readonly (string Api, string Body, int Status)[] UpdateCases =
    [
        ("v1", "{ \"title\": \"x\", ", 400),
        ("v3", "{ \"files\": { \"a.txt\": ", 400),
        ("v1", "not json at all", 400),
        ("v3", "not json at all", 400),
        ("v1", "", 400),
        ("v3", "", 400),
        ("v1", new string('[', 200) + new string(']', 200), 400),
        ("v3", new string('[', 200) + new string(']', 200), 400),
        ("v1", "{ \"title\": 5 }", 422),
        ("v1", "{ \"visibility\": true }", 422),
        ("v1", "{ \"baseRevision\": 5 }", 422),
        ("v1", "{ \"files\": { \"a.txt\": \"x\" } }", 422),
        ("v1", "{ \"files\": [ { \"name\": \"a.txt\", \"delete\": \"yes\" } ] }", 422),
        ("v3", "{ \"public\": \"yes\" }", 422),
        ("v3", "{ \"description\": 5 }", 422),
        ("v3", "{ \"files\": [ \"a.txt\" ] }", 422),
        ("v3", "{ \"files\": { \"a.txt\": \"x\" } }", 422),
        ("v3", "{ \"files\": { \"a.txt\": { \"content\": 5 } } }", 422),
        ("v1", "[]", 422),
        ("v3", "[]", 422),
        ("v1", "{ \"visibility\": \"secret\" }", 422),
        ("v1", "{ \"files\": [ { \"name\": \"../evil\", \"content\": \"x\" } ] }", 422),
        ("v1", "{ \"files\": [ { \"name\": \"a.txt\", \"newName\": \".git\" } ] }", 422),
        ("v1", "{ \"files\": [ { \"name\": \"b.txt\", \"content\": \"x\" }, { \"name\": \"a.txt\", \"newName\": \"b.txt\" } ] }", 422),
        ("v1", "{ \"files\": [ { \"name\": \"a.txt\", \"delete\": true } ] }", 422),
        ("v1", "{ \"files\": [ { \"name\": \"a.txt\", \"content\": \"\" } ] }", 422),
        ("v1", "{ \"files\": [ null ] }", 422),
        ("v3", "{ \"files\": { \"../evil\": { \"content\": \"x\" } } }", 422),
        ("v3", "{ \"files\": { \"a.txt\": { \"filename\": \".git\" } } }", 422),
        ("v3", "{ \"files\": { \"a.txt\": { \"filename\": \"a/b.txt\" } } }", 422),
        ("v3", "{ \"files\": { \"b.txt\": { \"content\": \"x\" }, \"a.txt\": { \"filename\": \"b.txt\" } } }", 422),
        ("v3", "{ \"files\": { \"a.txt\": null } }", 422),
        ("v3", "{ \"files\": { \"missing.txt\": null } }", 422),
    ];

    [Fact]
    public Task BadUpdatesAreRefusedInTheApisOwnShapeAndWriteNothing() =>
        EveryCase.RunAsync(UpdateCases, row => AssertBadUpdateAsync(row.Api, row.Body, row.Status));

    /// <summary>Each row updates a gist of its own, so a row that wrongly writes cannot change what the next one sees.</summary>
    private async Task AssertBadUpdateAsync(string api, string body, int status)
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"));
        var before = await SnapshotAsync();
        var response = await Client(AliceToken).PatchAsync($"/api/{api}/gists/{gist.Id}", Json(body));
        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await AssertErrorShapeAsync(api, response);
        Assert.Equal(before, await SnapshotAsync());
    }

    /// <summary>A PATCH body in the API's own shape whose one file holds 10 MiB.</summary>
    private static string TenMegabyteUpdate(string api)
    {
        var content = new string('x', 10 * 1024 * 1024);
        return api == "v1"
            ? $"{{ \"files\": [ {{ \"name\": \"a.txt\", \"content\": \"{content}\" }} ] }}"
            : $"{{ \"files\": {{ \"a.txt\": {{ \"content\": \"{content}\" }} }} }}";
    }

    private static readonly string[] Apis = ["v1", "v3"];

    [Fact]
    public Task AnUpdateOfTenMegabytesIsTooLargeAndWritesNothing() => EveryCase.RunAsync(Apis, async api =>
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"));
        var before = await SnapshotAsync();
        var body = TenMegabyteUpdate(api);
        var response = await Client(AliceToken).PatchAsync($"/api/{api}/gists/{gist.Id}", Json(body));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertErrorShapeAsync(api, response);
        Assert.Equal(before, await SnapshotAsync());
    });

    [Fact]
    public Task ATenMegabyteBodyWithoutALengthIsStillTooLarge() => EveryCase.RunAsync(Apis, async api =>
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"));
        var before = await SnapshotAsync();
        var body = TenMegabyteUpdate(api);
        // A stream of unknown length is sent chunked: the limit must hold while reading, not only on Content-Length.
        var streamed = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(body)));
        streamed.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await Client(AliceToken).PatchAsync($"/api/{api}/gists/{gist.Id}", streamed);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertErrorShapeAsync(api, response);
        Assert.Equal(before, await SnapshotAsync());
    });

    [Fact]
    public Task AnUpdateWithTenThousandFilesIsRefusedAndWritesNothing() => EveryCase.RunAsync(Apis, async api =>
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"));
        var before = await SnapshotAsync();
        var body = new StringBuilder(api == "v1" ? "{ \"files\": [" : "{ \"files\": {");
        for (var i = 0; i < 10_000; i++)
        {
            body.Append(i == 0 ? "" : ",").Append(api == "v1" ? $"{{\"name\":\"f{i}.txt\",\"content\":\"x\"}}" : $"\"f{i}.txt\":{{\"content\":\"x\"}}");
        }
        body.Append(api == "v1" ? "] }" : "} }");
        var response = await Client(AliceToken).PatchAsync($"/api/{api}/gists/{gist.Id}", Json(body.ToString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("at most", await AssertErrorShapeAsync(api, response));
        Assert.Equal(before, await SnapshotAsync());
    });

    private static readonly (string Api, string Method)[] CommentWrites = [("v1", "POST"), ("v1", "PATCH"), ("v3", "POST"), ("v3", "PATCH")];

    [Fact]
    public Task ACommentOfTenMegabytesIsTooLargeAndWritesNothing() => EveryCase.RunAsync(CommentWrites, async row =>
    {
        var (api, method) = row;
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"));
        var comment = (long)(await ReadJsonAsync(await Client(AliceToken).PostAsync($"/api/{api}/gists/{gist.Id}/comments", Json("""{ "body": "c" }"""))))["id"]!;
        var before = await SnapshotAsync();
        var path = method == "POST" ? $"/api/{api}/gists/{gist.Id}/comments" : $"/api/{api}/gists/{gist.Id}/comments/{comment}";
        var body = $"{{ \"body\": \"{new string('x', 10 * 1024 * 1024)}\" }}";
        var response = await Client(AliceToken).SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(body) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertErrorShapeAsync(api, response);
        Assert.Equal(before, await SnapshotAsync());
    });

    private static readonly (string Api, string Body, int Status)[] CreateCases =
    [
        ("v1", "{ \"files\": [ null ] }", 422),
        ("v3", "{ \"files\": { \"a.txt\": null } }", 422),
        ("v1", "{ \"files\": [] }", 422),
        ("v3", "{ \"files\": {} }", 422),
        ("v1", "{ \"files\": [ { \"name\": \"a.txt\", \"content\": \"x\" }, { \"name\": \"a.txt\", \"content\": \"y\" } ] }", 422),
        ("v3", "{ \"files\": { \"a.txt\": { \"content\": \"x\" }, \"a.txt\": { \"content\": \"y\" } } }", 422),
        ("v1", "{ \"files\": [ { \"name\": \"a.txt\", \"content\": \"a\\u0000b\" } ] }", 422),
        ("v1", "{ \"files\": [ { \"name\": \"\", \"content\": \"x\" } ] }", 422),
        ("v3", "{ \"files\": { \"\": { \"content\": \"x\" } } }", 422),
        ("v1", "{ \"files\": [ { \"name\": \"a\\\\b.txt\", \"content\": \"x\" } ] }", 422),
        ("v3", "{ \"files\": { \"con\\u0000.txt\": { \"content\": \"x\" } } }", 422),
        ("v1", "{ \"visibility\": \"PUBLIC!\", \"files\": [ { \"name\": \"a.txt\", \"content\": \"x\" } ] }", 422),
        ("v1", "{ \"visibility\": 1, \"files\": [ { \"name\": \"a.txt\", \"content\": \"x\" } ] }", 422),
        ("v1", new string('[', 200) + new string(']', 200), 400),
        ("v3", "{ \"files\": { \"a.txt\": { \"content\": \"x\" } } } trailing", 400),
    ];

    [Fact]
    public Task MoreBadCreatesAreRefusedInTheApisOwnShapeAndWriteNothing() => EveryCase.RunAsync(CreateCases, async row =>
    {
        var (api, body, status) = row;
        var before = await SnapshotAsync();
        var response = await Client(AliceToken).PostAsync($"/api/{api}/gists", Json(body));
        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await AssertErrorShapeAsync(api, response);
        Assert.Equal(before, await SnapshotAsync());
    });

    private static readonly (string Method, string Path)[] V3IdRoutes =
    [
        ("GET", "/gists/{id}"),
        ("PATCH", "/gists/{id}"),
        ("DELETE", "/gists/{id}"),
        ("GET", "/gists/{id}/commits"),
        ("GET", "/gists/{id}/{sha}"),
        ("GET", "/gists/{id}/star"),
        ("PUT", "/gists/{id}/star"),
        ("DELETE", "/gists/{id}/star"),
        ("GET", "/gists/{id}/forks"),
        ("POST", "/gists/{id}/forks"),
        ("GET", "/gists/{id}/comments"),
        ("POST", "/gists/{id}/comments"),
        ("GET", "/gists/{id}/comments/{comment}"),
        ("PATCH", "/gists/{id}/comments/{comment}"),
        ("DELETE", "/gists/{id}/comments/{comment}"),
    ];

    [Fact]
    public async Task EveryV3GistRouteIsNotFoundForABadUnknownOrHiddenIdAndWritesNothing()
    {
        // Every row is refused and shown to write nothing, so the rows share one scene.
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"));
        var comment = (long)(await ReadJsonAsync(await Client(AliceToken).PostAsync($"/api/v3/gists/{gist.Id}/comments", Json("""{ "body": "c" }"""))))["id"]!;
        var secret = await GistAsync(Alice, GistVisibility.Private, "s", ("s.txt", "s"));
        var secretComment = (long)(await ReadJsonAsync(await Client(AliceToken).PostAsync($"/api/v3/gists/{secret.Id}/comments", Json("""{ "body": "s" }"""))))["id"]!;
        await EveryCase.RunAsync(V3IdRoutes, row => AssertNotFoundEverywhereAsync(row.Method, row.Path, gist, comment, secret, secretComment));
    }

    private async Task AssertNotFoundEverywhereAsync(string method, string template, GistDetails gist, long comment, GistDetails secret, long secretComment)
    {
        var before = await SnapshotAsync();
        var ids = new[]
        {
            "abc", "0123456789ABCDEF0123456789ABCDEF", gist.Id + "0", gist.Id[..31], "..%2F..%2Fetc", new string('0', 32),
            "0123456789abcdef0123456789abcdeg",
        };
        foreach (var id in ids)
        {
            await AssertNotFoundAsync(Fill(template, id, gist.HeadRevision, comment), $"id {id}");
        }
        await AssertNotFoundAsync(Fill(template, secret.Id, secret.HeadRevision, secretComment), "Alice's private gist");
        if (template.Contains("{comment}", StringComparison.Ordinal))
        {
            await AssertNotFoundAsync(Fill(template, gist.Id, gist.HeadRevision, 999_999), "an unknown comment");
            await AssertNotFoundAsync(Fill(template, gist.Id, gist.HeadRevision, secretComment), "a comment of another gist");
        }
        if (template.Contains("{sha}", StringComparison.Ordinal))
        {
            await AssertNotFoundAsync(Fill(template, gist.Id, new string('f', 40), comment), "an unknown revision");
            await AssertNotFoundAsync(Fill(template, gist.Id, "not-hex", comment), "a revision that is not hex");
        }
        Assert.Equal(before, await SnapshotAsync());

        async Task AssertNotFoundAsync(string path, string what)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), "/api/v3" + path);
            if (method is "POST" or "PATCH")
            {
                request.Content = Json("""{ "description": "x", "body": "x", "files": { "n.txt": { "content": "x" } } }""");
            }
            var response = await Client(BobToken).SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path} ({what}) answered {(int)response.StatusCode}");
            Assert.Equal("Not Found", (string)(await ReadJsonAsync(response))["message"]!);
        }
    }

    private static string Fill(string template, string id, string sha, long comment) => template
        .Replace("{id}", id).Replace("{sha}", sha).Replace("{comment}", comment.ToString(CultureInfo.InvariantCulture));

    /// <summary>v1: RFC 9457 problem details naming a field for 400/422; v3: GitHub's <c>message</c> and <c>documentation_url</c>. Returns the messages.</summary>
    private static async Task<string> AssertErrorShapeAsync(string api, HttpResponseMessage response)
    {
        var json = await ReadJsonAsync(response);
        if (api == "v1")
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal((int)response.StatusCode, (int)json["status"]!);
            if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity)
            {
                Assert.True(json["errors"] is JsonObject { Count: > 0 }, $"no field named: {json.ToJsonString()}");
            }
            var fields = json["errors"]?.AsObject().SelectMany(e => e.Value!.AsArray().Select(m => (string)m!)) ?? [];
            return string.Join(" ", [(string?)json["detail"] ?? (string)json["title"]!, .. fields]);
        }
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("https://docs.github.com/rest/gists", (string)json["documentation_url"]!);
        var message = (string)json["message"]!;
        Assert.Equal(response.StatusCode switch
        {
            HttpStatusCode.BadRequest => "Problems parsing JSON",
            HttpStatusCode.UnprocessableEntity => "Validation Failed",
            _ => message,
        }, message);
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            Assert.True(json["errors"] is JsonArray { Count: > 0 }, $"no field named: {json.ToJsonString()}");
        }
        var errors = json["errors"]?.AsArray().Select(e => (string)e!["message"]!) ?? [];
        return string.Join(" ", [message, .. errors]);
    }

    /// <summary>A stream that will not tell its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
