using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CasGists.Tests.Core.Gists;

/// <summary>A fresh database and data directory with the real gist services wired over them, plus builders for users and gists.</summary>
public sealed class GistTestContext : IAsyncDisposable
{
    private GistTestContext(TestDatabase database, GistOptions options)
    {
        Database = database;
        Options = options;
        Git = new GitStore(database.DataDirectory);
        Locks = new GistLocks();
        Changes = new GistChangePublisher([ChangeLog], NullLogger<GistChangePublisher>.Instance);
        Gists = new GistService(database.Contexts, Git, Locks, Changes, Microsoft.Extensions.Options.Options.Create(options), Time, NullLogger<GistService>.Instance);
        Indexer = new GistIndexer(database.Contexts, Git, Locks, Changes, database.DataDirectory, Time, NullLogger<GistIndexer>.Instance);
    }

    public TestDatabase Database { get; }
    public GistOptions Options { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero));
    public GitStore Git { get; }
    public GistLocks Locks { get; }
    public GistChangePublisher Changes { get; }

    /// <summary>Every change the services published, in order.</summary>
    public RecordingGistChangeObserver ChangeLog { get; } = new();
    public GistService Gists { get; }
    public GistIndexer Indexer { get; }

    public static async Task<GistTestContext> CreateAsync(GistOptions? options = null) =>
        new(await TestDatabase.CreateAsync(), options ?? new GistOptions());

    /// <summary>Inserts a user row directly (accounts are another service's business) and returns its viewer.</summary>
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

    public Task<GistDetails> CreateGistAsync(Viewer owner, GistVisibility visibility = GistVisibility.Public, string title = "A gist", params GistFileInput[] files) =>
        Gists.CreateAsync(owner, new CreateGistInput(title, "", visibility, files.Length > 0 ? files : [new GistFileInput("hello.txt", "Hello\n")]));

    /// <summary>Every repository folder under <c>repos/</c>, to prove a failed write left none behind.</summary>
    public IReadOnlyList<string> RepositoryFolders() =>
        Directory.Exists(Database.DataDirectory.Repositories)
            ? Directory.GetDirectories(Database.DataDirectory.Repositories, "*.git", SearchOption.AllDirectories)
            : [];

    public async Task<int> GistRowCountAsync()
    {
        await using var db = await Database.Contexts.CreateDbContextAsync();
        return db.Gists.Count();
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}

public sealed class RecordingGistChangeObserver : IGistChangeObserver
{
    private readonly List<GistChange> _changes = [];

    public IReadOnlyList<GistChange> Changes
    {
        get
        {
            lock (_changes)
            {
                return _changes.ToList();
            }
        }
    }

    public ValueTask OnGistChangedAsync(GistChange change, CancellationToken ct)
    {
        lock (_changes)
        {
            _changes.Add(change);
        }
        return ValueTask.CompletedTask;
    }
}
