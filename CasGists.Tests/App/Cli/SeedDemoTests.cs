using System.Globalization;
using System.Text;
using CasGists.App.Cli;
using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Core.Search;
using CasGists.Core.Social;
using CasGists.Tests.App.Git;
using CasGists.Tests.Core.Search;
using CasGists.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CasGists.Tests.App.Cli;

public sealed class SeedDemoTests
{
    [Fact]
    public async Task TheDemoRepositoryWriterMakesTheSameCommitAsGitStoreAndGitAcceptsIt()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var git = new GitStore(database.DataDirectory);
        var owner = Guid.NewGuid();
        var when = new DateTimeOffset(2024, 3, 4, 5, 6, 7, TimeSpan.Zero);
        GitFile[] files =
        [
            new("b.txt", "bee\n"u8.ToArray()),
            new("README.md", "# Title\n"u8.ToArray()),
            new("a-b.py", Encoding.UTF8.GetBytes("print('ünïcode')\n")),
            new("a.py", "same\n"u8.ToArray()),
            new("copy.py", "same\n"u8.ToArray()),
            new("empty", []),
            new("big.txt", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i}\n")))),
        ];

        const string viaGitStore = "0123456789abcdef0123456789abcdef";
        git.Create(owner, viaGitStore);
        var expected = git.WriteCommit(owner, viaGitStore, files, "demo7", when, parent: null);
        git.UpdateHead(owner, viaGitStore, expected: null, expected);

        const string viaWriter = "fedcba9876543210fedcba9876543210";
        var written = SeedDemoGit.Write(git.RepositoryPath(owner, viaWriter), files, "demo7", when);

        Assert.Equal(expected, written);
        Assert.Equal(written, git.GetHead(owner, viaWriter));
        var read = git.ReadFiles(owner, viaWriter, written);
        Assert.Equal(files.Select(f => f.Name).Order(StringComparer.Ordinal), read.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(read, f => Assert.Equal(files.Single(x => x.Name == f.Name).Content, f.Content));

        using var cli = new GitCli();
        var repository = git.RepositoryPath(owner, viaWriter);
        await cli.MustAsync(repository, "fsck", "--strict", "--no-dangling");
        Assert.Equal("main", (await cli.MustAsync(repository, "symbolic-ref", "--short", "HEAD")).Trim());
        var clone = cli.Folder("clone");
        await cli.MustAsync(null, "clone", "-q", repository, clone);
        Assert.Equal("bee\n", await File.ReadAllTextAsync(Path.Combine(clone, "b.txt")));

        // The app edits a demo gist through libgit2 as any other: a loose commit and ref beside the pack.
        var next = git.WriteCommit(owner, viaWriter, [new GitFile("b.txt", "changed\n"u8.ToArray())], "demo7", when.AddMinutes(1), parent: written);
        git.UpdateHead(owner, viaWriter, expected: written, next);
        Assert.Equal(next, git.GetHead(owner, viaWriter));
        Assert.Equal("changed\n"u8.ToArray(), git.ReadFile(owner, viaWriter, next, "b.txt")!.Content);
        Assert.Equal("bee\n"u8.ToArray(), git.ReadFile(owner, viaWriter, written, "b.txt")!.Content);
        await cli.MustAsync(repository, "fsck", "--strict", "--no-dangling");
        Assert.Equal("2", (await cli.MustAsync(repository, "rev-list", "--count", "main")).Trim());
    }

    [Fact]
    public async Task SeedDemoFillsUsersGistsRepositoriesTopicsAndStarsThatSearchFinds()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var git = new GitStore(t.Database.DataDirectory);
        using var hasher = new PasswordHasher(Options.Create(new AccountOptions()));
        var output = new StringWriter();
        var seeder = new SeedDemo(t.Database.Contexts, git, hasher, output);

        Assert.Equal(0, await seeder.RunAsync(users: 4, gists: 60, seed: 1, CancellationToken.None));
        Assert.Matches(@"Seeded 4 users and 60 gists \(\d+ files, \d+ stars\) in [\d.]+ s = [\d,]+ gists/s", output.ToString());

        await using var db = await t.Database.Contexts.CreateDbContextAsync();
        var gists = await db.Gists.AsNoTracking().Include(g => g.Files).ToListAsync();
        Assert.Equal(60, gists.Count);
        Assert.Equal(4, await db.Users.CountAsync());
        foreach (var gist in gists.Take(10))
        {
            Assert.Equal(gist.HeadRevision, git.GetHead(gist.OwnerId, gist.Id));
            var files = git.ReadFiles(gist.OwnerId, gist.Id, gist.HeadRevision);
            Assert.Equal(gist.Files.Count, files.Count);
            Assert.All(gist.Files, f => Assert.Equal(f.Content, Encoding.UTF8.GetString(files.Single(x => x.Name == f.Name).Content)));
        }
        var stars = await db.Set<Star>().AsNoTracking().ToListAsync();
        Assert.NotEmpty(stars);
        Assert.All(stars, s => Assert.Equal(GistVisibility.Public, gists.Single(g => g.Id == s.GistId).Visibility));

        // The index followed the rows, and sort:stars puts the most starred public gist first.
        var word = gists.First(g => g.Visibility == GistVisibility.Public).Files[0].Content.Split(' ', '\n', '(', ')').First(w => w.Length > 3);
        Assert.NotEmpty(await t.IdsAsync(Viewer.Anonymous, word));
        var mostStarred = stars.GroupBy(s => s.GistId).Select(g => g.Count()).Max();
        var first = (await t.IdsAsync(Viewer.Anonymous, "sort:stars"))[0];
        Assert.Equal(mostStarred, stars.Count(s => s.GistId == first));

        // Again with the same seed: the demo users exist, nothing is written.
        Assert.Equal(1, await seeder.RunAsync(users: 4, gists: 60, seed: 1, CancellationToken.None));
        Assert.Equal(60, await db.Gists.CountAsync());
    }

    [Fact]
    public async Task TheSearchBenchmarkTimesEveryQueryOfTheMixAndReplaysWhatTheServiceSent()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var git = new GitStore(t.Database.DataDirectory);
        using var hasher = new PasswordHasher(Options.Create(new AccountOptions()));
        Assert.Equal(0, await new SeedDemo(t.Database.Contexts, git, hasher, new StringWriter()).RunAsync(users: 4, gists: 60, seed: 1, CancellationToken.None));
        var output = new StringWriter();

        Assert.Equal(0, await new SeedDemoBench(t.Search, t.Database.Settings, output).RunAsync(2, CancellationToken.None));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith($"| {t.Database.Provider} | query | results | statements |", StringComparison.Ordinal));
        // Warmed up by whole rounds, at least the minimum of passes, and the JIT's work while timing is reported.
        var warmUp = Assert.Single(lines, l => l.StartsWith("warm-up: ", StringComparison.Ordinal));
        Assert.InRange(int.Parse(warmUp.Split(' ')[1], CultureInfo.InvariantCulture), SeedDemoBench.WarmUpPasses, SeedDemoBench.MaxWarmUpPasses);
        Assert.Single(lines, l => l.StartsWith("methods compiled while timing: ", StringComparison.Ordinal));
        var rows = lines.Where(l => l.StartsWith("| | ", StringComparison.Ordinal)).Select(l => l.Split('|', StringSplitOptions.TrimEntries)).ToList();
        Assert.Equal(SeedDemoBench.Mix.Select(m => $"{m.Name}: `{m.Query}`"), rows.Select(r => r[2]));
        foreach (var (row, (_, q)) in rows.Zip(SeedDemoBench.Mix))
        {
            // The count the service gives, at least one statement replayed, and a time for both sides.
            var found = await t.Search.SearchAsync(Viewer.Anonymous, q, 1, GistSearchService.DefaultPerPage);
            Assert.Equal(found.TotalCount, int.Parse(row[3], NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
            Assert.InRange(int.Parse(row[4], CultureInfo.InvariantCulture), found.TotalCount > 0 ? 2 : 1, 10);
            Assert.All(new[] { row[5], row[6], row[7], row[8], row[10] }, v => Assert.True(double.Parse(v, CultureInfo.InvariantCulture) >= 0, v));
            Assert.True(double.Parse(row[5], CultureInfo.InvariantCulture) > 0, $"'{q}': no service time");
        }
        // The demo content has the benchmark's common word, so the comparison above is not all zeros.
        Assert.True(int.Parse(rows[1][3], CultureInfo.InvariantCulture) > 0, string.Join(" | ", rows[1]));
    }

    [Fact]
    public async Task TheBenchmarksRecorderKeepsOnlyTheCommandsSentToItsOwnDatabase()
    {
        // The listeners are the whole process's: in a test run, other tests write to their own databases meanwhile.
        await using var mine = await SearchTestContext.CreateAsync();
        await using var other = await SearchTestContext.CreateAsync();
        var alice = await other.CreateUserAsync("alice");
        string database;
        await using (var probe = await mine.Database.Settings.OpenAsync())
        {
            database = SqlRecorder.DatabaseOf(probe);
        }
        using var recorder = new SqlRecorder(database);

        recorder.Start();
        await other.CreateGistAsync(alice, GistVisibility.Public, "Soup", "", null, new GistFileInput("soup.md", "tomato\n"));
        await other.Search.SearchAsync(Viewer.Anonymous, "tomato");
        await mine.Search.SearchAsync(Viewer.Anonymous, "tomato");
        var commands = recorder.Stop();

        Assert.NotEmpty(commands);
        await using var db = await mine.Database.Contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        foreach (var command in commands)
        {
            // Each replays against this database: no INSERT of the other's gist, nothing it alone has.
            await using var replay = command.Create(db.Database.GetDbConnection());
            Assert.DoesNotContain("INSERT", replay.CommandText, StringComparison.OrdinalIgnoreCase);
            await using var reader = await replay.ExecuteReaderAsync();
        }
    }
}
