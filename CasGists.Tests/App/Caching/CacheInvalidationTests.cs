using System.Net;
using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;
using CasGists.Tests.App.Git;
using CasGists.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Caching;

/// <summary>
/// Every write path evicts what it made stale: each test reads a gist anonymously (filling the read cache
/// and the page cache), writes through one path, and reads again. A stale read fails the test.
/// </summary>
public sealed class CacheInvalidationTests : IAsyncLifetime
{
    private const string Password = "owner-password-1";
    private CasGistsAppFactory _app = null!;
    private HttpClient? _client;
    private HttpClient Anonymous => _client ??= _app.CreateClient();
    private User _owner = null!;

    private GistService Gists => _app.Services.GetRequiredService<GistService>();

    public async Task InitializeAsync()
    {
        _app = await CasGistsAppFactory.CreateAsync(f =>
        {
            f.Settings["Accounts:Argon2MemoryKiB"] = "7168";
            f.Settings["Accounts:Argon2Iterations"] = "1";
        });
        _owner = await _app.Services.GetRequiredService<AccountService>().RegisterAsync(new RegisterInput("alice", "alice@example.test", Password));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<GistDetails> CreateAsync(GistVisibility visibility = GistVisibility.Public, string content = "first version\n") =>
        Gists.CreateAsync(Viewer.For(_owner), new CreateGistInput("Cached", "", visibility, [new GistFileInput("notes.txt", content)]));

    private Task<GistDetails> UpdateAsync(GistDetails gist, string content, GistVisibility visibility = GistVisibility.Public, string title = "Cached") =>
        Gists.UpdateAsync(Viewer.For(_owner), gist.Id, new UpdateGistInput(title, "", visibility, [new GistFileInput("notes.txt", content)]));

    /// <summary>Twice: the second read is served from the caches.</summary>
    private async Task WarmAsync(GistDetails gist)
    {
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync($"/alice/{gist.Id}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync($"/alice/{gist.Id}/raw/notes.txt")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync("/alice")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Anonymous.GetAsync("/")).StatusCode);
        }
    }

    [Fact]
    public async Task AnEditShowsOnTheNextPageRawProfileAndHomeRead()
    {
        var gist = await CreateAsync();
        await WarmAsync(gist);

        await UpdateAsync(gist, "second version\n", title: "Renamed after caching");

        Assert.Contains("second version", await Anonymous.GetStringAsync($"/alice/{gist.Id}"));
        Assert.Equal("second version\n", await Anonymous.GetStringAsync($"/alice/{gist.Id}/raw/notes.txt"));
        Assert.Contains("Renamed after caching", await Anonymous.GetStringAsync("/alice"));
        Assert.Contains("Renamed after caching", await Anonymous.GetStringAsync("/"));
    }

    [Fact]
    public async Task ANewGistShowsOnTheCachedProfileAndHome()
    {
        var first = await CreateAsync();
        await WarmAsync(first);

        await Gists.CreateAsync(Viewer.For(_owner), new CreateGistInput("Brand new", "", GistVisibility.Public, [new GistFileInput("b.txt", "b\n")]));

        Assert.Contains("Brand new", await Anonymous.GetStringAsync("/alice"));
        Assert.Contains("Brand new", await Anonymous.GetStringAsync("/"));
    }

    [Fact]
    public async Task ADeleteMakesTheCachedPageAndRawFileNotFound()
    {
        var gist = await CreateAsync();
        await WarmAsync(gist);

        await Gists.DeleteAsync(Viewer.For(_owner), gist.Id);

        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous.GetAsync($"/alice/{gist.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous.GetAsync($"/alice/{gist.Id}/raw/notes.txt")).StatusCode);
        Assert.DoesNotContain(gist.Id, await Anonymous.GetStringAsync("/alice"));
    }

    [Fact]
    public async Task MakingACachedGistPrivateHidesItAtOnce()
    {
        var gist = await CreateAsync();
        await WarmAsync(gist);

        await UpdateAsync(gist, "first version\n", GistVisibility.Private);

        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous.GetAsync($"/alice/{gist.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Anonymous.GetAsync($"/alice/{gist.Id}/raw/notes.txt")).StatusCode);
        Assert.DoesNotContain(gist.Id, await Anonymous.GetStringAsync("/alice"));
        Assert.DoesNotContain(gist.Id, await Anonymous.GetStringAsync("/"));
    }

    [Fact]
    public async Task AGitPushShowsOnTheNextRead()
    {
        // Kestrel has to start before anything else touches the app, so this test has an app of its own.
        await _app.DisposeAsync();
        _app = await CasGistsAppFactory.CreateAsync(f =>
        {
            f.Settings["Accounts:Argon2MemoryKiB"] = "7168";
            f.Settings["Accounts:Argon2Iterations"] = "1";
        });
        var baseAddress = _app.StartKestrel();
        _owner = await _app.Services.GetRequiredService<AccountService>().RegisterAsync(new RegisterInput("alice", "alice@example.test", Password));
        using var http = new HttpClient { BaseAddress = baseAddress };
        using var git = new GitCli();
        var gist = await CreateAsync();
        for (var i = 0; i < 2; i++)
        {
            Assert.Contains("first version", await http.GetStringAsync($"/alice/{gist.Id}"));
            Assert.Equal("first version\n", await http.GetStringAsync($"/alice/{gist.Id}/raw/notes.txt"));
        }
        var url = new UriBuilder(baseAddress) { Path = $"/alice/{gist.Id}.git", UserName = "alice", Password = Password }.Uri.ToString();
        var clone = git.Folder("clone");
        await git.MustAsync(null, "clone", "-q", url, clone);
        await File.WriteAllTextAsync(Path.Combine(clone, "notes.txt"), "pushed version\n");
        await git.MustAsync(clone, "commit", "-q", "-am", "push");

        await git.MustAsync(clone, "push", "-q", "origin", "HEAD");

        Assert.Contains("pushed version", await http.GetStringAsync($"/alice/{gist.Id}"));
        Assert.Equal("pushed version\n", await http.GetStringAsync($"/alice/{gist.Id}/raw/notes.txt"));
    }
}
