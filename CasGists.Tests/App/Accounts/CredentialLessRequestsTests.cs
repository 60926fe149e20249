using System.Net;
using System.Net.Http.Headers;
using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Accounts;

/// <summary>
/// A request with neither an <c>Authorization</c> header nor the session cookie skips the authentication
/// handlers (they cost a share of every cheap read); one with either still runs them, once.
/// </summary>
public sealed class CredentialLessRequestsTests
{
    [Fact]
    public async Task OnlyRequestsThatCarryACredentialRunTheAuthenticationHandlers()
    {
        var counter = new HandlerCounter();
        await using var app = await CasGistsAppFactory.CreateAsync();
        var web = app.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.AddSingleton(counter);
            s.AddScoped<IAuthenticationHandlerProvider, CountingHandlerProvider>();
        }));
        var owner = await web.Services.GetRequiredService<AccountService>().RegisterAsync(new RegisterInput("alice", "alice@example.com", UiTestData.Password));
        var gist = await web.Services.GetRequiredService<GistService>().CreateAsync(Viewer.For(owner),
            new CreateGistInput("Counted", "", GistVisibility.Public, [new GistFileInput("a.txt", "hello\n")]));
        var raw = $"/alice/{gist.Id}/raw/{gist.Files[0].Name}";

        var anonymous = web.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(raw)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/alice/{gist.Id}")).StatusCode);
        Assert.Equal(0, counter.Count);

        // A protected page still challenges an anonymous visitor.
        var noRedirect = web.CreateClient(new() { AllowAutoRedirect = false });
        var settings = await noRedirect.GetAsync("/settings/profile");
        Assert.Equal(HttpStatusCode.Redirect, settings.StatusCode);
        Assert.StartsWith("/login", settings.Headers.Location!.PathAndQuery);

        // A bad token is read, and refused.
        var token = web.CreateClient();
        token.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", "cgp_not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/v1/user")).StatusCode);
        Assert.True(counter.Count > 0);
    }

    private sealed class HandlerCounter
    {
        private int _count;
        public int Count => _count;
        public void Add() => Interlocked.Increment(ref _count);
    }

    private sealed class CountingHandlerProvider(IAuthenticationSchemeProvider schemes, HandlerCounter counter) : IAuthenticationHandlerProvider
    {
        private readonly AuthenticationHandlerProvider _inner = new(schemes);

        public Task<IAuthenticationHandler?> GetHandlerAsync(HttpContext context, string authenticationScheme)
        {
            counter.Add();
            return _inner.GetHandlerAsync(context, authenticationScheme);
        }
    }
}
