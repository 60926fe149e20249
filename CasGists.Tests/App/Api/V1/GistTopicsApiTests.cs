using System.Net;
using System.Text.Json.Nodes;
using CasGists.Core.Gists;

namespace CasGists.Tests.App.Api.V1;

public sealed class GistTopicsApiTests : ApiTestContext
{
    [Fact]
    public async Task CreateTakesTopicsNormalisedAndEveryGistOutputCarriesThem()
    {
        var created = await Client(AliceToken).PostAsync("/api/v1/gists", Json("""
            { "visibility": "public", "topics": [ " Shell ", "bash", "shell" ], "files": [ { "name": "a.sh", "content": "echo" } ] }
            """));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await ReadJsonAsync(created);
        var id = (string)body["id"]!;
        Assert.Equal(["bash", "shell"], Topics(body));

        Assert.Equal(["bash", "shell"], Topics(await ReadJsonAsync(await Client().GetAsync($"/api/v1/gists/{id}"))));
        Assert.Equal(["bash", "shell"], Topics((await ReadJsonAsync(await Client().GetAsync("/api/v1/gists/public")))[0]!));
        Assert.Equal(["bash", "shell"], Topics((await ReadJsonAsync(await Client(AliceToken).GetAsync("/api/v1/gists")))[0]!));
        Assert.Equal(["bash", "shell"], Topics((await ReadJsonAsync(await Client().GetAsync("/api/v1/users/alice/gists")))[0]!));
        Assert.Equal(["bash", "shell"], Topics(await ReadJsonAsync(await Client().GetAsync($"/api/v1/gists/{id}/revisions/HEAD"))));
    }

    [Fact]
    public async Task AGistWithoutTopicsShowsAnEmptyList()
    {
        var gist = await GistAsync(Alice);
        Assert.Empty(Topics(await ReadJsonAsync(await Client().GetAsync($"/api/v1/gists/{gist.Id}"))));
        Assert.Empty(Topics((await ReadJsonAsync(await Client().GetAsync("/api/v1/gists/public")))[0]!));
    }

    [Fact]
    public async Task UpdateKeepsTopicsItDoesNotMentionReplacesGivenOnesAndClearsOnAnEmptyList()
    {
        var gist = await GistAsync(Alice);
        await PatchAsync(gist.Id, """{ "topics": [ "one", "two" ] }""", HttpStatusCode.OK);

        var kept = await PatchAsync(gist.Id, """{ "title": "other" }""", HttpStatusCode.OK);
        Assert.Equal(["one", "two"], Topics(kept));
        var keptOnNull = await PatchAsync(gist.Id, """{ "topics": null }""", HttpStatusCode.OK);
        Assert.Equal(["one", "two"], Topics(keptOnNull));

        var replaced = await PatchAsync(gist.Id, """{ "topics": [ "Three", "one" ] }""", HttpStatusCode.OK);
        Assert.Equal(["one", "three"], Topics(replaced));
        Assert.Equal(1, (int)replaced["revisionCount"]!);

        var cleared = await PatchAsync(gist.Id, """{ "topics": [] }""", HttpStatusCode.OK);
        Assert.Empty(Topics(cleared));
        Assert.Empty(Topics(await ReadJsonAsync(await Client().GetAsync($"/api/v1/gists/{gist.Id}"))));
    }

    [Fact]
    public async Task ChangingTopicsChangesTheGistsETag()
    {
        var gist = await GistAsync(Alice);
        var before = (await Client().GetAsync($"/api/v1/gists/{gist.Id}")).Headers.ETag!;
        await PatchAsync(gist.Id, """{ "topics": [ "new" ] }""", HttpStatusCode.OK);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/gists/{gist.Id}");
        request.Headers.IfNoneMatch.Add(before);
        var after = await Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before, after.Headers.ETag);
    }

    private static readonly string[] BadTopics =
    [
        """[ "has space" ]""",
        """[ "under_score" ]""",
        """[ "-leading" ]""",
        """[ "" ]""",
        "[ \"" + new string('a', 36) + "\" ]",
        "[ " + string.Join(", ", Enumerable.Range(1, 21).Select(i => $"\"t{i}\"")) + " ]",
        "[ " + string.Join(", ", Enumerable.Range(1, 10_000).Select(i => $"\"t{i}\"")) + " ]",
        """[ 1 ]""",
        """[ null ]""",
        """[ [ "nested" ] ]""",
        "\"shell\"",
        "{ \"a\": 1 }",
    ];

    [Fact]
    public Task BadTopicsOnCreateAreAProblemNamingTopicsAndWriteNothing() => EveryCase.RunAsync(BadTopics, async topics =>
    {
        var before = await SnapshotAsync();
        var response = await Client(AliceToken).PostAsync("/api/v1/gists",
            Json($$"""{ "topics": {{topics}}, "files": [ { "name": "a.txt", "content": "x" } ] }"""));
        await AssertTopicsProblemAsync(response);
        Assert.Equal(before, await SnapshotAsync());
    });

    /// <summary>Each row updates a gist of its own, so a row that wrongly writes cannot change what the next one sees.</summary>
    [Fact]
    public Task BadTopicsOnUpdateAreAProblemNamingTopicsAndWriteNothing() => EveryCase.RunAsync(BadTopics, async topics =>
    {
        var gist = await GistAsync(Alice);
        await PatchAsync(gist.Id, """{ "topics": [ "kept" ] }""", HttpStatusCode.OK);
        var before = await SnapshotAsync();
        var response = await Client(AliceToken).PatchAsync($"/api/v1/gists/{gist.Id}",
            Json($$"""{ "title": "changed", "topics": {{topics}}, "files": [ { "name": "a.txt", "content": "changed" } ] }"""));
        await AssertTopicsProblemAsync(response);
        Assert.Equal(before, await SnapshotAsync());
    });

    [Fact]
    public async Task UpperCaseTopicsAreLowerCasedNotRefused()
    {
        var gist = await GistAsync(Alice);
        Assert.Equal(["csharp", "dotnet"], Topics(await PatchAsync(gist.Id, """{ "topics": [ "DotNet", "CSharp" ] }""", HttpStatusCode.OK)));
    }

    private async Task<JsonNode> PatchAsync(string id, string json, HttpStatusCode expected)
    {
        var response = await Client(AliceToken).PatchAsync($"/api/v1/gists/{id}", Json(json));
        Assert.Equal(expected, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    private static async Task AssertTopicsProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal(422, (int)problem["status"]!);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["topics"], errors.Select(e => e.Key));
        Assert.InRange(errors["topics"]!.AsArray().Count, 1, 5);
    }

    private static IReadOnlyList<string> Topics(JsonNode gist) => [.. gist["topics"]!.AsArray().Select(t => (string)t!)];
}
