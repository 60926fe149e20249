using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CasGists.App.Security;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Security;

/// <summary>API budgets per user or per IP with GitHub's headers, 429 with Retry-After, and the stricter credential endpoints.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private CasGistsAppFactory _base = null!;
    private WebApplicationFactory<Program> _app = null!;
    private User _alice = null!;

    public async Task InitializeAsync()
    {
        _base = await SecurityTestApp.CreateAsync(f =>
        {
            f.Settings["RateLimits:Api:PermitLimit"] = "4";
            f.Settings["RateLimits:Api:AnonymousPermitLimit"] = "3";
            f.Settings["RateLimits:Api:Window"] = "01:00:00";
            f.Settings["RateLimits:Auth:PermitLimit"] = "3";
            f.Settings["RateLimits:Auth:Window"] = "00:10:00";
        });
        _app = ProbeStartupFilter.With(_base);
        await _app.Services.GetRequiredService<AccountService>().RegisterAsync(new RegisterInput("boss", "boss@example.test", SecurityTestApp.Password));
        _alice = await _app.Services.GetRequiredService<AccountService>().RegisterAsync(new RegisterInput("alice", "alice@example.test", SecurityTestApp.Password));
    }

    public async Task DisposeAsync() => await _base.DisposeAsync();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string ip, string? authorization = null, object? json = null)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add(ProbeStartupFilter.IpHeader, ip);
        return await client.SendAsync(method, url, authorization, json);
    }

    private static int Header(HttpResponseMessage response, string name) => int.Parse(response.Headers.GetValues(name).Single());

    [Fact]
    public async Task AnonymousCallsCountPerIpWithHeadersThen429WithRetryAfterAndAProblem()
    {
        var remaining = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var ok = await SendAsync(HttpMethod.Get, "/api/tokens/current", "198.51.100.1");
            Assert.Equal(HttpStatusCode.Unauthorized, ok.StatusCode);
            Assert.Equal(3, Header(ok, "X-RateLimit-Limit"));
            remaining.Add(Header(ok, "X-RateLimit-Remaining"));
            var reset = DateTimeOffset.FromUnixTimeSeconds(Header(ok, "X-RateLimit-Reset"));
            Assert.InRange(reset, DateTimeOffset.UtcNow.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
        }

        var refused = await SendAsync(HttpMethod.Get, "/api/tokens/current", "198.51.100.1");
        var elsewhere = await SendAsync(HttpMethod.Get, "/api/tokens/current", "198.51.100.2");

        Assert.Equal([2, 1, 0], remaining);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 3600);
        Assert.Equal(0, Header(refused, "X-RateLimit-Remaining"));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
    }

    [Fact]
    public async Task SignedInCallsCountPerUserAcrossAddressesAndTokens()
    {
        var tokens = _app.Services.GetRequiredService<TokenService>();
        var first = (await tokens.CreateAsync(Viewer.For(_alice), new CreateTokenInput("one", [TokenScopes.GistRead], null))).Secret;
        var second = (await tokens.CreateAsync(Viewer.For(_alice), new CreateTokenInput("two", [TokenScopes.GistRead], null))).Secret;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await SendAsync(HttpMethod.Get, "/api/tokens/current", $"203.0.113.{i}", $"Bearer {(i % 2 == 0 ? first : second)}");
            statuses.Add(response.StatusCode);
            if (i == 0)
            {
                Assert.Equal(4, Header(response, "X-RateLimit-Limit"));
                Assert.Equal(3, Header(response, "X-RateLimit-Remaining"));
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        // Anonymous callers from one of those addresses have their own budget.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/api/tokens/current", "203.0.113.1")).StatusCode);
    }

    [Fact]
    public async Task PagesCarryNoRateLimitHeaders()
    {
        var response = await SendAsync(HttpMethod.Get, "/", "198.51.100.9");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-RateLimit-Limit"));
    }

    [Fact]
    public async Task TokenEndpointIsLimitedPerIp()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            // Different account names each time: only the per-IP limit can stop this.
            statuses.Add((await SendAsync(HttpMethod.Post, AuthEndpoints.TokenPath, "198.51.100.20", json: new { username = $"guess{i}", password = "wrong password" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task TokenEndpointIsLimitedPerAccountAcrossAddresses()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await SendAsync(HttpMethod.Post, AuthEndpoints.TokenPath, $"198.51.100.{30 + i}", json: new { username = "ALICE", password = "wrong password" })).StatusCode);
        }
        var refused = await SendAsync(HttpMethod.Post, AuthEndpoints.TokenPath, "198.51.100.40", json: new { username = "alice", password = SecurityTestApp.Password });

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        // Even the right password waits: the budget is the account's, not the guesser's.
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
    }
}
