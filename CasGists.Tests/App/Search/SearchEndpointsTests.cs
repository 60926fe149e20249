using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CasGists.App.Search;
using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Core.Search;
using CasGists.Core.Social;
using CasGists.Tests.App.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CasGists.Tests.App.Search;

public sealed class SearchEndpointsTests(SearchEndpointsTests.QueryApp shared) : IClassFixture<SearchEndpointsTests.QueryApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The app with every warning and error it logs recorded, so a test can prove a query error never happened.</summary>
    private static async Task<(CasGistsAppFactory App, WebApplicationFactory<Program> Web, ConcurrentQueue<string> Logged)> StartAsync()
    {
        var app = await CasGistsAppFactory.CreateAsync();
        var logged = new ConcurrentQueue<string>();
        var web = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(new RecordingLoggerProvider(logged))));
        return (app, web, logged);
    }

    private static async Task<User> UserAsync(WebApplicationFactory<Program> web) =>
        await web.Services.GetRequiredService<AccountService>().RegisterAsync(new RegisterInput("alice", "alice@example.com", UiTestData.Password));

    [Fact]
    public async Task TheApiPagesResultsWithLinkAndTotalCountHeaders()
    {
        var (app, web, _) = await StartAsync();
        await using var _app = app;
        var services = web.Services;
        var alice = await UserAsync(web);
        var gists = services.GetRequiredService<GistService>();
        for (var i = 0; i < 3; i++)
        {
            await gists.CreateAsync(Viewer.For(alice), new CreateGistInput($"Pear {i}", "", GistVisibility.Public, [new("p.txt", $"pear <b>{i}</b>\n")], ["fruit"]));
        }
        await gists.CreateAsync(Viewer.For(alice), new CreateGistInput("Hidden pear", "", GistVisibility.Unlisted, [new("p.txt", "pear\n")]));
        var client = web.CreateClient();

        var response = await client.GetAsync("/api/v1/search?q=pear&page=1&per_page=2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3", response.Headers.GetValues("X-Total-Count").Single());
        var link = response.Headers.GetValues("Link").Single();
        Assert.Contains("page=2&per_page=2>; rel=\"next\"", link);
        Assert.Contains("rel=\"last\"", link);
        var body = await response.Content.ReadFromJsonAsync<SearchEndpoints.SearchResponse>(Json);
        Assert.Equal(2, body!.Items.Count);
        Assert.Equal("pear", body.Query);
        Assert.All(body.Items, i => Assert.Equal(["fruit"], i.Topics));
        Assert.All(body.Items, i => Assert.Contains("<mark>pear</mark> &lt;b&gt;", i.Snippet!.Lines[0].Html));

        var second = await client.GetFromJsonAsync<SearchEndpoints.SearchResponse>("/api/v1/search?q=pear&page=2&per_page=2", Json);
        Assert.Single(second!.Items);
        Assert.DoesNotContain(body.Items.Concat(second.Items), i => i.Title == "Hidden pear");
    }

    [Fact]
    public async Task ACountThatStoppedAtTheLimitSendsNoTotalHeaderAndNoLastLink()
    {
        var (app, web, _) = await StartAsync();
        await using var _app = app;
        var alice = await UserAsync(web);
        var contexts = web.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<CasGists.Core.Data.CasGistsDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            db.Gists.AddRange(Enumerable.Range(0, GistSearchService.CountLimit + 1).Select(i => new Gist
            {
                Id = Guid.NewGuid().ToString("N"), OwnerId = alice.Id, Title = $"Bulk {i}", Visibility = GistVisibility.Public,
                HeadRevision = "", CreatedAt = start.AddMinutes(i), UpdatedAt = start.AddMinutes(i),
            }));
            await db.SaveChangesAsync();
        }
        var client = web.CreateClient();

        var response = await client.GetAsync("/api/v1/search?q=user%3Aalice&per_page=100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Total-Count"));
        var link = response.Headers.GetValues("Link").Single();
        Assert.Contains("page=2&per_page=100>; rel=\"next\"", link);
        Assert.DoesNotContain("rel=\"last\"", link);
        var body = await response.Content.ReadFromJsonAsync<SearchEndpoints.SearchResponse>(Json);
        Assert.Equal(GistSearchService.CountLimit, body!.TotalCount);
        Assert.True(body.TotalIsLowerBound);
        Assert.Equal(100, body.Items.Count);

        // The page that reaches the end counts exactly again.
        var end = await client.GetAsync("/api/v1/search?q=user%3Aalice&per_page=100&page=11");
        Assert.Equal((GistSearchService.CountLimit + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), end.Headers.GetValues("X-Total-Count").Single());

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/search?q=user%3Aalice"));
        Assert.Contains($"{GistSearchService.CountLimit:N0}+ results", page);
    }

    [Theory]
    [InlineData("q=%22unclosed", "quotation mark")]
    [InlineData("q=langauge%3Ago", "Unknown filter")]
    [InlineData("q=is%3Astarred", "Sign in")]
    [InlineData("q=pear&per_page=0", "per_page")]
    [InlineData("q=pear&per_page=101", "per_page")]
    [InlineData("q=pear&page=abc", "page")]
    [InlineData("q=pear&page=-1", "page")]
    public async Task ABadQueryIsAProblemDetailsWithTheMessage(string query, string message)
    {
        shared.Logged.Clear();
        var response = await shared.Client.GetAsync("/api/v1/search?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(message, problem.GetProperty("detail").GetString());
        Assert.Empty(shared.Logged);
    }

    public static TheoryData<string> HostileQueries()
    {
        var data = new TheoryData<string>
        {
            "%22", "%22%22", "*", "pear*", "NEAR(pear", "NEAR(pear%20fig)", "%3A", "pear%3A", "%5Epear", "AND", "pear%20AND%20fig",
            "pear%20OR", "OR%20pear", "NOT%20pear", "(pear", "pear)", "%27%3B%20DROP%20TABLE%20gists%3B%20--", "%27%20OR%201%3D1%20--",
            "title%3A%22%27%3B%20DROP%20TABLE%20users%3B%22", "filename%3A%25", "filename%3A%5C", "user%3A%27", "topic%3A%22a%20b%22",
            "%F0%9F%8D%90", "%F0%9F%8D%90%20pear", "%D7%A9%D7%9C%D7%95%D7%9D%20%D7%A2%D7%95%D7%9C%D7%9D", "%D9%85%D8%B1%D8%AD%D8%A8%D8%A7",
            "%E2%80%AEpear", "%FF%FE", "%C3%28", "%ED%A0%80", "%EF%BF%BF", "%00", "pear%00fig", "-", "--", "-%22%22", "%22*%22",
            "col%3A%22x%22", "%7Bpear%7D", "pear%5C", "%25", "_", "%22NEAR%28a%20b%29%22", "title%3A", "sort%3Anope",
        };
        data.Add("q=" + string.Concat(Enumerable.Repeat("pear ", 2000))[..10_000]);
        data.Add(string.Join("%20", Enumerable.Range(0, 500).Select(i => $"w{i}")));
        data.Add(string.Join("%20", Enumerable.Range(0, 45).Select(i => $"w{i}")));
        data.Add(string.Join("%20OR%20", Enumerable.Range(0, 40).Select(i => $"%22w{i}%20x%22")));
        return data;
    }

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task HostileQueriesGiveResultsOrAMessageNeverAnErrorOrALoggedProblem(string q)
    {
        shared.Logged.Clear();
        var client = shared.Client;

        var path = q.StartsWith("q=", StringComparison.Ordinal) ? q : "q=" + q;
        var api = await client.GetAsync("/api/v1/search?" + path);
        Assert.True(api.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{api.StatusCode} for {q}");
        var page = await client.GetAsync("/search?" + path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Empty(shared.Logged);

        // The database is still there and still finds the gist.
        var after = await client.GetFromJsonAsync<SearchEndpoints.SearchResponse>("/api/v1/search?q=pear", Json);
        Assert.Equal("Pear", Assert.Single(after!.Items).Title);
    }

    [Fact]
    public async Task TheApiAndThePageSortByStarsWithAndWithoutWords()
    {
        var (app, web, logged) = await StartAsync();
        await using var _app = app;
        var alice = await UserAsync(web);
        var gists = web.Services.GetRequiredService<GistService>();
        var older = await gists.CreateAsync(Viewer.For(alice), new CreateGistInput("Starred plum", "", GistVisibility.Public, [new("p.txt", "plum\n")]));
        await gists.CreateAsync(Viewer.For(alice), new CreateGistInput("Newer plum", "", GistVisibility.Public, [new("p.txt", "plum\n")]));
        await web.Services.GetRequiredService<StarService>().StarAsync(Viewer.For(alice), older.Id);
        var client = web.CreateClient();

        foreach (var q in new[] { "plum%20sort%3Astars", "user%3Aalice%20sort%3Astars" })
        {
            var body = await client.GetFromJsonAsync<SearchEndpoints.SearchResponse>("/api/v1/search?q=" + q, Json);
            Assert.Equal(["Starred plum", "Newer plum"], body!.Items.Select(i => i.Title));
        }
        var html = await client.GetStringAsync("/search?q=plum%20sort%3Astars");
        Assert.True(html.IndexOf("Starred plum", StringComparison.Ordinal) < html.IndexOf("Newer plum", StringComparison.Ordinal));
        Assert.Contains("href=\"/search?q=plum\"", html); // the chip removing sort:stars
        Assert.Contains("<code>sort:stars</code>", html);
        Assert.Empty(logged);
    }

    [Fact]
    public async Task TheResultsPageShowsSnippetsFilterChipsAndFriendlyMessages()
    {
        var (app, web, _) = await StartAsync();
        await using var _app = app;
        var alice = await UserAsync(web);
        await web.Services.GetRequiredService<GistService>().CreateAsync(Viewer.For(alice),
            new CreateGistInput("Quince jam", "", GistVisibility.Public, [new("jam.md", "Cook the quince <slowly>\n")], ["jam"]));
        var client = web.CreateClient();

        var html = await client.GetStringAsync("/search?q=quince%20user%3Aalice%20sort%3Aupdated");
        Assert.Contains("<mark>quince</mark> &lt;slowly&gt;", html);
        Assert.Contains("jam.md", html);
        Assert.Contains("href=\"/search?q=quince%20sort%3Aupdated\"", html); // chip removing user:alice
        Assert.Contains("href=\"/search?q=quince%20user%3Aalice\"", html); // chip removing sort:updated
        Assert.Contains("href=\"/topics/jam\"", html);

        var error = await client.GetStringAsync("/search?q=%22open");
        Assert.Contains("A quotation mark is not closed.", error);

        var topic = await client.GetStringAsync("/topics/jam");
        Assert.Contains("Quince jam", topic);
        Assert.DoesNotContain("Quince jam", await client.GetStringAsync("/topics/other"));

        var home = await client.GetStringAsync("/");
        Assert.Contains("action=\"/search\"", home);
    }

    /// <summary>
    /// One app with one public gist ("Pear", <c>pear fig</c>) for the read-only query tests: starting an app per
    /// case cost most of this class's time. Each test clears <see cref="Logged"/> first and asserts it stays empty.
    /// </summary>
    public sealed class QueryApp : IAsyncLifetime
    {
        private CasGistsAppFactory? _app;

        public ConcurrentQueue<string> Logged { get; private set; } = new();
        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            (_app, var web, var logged) = await StartAsync();
            Logged = logged;
            var alice = await UserAsync(web);
            await web.Services.GetRequiredService<GistService>().CreateAsync(Viewer.For(alice),
                new CreateGistInput("Pear", "", GistVisibility.Public, [new("p.txt", "pear fig\n")]));
            Client = web.CreateClient();
        }

        public async Task DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }

    private sealed class RecordingLoggerProvider(ConcurrentQueue<string> logged) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, logged);

        public void Dispose()
        {
        }

        private sealed class Recorder(string category, ConcurrentQueue<string> logged) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                // Data Protection warns about its key ring on a fresh data directory; that is not a search problem.
                if (IsEnabled(logLevel) && !category.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal))
                {
                    logged.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}
