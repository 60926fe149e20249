using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Core.Rendering;
using CasGists.Core.Search;
using CasGists.Core.Social;
using CasGists.Tests.Fixtures;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CasGists.Tests.Core.Search;

/// <summary>The real gist and search services over a fresh database of the configured provider, with the cache invalidator wired in.</summary>
public sealed class SearchTestContext : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<ServiceProvider> _others = [];

    private SearchTestContext(TestDatabase database)
    {
        Database = database;
        _services = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();
        Cache = _services.GetRequiredService<HybridCache>();
        var git = new GitStore(database.DataDirectory);
        var locks = new GistLocks();
        var changes = new GistChangePublisher([new SearchCacheInvalidator(Cache)], NullLogger<GistChangePublisher>.Instance);
        Gists = new GistService(database.Contexts, git, locks, changes, Microsoft.Extensions.Options.Options.Create(new GistOptions()), Time, NullLogger<GistService>.Instance);
        Indexer = new GistIndexer(database.Contexts, git, locks, changes, database.DataDirectory, Time, NullLogger<GistIndexer>.Instance);
        Backend = database.Provider == CasGists.Core.Data.DatabaseProvider.Postgres ? new PostgresSearchBackend() : new SqliteFtsSearchBackend();
        Search = new GistSearchService(database.Contexts, database.Settings, Backend, Cache);
        Stars = new StarService(database.Contexts, Gists, changes, Time);
        Forks = new ForkService(database.Contexts, git, locks, Gists, changes, Time, NullLogger<ForkService>.Instance);
        Comments = new CommentService(database.Contexts, new MarkdownRenderer(new CodeHighlighter(NullLogger<CodeHighlighter>.Instance)),
            new MemoryCache(new MemoryCacheOptions()), changes, Time, NullLogger<CommentService>.Instance);
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
    public HybridCache Cache { get; }
    public GistService Gists { get; }
    public GistIndexer Indexer { get; }
    public GistSearchService Search { get; }
    public StarService Stars { get; }
    public ForkService Forks { get; }
    public CommentService Comments { get; }

    public static async Task<SearchTestContext> CreateAsync() => new(await TestDatabase.CreateAsync());

    /// <summary>A second search service over the same database with <paramref name="backend"/> and a cache of its own.</summary>
    public GistSearchService SearchWith(IGistSearchBackend backend)
    {
        var services = new ServiceCollection().AddHybridCache().Services.BuildServiceProvider();
        _others.Add(services);
        return new GistSearchService(Database.Contexts, Database.Settings, backend, services.GetRequiredService<HybridCache>());
    }

    /// <summary>The backend <see cref="Search"/> uses.</summary>
    public IGistSearchBackend Backend { get; }

    public async Task<Viewer> CreateUserAsync(string userName, bool isAdmin = false)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync();
        var user = new User
        {
            Id = Guid.NewGuid(),
            UserName = userName,
            NormalizedUserName = userName.ToLowerInvariant(),
            Email = $"{userName}@example.test",
            NormalizedEmail = $"{userName}@example.test".ToLowerInvariant(),
            PasswordHash = "not-a-hash",
            IsAdmin = isAdmin,
            CreatedAt = Time.GetUtcNow().UtcDateTime,
            UpdatedAt = Time.GetUtcNow().UtcDateTime,
        };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return Viewer.For(user);
    }

    /// <summary>Creates a gist one minute after the previous one, so "newest" is well defined.</summary>
    public async Task<GistDetails> CreateGistAsync(Viewer owner, GistVisibility visibility, string title, string description,
        IReadOnlyList<string>? topics, params GistFileInput[] files)
    {
        Time.Advance(TimeSpan.FromMinutes(1));
        return await Gists.CreateAsync(owner, new CreateGistInput(title, description, visibility, files, topics));
    }

    /// <summary>The ids found, in result order; fails the test when the search answered with a message.</summary>
    public async Task<List<string>> IdsAsync(Viewer viewer, string q, int page = 1, int perPage = 100)
    {
        var results = await Search.SearchAsync(viewer, q, page, perPage);
        Assert.True(results.Error is null, $"'{q}' gave: {results.Error}");
        return [.. results.Items.Select(i => i.Gist.Id)];
    }

    /// <summary>Stars straight in the table, as if given before a gist turned private: no access check, no change event.</summary>
    public async Task AddStarsAsync(params (Viewer Fan, string GistId)[] stars)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync();
        foreach (var (fan, gistId) in stars)
        {
            db.Set<Star>().Add(new Star { GistId = gistId, UserId = fan.UserId!.Value, CreatedAt = Time.GetUtcNow().UtcDateTime });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Public gists without files straight in the table (no repository, no change event), one minute apart, the
    /// newest last; for counts too large to create through <see cref="GistService"/>. Returns their ids oldest first.
    /// </summary>
    public async Task<List<string>> AddBareGistsAsync(Viewer owner, int count, Func<int, string> description)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync();
        var start = Time.GetUtcNow().UtcDateTime;
        var gists = Enumerable.Range(0, count).Select(i => new Gist
        {
            Id = $"{i:d8}{Guid.NewGuid():N}"[..32],
            OwnerId = owner.UserId!.Value,
            Title = $"Bulk {i}",
            Description = description(i),
            Visibility = GistVisibility.Public,
            HeadRevision = "",
            CreatedAt = start.AddMinutes(i),
            UpdatedAt = start.AddMinutes(i),
        }).ToList();
        db.Gists.AddRange(gists);
        await db.SaveChangesAsync();
        return [.. gists.Select(g => g.Id)];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var other in _others)
        {
            await other.DisposeAsync();
        }
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
