using System.Net;
using System.Text;
using CasGists.Core.Gists;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Api.V3;

/// <summary>The wire details Octokit does not look at: exact field names, null deletes, truncation, status codes.</summary>
public sealed class GistsV3ApiTests : ApiTestContext
{
    [Fact]
    public async Task AGistHasGitHubsFieldNamesAndShapes()
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "Title only", ("hello.py", "print(1)\n"));
        var response = await Client().GetAsync($"/api/v3/gists/{gist.Id}");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var json = await ReadJsonAsync(response);
        foreach (var field in new[] { "url", "forks_url", "commits_url", "id", "node_id", "git_pull_url", "git_push_url", "html_url",
                     "files", "public", "created_at", "updated_at", "description", "comments", "user", "comments_url", "owner",
                     "truncated", "forks", "history" })
        {
            Assert.True(json.AsObject().ContainsKey(field), $"missing {field}");
        }
        Assert.Equal("Title only", (string)json["description"]!);
        Assert.True((bool)json["public"]!);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string)json["created_at"]!);
        var file = json["files"]!["hello.py"]!;
        Assert.Equal("hello.py", (string)file["filename"]!);
        Assert.Equal("Python", (string)file["language"]!);
        Assert.Equal(9, (int)file["size"]!);
        Assert.False((bool)file["truncated"]!);
        Assert.Equal("print(1)\n", (string)file["content"]!);
        Assert.Equal("print(1)\n", await Client().GetStringAsync((string)file["raw_url"]!));
        var history = json["history"]![0]!;
        Assert.Equal(gist.HeadRevision, (string)history["version"]!);
        Assert.Equal(1, (int)history["change_status"]!["additions"]!);
        Assert.Equal("alice", (string)history["user"]!["login"]!);
        Assert.Equal("User", (string)json["owner"]!["type"]!);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task ListsLeaveOutContentAndHistoryButNameEveryFile()
    {
        await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"), ("b.txt", "b"));
        var list = (await ReadJsonAsync(await Client().GetAsync("/api/v3/gists/public"))).AsArray();
        var gist = Assert.Single(list)!;
        Assert.Equal(2, gist["files"]!.AsObject().Count);
        Assert.Null(gist["files"]!["a.txt"]!["content"]);
        Assert.Null(gist["history"]);
    }

    [Fact]
    public async Task ContentPastOneMegabyteIsTruncatedAndTheRawUrlHasItAll()
    {
        var big = new string('é', 600_000) + "\n"; // 1.2 MB of UTF-8
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("big.txt", big));
        var file = (await ReadJsonAsync(await Client().GetAsync($"/api/v3/gists/{gist.Id}")))["files"]!["big.txt"]!;
        Assert.True((bool)file["truncated"]!);
        Assert.Equal(1024 * 1024, Encoding.UTF8.GetByteCount((string)file["content"]!));
        Assert.Equal(Encoding.UTF8.GetByteCount(big), (long)file["size"]!);
        Assert.Equal(big, await Client().GetStringAsync((string)file["raw_url"]!));
    }

    [Fact]
    public async Task PatchWithNullDeletesFilenameRenamesAndContentReplaces()
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "a"), ("b.txt", "b"), ("c.txt", "c"));
        var response = await Client(AliceToken).PatchAsync($"/api/v3/gists/{gist.Id}", Json("""
            { "description": "D", "files": { "a.txt": null, "b.txt": { "filename": "renamed.txt" }, "c.txt": { "content": "C" },
              "new.txt": { "content": "n" } } }
            """));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ReadJsonAsync(response);
        Assert.Equal("D", (string)json["description"]!);
        var files = json["files"]!.AsObject().ToDictionary(f => f.Key, f => (string)f.Value!["content"]!);
        Assert.Equal(new Dictionary<string, string> { ["c.txt"] = "C", ["new.txt"] = "n", ["renamed.txt"] = "b" }, files);
        // The title survives: v3 writes only the description.
        Assert.Equal("t", (await App.Services.GetRequiredService<GistService>().GetAsync(CasGists.Core.Accounts.Viewer.Anonymous, gist.Id)).Title);
    }

    [Fact]
    public async Task SendingBackTheDescriptionItWasShownKeepsTheTitleOutOfTheDescription()
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "My title");
        await Client(AliceToken).PatchAsync($"/api/v3/gists/{gist.Id}", Json("""{ "description": "My title" }"""));
        var stored = await App.Services.GetRequiredService<GistService>().GetAsync(CasGists.Core.Accounts.Viewer.Anonymous, gist.Id);
        Assert.Equal("", stored.Description);
        Assert.Equal("My title", stored.Title);
    }

    [Fact]
    public async Task PublicFalseCreatesAnUnlistedGistAndPrivateOnesAreNotFoundForOthers()
    {
        var created = await Client(AliceToken).PostAsync("/api/v3/gists", Json("""{ "public": false, "files": { "a.txt": { "content": "x" } } }"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)(await ReadJsonAsync(created))["id"]!;
        Assert.EndsWith($"/api/v3/gists/{id}", created.Headers.Location!.ToString());
        Assert.Equal(GistVisibility.Unlisted,
            (await App.Services.GetRequiredService<GistService>().GetAsync(CasGists.Core.Accounts.Viewer.Anonymous, id)).Visibility);
        Assert.Equal(HttpStatusCode.OK, (await Client().GetAsync($"/api/v3/gists/{id}")).StatusCode);

        var secret = await GistAsync(Alice, GistVisibility.Private);
        var hidden = await Client(BobToken).GetAsync($"/api/v3/gists/{secret.Id}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("Not Found", (string)(await ReadJsonAsync(hidden))["message"]!);
        Assert.False((bool)(await ReadJsonAsync(await Client(AliceToken).GetAsync($"/api/v3/gists/{secret.Id}")))["public"]!);
        Assert.Empty((await ReadJsonAsync(await Client(BobToken).GetAsync("/api/v3/users/alice/gists"))).AsArray());
    }

    [Fact]
    public async Task StarCheckIsNoContentOrNotFound()
    {
        var gist = await GistAsync(Alice);
        Assert.Equal(HttpStatusCode.NotFound, (await Client(BobToken).GetAsync($"/api/v3/gists/{gist.Id}/star")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client(BobToken).PutAsync($"/api/v3/gists/{gist.Id}/star", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client(BobToken).GetAsync($"/api/v3/gists/{gist.Id}/star")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client(BobToken).DeleteAsync($"/api/v3/gists/{gist.Id}/star")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().PutAsync($"/api/v3/gists/{gist.Id}/star", null)).StatusCode);
    }

    [Fact]
    public async Task TokenAndBearerAuthorizationBothWork()
    {
        foreach (var scheme in new[] { "token", "Bearer" })
        {
            var client = Client();
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"{scheme} {AliceToken}");
            Assert.Equal("alice", (string)(await ReadJsonAsync(await client.GetAsync("/api/v3/user")))["login"]!);
        }
        var anonymous = await Client().GetAsync("/api/v3/user");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Requires authentication.", (string)(await ReadJsonAsync(anonymous))["message"]!);
    }

    [Fact]
    public async Task CommitsPageWithLinkHeadersAndAGistReadsAtARevision()
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "1\n"));
        for (var i = 2; i <= 3; i++)
        {
            await Client(AliceToken).PatchAsync($"/api/v3/gists/{gist.Id}", Json($$"""{ "files": { "a.txt": { "content": "{{i}}\n" } } }"""));
        }
        var page = await Client().GetAsync($"/api/v3/gists/{gist.Id}/commits?per_page=2");
        Assert.Equal(2, (await ReadJsonAsync(page)).AsArray().Count);
        Assert.Contains("rel=\"next\"", page.Headers.GetValues("Link").Single());
        var old = await ReadJsonAsync(await Client().GetAsync($"/api/v3/gists/{gist.Id}/{gist.HeadRevision}"));
        Assert.Equal("1\n", (string)old["files"]!["a.txt"]!["content"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/api/v3/gists/{gist.Id}/{new string('f', 40)}")).StatusCode);
    }

    [Fact]
    public async Task RootAndMetaAnswerForEnterpriseProbes()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client().GetAsync("/api/v3/")).StatusCode);
        Assert.NotNull((await ReadJsonAsync(await Client().GetAsync("/api/v3/meta")))["installed_version"]);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync("/api/v3/repos/a/b")).StatusCode);
    }
}
