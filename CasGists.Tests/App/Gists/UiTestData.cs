using System.Net;
using System.Text.RegularExpressions;
using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Gists;

/// <summary>Builds users and gists through the app's own services, and signs in through the real form.</summary>
internal static partial class UiTestData
{
    public const string Password = "correct horse battery staple";

    public static Task<User> UserAsync(this CasGistsAppFactory app, string userName, bool admin = false) =>
        app.Services.GetRequiredService<AccountService>()
            .RegisterAsync(new RegisterInput(userName, $"{userName}@example.com", Password), admin);

    public static Task<GistDetails> GistAsync(this CasGistsAppFactory app, User owner, GistVisibility visibility, string title,
        params (string Name, string Content)[] files) =>
        app.Services.GetRequiredService<GistService>().CreateAsync(Viewer.For(owner), new CreateGistInput(
            title, "", visibility,
            files.Length > 0 ? files.Select(f => new GistFileInput(f.Name, f.Content)).ToList() : [new GistFileInput("a.txt", "hello\n")]));

    /// <summary>A client signed in by posting the sign-in form, antiforgery token and all.</summary>
    public static async Task<HttpClient> SignedInClientAsync(this CasGistsAppFactory app, string userName)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/login");
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
            ["Input.UserNameOrEmail"] = userName,
            ["Input.Password"] = Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static string AntiforgeryToken(string html) =>
        WebUtility.HtmlDecode(TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No antiforgery token in the page."));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
