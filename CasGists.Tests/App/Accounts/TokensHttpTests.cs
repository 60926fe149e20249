using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CasGists.App.Accounts;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Common;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Accounts;

/// <summary>Tokens on the wire: every header form, the bad ones, and the <c>token create</c> command.</summary>
public sealed class TokensHttpTests : IAsyncLifetime
{
    private const string Current = "/api/tokens/current";
    private CasGistsAppFactory _app = null!;
    private User _alice = null!;

    private TokenService Tokens => _app.Services.GetRequiredService<TokenService>();

    public async Task InitializeAsync()
    {
        _app = await CasGistsAppFactory.CreateAsync(f =>
        {
            f.Settings["Accounts:Argon2MemoryKiB"] = "7168";
            f.Settings["Accounts:Argon2Iterations"] = "1";
        });
        _alice = await _app.Services.GetRequiredService<AccountService>()
            .RegisterAsync(new RegisterInput("alice", "alice@example.test", "alice-password-1"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Client() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private async Task<HttpResponseMessage> GetAsync(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Current);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return await Client().SendAsync(request);
    }

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private Task<CreatedToken> CreateAsync(string name = "script", string[]? scopes = null, int? days = null) =>
        Tokens.CreateAsync(Viewer.For(_alice), new CreateTokenInput(name, scopes ?? ["gist:read", "user:read"], days));

    [Fact]
    public async Task BearerTokenAndBasicFormsAreAllAccepted()
    {
        var token = (await CreateAsync()).Secret;

        foreach (var header in new[] { $"Bearer {token}", $"token {token}", $"bearer {token}", Basic("alice", token), Basic("x-access-token", token) })
        {
            var response = await GetAsync(header);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{header.Split(' ')[0]}: {response.StatusCode}");
            var body = await response.Content.ReadFromJsonAsync<TokensEndpoints.CurrentCredential>();
            Assert.Equal("alice", body?.UserName);
            Assert.Equal("token", body?.Kind);
            Assert.Equal(["gist:read", "user:read"], body?.Scopes);
        }
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer cgp_short")]
    [InlineData("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.")]
    [InlineData("token")]
    [InlineData("Basic")]
    [InlineData("Basic !!!not-base64!!!")]
    [InlineData("Basic bm9jb2xvbg==")]
    [InlineData("Digest username=\"alice\"")]
    [InlineData("garbage")]
    public async Task MalformedOrForeignHeadersGet401NotAnError(string header)
    {
        var response = await GetAsync(header);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task APasswordInBasicIsNotAnApiCredential()
    {
        var response = await GetAsync(Basic("alice", "alice-password-1"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task NoCredentialGets401WithABearerChallengeNotALoginRedirect()
    {
        var response = await GetAsync(null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task RevokedExpiredAndUnknownTokensGet401()
    {
        var revoked = await CreateAsync("revoked");
        await Tokens.RevokeAsync(Viewer.For(_alice), revoked.Token.Id);
        var expired = await CreateAsync("expired", days: 1);
        await using (var db = await _app.Database.Contexts.CreateDbContextAsync())
        {
            await db.PersonalAccessTokens.Where(t => t.Id == expired.Token.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync($"Bearer {revoked.Secret}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(Basic("alice", revoked.Secret))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync($"token {expired.Secret}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync($"Bearer {TokenFormat.Generate()}")).StatusCode);
    }

    [Fact]
    public async Task PagesStillRedirectToSignInWithoutAHeader()
    {
        var response = await Client().GetAsync("/settings/tokens");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location?.OriginalString.Replace("http://localhost", ""));
    }

    [Fact]
    public async Task TokenCreatePrintsTheTokenAloneOnTheLastLineAndItAuthenticates()
    {
        var output = new StringWriter();

        var exit = await TokensCli.CreateAsync(_app.Services, "alice", "deploy", "gist:write, user:read", 30, output, CancellationToken.None);

        Assert.Equal(0, exit);
        var lines = output.ToString().TrimEnd('\n', '\r').Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.True(lines.Length >= 2);
        Assert.Contains("deploy", lines[0]);
        var token = lines[^1];
        Assert.True(TokenFormat.IsWellFormed(token), token);
        var identity = await Tokens.AuthenticateAsync(token);
        Assert.Equal("alice", identity?.User.UserName);
        Assert.True(identity!.Scopes.Has(TokenScopes.GistWrite));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"Bearer {token}")).StatusCode);
    }

    [Fact]
    public async Task TokenCreateRefusesAnUnknownUserOrBadScopesAndCreatesNothing()
    {
        await Assert.ThrowsAsync<NotFoundException>(() =>
            TokensCli.CreateAsync(_app.Services, "nobody", "x", "gist:read", null, TextWriter.Null, CancellationToken.None));
        var bad = await Assert.ThrowsAsync<ValidationException>(() =>
            TokensCli.CreateAsync(_app.Services, "alice", "x", "gist:everything", null, TextWriter.Null, CancellationToken.None));

        Assert.Equal(["scopes"], bad.Errors.Keys);
        Assert.Empty(await Tokens.ListMineAsync(Viewer.For(_alice)));
    }
}
