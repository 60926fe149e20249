using System.Net;
using System.Text.Json.Nodes;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;

namespace CasGists.Tests.App.Api.V3;

/// <summary>Stars, forks and comments of /api/v3 on the wire: GitHub's field names, status codes and error bodies.</summary>
public sealed class SocialV3ApiTests : ApiTestContext
{
    [Fact]
    public async Task ACommentHasGitHubsFieldsAndItsUrlReadsItBack()
    {
        var gist = await GistAsync(Alice);
        var created = await Client(BobToken).PostAsync($"/api/v3/gists/{gist.Id}/comments", Json("""{ "body": "Nice **gist**" }"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var comment = await ReadJsonAsync(created);
        foreach (var field in new[] { "id", "node_id", "url", "body", "user", "author_association", "created_at", "updated_at" })
        {
            Assert.True(comment.AsObject().ContainsKey(field), $"missing {field}");
        }
        var id = (long)comment["id"]!;
        Assert.Equal("Nice **gist**", (string)comment["body"]!);
        Assert.Equal("bob", (string)comment["user"]!["login"]!);
        Assert.True((long)comment["user"]!["id"]! > 0);
        Assert.Equal("NONE", (string)comment["author_association"]!);
        Assert.Equal($"http://localhost/api/v3/gists/{gist.Id}/comments/{id}", (string)comment["url"]!);
        Assert.Equal((string)comment["url"]!, created.Headers.Location!.ToString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string)comment["created_at"]!);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string)comment["updated_at"]!);

        var got = await Client().GetAsync((string)comment["url"]!);
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal("Nice **gist**", (string)(await ReadJsonAsync(got))["body"]!);

        var own = await ReadJsonAsync(await Client(AliceToken).PostAsync($"/api/v3/gists/{gist.Id}/comments", Json("""{ "body": "Thanks" }""")));
        Assert.Equal("OWNER", (string)own["author_association"]!);
    }

    [Fact]
    public async Task CommentsListOldestFirstAndPageWithLinkHeaders()
    {
        var gist = await GistAsync(Alice);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created,
                (await Client(BobToken).PostAsync($"/api/v3/gists/{gist.Id}/comments", Json($$"""{ "body": "c{{i}}" }"""))).StatusCode);
        }
        var first = await Client().GetAsync($"/api/v3/gists/{gist.Id}/comments?per_page=2");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(["c1", "c2"], (await ReadJsonAsync(first)).AsArray().Select(c => (string)c!["body"]!));
        var link = first.Headers.GetValues("Link").Single();
        Assert.Contains($"<http://localhost/api/v3/gists/{gist.Id}/comments?page=2&per_page=2>; rel=\"next\"", link);
        Assert.Contains("rel=\"last\"", link);
        var second = await Client().GetAsync($"/api/v3/gists/{gist.Id}/comments?per_page=2&page=2");
        Assert.Equal(["c3"], (await ReadJsonAsync(second)).AsArray().Select(c => (string)c!["body"]!));
        Assert.Contains("rel=\"prev\"", second.Headers.GetValues("Link").Single());
        Assert.DoesNotContain("rel=\"next\"", second.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task EditingACommentChangesItsBodyAndOnlyTheAuthorMay()
    {
        var gist = await GistAsync(Alice);
        var comment = await ReadJsonAsync(await Client(BobToken).PostAsync($"/api/v3/gists/{gist.Id}/comments", Json("""{ "body": "first" }""")));
        var url = $"/api/v3/gists/{gist.Id}/comments/{(long)comment["id"]!}";
        var before = await SnapshotAsync();

        var byOwner = await Client(AliceToken).PatchAsync(url, Json("""{ "body": "hijacked" }"""));
        await AssertGitHubErrorAsync(byOwner, HttpStatusCode.Forbidden);
        await AssertGitHubErrorAsync(await Client().PatchAsync(url, Json("""{ "body": "x" }""")), HttpStatusCode.Unauthorized, "Requires authentication.");
        var readOnly = await TokenAsync(Bob, "gist:read");
        await AssertGitHubErrorAsync(await Client(readOnly).PatchAsync(url, Json("""{ "body": "x" }""")), HttpStatusCode.Forbidden);
        var blank = await Client(BobToken).PatchAsync(url, Json("""{ "body": "   " }"""));
        var error = await AssertGitHubErrorAsync(blank, HttpStatusCode.UnprocessableEntity, "Validation Failed");
        Assert.Contains(error["errors"]!.AsArray(), e => (string)e!["field"]! == "body");
        await AssertGitHubErrorAsync(await Client(BobToken).PatchAsync($"/api/v3/gists/{gist.Id}/comments/999999", Json("""{ "body": "x" }""")),
            HttpStatusCode.NotFound, "Not Found");
        Assert.Equal(before, await SnapshotAsync());

        var edited = await Client(BobToken).PatchAsync(url, Json("""{ "body": "second" }"""));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var body = await ReadJsonAsync(edited);
        Assert.Equal("second", (string)body["body"]!);
        Assert.Equal((long)comment["id"]!, (long)body["id"]!);
        Assert.Equal("second", (string)(await ReadJsonAsync(await Client().GetAsync(url)))["body"]!);
    }

    [Fact]
    public async Task DeletingACommentIsNoContentForTheAuthorOrOwnerAndRefusedForOthers()
    {
        var gist = await GistAsync(Alice);
        var carol = await App.UserAsync("carol");
        var carolToken = await TokenAsync(carol, "gist:write");
        var first = await ReadJsonAsync(await Client(BobToken).PostAsync($"/api/v3/gists/{gist.Id}/comments", Json("""{ "body": "one" }""")));
        var second = await ReadJsonAsync(await Client(BobToken).PostAsync($"/api/v3/gists/{gist.Id}/comments", Json("""{ "body": "two" }""")));
        var firstUrl = $"/api/v3/gists/{gist.Id}/comments/{(long)first["id"]!}";
        var secondUrl = $"/api/v3/gists/{gist.Id}/comments/{(long)second["id"]!}";
        var before = await SnapshotAsync();

        await AssertGitHubErrorAsync(await Client(carolToken).DeleteAsync(firstUrl), HttpStatusCode.Forbidden);
        await AssertGitHubErrorAsync(await Client().DeleteAsync(firstUrl), HttpStatusCode.Unauthorized, "Requires authentication.");
        await AssertGitHubErrorAsync(await Client(BobToken).DeleteAsync($"/api/v3/gists/{gist.Id}/comments/999999"), HttpStatusCode.NotFound, "Not Found");
        Assert.Equal(before, await SnapshotAsync());

        var byAuthor = await Client(BobToken).DeleteAsync(firstUrl);
        Assert.Equal(HttpStatusCode.NoContent, byAuthor.StatusCode);
        Assert.Empty(await byAuthor.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await Client(AliceToken).DeleteAsync(secondUrl)).StatusCode);
        await AssertGitHubErrorAsync(await Client().GetAsync(firstUrl), HttpStatusCode.NotFound, "Not Found");
        Assert.Empty((await ReadJsonAsync(await Client().GetAsync($"/api/v3/gists/{gist.Id}/comments"))).AsArray());
    }

    [Fact]
    public async Task CommentsOfAGistOthersCannotReadAreNotFoundAndNeedAUserToWrite()
    {
        var secret = await GistAsync(Alice, GistVisibility.Private);
        var comment = await ReadJsonAsync(await Client(AliceToken).PostAsync($"/api/v3/gists/{secret.Id}/comments", Json("""{ "body": "mine" }""")));
        var url = $"/api/v3/gists/{secret.Id}/comments/{(long)comment["id"]!}";
        var before = await SnapshotAsync();

        await AssertGitHubErrorAsync(await Client(BobToken).GetAsync($"/api/v3/gists/{secret.Id}/comments"), HttpStatusCode.NotFound, "Not Found");
        await AssertGitHubErrorAsync(await Client().GetAsync(url), HttpStatusCode.NotFound, "Not Found");
        await AssertGitHubErrorAsync(await Client(BobToken).PostAsync($"/api/v3/gists/{secret.Id}/comments", Json("""{ "body": "x" }""")),
            HttpStatusCode.NotFound, "Not Found");
        await AssertGitHubErrorAsync(await Client(BobToken).PatchAsync(url, Json("""{ "body": "x" }""")), HttpStatusCode.NotFound, "Not Found");
        await AssertGitHubErrorAsync(await Client(BobToken).DeleteAsync(url), HttpStatusCode.NotFound, "Not Found");
        await AssertGitHubErrorAsync(await Client().PostAsync($"/api/v3/gists/{secret.Id}/comments", Json("""{ "body": "x" }""")),
            HttpStatusCode.Unauthorized, "Requires authentication.");
        await AssertGitHubErrorAsync(await Client(AliceToken).GetAsync($"/api/v3/gists/{secret.Id}/comments/not-a-number"), HttpStatusCode.NotFound, "Not Found");
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("""{ "body": "" }""", 422)]
    [InlineData("""{ }""", 422)]
    [InlineData("""{ "body": 5 }""", 422)]
    [InlineData("""{ "body": [ "a" ] }""", 422)]
    [InlineData("""[ "body" ]""", 422)]
    [InlineData("""{ "body": "a" """, 400)]
    [InlineData("""{ "body": "\u0000" }""", 422)]
    public async Task BadCommentBodiesAreRefusedInGitHubsShapeAndWriteNothing(string body, int status)
    {
        var gist = await GistAsync(Alice);
        var before = await SnapshotAsync();
        var response = await Client(BobToken).PostAsync($"/api/v3/gists/{gist.Id}/comments", Json(body));
        var error = await AssertGitHubErrorAsync(response, (HttpStatusCode)status, status == 400 ? "Problems parsing JSON" : "Validation Failed");
        if (status == 422)
        {
            Assert.Contains(error["errors"]!.AsArray(), e => (string)e!["field"]! == "body" && (string)e["resource"]! == "Gist");
        }
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task ACommentLongerThanTheLimitIsAValidationErrorAndWritesNothing()
    {
        var gist = await GistAsync(Alice);
        var before = await SnapshotAsync();
        var response = await Client(BobToken).PostAsync($"/api/v3/gists/{gist.Id}/comments", Json(new { body = new string('x', 65_537) }));
        await AssertGitHubErrorAsync(response, HttpStatusCode.UnprocessableEntity, "Validation Failed");
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task AForkIsAFullGistWithForkOfAndTheSourceListsItInForks()
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "Source", ("a.txt", "hello\n"));
        var response = await Client(BobToken).PostAsync($"/api/v3/gists/{gist.Id}/forks", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var fork = await ReadJsonAsync(response);
        var forkId = (string)fork["id"]!;
        Assert.Matches("^[0-9a-f]{32}$", forkId);
        Assert.NotEqual(gist.Id, forkId);
        Assert.Equal($"http://localhost/api/v3/gists/{forkId}", response.Headers.Location!.ToString());
        Assert.Equal("bob", (string)fork["owner"]!["login"]!);
        Assert.Equal("hello\n", (string)fork["files"]!["a.txt"]!["content"]!);
        Assert.Equal(gist.Id, (string)fork["fork_of"]!["id"]!);
        Assert.Equal($"http://localhost/api/v3/gists/{gist.Id}", (string)fork["fork_of"]!["url"]!);
        Assert.EndsWith($"/bob/{forkId}.git", (string)fork["git_pull_url"]!);
        Assert.True((bool)fork["public"]!);

        // Forking again gives back the same fork and writes nothing new.
        var before = await SnapshotAsync();
        var again = await Client(BobToken).PostAsync($"/api/v3/gists/{gist.Id}/forks", null);
        Assert.Equal(forkId, (string)(await ReadJsonAsync(again))["id"]!);
        Assert.Equal(before, await SnapshotAsync());

        var source = await ReadJsonAsync(await Client().GetAsync($"/api/v3/gists/{gist.Id}"));
        var entry = Assert.Single(source["forks"]!.AsArray())!;
        foreach (var field in new[] { "id", "url", "user", "created_at", "updated_at" })
        {
            Assert.True(entry.AsObject().ContainsKey(field), $"missing forks[0].{field}");
        }
        Assert.Equal(forkId, (string)entry["id"]!);
        Assert.Equal("bob", (string)entry["user"]!["login"]!);
    }

    [Fact]
    public async Task TheForksListHasGistObjectsWithTheirOwnerAsUserAndPages()
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "Source", ("a.txt", "hello\n"));
        var carol = await App.UserAsync("carol");
        Assert.Equal(HttpStatusCode.Created, (await Client(BobToken).PostAsync($"/api/v3/gists/{gist.Id}/forks", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client(await TokenAsync(carol, "gist:write")).PostAsync($"/api/v3/gists/{gist.Id}/forks", null)).StatusCode);

        var response = await Client().GetAsync($"/api/v3/gists/{gist.Id}/forks?per_page=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fork = Assert.Single((await ReadJsonAsync(response)).AsArray())!;
        foreach (var field in new[] { "url", "id", "files", "public", "owner", "user", "html_url", "git_pull_url", "created_at", "updated_at" })
        {
            Assert.True(fork.AsObject().ContainsKey(field), $"missing {field}");
        }
        Assert.Equal((string)fork["owner"]!["login"]!, (string)fork["user"]!["login"]!);
        Assert.Null(fork["files"]!["a.txt"]!["content"]);
        Assert.Contains($"/api/v3/gists/{gist.Id}/forks?page=2&per_page=1>; rel=\"next\"", response.Headers.GetValues("Link").Single());
        var both = (await ReadJsonAsync(await Client().GetAsync($"/api/v3/gists/{gist.Id}/forks"))).AsArray();
        Assert.Equal(["bob", "carol"], both.Select(f => (string)f!["owner"]!["login"]!).Order());
    }

    [Fact]
    public async Task ForkErrorsAreGitHubStyleAndWriteNothing()
    {
        var gist = await GistAsync(Alice);
        var secret = await GistAsync(Alice, GistVisibility.Private);
        var before = await SnapshotAsync();
        await AssertGitHubErrorAsync(await Client().PostAsync($"/api/v3/gists/{gist.Id}/forks", null), HttpStatusCode.Unauthorized, "Requires authentication.");
        await AssertGitHubErrorAsync(await Client(await TokenAsync(Bob, "gist:read")).PostAsync($"/api/v3/gists/{gist.Id}/forks", null), HttpStatusCode.Forbidden);
        await AssertGitHubErrorAsync(await Client(BobToken).PostAsync($"/api/v3/gists/{secret.Id}/forks", null), HttpStatusCode.NotFound, "Not Found");
        await AssertGitHubErrorAsync(await Client(BobToken).PostAsync($"/api/v3/gists/{new string('0', 32)}/forks", null), HttpStatusCode.NotFound, "Not Found");
        // GitHub's status and sentence for forking one's own gist, which clients match on.
        var own = await AssertGitHubErrorAsync(await Client(AliceToken).PostAsync($"/api/v3/gists/{gist.Id}/forks", null),
            HttpStatusCode.UnprocessableEntity, "You cannot fork your own gist.");
        Assert.Equal("422", (string)own["status"]!);
        await AssertGitHubErrorAsync(await Client(BobToken).GetAsync($"/api/v3/gists/{secret.Id}/forks"), HttpStatusCode.NotFound, "Not Found");
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task StarredListsFullGistsMostRecentlyStarredFirstAndPages()
    {
        var older = await GistAsync(Alice, GistVisibility.Public, "older", ("o.txt", "o"));
        var newer = await GistAsync(Alice, GistVisibility.Unlisted, "newer", ("n.txt", "n"));
        Assert.Equal(HttpStatusCode.NoContent, (await Client(BobToken).PutAsync($"/api/v3/gists/{older.Id}/star", null)).StatusCode);
        await Task.Delay(20);
        Assert.Equal(HttpStatusCode.NoContent, (await Client(BobToken).PutAsync($"/api/v3/gists/{newer.Id}/star", null)).StatusCode);

        var all = await Client(BobToken).GetAsync("/api/v3/gists/starred");
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        var list = (await ReadJsonAsync(all)).AsArray();
        Assert.Equal([newer.Id, older.Id], list.Select(g => (string)g!["id"]!));
        Assert.False((bool)list[0]!["public"]!);
        Assert.True(list[0]!["files"]!.AsObject().ContainsKey("n.txt"));

        var page = await Client(BobToken).GetAsync("/api/v3/gists/starred?per_page=1&page=2");
        Assert.Equal([older.Id], (await ReadJsonAsync(page)).AsArray().Select(g => (string)g!["id"]!));
        Assert.Contains("/api/v3/gists/starred?page=1&per_page=1>; rel=\"prev\"", page.Headers.GetValues("Link").Single());
        Assert.Empty((await ReadJsonAsync(await Client(AliceToken).GetAsync("/api/v3/gists/starred"))).AsArray());

        await AssertGitHubErrorAsync(await Client().GetAsync("/api/v3/gists/starred"), HttpStatusCode.Unauthorized, "Requires authentication.");
        await AssertGitHubErrorAsync(await Client(await TokenAsync(Bob, "user:read")).GetAsync("/api/v3/gists/starred"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task StarErrorsAreGitHubStyleAndWriteNothing()
    {
        var gist = await GistAsync(Alice);
        var secret = await GistAsync(Alice, GistVisibility.Private);
        var before = await SnapshotAsync();
        var check = await Client(BobToken).GetAsync($"/api/v3/gists/{gist.Id}/star");
        await AssertGitHubErrorAsync(check, HttpStatusCode.NotFound, "Not Found");
        await AssertGitHubErrorAsync(await Client().GetAsync($"/api/v3/gists/{gist.Id}/star"), HttpStatusCode.Unauthorized, "Requires authentication.");
        await AssertGitHubErrorAsync(await Client().DeleteAsync($"/api/v3/gists/{gist.Id}/star"), HttpStatusCode.Unauthorized, "Requires authentication.");
        await AssertGitHubErrorAsync(await Client(await TokenAsync(Bob, "gist:read")).PutAsync($"/api/v3/gists/{gist.Id}/star", null), HttpStatusCode.Forbidden);
        await AssertGitHubErrorAsync(await Client(BobToken).PutAsync($"/api/v3/gists/{secret.Id}/star", null), HttpStatusCode.NotFound, "Not Found");
        await AssertGitHubErrorAsync(await Client(BobToken).PutAsync($"/api/v3/gists/{new string('a', 32)}/star", null), HttpStatusCode.NotFound, "Not Found");
        await AssertGitHubErrorAsync(await Client(BobToken).GetAsync($"/api/v3/gists/{secret.Id}/star"), HttpStatusCode.NotFound, "Not Found");
        Assert.Equal(before, await SnapshotAsync());

        // Starring needs no body (GitHub asks for Content-Length: 0) and a 204 has none; unstarring what is not starred is harmless.
        var star = await Client(BobToken).PutAsync($"/api/v3/gists/{gist.Id}/star", null);
        Assert.Equal(HttpStatusCode.NoContent, star.StatusCode);
        Assert.Empty(await star.Content.ReadAsByteArrayAsync());
        var starred = await Client(BobToken).GetAsync($"/api/v3/gists/{gist.Id}/star");
        Assert.Equal(HttpStatusCode.NoContent, starred.StatusCode);
        Assert.Empty(await starred.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await Client(BobToken).DeleteAsync($"/api/v3/gists/{gist.Id}/star")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client(BobToken).DeleteAsync($"/api/v3/gists/{gist.Id}/star")).StatusCode);
    }

    /// <summary>GitHub's error body: <c>message</c> and <c>documentation_url</c>, as JSON (not problem+json).</summary>
    internal static async Task<JsonNode> AssertGitHubErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? message = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var json = await ReadJsonAsync(response);
        Assert.False(string.IsNullOrWhiteSpace((string?)json["message"]));
        Assert.Equal("https://docs.github.com/rest/gists", (string)json["documentation_url"]!);
        if (message is not null)
        {
            Assert.Equal(message, (string)json["message"]!);
        }
        if (status == HttpStatusCode.Unauthorized)
        {
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
        return json;
    }
}
