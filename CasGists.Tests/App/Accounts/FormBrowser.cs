using System.Net;
using System.Text.RegularExpressions;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CasGists.Tests.App.Accounts;

/// <summary>A cookie-keeping HTTP client that submits the app's static forms as a browser would: antiforgery token and form name included.</summary>
public sealed partial class FormBrowser(CasGistsAppFactory app)
{
    public HttpClient Client { get; } = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>GETs <paramref name="url"/>, then posts the form named <paramref name="formName"/> with the page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string url, string formName, params (string Name, string Value)[] fields)
    {
        var page = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"value=\"{formName}\"", html);
        return await PostAsync(url, formName, AntiforgeryToken(html), fields);
    }

    public Task<HttpResponseMessage> PostAsync(string url, string formName, string? antiforgery, params (string Name, string Value)[] fields)
    {
        var form = new List<KeyValuePair<string, string>> { new("_handler", formName) };
        if (antiforgery is not null)
        {
            form.Add(new("__RequestVerificationToken", antiforgery));
        }
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return Client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    public async Task<HttpResponseMessage> SignInAsync(string userName, string password) =>
        await SubmitAsync("/login", "login", ("Input.UserNameOrEmail", userName), ("Input.Password", password));

    public async Task<HttpResponseMessage> RegisterAsync(string userName, string password) =>
        await SubmitAsync("/register", "register", ("Input.UserName", userName), ("Input.Email", $"{userName}@example.com"), ("Input.Password", password));

    public static string AntiforgeryToken(string html)
    {
        var input = Regex.Match(html, "<input[^>]*name=\"__RequestVerificationToken\"[^>]*>");
        Assert.True(input.Success, "no antiforgery token in the page");
        return WebUtility.HtmlDecode(ValueAttribute().Match(input.Value).Groups[1].Value);
    }

    public static string? Location(HttpResponseMessage response) => response.Headers.Location?.OriginalString.Replace("http://localhost", "");

    public static bool SetsCookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) &&
        cookies.Any(c => c.StartsWith(name + "=", StringComparison.Ordinal) && !c.StartsWith(name + "=;", StringComparison.Ordinal));

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
