using System.Net;
using CasGists.Core.Gists;

namespace CasGists.Tests.App.Api.V1;

public sealed class GistsApiTests : ApiTestContext
{
    [Fact]
    public async Task CreateThenGetReturnsTheGistWithItsFilesAndLocation()
    {
        var created = await Client(AliceToken).PostAsync("/api/v1/gists", Json("""
            { "title": "Notes", "description": "d", "visibility": "public",
              "files": [ { "name": "b.md", "content": "# B" }, { "name": "a.py", "content": "print(1)\n" } ] }
            """));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await ReadJsonAsync(created);
        var id = (string)body["id"]!;
        Assert.Equal($"http://localhost/api/v1/gists/{id}", created.Headers.Location!.ToString());
        Assert.Equal("public", (string)body["visibility"]!);
        Assert.Equal("alice", (string)body["owner"]!);
        Assert.Equal(["a.py", "b.md"], body["files"]!.AsArray().Select(f => (string)f!["name"]!));
        Assert.Equal("Python", (string)body["files"]![0]!["language"]!);

        var get = await Client().GetAsync($"/api/v1/gists/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var got = await ReadJsonAsync(get);
        Assert.Equal("Notes", (string)got["title"]!);
        Assert.Equal("print(1)\n", (string)got["files"]![0]!["content"]!);
        Assert.EndsWith($"/alice/{id}/raw/{(string)got["revision"]!}/a.py", (string)got["files"]![0]!["rawUrl"]!);
    }

    [Fact]
    public async Task CreateWithoutVisibilityIsUnlistedLikeGitHubsSecretGists()
    {
        var created = await Client(AliceToken).PostAsync("/api/v1/gists", Json("""{ "files": [ { "name": "a.txt", "content": "x" } ] }"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("unlisted", (string)(await ReadJsonAsync(created))["visibility"]!);
    }

    [Fact]
    public async Task GetAnswersNotModifiedForTheSameETagAndANewOneAfterAChange()
    {
        var gist = await GistAsync(Alice);
        var first = await Client().GetAsync($"/api/v1/gists/{gist.Id}");
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);

        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/gists/{gist.Id}");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await Client().SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        await Client(AliceToken).PatchAsync($"/api/v1/gists/{gist.Id}", Json("""{ "title": "changed" }"""));
        var after = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/gists/{gist.Id}");
        after.Headers.IfNoneMatch.Add(etag);
        var changed = await Client().SendAsync(after);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task AnonymousReadsPublicAndUnlistedButNotPrivateGists()
    {
        var unlisted = await GistAsync(Alice, GistVisibility.Unlisted);
        var secret = await GistAsync(Alice, GistVisibility.Private);
        Assert.Equal(HttpStatusCode.OK, (await Client().GetAsync($"/api/v1/gists/{unlisted.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/api/v1/gists/{secret.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client(BobToken).GetAsync($"/api/v1/gists/{secret.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client(AliceToken).GetAsync($"/api/v1/gists/{secret.Id}")).StatusCode);
    }

    [Fact]
    public async Task ATokenWithoutGistReadSeesOnlyWhatAVisitorSees()
    {
        var secret = await GistAsync(Alice, GistVisibility.Private);
        var userOnly = await TokenAsync(Alice, "user:read");
        Assert.Equal(HttpStatusCode.NotFound, (await Client(userOnly).GetAsync($"/api/v1/gists/{secret.Id}")).StatusCode);
        var readOnly = await TokenAsync(Alice, "gist:read");
        Assert.Equal(HttpStatusCode.OK, (await Client(readOnly).GetAsync($"/api/v1/gists/{secret.Id}")).StatusCode);
        var write = await Client(readOnly).PatchAsync($"/api/v1/gists/{secret.Id}", Json("""{ "title": "x" }"""));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Contains("gist:write", (string)(await ReadJsonAsync(write))["detail"]!);
    }

    [Fact]
    public async Task ABadTokenIsAnUnauthorizedEvenWhereAnonymousReadsAreAllowed()
    {
        var gist = await GistAsync(Alice);
        var response = await Client("cgp_" + new string('a', 40)).GetAsync($"/api/v1/gists/{gist.Id}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task WritesWithoutACredentialAreUnauthorized()
    {
        var gist = await GistAsync(Alice);
        var create = await Client().PostAsync("/api/v1/gists", Json("""{ "files": [ { "name": "a", "content": "x" } ] }"""));
        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        Assert.Equal(401, (int)(await ReadJsonAsync(create))["status"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().DeleteAsync($"/api/v1/gists/{gist.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().GetAsync("/api/v1/gists")).StatusCode);
    }

    [Fact]
    public async Task UpdateChangesMetadataAddsRenamesAndDeletesFiles()
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"), ("b.txt", "b"), ("c.txt", "c"));
        var response = await Client(AliceToken).PatchAsync($"/api/v1/gists/{gist.Id}", Json("""
            { "title": "New", "description": "D", "visibility": "private",
              "files": [ { "name": "a.txt", "content": "A" }, { "name": "b.txt", "newName": "renamed.txt" },
                         { "name": "c.txt", "delete": true }, { "name": "d.txt", "content": "new" } ] }
            """));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("New", (string)body["title"]!);
        Assert.Equal("private", (string)body["visibility"]!);
        Assert.Equal(2, (int)body["revisionCount"]!);
        var files = body["files"]!.AsArray().ToDictionary(f => (string)f!["name"]!, f => (string)f!["content"]!);
        Assert.Equal(new Dictionary<string, string> { ["a.txt"] = "A", ["d.txt"] = "new", ["renamed.txt"] = "b" }, files);
    }

    [Fact]
    public async Task UpdateLeavesWhatItDoesNotMention()
    {
        var gist = await GistAsync(Alice, GistVisibility.Unlisted, "Keep", ("a.txt", "a"));
        var body = await ReadJsonAsync(await Client(AliceToken).PatchAsync($"/api/v1/gists/{gist.Id}", Json("""{ "description": "only this" }""")));
        Assert.Equal("Keep", (string)body["title"]!);
        Assert.Equal("unlisted", (string)body["visibility"]!);
        Assert.Equal(1, (int)body["revisionCount"]!);
        Assert.Equal("only this", (string)body["description"]!);
    }

    [Fact]
    public async Task UpdateFromAnOldBaseRevisionIsAConflictAndWritesNothing()
    {
        var gist = await GistAsync(Alice);
        await Client(AliceToken).PatchAsync($"/api/v1/gists/{gist.Id}", Json("""{ "files": [ { "name": "a.txt", "content": "v2" } ] }"""));
        var before = await SnapshotAsync();
        var response = await Client(AliceToken).PatchAsync($"/api/v1/gists/{gist.Id}",
            Json(new { files = new[] { new { name = "a.txt", content = "v3" } }, baseRevision = gist.HeadRevision }));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(409, (int)(await ReadJsonAsync(response))["status"]!);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task OthersCannotUpdateOrDeleteAGist()
    {
        var gist = await GistAsync(Alice);
        var before = await SnapshotAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(BobToken).PatchAsync($"/api/v1/gists/{gist.Id}", Json("""{ "title": "x" }"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(BobToken).DeleteAsync($"/api/v1/gists/{gist.Id}")).StatusCode);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task DeleteRemovesTheGist()
    {
        var gist = await GistAsync(Alice);
        Assert.Equal(HttpStatusCode.NoContent, (await Client(AliceToken).DeleteAsync($"/api/v1/gists/{gist.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/api/v1/gists/{gist.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client(AliceToken).DeleteAsync($"/api/v1/gists/{gist.Id}")).StatusCode);
    }

    [Fact]
    public async Task ListsPageWithLinkAndTotalCountHeaders()
    {
        for (var i = 0; i < 5; i++)
        {
            await GistAsync(Alice, GistVisibility.Public, $"g{i}");
        }
        await GistAsync(Alice, GistVisibility.Unlisted);
        var response = await Client().GetAsync("/api/v1/gists/public?per_page=2&page=2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5", response.Headers.GetValues("X-Total-Count").Single());
        var link = response.Headers.GetValues("Link").Single();
        Assert.Contains("<http://localhost/api/v1/gists/public?page=3&per_page=2>; rel=\"next\"", link);
        Assert.Contains("page=3&per_page=2>; rel=\"last\"", link);
        Assert.Contains("page=1&per_page=2>; rel=\"first\"", link);
        Assert.Contains("page=1&per_page=2>; rel=\"prev\"", link);
        Assert.Equal(2, (await ReadJsonAsync(response)).AsArray().Count);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task MineListsEveryVisibilityAndAUsersListShowsOthersOnlyPublicOnes()
    {
        await GistAsync(Alice, GistVisibility.Public);
        await GistAsync(Alice, GistVisibility.Unlisted);
        await GistAsync(Alice, GistVisibility.Private);
        await GistAsync(Bob, GistVisibility.Public);
        Assert.Equal(3, (await ReadJsonAsync(await Client(AliceToken).GetAsync("/api/v1/gists"))).AsArray().Count);
        Assert.Single((await ReadJsonAsync(await Client(BobToken).GetAsync("/api/v1/users/alice/gists"))).AsArray());
        Assert.Equal(3, (await ReadJsonAsync(await Client(AliceToken).GetAsync("/api/v1/users/alice/gists"))).AsArray().Count);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync("/api/v1/users/nobody/gists")).StatusCode);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("per_page=101", "per_page")]
    [InlineData("per_page=0", "per_page")]
    [InlineData("per_page=-1", "per_page")]
    public async Task BadPagingIsABadRequestNamingTheParameter(string query, string field)
    {
        var response = await Client().GetAsync($"/api/v1/gists/public?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull((await ReadJsonAsync(response))["errors"]![field]);
    }

    [Fact]
    public async Task RevisionsListNewestFirstAndAGistCanBeReadAtARevision()
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "one\n"));
        await Client(AliceToken).PatchAsync($"/api/v1/gists/{gist.Id}", Json("""{ "files": [ { "name": "a.txt", "content": "one\ntwo\n" } ] }"""));
        var list = await Client().GetAsync($"/api/v1/gists/{gist.Id}/revisions");
        Assert.Equal("2", list.Headers.GetValues("X-Total-Count").Single());
        var revisions = (await ReadJsonAsync(list)).AsArray();
        Assert.Equal(1, (int)revisions[0]!["additions"]!);
        Assert.Equal(gist.HeadRevision, (string)revisions[1]!["revision"]!);
        Assert.Equal("modified", (string)revisions[0]!["files"]![0]!["change"]!);

        var old = await ReadJsonAsync(await Client().GetAsync($"/api/v1/gists/{gist.Id}/revisions/{gist.HeadRevision}"));
        Assert.Equal("one\n", (string)old["files"]![0]!["content"]!);
        Assert.False((bool)old["isHead"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/api/v1/gists/{gist.Id}/revisions/{new string('0', 40)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/api/v1/gists/{gist.Id}/revisions/nothex")).StatusCode);
    }

    [Fact]
    public async Task RevisionsOfAPrivateGistAreHiddenFromOthers()
    {
        var gist = await GistAsync(Alice, GistVisibility.Private);
        Assert.Equal(HttpStatusCode.NotFound, (await Client(BobToken).GetAsync($"/api/v1/gists/{gist.Id}/revisions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/api/v1/gists/{gist.Id}/revisions/{gist.HeadRevision}")).StatusCode);
    }

    [Fact]
    public async Task UnknownApiPathsAreJsonNotFound()
    {
        var response = await Client().GetAsync("/api/v1/nothing/here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
