using System.Net;
using System.Net.Http.Headers;
using CasGists.App.Security;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;

namespace CasGists.Tests.App.Api;

/// <summary>JWT access tokens from <c>/api/v1/auth/token</c> drive both APIs within their scopes, as personal access tokens do.</summary>
public sealed class JwtApiTests : ApiTestContext
{
    private async Task<string> SignInAsync(string scope)
    {
        var response = await Client().PostAsync(AuthEndpoints.TokenPath,
            Json(new { grant_type = "password", username = "alice", password = UiTestData.Password, scope }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await ReadJsonAsync(response))["access_token"]!;
    }

    private HttpClient WithHeader(string scheme, string token)
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, token);
        return client;
    }

    [Fact]
    public async Task AJwtWritesAndReadsOnBothApis()
    {
        var jwt = await SignInAsync("gist:write user:read");
        var v1 = await WithHeader("Bearer", jwt).PostAsync("/api/v1/gists",
            Json("""{ "visibility": "private", "files": [ { "name": "a.txt", "content": "x" } ] }"""));
        Assert.Equal(HttpStatusCode.Created, v1.StatusCode);
        var id = (string)(await ReadJsonAsync(v1))["id"]!;
        Assert.Equal("alice", (string)(await ReadJsonAsync(v1))["owner"]!);
        var me = await ReadJsonAsync(await WithHeader("Bearer", jwt).GetAsync("/api/v1/user"));
        Assert.Equal("alice", (string)me["userName"]!);
        Assert.Contains("gist:write", me["scopes"]!.AsArray().Select(s => (string)s!));

        foreach (var scheme in new[] { "token", "Bearer" })
        {
            var client = WithHeader(scheme, jwt);
            Assert.Equal("alice", (string)(await ReadJsonAsync(await client.GetAsync("/api/v3/user")))["login"]!);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v3/gists/{id}")).StatusCode);
            var created = await client.PostAsync("/api/v3/gists", Json("""{ "files": { "b.txt": { "content": "y" } } }"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
    }

    [Fact]
    public async Task AReadOnlyJwtReadsPrivateGistsButWritesNothing()
    {
        var secret = await GistAsync(Alice, GistVisibility.Private, "secret", ("s.txt", "s"));
        var jwt = await SignInAsync("gist:read");
        Assert.Equal(HttpStatusCode.OK, (await WithHeader("Bearer", jwt).GetAsync($"/api/v1/gists/{secret.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WithHeader("token", jwt).GetAsync($"/api/v3/gists/{secret.Id}")).StatusCode);

        var before = await SnapshotAsync();
        var v1 = await WithHeader("Bearer", jwt).PatchAsync($"/api/v1/gists/{secret.Id}", Json("""{ "title": "x" }"""));
        Assert.Equal(HttpStatusCode.Forbidden, v1.StatusCode);
        Assert.Contains("gist:write", (string)(await ReadJsonAsync(v1))["detail"]!);
        var v3 = await WithHeader("token", jwt).PatchAsync($"/api/v3/gists/{secret.Id}", Json("""{ "description": "x" }"""));
        Assert.Equal(HttpStatusCode.Forbidden, v3.StatusCode);
        Assert.Contains("gist:write", (string)(await ReadJsonAsync(v3))["message"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await WithHeader("Bearer", jwt).PutAsync($"/api/v3/gists/{secret.Id}/star", null)).StatusCode);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task ATamperedJwtIsUnauthorizedOnBothApis()
    {
        var jwt = await SignInAsync("gist:read");
        var tampered = jwt[..^4] + (jwt[^4] == 'A' ? "B" : "A") + jwt[^3..];
        var gist = await GistAsync(Alice);
        var v1 = await WithHeader("Bearer", tampered).GetAsync($"/api/v1/gists/{gist.Id}");
        Assert.Equal(HttpStatusCode.Unauthorized, v1.StatusCode);
        Assert.Equal("application/problem+json", v1.Content.Headers.ContentType!.MediaType);
        var v3 = await WithHeader("token", tampered).GetAsync($"/api/v3/gists/{gist.Id}");
        Assert.Equal(HttpStatusCode.Unauthorized, v3.StatusCode);
        Assert.Equal("Bad credentials.", (string)(await ReadJsonAsync(v3))["message"]!);
    }
}
