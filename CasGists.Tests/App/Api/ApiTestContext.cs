using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Api;

/// <summary>One app per test class instance with two users (alice, bob), their tokens and helpers for JSON over HTTP.</summary>
public abstract class ApiTestContext : IAsyncLifetime
{
    protected CasGistsAppFactory App { get; private set; } = null!;
    protected User Alice { get; private set; } = null!;
    protected User Bob { get; private set; } = null!;
    protected string AliceToken { get; private set; } = null!;
    protected string BobToken { get; private set; } = null!;

    /// <summary>True to serve on a real Kestrel port (<see cref="Host"/>) for clients that open their own connections.</summary>
    protected virtual bool RealServer => false;

    protected Uri Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await CasGistsAppFactory.CreateAsync(f =>
        {
            f.Settings["Accounts:Argon2MemoryKiB"] = "7168";
            f.Settings["Accounts:Argon2Iterations"] = "1";
        });
        if (RealServer)
        {
            Host = App.StartKestrel();
        }
        Alice = await App.UserAsync("alice");
        Bob = await App.UserAsync("bob");
        AliceToken = await TokenAsync(Alice, TokenScopes.GistWrite, TokenScopes.UserRead);
        BobToken = await TokenAsync(Bob, TokenScopes.GistWrite, TokenScopes.UserRead);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    private User? carol;

    /// <summary>A third user, made once per app: the rows of one test share the app, and a name registers only once.</summary>
    protected async Task<User> CarolAsync() => carol ??= await App.UserAsync("carol");

    protected async Task<string> TokenAsync(User user, params string[] scopes) =>
        (await App.Services.GetRequiredService<TokenService>()
            .CreateAsync(Viewer.For(user), new CreateTokenInput($"t{Guid.NewGuid():N}", scopes, null))).Secret;

    protected HttpClient Client(string? token = null)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    protected Task<GistDetails> GistAsync(User owner, GistVisibility visibility = GistVisibility.Public, string title = "t",
        params (string Name, string Content)[] files) => App.GistAsync(owner, visibility, title, files);

    protected static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    protected static StringContent Json(object value) => Json(JsonSerializer.Serialize(value));

    protected static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body.");

    protected async Task<T> DbAsync<T>(Func<CasGists.Core.Data.CasGistsDbContext, Task<T>> query)
    {
        await using var db = await App.Database.Contexts.CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>Rows (gists, files, topics, stars, comments) and repositories, so a refused write can be shown to have written nothing.</summary>
    protected async Task<string> SnapshotAsync()
    {
        var rows = await DbAsync(async db =>
        {
            var gists = await db.Gists.AsNoTracking().OrderBy(g => g.Id)
                .Select(g => g.Id + g.Title + g.Description + g.Visibility + g.HeadRevision + g.UpdatedAt.Ticks).ToListAsync();
            var files = await db.GistFiles.AsNoTracking().OrderBy(f => f.GistId).ThenBy(f => f.Name)
                .Select(f => f.GistId + f.Name + f.Content).ToListAsync();
            var topics = await db.Set<CasGists.Core.Topics.GistTopic>().AsNoTracking().OrderBy(t => t.GistId).ThenBy(t => t.Topic)
                .Select(t => t.GistId + t.Topic).ToListAsync();
            var stars = await db.Set<CasGists.Core.Social.Star>().AsNoTracking().OrderBy(s => s.GistId).ThenBy(s => s.UserId)
                .Select(s => s.GistId + s.UserId).ToListAsync();
            var comments = await db.Set<CasGists.Core.Social.Comment>().AsNoTracking().OrderBy(c => c.Id)
                .Select(c => c.GistId + c.Id + c.Body + c.UpdatedAt.Ticks).ToListAsync();
            return string.Join("|", gists) + "#" + string.Join("|", files) + "#" + string.Join("|", topics) + "#" +
                string.Join("|", stars) + "#" + string.Join("|", comments);
        });
        var repos = Directory.Exists(App.Database.DataDirectory.Repositories)
            ? Directory.GetFiles(App.Database.DataDirectory.Repositories, "*", SearchOption.AllDirectories).Length
            : 0;
        return rows + "#repo-files:" + repos;
    }
}
