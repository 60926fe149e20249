using System.Net;
using CasGists.Core.Gists;

namespace CasGists.Tests.App.Api.V1;

public sealed class SocialApiTests : ApiTestContext
{
    [Fact]
    public async Task StarUnstarAndListStarred()
    {
        var gist = await GistAsync(Alice);
        var bob = Client(BobToken);
        Assert.False((bool)(await ReadJsonAsync(await bob.GetAsync($"/api/v1/gists/{gist.Id}/star")))["starred"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await bob.PutAsync($"/api/v1/gists/{gist.Id}/star", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bob.PutAsync($"/api/v1/gists/{gist.Id}/star", null)).StatusCode);
        Assert.True((bool)(await ReadJsonAsync(await bob.GetAsync($"/api/v1/gists/{gist.Id}/star")))["starred"]!);
        var starred = await bob.GetAsync("/api/v1/gists/starred");
        Assert.Equal("1", starred.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(1, (int)(await ReadJsonAsync(await Client().GetAsync($"/api/v1/gists/{gist.Id}")))["starCount"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await bob.DeleteAsync($"/api/v1/gists/{gist.Id}/star")).StatusCode);
        Assert.Empty((await ReadJsonAsync(await bob.GetAsync("/api/v1/gists/starred"))).AsArray());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().PutAsync($"/api/v1/gists/{gist.Id}/star", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().GetAsync("/api/v1/gists/starred")).StatusCode);
    }

    [Fact]
    public async Task ForkAndListForks()
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "Source", ("a.txt", "a"));
        var fork = await Client(BobToken).PostAsync($"/api/v1/gists/{gist.Id}/forks", null);
        Assert.Equal(HttpStatusCode.Created, fork.StatusCode);
        var body = await ReadJsonAsync(fork);
        Assert.Equal("bob", (string)body["owner"]!);
        Assert.Equal(gist.Id, (string)body["forkedFrom"]!["id"]!);
        var forks = await Client().GetAsync($"/api/v1/gists/{gist.Id}/forks");
        Assert.Equal((string)body["id"]!, (string)Assert.Single((await ReadJsonAsync(forks)).AsArray())!["id"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await Client(AliceToken).PostAsync($"/api/v1/gists/{gist.Id}/forks", null)).StatusCode);
        var secret = await GistAsync(Alice, GistVisibility.Private);
        Assert.Equal(HttpStatusCode.NotFound, (await Client(BobToken).PostAsync($"/api/v1/gists/{secret.Id}/forks", null)).StatusCode);
    }

    [Fact]
    public async Task CommentsAreAddedReadEditedAndDeletedByTheRightPeople()
    {
        var gist = await GistAsync(Alice);
        var created = await Client(BobToken).PostAsync($"/api/v1/gists/{gist.Id}/comments", Json("""{ "body": "Nice **work**" }"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var comment = await ReadJsonAsync(created);
        var id = (long)comment["id"]!;
        Assert.Contains("<strong>work</strong>", (string)comment["html"]!);
        Assert.Equal(created.Headers.Location!.ToString(), (string)comment["url"]!);

        Assert.Equal("Nice **work**", (string)(await ReadJsonAsync(await Client().GetAsync($"/api/v1/gists/{gist.Id}/comments/{id}")))["body"]!);
        Assert.Single((await ReadJsonAsync(await Client().GetAsync($"/api/v1/gists/{gist.Id}/comments"))).AsArray());
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Client(AliceToken).PatchAsync($"/api/v1/gists/{gist.Id}/comments/{id}", Json("""{ "body": "x" }"""))).StatusCode);
        var edited = await Client(BobToken).PatchAsync($"/api/v1/gists/{gist.Id}/comments/{id}", Json("""{ "body": "Edited" }"""));
        Assert.Equal("Edited", (string)(await ReadJsonAsync(edited))["body"]!);
        var blank = await Client(BobToken).PostAsync($"/api/v1/gists/{gist.Id}/comments", Json("""{ "body": "  " }"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blank.StatusCode);
        Assert.NotNull((await ReadJsonAsync(blank))["errors"]!["body"]);

        // The gist's owner may delete anyone's comment on it.
        Assert.Equal(HttpStatusCode.NoContent, (await Client(AliceToken).DeleteAsync($"/api/v1/gists/{gist.Id}/comments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/api/v1/gists/{gist.Id}/comments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync($"/api/v1/gists/{gist.Id}/comments/not-a-number")).StatusCode);
    }
}
