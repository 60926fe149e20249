using System.Net;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using CasGists.App.Security;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Security;

/// <summary>Headers, cookies, HSTS, CORS and the circuit's origin check, as a browser (or a hostile page) meets them.</summary>
public sealed partial class BrowserSecurityTests : IAsyncLifetime
{
    private CasGistsAppFactory _app = null!;

    public async Task InitializeAsync() => _app = await SecurityTestApp.CreateAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Client(string baseAddress = "http://localhost", bool cookies = false) =>
        _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = cookies, BaseAddress = new Uri(baseAddress) });

    private static string Single(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : response.Content.Headers.GetValues(name).Single();

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>")]
    private static partial Regex InlineScript();

    [Fact]
    public async Task HtmlPagesCarryTheCspAndTheOtherSecurityHeaders()
    {
        var response = await Client().GetAsync("/login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Single(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("base-uri 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Single(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Single(response, "Permissions-Policy"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        // No inline script for the policy to allow: every script comes from a file of this site.
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script src=", html);
        Assert.False(InlineScript().IsMatch(html), InlineScript().Match(html).Value);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task RawFilesKeepTheirSandboxPolicy()
    {
        var owner = await _app.UserAsync("owen");
        var gist = await _app.GistAsync(owner, GistVisibility.Public, "raw", ("x.html", "<script>alert(1)</script>"));

        var response = await Client().GetAsync($"/owen/{gist.Id}/raw/x.html");

        Assert.Equal("default-src 'none'; sandbox", Single(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task HstsIsSentOnlyOverHttps()
    {
        var https = await Client("https://gists.example.test").GetAsync("/login");
        var http = await Client("http://gists.example.test").GetAsync("/login");

        Assert.Contains("max-age=31536000", Single(https, "Strict-Transport-Security"));
        Assert.False(http.Headers.Contains("Strict-Transport-Security"));
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client)
    {
        var form = await client.GetStringAsync("/login");
        return await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = UiTestData.AntiforgeryToken(form),
            ["Input.UserNameOrEmail"] = "owen",
            ["Input.Password"] = UiTestData.Password,
        }));
    }

    private static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.Contains("casgists_session=", StringComparison.Ordinal));

    [Fact]
    public async Task OverHttpsTheSessionCookieIsHostPrefixedSecureHttpOnlyAndLax()
    {
        await _app.UserAsync("owen");
        var client = Client("https://gists.example.test", cookies: true);

        var response = await SignInAsync(client);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = SessionCookie(response);
        Assert.StartsWith("__Host-casgists_session=", cookie);
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        // The prefixed cookie signs the next request in.
        var settings = await client.GetAsync("/settings/tokens");
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
    }

    [Fact]
    public async Task OverPlainHttpTheCookieHasNoPrefixAndNoSecureFlag()
    {
        await _app.UserAsync("owen");

        var cookie = SessionCookie(await SignInAsync(Client(cookies: true)));

        Assert.StartsWith("casgists_session=", cookie);
        Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task BehindATrustedTlsProxyTheRequestCountsAsHttps()
    {
        await using var proxied = await SecurityTestApp.CreateAsync(f => f.Settings["ForwardedHeaders:KnownProxies:0"] = "10.0.0.2");
        var app = proxied.WithWebHostBuilder(b => b.ConfigureServices(s =>
            s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ProbeStartupFilter>()));
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        async Task<HttpResponseMessage> GetAsync(string ip)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/login");
            request.Headers.Add(ProbeStartupFilter.IpHeader, ip);
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "198.51.100.7");
            request.Headers.Host = "gists.example.test";
            return await client.SendAsync(request);
        }

        Assert.True((await GetAsync("10.0.0.2")).Headers.Contains("Strict-Transport-Security"));
        Assert.False((await GetAsync("10.0.0.99")).Headers.Contains("Strict-Transport-Security"));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/tokens/current");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        return request;
    }

    [Fact]
    public async Task CorsIsOffByDefault()
    {
        var preflight = await Client().SendAsync(Preflight("https://tools.example"));
        using var simple = new HttpRequestMessage(HttpMethod.Get, "/api/tokens/current");
        simple.Headers.Add("Origin", "https://tools.example");
        var response = await Client().SendAsync(simple);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task CorsAllowsOnlyTheConfiguredOriginsOnTheApiAndNeverWithCredentials()
    {
        await using var app = await SecurityTestApp.CreateAsync(f => f.Settings["Cors:AllowedOrigins:0"] = "https://tools.example");
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var allowed = await client.SendAsync(Preflight("https://tools.example"));
        var foreign = await client.SendAsync(Preflight("https://evil.example"));
        using var simple = new HttpRequestMessage(HttpMethod.Get, "/api/tokens/current");
        simple.Headers.Add("Origin", "https://tools.example");
        var actual = await client.SendAsync(simple);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/login");
        page.Headers.Add("Origin", "https://tools.example");
        var pageResponse = await client.SendAsync(page);

        Assert.Equal("https://tools.example", Single(allowed, "Access-Control-Allow-Origin"));
        Assert.False(allowed.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("https://tools.example", Single(actual, "Access-Control-Allow-Origin"));
        Assert.Contains("X-RateLimit-Remaining", Single(actual, "Access-Control-Expose-Headers"));
        Assert.False(pageResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task TheCircuitHubRefusesAForeignOrigin()
    {
        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        foreign.Headers.Add("Origin", "https://evil.example");
        using var own = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        own.Headers.Add("Origin", "http://localhost");

        Assert.Equal(HttpStatusCode.Forbidden, (await Client().SendAsync(foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client().SendAsync(own)).StatusCode);

        var sockets = _app.Server.CreateWebSocketClient();
        sockets.ConfigureRequest = r => r.Headers.Origin = "https://evil.example";
        await Assert.ThrowsAnyAsync<Exception>(() => sockets.ConnectAsync(new Uri("ws://localhost/_blazor"), CancellationToken.None));

        var sameOrigin = _app.Server.CreateWebSocketClient();
        sameOrigin.ConfigureRequest = r => r.Headers.Origin = "http://localhost";
        using var socket = await sameOrigin.ConnectAsync(new Uri("ws://localhost/_blazor"), CancellationToken.None);
        Assert.Equal(WebSocketState.Open, socket.State);
    }
}
