using System.Net;
using System.Text.RegularExpressions;
using CasGists.App.Accounts;
using CasGists.Core.Accounts;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Accounts;

public sealed partial class AccountPagesTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private CasGistsAppFactory _app = null!;

    public async Task InitializeAsync() =>
        _app = await CasGistsAppFactory.CreateAsync(f =>
        {
            // Cheaper hashes keep the suite quick; the parameters themselves are tested in Core.
            f.Settings["Accounts:Argon2MemoryKiB"] = "8192";
            f.Settings["Accounts:Argon2Iterations"] = "1";
        });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Browser() =>
        _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>GETs the page, then posts its form back with the antiforgery token and form name it rendered.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string url, params (string Name, string Value)[] fields)
    {
        var page = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var form = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", HiddenValue(html, "__RequestVerificationToken")),
            new("_handler", HiddenValue(html, "_handler")),
        };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    private static string HiddenValue(string html, string name)
    {
        var input = Regex.Match(html, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*>");
        Assert.True(input.Success, $"no {name} field in the page");
        return WebUtility.HtmlDecode(ValueAttribute().Match(input.Value).Groups[1].Value);
    }

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();

    private static string? SessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.FirstOrDefault(c => c.StartsWith(CasGists.App.Accounts.SessionCookie.CookieName + "=", StringComparison.Ordinal))
            : null;

    private Task<HttpResponseMessage> RegisterAsync(HttpClient client, string userName, string url = "/register") =>
        SubmitAsync(client, url, ("Input.UserName", userName), ("Input.Email", $"{userName}@example.com"), ("Input.Password", Password));

    private async Task<int> UserCountAsync()
    {
        await using var db = await _app.Database.Contexts.CreateDbContextAsync();
        return await db.Users.CountAsync();
    }

    [Fact]
    public async Task RegisteringSignsTheNewUserInWithASessionCookie()
    {
        var client = Browser();

        var response = await RegisterAsync(client, "alice");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.AbsolutePath);
        var cookie = SessionCookie(response);
        Assert.NotNull(cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Signed in as <strong>alice</strong>", await client.GetStringAsync("/logout"));
        var user = await _app.Services.GetRequiredService<AccountService>().FindByUserNameAsync("alice");
        Assert.True(user?.IsAdmin);
    }

    [Fact]
    public async Task SigningInFollowsALocalReturnUrlOnly()
    {
        await RegisterAsync(Browser(), "alice");

        var local = await SubmitAsync(Browser(), "/login?ReturnUrl=%2Falice%2Fgists",
            ("Input.UserNameOrEmail", "alice"), ("Input.Password", Password));
        var foreign = await SubmitAsync(Browser(), "/login?ReturnUrl=https%3A%2F%2Fevil.example%2F",
            ("Input.UserNameOrEmail", "alice@example.com"), ("Input.Password", Password));
        var protocolRelative = await SubmitAsync(Browser(), "/login?ReturnUrl=%2F%2Fevil.example",
            ("Input.UserNameOrEmail", "alice"), ("Input.Password", Password));

        Assert.Equal("/alice/gists", local.Headers.Location?.OriginalString.Replace("http://localhost", ""));
        Assert.Equal("/", foreign.Headers.Location?.OriginalString.Replace("http://localhost", ""));
        Assert.Equal("/", protocolRelative.Headers.Location?.OriginalString.Replace("http://localhost", ""));
        Assert.NotNull(SessionCookie(local));
    }

    [Fact]
    public async Task AWrongPasswordShowsTheGenericErrorAndSetsNoCookie()
    {
        await RegisterAsync(Browser(), "alice");
        var client = Browser();

        var wrongPassword = await SubmitAsync(client, "/login", ("Input.UserNameOrEmail", "alice"), ("Input.Password", "not the password"));
        var unknownUser = await SubmitAsync(client, "/login", ("Input.UserNameOrEmail", "mallory"), ("Input.Password", Password));

        foreach (var response in new[] { wrongPassword, unknownUser })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Incorrect user name or password.", await response.Content.ReadAsStringAsync());
            Assert.Null(SessionCookie(response));
        }
        Assert.Contains("You are signed out.", await client.GetStringAsync("/logout"));
    }

    [Fact]
    public async Task SigningOutRevokesTheSessionSoTheOldCookieNoLongerWorks()
    {
        var client = Browser();
        var registered = await RegisterAsync(client, "alice");
        var cookie = SessionCookie(registered)!.Split(';')[0];

        var signOut = await SubmitAsync(client, "/logout");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        await using (var db = await _app.Database.Contexts.CreateDbContextAsync())
        {
            Assert.NotNull((await db.Sessions.SingleAsync()).RevokedAt);
        }
        // A copy of the cookie kept from before (a stolen one, say) is worthless now.
        var replay = Browser();
        var request = new HttpRequestMessage(HttpMethod.Get, "/logout");
        request.Headers.Add("Cookie", cookie);
        var replayed = await replay.SendAsync(request);
        Assert.Contains("You are signed out.", await replayed.Content.ReadAsStringAsync());
        Assert.Contains(CasGists.App.Accounts.SessionCookie.CookieName + "=;", string.Join("\n", replayed.Headers.GetValues("Set-Cookie")));
    }

    [Fact]
    public async Task SigningOutWithoutTheAntiforgeryTokenIsRefused()
    {
        var client = Browser();
        await RegisterAsync(client, "alice");

        var forged = await client.PostAsync("/logout", new FormUrlEncodedContent([new("_handler", SignOutButtonFormName)]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("Signed in as", await client.GetStringAsync("/logout"));
    }

    private const string SignOutButtonFormName = CasGists.App.Components.Pages.Accounts.SignOutButton.FormName;

    [Theory]
    [InlineData("admin", "is reserved")]
    [InlineData("api", "is reserved")]
    [InlineData("-bad-", "single hyphens")]
    public async Task ABadUsernameShowsTheFieldErrorAndCreatesNoUser(string userName, string message)
    {
        var response = await RegisterAsync(Browser(), userName);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches($"class=\"validation-message\"[^>]*>[^<]*{message}", html);
        Assert.Null(SessionCookie(response));
        Assert.Equal(0, await UserCountAsync());
    }

    [Fact]
    public async Task AUsernameThatDiffersOnlyByCaseIsTaken()
    {
        await RegisterAsync(Browser(), "alice");

        var response = await SubmitAsync(Browser(), "/register",
            ("Input.UserName", "ALICE"), ("Input.Email", "other@example.com"), ("Input.Password", Password));

        Assert.Contains("That username is already taken.", await response.Content.ReadAsStringAsync());
        Assert.Null(SessionCookie(response));
        Assert.Equal(1, await UserCountAsync());
    }

    [Fact]
    public async Task ADisabledUsersCookieStopsWorking()
    {
        var client = Browser();
        await RegisterAsync(client, "alice");
        await using (var db = await _app.Database.Contexts.CreateDbContextAsync())
        {
            await db.Users.ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true));
        }

        Assert.Contains("You are signed out.", await client.GetStringAsync("/logout"));
    }
}
