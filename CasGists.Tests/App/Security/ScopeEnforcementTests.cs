using System.Net;
using System.Security.Claims;
using CasGists.App.Accounts;
using CasGists.App.Security;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Security;

/// <summary>Scope policies, through every header form, for personal access tokens and JWTs alike; disabled users refused.</summary>
public sealed class ScopeEnforcementTests : IAsyncLifetime
{
    private CasGistsAppFactory _base = null!;
    private WebApplicationFactory<Program> _app = null!;
    private User _boss = null!;
    private User _alice = null!;

    public async Task InitializeAsync()
    {
        _base = await SecurityTestApp.CreateAsync();
        _app = ProbeStartupFilter.With(_base);
        var accounts = _app.Services.GetRequiredService<AccountService>();
        _boss = await accounts.RegisterAsync(new RegisterInput("boss", "boss@example.test", SecurityTestApp.Password));
        _alice = await accounts.RegisterAsync(new RegisterInput("alice", "alice@example.test", SecurityTestApp.Password));
    }

    public async Task DisposeAsync() => await _base.DisposeAsync();

    private HttpClient Client() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private async Task<string> PatAsync(User user, params string[] scopes) =>
        (await _app.Services.GetRequiredService<TokenService>().CreateAsync(Viewer.For(user), new CreateTokenInput(Guid.NewGuid().ToString("N"), scopes, null))).Secret;

    private static IEnumerable<string> HeaderForms(string token) =>
        [$"Bearer {token}", $"token {token}", SecurityTestApp.Basic("anyone", token)];

    private async Task<HttpStatusCode> ProbeAsync(string policy, string? authorization) =>
        (await Client().SendAsync(HttpMethod.Get, $"{ProbeStartupFilter.ProbePrefix}/{Uri.EscapeDataString(policy)}", authorization)).StatusCode;

    [Fact]
    public async Task AReadOnlyTokenMayReadButNotWriteWhateverTheHeaderForm()
    {
        var pat = await PatAsync(_alice, TokenScopes.GistRead);
        var jwt = (await Client().SignInAsync("alice", TokenScopes.GistRead)).AccessToken;

        foreach (var (form, header) in HeaderForms(pat).Select(h => ("PAT " + h[..5], h)).Concat(HeaderForms(jwt).Select(h => ("JWT " + h[..5], h))))
        {
            Assert.True(await ProbeAsync(ScopePolicies.GistRead, header) == HttpStatusCode.OK, form);
            Assert.True(await ProbeAsync(ScopePolicies.GistWrite, header) == HttpStatusCode.Forbidden, form);
            Assert.True(await ProbeAsync(ScopePolicies.UserRead, header) == HttpStatusCode.Forbidden, form);
            Assert.True(await ProbeAsync(ScopePolicies.Admin, header) == HttpStatusCode.Forbidden, form);
        }
    }

    [Fact]
    public async Task WriteImpliesReadAndAdminNeedsAnAdministratorWithTheAdminScope()
    {
        var write = await PatAsync(_alice, TokenScopes.GistWrite, TokenScopes.UserWrite);
        var admin = await PatAsync(_boss, TokenScopes.Admin);
        var bossWithoutAdmin = await PatAsync(_boss, TokenScopes.GistWrite);
        var adminJwt = (await Client().SignInAsync("boss", TokenScopes.Admin)).AccessToken;

        Assert.Equal(HttpStatusCode.OK, await ProbeAsync(ScopePolicies.GistRead, $"Bearer {write}"));
        Assert.Equal(HttpStatusCode.OK, await ProbeAsync(ScopePolicies.UserRead, $"Bearer {write}"));
        Assert.Equal(HttpStatusCode.Forbidden, await ProbeAsync(ScopePolicies.Admin, $"Bearer {write}"));
        Assert.Equal(HttpStatusCode.OK, await ProbeAsync(ScopePolicies.Admin, $"Bearer {admin}"));
        Assert.Equal(HttpStatusCode.OK, await ProbeAsync(ScopePolicies.GistWrite, $"token {admin}"));
        Assert.Equal(HttpStatusCode.Forbidden, await ProbeAsync(ScopePolicies.Admin, $"Bearer {bossWithoutAdmin}"));
        Assert.Equal(HttpStatusCode.OK, await ProbeAsync(ScopePolicies.Admin, $"Bearer {adminJwt}"));
    }

    [Fact]
    public async Task AnAdminTokenOfADemotedUserNoLongerActsAsAdmin()
    {
        var admin = await PatAsync(_boss, TokenScopes.Admin);
        await using (var db = await _base.Database.Contexts.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == _boss.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsAdmin, false));
        }

        Assert.Equal(HttpStatusCode.Forbidden, await ProbeAsync(ScopePolicies.Admin, $"Bearer {admin}"));
    }

    [Fact]
    public async Task ADisabledUsersTokensAndJwtsAreRefusedInEveryForm()
    {
        var pat = await PatAsync(_alice, TokenScopes.GistRead);
        var jwt = (await Client().SignInAsync("alice")).AccessToken;
        await using (var db = await _base.Database.Contexts.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == _alice.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true));
        }

        foreach (var header in HeaderForms(pat).Concat(HeaderForms(jwt)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await ProbeAsync(ScopePolicies.GistRead, header));
            Assert.Equal(HttpStatusCode.Unauthorized, (await Client().SendAsync(HttpMethod.Get, "/api/tokens/current", header)).StatusCode);
        }
    }

    [Fact]
    public async Task ABrowserSessionHasEveryScopeButAdminUnlessItsUserIsAnAdministrator()
    {
        var authorization = _app.Services.GetRequiredService<IAuthorizationService>();
        ClaimsPrincipal Session(User user) =>
            new(new ClaimsIdentity(ViewerClaims.For(user, Guid.NewGuid()), SessionCookie.Scheme));

        foreach (var scope in new[] { ScopePolicies.GistRead, ScopePolicies.GistWrite, ScopePolicies.UserRead, ScopePolicies.UserWrite })
        {
            Assert.True((await authorization.AuthorizeAsync(Session(_alice), scope)).Succeeded, scope);
        }
        Assert.False((await authorization.AuthorizeAsync(Session(_alice), ScopePolicies.Admin)).Succeeded);
        Assert.True((await authorization.AuthorizeAsync(Session(_boss), ScopePolicies.Admin)).Succeeded);
        Assert.False((await authorization.AuthorizeAsync(new ClaimsPrincipal(new ClaimsIdentity()), ScopePolicies.GistRead)).Succeeded);
    }
}
