using System.Net;
using System.Text.RegularExpressions;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Security;

/// <summary>
/// Every POST form on every page carries an antiforgery token, and the server refuses each one without it (400).
/// The forms are found in the rendered pages, so a form added to a listed page is checked without touching this test;
/// a new page with forms is one more entry in <see cref="Pages"/>.
/// </summary>
public sealed partial class AntiforgeryTests : IAsyncLifetime
{
    private CasGistsAppFactory _app = null!;
    private GistDetails _gist = null!;

    public async Task InitializeAsync()
    {
        _app = await SecurityTestApp.CreateAsync();
        await _app.UserAsync("boss");
        var owen = await _app.UserAsync("owen");
        _gist = await _app.GistAsync(owen, GistVisibility.Public, "mine");
        // So the tokens page also shows its revoke form.
        await _app.Services.GetRequiredService<TokenService>().CreateAsync(Viewer.For(owen), new CreateTokenInput("ci", [TokenScopes.GistRead], null));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Pages with forms, and whether they need the owner signed in to render them.</summary>
    private IEnumerable<(string Path, bool SignedIn)> Pages =>
    [
        ("/login", false),
        ("/register", false),
        ("/", true),
        ("/logout", true),
        ("/settings/tokens", true),
        ($"/owen/{_gist.Id}", true),
        ($"/owen/{_gist.Id}/delete", true),
    ];

    [GeneratedRegex("<form\\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Form();

    [GeneratedRegex("<input\\b[^>]*type=\"hidden\"[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Hidden();

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $"\\b{name}=\"([^\"]*)\"", RegexOptions.IgnoreCase) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [Fact]
    public async Task EveryPostFormCarriesATokenAndIsRefusedWithoutIt()
    {
        var anonymous = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var owner = await _app.SignedInClientAsync("owen");
        var checkedForms = new List<string>();

        foreach (var (path, signedIn) in Pages)
        {
            var client = signedIn ? owner : anonymous;
            var page = await client.GetAsync(path);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {path}: {page.StatusCode}");
            var html = await page.Content.ReadAsStringAsync();

            foreach (Match form in Form().Matches(html))
            {
                var tag = form.Groups[1].Value;
                if (!string.Equals(Attribute(tag, "method"), "post", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                var action = Attribute(tag, "action") is { Length: > 0 } a ? a : path;
                var name = $"{path} → {action}";
                Assert.True(form.Groups[2].Value.Contains("name=\"__RequestVerificationToken\"", StringComparison.Ordinal), $"{name} has no antiforgery token");

                // Everything the form would send, less the token.
                var fields = Hidden().Matches(form.Groups[2].Value)
                    .Select(h => (Name: Attribute(h.Value, "name"), Value: Attribute(h.Value, "value") ?? ""))
                    .Where(f => f.Name is not null && f.Name != "__RequestVerificationToken")
                    .Select(f => new KeyValuePair<string, string>(f.Name!, f.Value));
                var response = await client.PostAsync(action, new FormUrlEncodedContent(fields));

                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name} without a token: {(int)response.StatusCode}");
                checkedForms.Add(name);
            }
        }

        // login, register, sign-out (menu and page), token create and revoke, delete (dialog and page).
        Assert.True(checkedForms.Count >= 9, string.Join("\n", checkedForms));
        Assert.Contains(checkedForms, f => f.EndsWith("/delete", StringComparison.Ordinal));
        Assert.Contains(checkedForms, f => f.StartsWith("/settings/tokens", StringComparison.Ordinal));
    }
}
