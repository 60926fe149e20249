using System.Net;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Security;

/// <summary>Tokens open the API, git, raw files and archives (with gist:read), and no page or form.</summary>
public sealed class TokenSurfaceGuardTests : IAsyncLifetime
{
    private CasGistsAppFactory _app = null!;
    private User _owen = null!;
    private GistDetails _private = null!;

    public async Task InitializeAsync()
    {
        _app = await SecurityTestApp.CreateAsync();
        await _app.UserAsync("boss");
        _owen = await _app.UserAsync("owen");
        _private = await _app.GistAsync(_owen, GistVisibility.Private, "secret", ("s.txt", "hidden\n"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> TokenAsync(params string[] scopes) =>
        (await _app.Services.GetRequiredService<TokenService>().CreateAsync(Viewer.For(_owen), new CreateTokenInput(Guid.NewGuid().ToString("N"), scopes, null))).Secret;

    private HttpClient Client() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task RawAndArchiveNeedGistRead()
    {
        var read = await TokenAsync(TokenScopes.GistRead);
        var userOnly = await TokenAsync(TokenScopes.UserRead);
        var raw = $"/owen/{_private.Id}/raw/s.txt";
        var zip = $"/owen/{_private.Id}/archive/{_private.HeadRevision}.zip";

        Assert.Equal(HttpStatusCode.OK, (await Client().SendAsync(HttpMethod.Get, raw, $"Bearer {read}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client().SendAsync(HttpMethod.Get, zip, $"token {read}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().SendAsync(HttpMethod.Get, raw, $"Bearer {userOnly}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client().SendAsync(HttpMethod.Get, zip, $"Bearer {userOnly}")).StatusCode);
    }

    [Fact]
    public async Task PagesTreatATokenAsAnonymous()
    {
        var all = await TokenAsync(TokenScopes.GistWrite, TokenScopes.UserWrite);

        var settings = await Client().SendAsync(HttpMethod.Get, "/settings/tokens", $"Bearer {all}");
        var page = await Client().SendAsync(HttpMethod.Get, $"/owen/{_private.Id}", $"Bearer {all}");

        Assert.Equal(HttpStatusCode.Redirect, settings.StatusCode);
        Assert.StartsWith("/login", settings.Headers.Location!.OriginalString.Replace("http://localhost", ""));
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task AReadOnlyTokenCannotDeleteAGistThroughThePageForm()
    {
        var read = await TokenAsync(TokenScopes.GistRead);
        var client = Client();
        var path = $"/owen/{_private.Id}/delete";

        var form = await client.SendAsync(HttpMethod.Get, path, $"Bearer {read}");
        using var post = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "delete-gist" }),
        };
        post.Headers.TryAddWithoutValidation("Authorization", $"Bearer {read}");
        if (form.StatusCode == HttpStatusCode.OK)
        {
            var html = await form.Content.ReadAsStringAsync();
            post.Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "delete-gist",
                ["__RequestVerificationToken"] = UiTestData.AntiforgeryToken(html),
            });
        }
        await client.SendAsync(post);

        await using var db = await _app.Database.Contexts.CreateDbContextAsync();
        Assert.True(await db.Gists.AnyAsync(g => g.Id == _private.Id));
    }
}
