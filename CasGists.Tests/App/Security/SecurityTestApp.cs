using System.Net.Http.Json;
using System.Text;
using CasGists.App.Security;
using CasGists.Core.Accounts;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Security;

/// <summary>The app with cheap password hashes and a user or two, plus helpers to talk to it the way an API client does.</summary>
public static class SecurityTestApp
{
    public const string Password = "correct horse battery";

    public static Task<CasGistsAppFactory> CreateAsync(Action<CasGistsAppFactory>? configure = null) =>
        CasGistsAppFactory.CreateAsync(f =>
        {
            f.Settings["Accounts:Argon2MemoryKiB"] = "7168";
            f.Settings["Accounts:Argon2Iterations"] = "1";
            configure?.Invoke(f);
        });

    public static Task<User> RegisterAsync(this CasGistsAppFactory app, string userName, bool isAdmin = false) =>
        app.Services.GetRequiredService<AccountService>()
            .RegisterAsync(new RegisterInput(userName, $"{userName}@example.test", Password), isAdmin);

    public static HttpClient Api(this CasGistsAppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, string? authorization, object? json = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }
        return await client.SendAsync(request);
    }

    public static async Task<AuthEndpoints.TokenResponse> SignInAsync(this HttpClient client, string userName, string? scope = null)
    {
        var response = await client.PostAsJsonAsync(AuthEndpoints.TokenPath, new { grant_type = "password", username = userName, password = Password, scope });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AuthEndpoints.TokenResponse>())!;
    }

    public static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}
