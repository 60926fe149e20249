using System.Net;
using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using Microsoft.Extensions.DependencyInjection;
using static CasGists.Tests.App.Api.V3.SocialV3ApiTests;

namespace CasGists.Tests.App.Api.V3;

/// <summary>The v3 lists (paging, <c>Link</c>, <c>since</c>), users, conditional reads, and the auth errors of gist writes.</summary>
public sealed class ListsAndUsersV3ApiTests : ApiTestContext
{
    private static readonly string[] PagedLists = ["/api/v3/gists", "/api/v3/gists/public", "/api/v3/users/alice/gists"];

    [Fact]
    public async Task ListsPageWithPerPageAndPageAndGitHubLinkHeaders()
    {
        // The rows only read, and each list holds exactly these five gists, so the rows share them.
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await GistAsync(Alice, GistVisibility.Public, $"g{i}")).Id);
        }
        await EveryCase.RunAsync(PagedLists, path => AssertPagesAsync(path, ids));
    }

    private async Task AssertPagesAsync(string path, List<string> ids)
    {
        var client = Client(AliceToken);
        var first = await client.GetAsync($"{path}?per_page=2");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, (await ReadJsonAsync(first)).AsArray().Count);
        var link = first.Headers.GetValues("Link").Single();
        Assert.Contains($"<http://localhost{path}?page=2&per_page=2>; rel=\"next\"", link);
        Assert.Contains($"<http://localhost{path}?page=3&per_page=2>; rel=\"last\"", link);
        Assert.DoesNotContain("rel=\"prev\"", link);

        var middle = await client.GetAsync($"{path}?per_page=2&page=2");
        var middleLink = middle.Headers.GetValues("Link").Single();
        Assert.Contains("page=3&per_page=2>; rel=\"next\"", middleLink);
        Assert.Contains("page=1&per_page=2>; rel=\"first\"", middleLink);
        Assert.Contains("page=1&per_page=2>; rel=\"prev\"", middleLink);

        var last = await client.GetAsync($"{path}?per_page=2&page=3");
        Assert.Single((await ReadJsonAsync(last)).AsArray());
        Assert.DoesNotContain("rel=\"next\"", last.Headers.GetValues("Link").Single());

        // Every gist once across the pages, newest first.
        var seen = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            seen.AddRange((await ReadJsonAsync(await client.GetAsync($"{path}?per_page=2&page={page}"))).AsArray().Select(g => (string)g!["id"]!));
        }
        Assert.Equal(Enumerable.Reverse(ids), seen);
        Assert.Empty((await ReadJsonAsync(await client.GetAsync($"{path}?per_page=2&page=4"))).AsArray());
    }

    private static readonly string[] BadPaging = ["per_page=abc", "per_page=0", "per_page=500", "page=0", "page=-3&per_page=-1", "page=99999999999"];

    [Fact]
    public async Task BadPagingFallsBackAsGitHubDoesInsteadOfFailing()
    {
        // The rows only read, so they share the three gists.
        for (var i = 0; i < 3; i++)
        {
            await GistAsync(Alice, GistVisibility.Public, $"g{i}");
        }
        await EveryCase.RunAsync(BadPaging, async query =>
        {
            var response = await Client().GetAsync($"/api/v3/gists/public?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(3, (await ReadJsonAsync(response)).AsArray().Count);
        });
    }

    private static readonly string[] SinceLists = ["/api/v3/gists", "/api/v3/gists/public", "/api/v3/users/alice/gists", "/api/v3/gists/starred"];

    [Fact]
    public async Task SinceKeepsOnlyGistsUpdatedAtOrAfterIt()
    {
        // The rows only read, and each list holds exactly these two gists (Bob starred both), so the rows share them.
        var time = App.Services.GetRequiredService<TimeProvider>();
        var old = await GistAsync(Alice, GistVisibility.Public, "old");
        var changed = await GistAsync(Alice, GistVisibility.Public, "changed", ("a.txt", "a"));
        await Client(BobToken).PutAsync($"/api/v3/gists/{old.Id}/star", null);
        await Client(BobToken).PutAsync($"/api/v3/gists/{changed.Id}/star", null);
        await Task.Delay(1100);
        var since = time.GetUtcNow().UtcDateTime;
        await Task.Delay(1100);
        Assert.Equal(HttpStatusCode.OK,
            (await Client(AliceToken).PatchAsync($"/api/v3/gists/{changed.Id}", Json("""{ "files": { "a.txt": { "content": "b" } } }"""))).StatusCode);
        await EveryCase.RunAsync(SinceLists, path => AssertSinceAsync(path, since, changed.Id));
    }

    private async Task AssertSinceAsync(string path, DateTime since, string changedId)
    {
        var client = Client(path.EndsWith("/starred", StringComparison.Ordinal) ? BobToken : AliceToken);
        var stamp = since.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var recent = await client.GetAsync($"{path}?since={stamp}");
        Assert.Equal(HttpStatusCode.OK, recent.StatusCode);
        Assert.Equal([changedId], (await ReadJsonAsync(recent)).AsArray().Select(g => (string)g!["id"]!));
        var withOffset = await client.GetAsync($"{path}?since={Uri.EscapeDataString(since.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss'+02:00'", System.Globalization.CultureInfo.InvariantCulture))}");
        Assert.Equal([changedId], (await ReadJsonAsync(withOffset)).AsArray().Select(g => (string)g!["id"]!));
        var all = await client.GetAsync($"{path}?since=2000-01-01T00:00:00Z");
        Assert.Equal(2, (await ReadJsonAsync(all)).AsArray().Count);
        Assert.Empty((await ReadJsonAsync(await client.GetAsync($"{path}?since={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}T00:00:00Z"))).AsArray());
    }

    private static readonly string[] UnreadableSince = ["yesterday", "2026-13-45T00:00:00Z"];

    [Fact]
    public Task AnUnreadableSinceIsAValidationErrorNamingIt() => EveryCase.RunAsync(UnreadableSince, async since =>
    {
        var response = await Client().GetAsync($"/api/v3/gists/public?since={since}");
        var error = await AssertGitHubErrorAsync(response, HttpStatusCode.UnprocessableEntity, "Validation Failed");
        Assert.Contains(error["errors"]!.AsArray(), e => (string)e!["field"]! == "since");
    });

    [Fact]
    public async Task TheListOfGistsIsMineWithATokenAndThePublicOnesWithout()
    {
        await GistAsync(Alice, GistVisibility.Public, "pub");
        var secret = await GistAsync(Alice, GistVisibility.Private, "secret");
        await GistAsync(Bob, GistVisibility.Public, "bobs");
        var mine = (await ReadJsonAsync(await Client(AliceToken).GetAsync("/api/v3/gists"))).AsArray();
        Assert.Equal(2, mine.Count);
        Assert.Contains(mine, g => (string)g!["id"]! == secret.Id);
        Assert.All(mine, g => Assert.Equal("alice", (string)g!["owner"]!["login"]!));
        var anonymous = (await ReadJsonAsync(await Client().GetAsync("/api/v3/gists"))).AsArray();
        Assert.Equal(2, anonymous.Count);
        Assert.All(anonymous, g => Assert.True((bool)g!["public"]!));
    }

    [Fact]
    public async Task AUsersGistsOfAnUnknownUserAreNotFound()
    {
        await AssertGitHubErrorAsync(await Client().GetAsync("/api/v3/users/nobody/gists"), HttpStatusCode.NotFound, "Not Found");
    }

    [Fact]
    public async Task AUserHasGitHubsFieldsWithoutTheEmailOrPrivateCounts()
    {
        await GistAsync(Alice, GistVisibility.Public);
        await GistAsync(Alice, GistVisibility.Private);
        var response = await Client().GetAsync("/api/v3/users/ALICE");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var user = await ReadJsonAsync(response);
        foreach (var field in new[] { "login", "id", "node_id", "avatar_url", "url", "html_url", "gists_url", "type", "site_admin",
                     "name", "public_repos", "public_gists", "followers", "following", "created_at", "updated_at" })
        {
            Assert.True(user.AsObject().ContainsKey(field), $"missing {field}");
        }
        Assert.Equal("alice", (string)user["login"]!);
        Assert.Equal("User", (string)user["type"]!);
        Assert.Equal(1, (int)user["public_gists"]!);
        Assert.Null(user["email"]);
        Assert.False(user.AsObject().ContainsKey("private_gists"));
        Assert.Equal("http://localhost/api/v3/users/alice", (string)user["url"]!);
        Assert.Equal("http://localhost/alice", (string)user["html_url"]!);
        Assert.NotNull(response.Headers.ETag);

        var me = await ReadJsonAsync(await Client(AliceToken).GetAsync("/api/v3/user"));
        Assert.Equal((long)user["id"]!, (long)me["id"]!);
        Assert.Equal("alice@example.com", (string)me["email"]!);
        Assert.Equal(1, (int)me["private_gists"]!);
        Assert.Equal(1, (int)me["public_gists"]!);
    }

    [Fact]
    public async Task UnknownAndDisabledUsersAreNotFound()
    {
        await AssertGitHubErrorAsync(await Client().GetAsync("/api/v3/users/nobody"), HttpStatusCode.NotFound, "Not Found");
        await App.Services.GetRequiredService<AccountService>().SetDisabledAsync("bob", true, "test");
        await AssertGitHubErrorAsync(await Client().GetAsync("/api/v3/users/bob"), HttpStatusCode.NotFound, "Not Found");
    }

    [Fact]
    public async Task TheCurrentUserNeedsUserReadAndABadTokenIsBadCredentials()
    {
        await AssertGitHubErrorAsync(await Client(await TokenAsync(Alice, "gist:read")).GetAsync("/api/v3/user"), HttpStatusCode.Forbidden);
        var gist = await GistAsync(Alice);
        await AssertGitHubErrorAsync(await Client("cgp_" + new string('b', 40)).GetAsync($"/api/v3/gists/{gist.Id}"), HttpStatusCode.Unauthorized, "Bad credentials.");
        await AssertGitHubErrorAsync(await Client("cgp_" + new string('b', 40)).GetAsync("/api/v3/gists/public"), HttpStatusCode.Unauthorized, "Bad credentials.");
    }

    private static readonly string[] Reads =
    [
        "/api/v3/gists/{id}",
        "/api/v3/gists/{id}/commits",
        "/api/v3/gists/{id}/{sha}",
        "/api/v3/gists/{id}/forks",
        "/api/v3/gists/{id}/comments",
        "/api/v3/gists/{id}/comments/{comment}",
        "/api/v3/gists/public",
        "/api/v3/gists",
        "/api/v3/gists/starred",
        "/api/v3/users/alice/gists",
        "/api/v3/users/alice",
        "/api/v3/user",
    ];

    [Fact]
    public async Task ReadsCarryAnETagAndAnswerNotModifiedToIt()
    {
        // The rows only read, so they share one scene.
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"));
        await Client(BobToken).PutAsync($"/api/v3/gists/{gist.Id}/star", null);
        var comment = await ReadJsonAsync(await Client(AliceToken).PostAsync($"/api/v3/gists/{gist.Id}/comments", Json("""{ "body": "c" }""")));
        await EveryCase.RunAsync(Reads, template => AssertETagAsync(template, gist, (long)comment["id"]!));
    }

    private async Task AssertETagAsync(string template, GistDetails gist, long comment)
    {
        var path = template.Replace("{id}", gist.Id).Replace("{sha}", gist.HeadRevision).Replace("{comment}", comment.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var client = Client(template.EndsWith("/starred", StringComparison.Ordinal) ? BobToken : AliceToken);
        var first = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task GistWritesNeedATokenWithGistWriteAndTheOwner()
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"));
        var secret = await GistAsync(Alice, GistVisibility.Private);
        var readOnly = await TokenAsync(Alice, "gist:read");
        var patch = """{ "description": "x" }""";
        var before = await SnapshotAsync();

        await AssertGitHubErrorAsync(await Client().PatchAsync($"/api/v3/gists/{gist.Id}", Json(patch)), HttpStatusCode.Unauthorized, "Requires authentication.");
        await AssertGitHubErrorAsync(await Client(readOnly).PatchAsync($"/api/v3/gists/{gist.Id}", Json(patch)), HttpStatusCode.Forbidden);
        await AssertGitHubErrorAsync(await Client(BobToken).PatchAsync($"/api/v3/gists/{gist.Id}", Json(patch)), HttpStatusCode.Forbidden);
        await AssertGitHubErrorAsync(await Client(BobToken).PatchAsync($"/api/v3/gists/{secret.Id}", Json(patch)), HttpStatusCode.NotFound, "Not Found");
        await AssertGitHubErrorAsync(await Client().DeleteAsync($"/api/v3/gists/{gist.Id}"), HttpStatusCode.Unauthorized, "Requires authentication.");
        await AssertGitHubErrorAsync(await Client(readOnly).DeleteAsync($"/api/v3/gists/{gist.Id}"), HttpStatusCode.Forbidden);
        await AssertGitHubErrorAsync(await Client(BobToken).DeleteAsync($"/api/v3/gists/{gist.Id}"), HttpStatusCode.Forbidden);
        await AssertGitHubErrorAsync(await Client(BobToken).DeleteAsync($"/api/v3/gists/{secret.Id}"), HttpStatusCode.NotFound, "Not Found");
        await AssertGitHubErrorAsync(await Client(readOnly).PostAsync("/api/v3/gists", Json("""{ "files": { "a.txt": { "content": "x" } } }""")),
            HttpStatusCode.Forbidden);
        Assert.Equal(before, await SnapshotAsync());

        var deleted = await Client(AliceToken).DeleteAsync($"/api/v3/gists/{gist.Id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertGitHubErrorAsync(await Client(AliceToken).DeleteAsync($"/api/v3/gists/{gist.Id}"), HttpStatusCode.NotFound, "Not Found");
    }

    [Fact]
    public async Task PublicTrueMakesAGistPublicAndFalseMakesAPublicOneSecret()
    {
        var gist = await GistAsync(Alice, GistVisibility.Private, "t", ("a.txt", "a"));
        var open = await ReadJsonAsync(await Client(AliceToken).PatchAsync($"/api/v3/gists/{gist.Id}", Json("""{ "public": true }""")));
        Assert.True((bool)open["public"]!);
        var closed = await ReadJsonAsync(await Client(AliceToken).PatchAsync($"/api/v3/gists/{gist.Id}", Json("""{ "public": false }""")));
        Assert.False((bool)closed["public"]!);
        var stored = await App.Services.GetRequiredService<GistService>().GetAsync(Viewer.For(Alice), gist.Id);
        Assert.Equal(GistVisibility.Unlisted, stored.Visibility);
    }
}
