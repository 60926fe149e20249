using System.Net;
using System.Text.RegularExpressions;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Accounts;

/// <summary>The settings page over HTTP, as a browser without JavaScript uses it.</summary>
public sealed partial class TokensPageTests : IAsyncLifetime
{
    private const string Page = "/settings/tokens";
    private const string Password = "alice-password-1";
    private CasGistsAppFactory _app = null!;
    private HttpClient _browser = null!;
    private User _alice = null!;

    private TokenService Tokens => _app.Services.GetRequiredService<TokenService>();

    public async Task InitializeAsync()
    {
        _app = await CasGistsAppFactory.CreateAsync(f =>
        {
            f.Settings["Accounts:Argon2MemoryKiB"] = "7168";
            f.Settings["Accounts:Argon2Iterations"] = "1";
        });
        var accounts = _app.Services.GetRequiredService<AccountService>();
        await accounts.RegisterAsync(new RegisterInput("ruth", "ruth@example.test", Password));
        _alice = await accounts.RegisterAsync(new RegisterInput("alice", "alice@example.test", Password));
        _browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await SubmitAsync("/login", null, ("Input.UserNameOrEmail", "alice"), ("Input.Password", Password));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>GETs the page and posts the form named <paramref name="formName"/> (or the only one) with its antiforgery token.</summary>
    private async Task<HttpResponseMessage> SubmitAsync(string url, string? formName, params (string Name, string Value)[] fields)
    {
        var html = await (await _browser.GetAsync(url)).Content.ReadAsStringAsync();
        var forms = FormPattern().Matches(html).Select(m => m.Value).ToList();
        // The app bar's search box is a form too (a GET without a token): pick the page's own.
        var form = formName is null
            ? forms.First(f => f.Contains("__RequestVerificationToken", StringComparison.Ordinal))
            : forms.Single(f => f.Contains($"value=\"{formName}\""));
        var values = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", Hidden(form, "__RequestVerificationToken")),
            new("_handler", Hidden(form, "_handler")),
        };
        values.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await _browser.PostAsync(url, new FormUrlEncodedContent(values));
    }

    private static string Hidden(string html, string name)
    {
        var input = Regex.Match(html, $"<input[^>]*name=\"{Regex.Escape(name)}\"[^>]*>");
        Assert.True(input.Success, $"no {name} field");
        return WebUtility.HtmlDecode(Regex.Match(input.Value, "value=\"([^\"]*)\"").Groups[1].Value);
    }

    [GeneratedRegex("<form[\\s\\S]*?</form>")]
    private static partial Regex FormPattern();

    [GeneratedRegex("data-token[^>]*>(cgp_[0-9A-Za-z]+)<")]
    private static partial Regex ShownToken();

    [Fact]
    public async Task CreatingATokenShowsItOnceAndItWorks()
    {
        var response = await SubmitAsync(Page, "create-token", ("name", "laptop git"), ("scopes", "gist:read"), ("scopes", "gist:write"), ("expires", "90"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var html = await response.Content.ReadAsStringAsync();
        var secret = ShownToken().Match(html).Groups[1].Value;
        var identity = await Tokens.AuthenticateAsync(secret);
        Assert.Equal("alice", identity?.User.UserName);
        Assert.True(identity!.Scopes.Has(TokenScopes.GistWrite));
        Assert.Contains("will not be shown again", html);

        var again = await (await _browser.GetAsync(Page)).Content.ReadAsStringAsync();
        Assert.Contains("laptop git", again);
        Assert.Contains(secret[..12], again);
        Assert.DoesNotContain(secret, again);
    }

    [Fact]
    public async Task BadInputShowsTheFieldErrorsAndCreatesNothing()
    {
        var response = await SubmitAsync(Page, "create-token", ("name", ""), ("scopes", "root"), ("expires", "soon"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Give the token a name.", html);
        Assert.Contains("Unknown scope", html);
        Assert.Contains("Expiry must be", html);
        Assert.Empty(await Tokens.ListMineAsync(Viewer.For(_alice)));
    }

    [Fact]
    public async Task AnAdminScopeIsNeitherOfferedNorAcceptedForAPlainUser()
    {
        var page = await (await _browser.GetAsync(Page)).Content.ReadAsStringAsync();
        var response = await SubmitAsync(Page, "create-token", ("name", "sneaky"), ("scopes", "admin"), ("expires", "never"));

        Assert.DoesNotContain("value=\"admin\"", page);
        Assert.Contains("Only administrators", await response.Content.ReadAsStringAsync());
        Assert.Empty(await Tokens.ListMineAsync(Viewer.For(_alice)));
    }

    [Fact]
    public async Task RevokingAsksFirstNamingTheTokenThenRevokes()
    {
        var created = await Tokens.CreateAsync(Viewer.For(_alice), new CreateTokenInput("backup script", ["gist:read"], null));
        var confirmUrl = $"{Page}?revoke={created.Token.Id}";

        var confirm = await (await _browser.GetAsync(confirmUrl)).Content.ReadAsStringAsync();
        Assert.Contains("Revoke this token?", confirm);
        Assert.Contains("backup script", confirm);
        Assert.NotNull(await Tokens.AuthenticateAsync(created.Secret));

        var response = await SubmitAsync(confirmUrl, "revoke-token", ("id", created.Token.Id.ToString()));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null(await Tokens.AuthenticateAsync(created.Secret));
        var after = await (await _browser.GetAsync(response.Headers.Location!)).Content.ReadAsStringAsync();
        Assert.Contains("revoked", after);
    }

    [Fact]
    public async Task SomeoneElsesTokenCannotBeRevokedFromThePage()
    {
        var root = await _app.Services.GetRequiredService<AccountService>().FindByUserNameAsync("ruth");
        var theirs = await Tokens.CreateAsync(Viewer.For(root!), new CreateTokenInput("roots", ["gist:read"], null));
        await Tokens.CreateAsync(Viewer.For(_alice), new CreateTokenInput("mine", ["gist:read"], null));
        var mine = (await Tokens.ListMineAsync(Viewer.For(_alice)))[0];

        // A form for her own token, with the other token's id put in its place.
        var response = await SubmitAsync($"{Page}?revoke={mine.Id}", "revoke-token", ("id", theirs.Token.Id.ToString()));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(await Tokens.AuthenticateAsync(theirs.Secret));
    }

    [Fact]
    public async Task TheUserMenuLinksToSettings()
    {
        var html = await (await _browser.GetAsync("/")).Content.ReadAsStringAsync();
        var settings = await (await _browser.GetAsync("/settings")).Content.ReadAsStringAsync();

        Assert.Contains("href=\"/settings\"", html);
        Assert.Contains("href=\"/settings/tokens\"", settings);
    }
}
