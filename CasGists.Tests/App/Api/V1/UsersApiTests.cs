using System.Net;
using CasGists.Core.Gists;

namespace CasGists.Tests.App.Api.V1;

public sealed class UsersApiTests : ApiTestContext
{
    [Fact]
    public async Task CurrentUserNeedsACredentialWithUserRead()
    {
        var me = await Client(AliceToken).GetAsync("/api/v1/user");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await ReadJsonAsync(me);
        Assert.Equal("alice", (string)body["userName"]!);
        Assert.Equal("alice@example.com", (string)body["email"]!);
        Assert.Contains("user:read", body["scopes"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().GetAsync("/api/v1/user")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(await TokenAsync(Alice, "gist:read")).GetAsync("/api/v1/user")).StatusCode);
    }

    [Fact]
    public async Task AUsersProfileCountsOnlyPublicGistsAndHidesTheEmail()
    {
        await GistAsync(Alice, GistVisibility.Public);
        await GistAsync(Alice, GistVisibility.Private);
        var body = await ReadJsonAsync(await Client().GetAsync("/api/v1/users/ALICE"));
        Assert.Equal("alice", (string)body["userName"]!);
        Assert.Equal(1, (int)body["publicGists"]!);
        Assert.Null(body["email"]);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().GetAsync("/api/v1/users/nobody")).StatusCode);
    }
}
