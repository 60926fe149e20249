using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Api.V1;

/// <summary>
/// Every /api/v1 route through its headers and its errors: <c>ETag</c> → 304 on each read, <c>Link</c> and
/// <c>X-Total-Count</c> on each list, 401/403/404 as problem details on each route, and nothing written by a refused write.
/// </summary>
public sealed class EveryEndpointV1Tests : ApiTestContext
{
    /// <summary>A public gist of Alice's that Bob starred, forked and commented on, so every read has something to show.</summary>
    private async Task<(GistDetails Gist, long CommentId)> SceneAsync()
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"));
        Assert.Equal(HttpStatusCode.NoContent, (await Client(BobToken).PutAsync($"/api/v1/gists/{gist.Id}/star", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client(BobToken).PostAsync($"/api/v1/gists/{gist.Id}/forks", null)).StatusCode);
        var comment = await ReadJsonAsync(await Client(BobToken).PostAsync($"/api/v1/gists/{gist.Id}/comments", Json("""{ "body": "c" }""")));
        return (gist, (long)comment["id"]!);
    }

    private static string Fill(string template, GistDetails gist, long commentId) => template
        .Replace("{id}", gist.Id)
        .Replace("{revision}", gist.HeadRevision)
        .Replace("{comment}", commentId.ToString(CultureInfo.InvariantCulture));

    private static readonly string[] Reads =
    [
        "/api/v1/gists",
        "/api/v1/gists/public",
        "/api/v1/gists/starred",
        "/api/v1/gists/{id}",
        "/api/v1/gists/{id}/revisions",
        "/api/v1/gists/{id}/revisions/{revision}",
        "/api/v1/gists/{id}/revisions/HEAD",
        "/api/v1/gists/{id}/star",
        "/api/v1/gists/{id}/forks",
        "/api/v1/gists/{id}/comments",
        "/api/v1/gists/{id}/comments/{comment}",
        "/api/v1/users/alice/gists",
        "/api/v1/users/alice",
        "/api/v1/user",
    ];

    [Fact]
    public async Task EveryReadCarriesAStrongETagAndAnswersNotModifiedToIt()
    {
        // The rows only read, so they share one scene.
        var (gist, comment) = await SceneAsync();
        await EveryCase.RunAsync(Reads, template => AssertETagAsync(template, gist, comment));
    }

    private async Task AssertETagAsync(string template, GistDetails gist, long comment)
    {
        var path = Fill(template, gist, comment);
        var client = Client(template.EndsWith("/starred", StringComparison.Ordinal) ? BobToken : AliceToken);
        var first = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Contains("private", first.Headers.CacheControl!.ToString());

        var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag);

        var other = new HttpRequestMessage(HttpMethod.Get, path);
        other.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"something-else\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(other)).StatusCode);
    }

    [Fact]
    public async Task AChangeTheViewerCanSeeChangesTheETagOfTheLists()
    {
        var (gist, _) = await SceneAsync();
        var starred = await Client(BobToken).GetAsync("/api/v1/gists/starred");
        var comments = await Client().GetAsync($"/api/v1/gists/{gist.Id}/comments");
        await Client(BobToken).DeleteAsync($"/api/v1/gists/{gist.Id}/star");
        await Client(AliceToken).PostAsync($"/api/v1/gists/{gist.Id}/comments", Json("""{ "body": "more" }"""));
        Assert.NotEqual(starred.Headers.ETag, (await Client(BobToken).GetAsync("/api/v1/gists/starred")).Headers.ETag);
        Assert.NotEqual(comments.Headers.ETag, (await Client().GetAsync($"/api/v1/gists/{gist.Id}/comments")).Headers.ETag);
    }

    private static readonly string[] Lists =
    [
        "/api/v1/gists",
        "/api/v1/gists/public",
        "/api/v1/users/alice/gists",
        "/api/v1/gists/starred",
        "/api/v1/gists/{id}/forks",
        "/api/v1/gists/{id}/comments",
        "/api/v1/gists/{id}/revisions",
    ];

    [Fact]
    public async Task EveryListPagesWithLinkAndTotalCount()
    {
        // The rows only read (and send one refused page size), so they share one scene.
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"));
        var other = await GistAsync(Alice, GistVisibility.Public, "u", ("b.txt", "b"));
        var carol = await CarolAsync();
        var carolToken = await TokenAsync(carol, "gist:write");
        await Client(AliceToken).PatchAsync($"/api/v1/gists/{gist.Id}", Json("""{ "files": [ { "name": "a.txt", "content": "a2" } ] }"""));
        await Client(AliceToken).PatchAsync($"/api/v1/gists/{gist.Id}", Json("""{ "files": [ { "name": "a.txt", "content": "a3" } ] }"""));
        foreach (var id in new[] { gist.Id, other.Id })
        {
            await Client(BobToken).PutAsync($"/api/v1/gists/{id}/star", null);
        }
        foreach (var token in new[] { BobToken, carolToken })
        {
            Assert.Equal(HttpStatusCode.Created, (await Client(token).PostAsync($"/api/v1/gists/{gist.Id}/forks", null)).StatusCode);
        }
        for (var i = 0; i < 3; i++)
        {
            await Client(BobToken).PostAsync($"/api/v1/gists/{gist.Id}/comments", Json($$"""{ "body": "c{{i}}" }"""));
        }
        await EveryCase.RunAsync(Lists, template => AssertPagesAsync(template.Replace("{id}", gist.Id), template));
    }

    private async Task AssertPagesAsync(string path, string template)
    {
        var client = Client(template.EndsWith("/starred", StringComparison.Ordinal) ? BobToken : AliceToken);

        var whole = await client.GetAsync($"{path}?per_page=100");
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        var total = (await ReadJsonAsync(whole)).AsArray().Count;
        Assert.True(total >= 2, $"{path} has {total} items");
        Assert.Equal(total.ToString(CultureInfo.InvariantCulture), whole.Headers.GetValues("X-Total-Count").Single());
        Assert.False(whole.Headers.Contains("Link"));

        var first = await client.GetAsync($"{path}?per_page=1");
        Assert.Single((await ReadJsonAsync(first)).AsArray());
        Assert.Equal(total.ToString(CultureInfo.InvariantCulture), first.Headers.GetValues("X-Total-Count").Single());
        var link = first.Headers.GetValues("Link").Single();
        Assert.Contains($"<http://localhost{path}?page=2&per_page=1>; rel=\"next\"", link);
        Assert.Contains($"<http://localhost{path}?page={total}&per_page=1>; rel=\"last\"", link);
        Assert.DoesNotContain("rel=\"prev\"", link);

        var last = await client.GetAsync($"{path}?per_page=1&page={total}");
        Assert.Single((await ReadJsonAsync(last)).AsArray());
        var lastLink = last.Headers.GetValues("Link").Single();
        Assert.Contains($"<http://localhost{path}?page=1&per_page=1>; rel=\"first\"", lastLink);
        Assert.Contains($"<http://localhost{path}?page={total - 1}&per_page=1>; rel=\"prev\"", lastLink);
        Assert.DoesNotContain("rel=\"next\"", lastLink);

        var bad = await client.GetAsync($"{path}?per_page=1000");
        await AssertProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.NotNull((await ReadJsonAsync(bad))["errors"]!["per_page"]);
    }

    private static readonly (string Method, string Path, string Credential)[] AuthCases =
    [
        // method, path, credential (none, bad, read = gist:read only, user = user:read only) → 401 for none/bad, 403 for the others
        ("GET", "/api/v1/gists", "none"),
        ("GET", "/api/v1/gists", "user"),
        ("GET", "/api/v1/gists/starred", "none"),
        ("GET", "/api/v1/gists/starred", "user"),
        ("GET", "/api/v1/gists/public", "bad"),
        ("GET", "/api/v1/gists/{id}", "bad"),
        ("GET", "/api/v1/gists/{id}/comments", "bad"),
        ("GET", "/api/v1/users/alice", "bad"),
        ("GET", "/api/v1/user", "none"),
        ("GET", "/api/v1/user", "read"),
        ("POST", "/api/v1/gists", "none"),
        ("POST", "/api/v1/gists", "read"),
        ("POST", "/api/v1/gists", "bad"),
        ("PATCH", "/api/v1/gists/{id}", "none"),
        ("PATCH", "/api/v1/gists/{id}", "read"),
        ("DELETE", "/api/v1/gists/{id}", "none"),
        ("DELETE", "/api/v1/gists/{id}", "read"),
        ("PUT", "/api/v1/gists/{id}/star", "none"),
        ("PUT", "/api/v1/gists/{id}/star", "read"),
        ("DELETE", "/api/v1/gists/{id}/star", "none"),
        ("DELETE", "/api/v1/gists/{id}/star", "read"),
        ("POST", "/api/v1/gists/{id}/forks", "none"),
        ("POST", "/api/v1/gists/{id}/forks", "read"),
        ("POST", "/api/v1/gists/{id}/comments", "none"),
        ("POST", "/api/v1/gists/{id}/comments", "read"),
        ("PATCH", "/api/v1/gists/{id}/comments/{comment}", "none"),
        ("PATCH", "/api/v1/gists/{id}/comments/{comment}", "read"),
        ("DELETE", "/api/v1/gists/{id}/comments/{comment}", "none"),
        ("DELETE", "/api/v1/gists/{id}/comments/{comment}", "read"),
    ];

    [Fact]
    public async Task WithoutACredentialOrItsScopeEveryRouteIsAProblemAndWritesNothing()
    {
        // Every row is refused and shown to write nothing, so the rows share one scene.
        var (gist, comment) = await SceneAsync();
        // Carol's own gist and comment, so a refusal is about the credential and not about whose they are.
        var carol = await CarolAsync();
        var carolWrite = await TokenAsync(carol, "gist:write");
        var own = await App.GistAsync(carol, GistVisibility.Public, "own", [("a.txt", "a")]);
        var ownComment = await ReadJsonAsync(await Client(carolWrite).PostAsync($"/api/v1/gists/{own.Id}/comments", Json("""{ "body": "mine" }""")));
        await EveryCase.RunAsync(AuthCases, row => AssertRefusedAsync(row.Method, row.Path, row.Credential, carol, (gist, comment), (own, (long)ownComment["id"]!)));
    }

    private async Task AssertRefusedAsync(string method, string template, string credential, User carol,
        (GistDetails Gist, long Comment) others, (GistDetails Gist, long Comment) carols)
    {
        var onOwn = template.Contains("{id}", StringComparison.Ordinal) && method != "GET" && !template.EndsWith("/forks", StringComparison.Ordinal);
        var path = onOwn ? Fill(template, carols.Gist, carols.Comment) : Fill(template, others.Gist, others.Comment);
        var token = credential switch
        {
            "none" => null,
            "bad" => "cgp_" + new string('c', 40),
            "read" => await TokenAsync(carol, "gist:read"),
            _ => await TokenAsync(carol, "user:read"),
        };
        var before = await SnapshotAsync();

        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PATCH")
        {
            request.Content = Json("""{ "title": "x", "body": "x", "files": [ { "name": "n.txt", "content": "x" } ] }""");
        }
        var response = await Client(token).SendAsync(request);

        var expected = credential is "none" or "bad" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
        var problem = await AssertProblemAsync(response, expected);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
        else
        {
            var scope = template.EndsWith("/user", StringComparison.Ordinal) ? "user:read" : method == "GET" ? "gist:read" : "gist:write";
            Assert.Contains(scope, (string)problem["detail"]!);
        }
        Assert.Equal(before, await SnapshotAsync());
    }

    private static readonly (string Method, string Path)[] IdRoutes =
    [
        ("GET", "/api/v1/gists/{id}"),
        ("PATCH", "/api/v1/gists/{id}"),
        ("DELETE", "/api/v1/gists/{id}"),
        ("GET", "/api/v1/gists/{id}/revisions"),
        ("GET", "/api/v1/gists/{id}/revisions/HEAD"),
        ("GET", "/api/v1/gists/{id}/star"),
        ("PUT", "/api/v1/gists/{id}/star"),
        ("DELETE", "/api/v1/gists/{id}/star"),
        ("GET", "/api/v1/gists/{id}/forks"),
        ("POST", "/api/v1/gists/{id}/forks"),
        ("GET", "/api/v1/gists/{id}/comments"),
        ("POST", "/api/v1/gists/{id}/comments"),
        ("GET", "/api/v1/gists/{id}/comments/{comment}"),
        ("PATCH", "/api/v1/gists/{id}/comments/{comment}"),
        ("DELETE", "/api/v1/gists/{id}/comments/{comment}"),
    ];

    [Fact]
    public async Task EveryGistRouteIsNotFoundForABadUnknownOrHiddenIdAndWritesNothing()
    {
        // Every row is refused and shown to write nothing, so the rows share one scene.
        var (gist, comment) = await SceneAsync();
        var secret = await GistAsync(Alice, GistVisibility.Private, "secret", ("s.txt", "s"));
        var secretComment = await ReadJsonAsync(await Client(AliceToken).PostAsync($"/api/v1/gists/{secret.Id}/comments", Json("""{ "body": "s" }""")));
        await EveryCase.RunAsync(IdRoutes, row => AssertNotFoundEverywhereAsync(row.Method, row.Path, gist, comment, secret, (long)secretComment["id"]!));
    }

    private async Task AssertNotFoundEverywhereAsync(string method, string template, GistDetails gist, long comment, GistDetails secret, long secretComment)
    {
        var before = await SnapshotAsync();
        var commentText = comment.ToString(CultureInfo.InvariantCulture);
        var ids = new[]
        {
            "abc", "0123456789ABCDEF0123456789ABCDEF", gist.Id + "0", gist.Id[..31], "..%2F..%2Fetc", new string('0', 32),
            "0123456789abcdef0123456789abcdeg",
        };
        foreach (var id in ids)
        {
            await AssertNotFoundAsync(method, template.Replace("{id}", id).Replace("{comment}", commentText), $"id {id}");
        }
        await AssertNotFoundAsync(method, Fill(template, secret, secretComment), "Alice's private gist");
        if (template.Contains("{comment}", StringComparison.Ordinal))
        {
            await AssertNotFoundAsync(method, Fill(template, gist, 999_999), "an unknown comment");
            await AssertNotFoundAsync(method, Fill(template, gist, secretComment), "a comment of another gist");
        }
        Assert.Equal(before, await SnapshotAsync());

        async Task AssertNotFoundAsync(string verb, string path, string what)
        {
            var request = new HttpRequestMessage(new HttpMethod(verb), path);
            if (verb is "POST" or "PATCH")
            {
                request.Content = Json("""{ "title": "x", "body": "x", "files": [ { "name": "n.txt", "content": "x" } ] }""");
            }
            var response = await Client(BobToken).SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{verb} {path} ({what}) answered {(int)response.StatusCode}");
            await AssertProblemAsync(response, HttpStatusCode.NotFound);
        }
    }

    private static readonly (string Body, int Status, string Field)[] BadCommentBodies =
    [
        ("""{ "body": "a" """, 400, "body"),
        ("", 400, "body"),
        ("""{ "body": 5 }""", 422, "body"),
        ("""{ "body": { "text": "a" } }""", 422, "body"),
        ("""{ }""", 422, "body"),
        ("""{ "body": " \n " }""", 422, "body"),
        ("""{ "body": "a\u0000b" }""", 422, "body"),
        ("{ \"body\": \"" + new string('x', 65_537) + "\" }", 422, "body"),
    ];

    [Fact]
    public async Task BadCommentBodiesAreProblemsNamingBodyAndWriteNothing()
    {
        // Every row is refused and shown to write nothing, so the rows share one scene.
        var (gist, comment) = await SceneAsync();
        await EveryCase.RunAsync(BadCommentBodies, row => AssertBadCommentAsync(row.Body, row.Status, row.Field, gist, comment));
    }

    private async Task AssertBadCommentAsync(string body, int status, string field, GistDetails gist, long comment)
    {
        var before = await SnapshotAsync();
        foreach (var (method, path) in new[] { ("POST", $"/api/v1/gists/{gist.Id}/comments"), ("PATCH", $"/api/v1/gists/{gist.Id}/comments/{comment}") })
        {
            var response = await Client(BobToken).SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(body) });
            var problem = await AssertProblemAsync(response, (HttpStatusCode)status);
            Assert.True(problem["errors"]?[field] is not null, $"{method}: {problem.ToJsonString()}");
        }
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task OnlyTheAuthorTheOwnerOrAnAdminDeleteAComment()
    {
        var (gist, comment) = await SceneAsync();
        var carol = await CarolAsync();
        var before = await SnapshotAsync();
        var refused = await Client(await TokenAsync(carol, "gist:write")).DeleteAsync($"/api/v1/gists/{gist.Id}/comments/{comment}");
        await AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        var edit = await Client(await TokenAsync(carol, "gist:write")).PatchAsync($"/api/v1/gists/{gist.Id}/comments/{comment}", Json("""{ "body": "x" }"""));
        await AssertProblemAsync(edit, HttpStatusCode.Forbidden);
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await Client(BobToken).DeleteAsync($"/api/v1/gists/{gist.Id}/comments/{comment}")).StatusCode);
        Assert.Empty((await ReadJsonAsync(await Client().GetAsync($"/api/v1/gists/{gist.Id}/comments"))).AsArray());
    }

    [Fact]
    public async Task StarAndForkAnswerAsTheirSummariesSay()
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"));
        // An anonymous caller is told false rather than refused.
        Assert.False((bool)(await ReadJsonAsync(await Client().GetAsync($"/api/v1/gists/{gist.Id}/star")))["starred"]!);
        // Unstarring what is not starred is harmless, and writes nothing.
        var before = await SnapshotAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await Client(BobToken).DeleteAsync($"/api/v1/gists/{gist.Id}/star")).StatusCode);
        Assert.Equal(before, await SnapshotAsync());
        // A second fork gives back the first one.
        var fork = await ReadJsonAsync(await Client(BobToken).PostAsync($"/api/v1/gists/{gist.Id}/forks", null));
        var afterFork = await SnapshotAsync();
        var again = await Client(BobToken).PostAsync($"/api/v1/gists/{gist.Id}/forks", null);
        Assert.Equal((string)fork["id"]!, (string)(await ReadJsonAsync(again))["id"]!);
        Assert.Equal(afterFork, await SnapshotAsync());
        Assert.Equal(1, (int)(await ReadJsonAsync(await Client().GetAsync($"/api/v1/gists/{gist.Id}")))["forkCount"]!);
        var conflict = await Client(AliceToken).PostAsync($"/api/v1/gists/{gist.Id}/forks", null);
        await AssertProblemAsync(conflict, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ADisabledUserIsNotFound()
    {
        await App.Services.GetRequiredService<AccountService>().SetDisabledAsync("bob", true, "test");
        await AssertProblemAsync(await Client().GetAsync("/api/v1/users/bob"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await Client().GetAsync("/api/v1/users/nobody"), HttpStatusCode.NotFound);
    }

    /// <summary>RFC 9457: <c>application/problem+json</c> with <c>type</c>, <c>title</c> and the status.</summary>
    private static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["type"]));
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        return problem;
    }
}
