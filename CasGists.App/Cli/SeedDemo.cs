using System.Diagnostics;
using System.Text;
using CasGists.Core.Accounts;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using CasGists.Core.Social;
using CasGists.Core.Topics;
using Microsoft.EntityFrameworkCore;

namespace CasGists.App.Cli;

/// <summary>
/// <c>casgists seed-demo --users N --gists M [--seed S]</c>: fills an instance with realistic demo data for
/// trying search and for the benchmark (<c>bench/search.sh</c>). Quick at 100,000 gists because it goes
/// around <see cref="GistService"/>: rows are inserted in batches of <see cref="BatchSize"/> gists, one
/// transaction each, and repositories are written as plain files (<see cref="SeedDemoGit"/>) on every core.
/// </summary>
/// <remarks>
/// What it bypasses, on purpose: input validation (the generator only makes valid gists), the per-gist
/// write locks (nobody else can know these ids yet), change events (no observer needs to hear about demo
/// data; search caches start empty) and Argon2 per user (every demo user shares one hash of
/// <see cref="DemoPassword"/>). The search index still follows through the database triggers. A few public
/// gists get stars from demo users (<see cref="Stars"/>).
/// The same seed gives the same users, gists and contents (ids and times included).
/// </remarks>
public sealed class SeedDemo(IDbContextFactory<CasGistsDbContext> contexts, GitStore git, PasswordHasher hasher, TextWriter output)
{
    public const int BatchSize = 1000;
    public const string DemoPassword = "demo-password";

    public async Task<int> RunAsync(int users, int gists, int seed, CancellationToken ct)
    {
        if (users < 1 || gists < 0)
        {
            output.WriteLine("error: --users must be at least 1 and --gists at least 0.");
            return 1;
        }
        var clock = Stopwatch.StartNew();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var random = new Random(seed);
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var prefix = seed == 1 ? "demo" : $"demo{seed}x";
        var owners = new List<User>();
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            if (await db.Users.AnyAsync(u => u.NormalizedUserName == prefix + "1", ct))
            {
                output.WriteLine($"error: demo users {prefix}1… already exist; pick another --seed.");
                return 1;
            }
            var hash = await hasher.HashAsync(DemoPassword, ct);
            for (var i = 1; i <= users; i++)
            {
                var name = $"{prefix}{i}";
                owners.Add(new User
                {
                    Id = NewGuid(random),
                    UserName = name,
                    NormalizedUserName = name,
                    Email = $"{name}@demo.invalid",
                    NormalizedEmail = $"{name}@demo.invalid",
                    PasswordHash = hash,
                    CreatedAt = start,
                    UpdatedAt = start,
                });
            }
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Users.AddRange(owners);
            await db.SaveChangesAsync(ct);
        }

        var generator = new DemoContent(random);
        var files = 0;
        var stars = 0;
        // Repositories and rows take turns: overlapping them (rows of one batch while the next batch's repositories
        // are written) measured slower on the shared two-core machine, where no core was ever idle.
        var (generating, writingGit) = (new Stopwatch(), new Stopwatch());
        var writingRows = TimeSpan.Zero;
        for (var done = 0; done < gists; done += BatchSize)
        {
            generating.Start();
            var batch = new List<DemoBatchItem>();
            for (var i = done; i < Math.Min(gists, done + BatchSize); i++)
            {
                var owner = owners[random.Next(owners.Count)];
                var demo = generator.Next();
                var created = start.AddMinutes(i * 3 + random.Next(3));
                var gist = new Gist
                {
                    Id = Convert.ToHexStringLower(NewGuid(random).ToByteArray()),
                    OwnerId = owner.Id,
                    Title = demo.Title,
                    Description = demo.Description,
                    Visibility = random.Next(10) switch { 0 => GistVisibility.Private, 1 => GistVisibility.Unlisted, _ => GistVisibility.Public },
                    HeadRevision = "",
                    RevisionCount = 1,
                    CreatedAt = created,
                    UpdatedAt = created.AddMinutes(random.Next(2) == 0 ? 0 : random.Next(60 * 24 * 30)),
                };
                var ordered = demo.Files.OrderBy(f => f.Name, GistInputValidator.FileOrder).ToList();
                gist.Files = [.. ordered.Select((f, position) => new GistFile
                {
                    GistId = gist.Id,
                    Name = f.Name,
                    Language = LanguageDetector.Detect(f.Name),
                    Content = f.Content,
                    Size = Encoding.UTF8.GetByteCount(f.Content),
                    Position = position,
                })];
                gist.FileCount = gist.Files.Count;
                gist.TotalSize = gist.Files.Sum(f => f.Size);
                batch.Add(new DemoBatchItem(gist, owner.UserName, demo.Topics, [.. ordered.Select(f => new GitFile(f.Name, Encoding.UTF8.GetBytes(f.Content)))]));
            }
            var batchStars = Stars(random, batch.Select(b => b.Gist).ToList(), owners);
            generating.Stop();

            writingGit.Start();
            Parallel.ForEach(batch, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, item =>
            {
                item.Gist.HeadRevision = SeedDemoGit.Write(git.RepositoryPath(item.Gist.OwnerId, item.Gist.Id), item.GitFiles, item.OwnerName, item.Gist.CreatedAt);
            });
            writingGit.Stop();

            writingRows += await InsertAsync(batch, batchStars, ct);
            files += batch.Sum(b => b.Gist.Files.Count);
            stars += batchStars.Count;
            output.WriteLine($"{Math.Min(gists, done + BatchSize):N0} / {gists:N0} gists, {files:N0} files, {clock.Elapsed.TotalSeconds:N0} s");
        }

        var analyzing = Stopwatch.StartNew();
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            // Fresh statistics, so the planner knows how the new rows are spread.
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql() ? "ANALYZE" : "ANALYZE; PRAGMA optimize;", ct);
        }
        analyzing.Stop();
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        output.WriteLine($"Time per phase (wall): generate {S(generating)}, git {S(writingGit)}, database rows {writingRows.TotalSeconds:N1} s, " +
            $"analyze {S(analyzing)}; this process used {cpu.TotalSeconds:N1} s of CPU.");
        output.WriteLine($"Seeded {users:N0} users and {gists:N0} gists ({files:N0} files, {stars:N0} stars) in {seconds:N1} s = {gists / Math.Max(0.001, seconds):N0} gists/s. " +
            $"Demo users sign in with the password '{DemoPassword}'.");
        return 0;
    }

    private static string S(Stopwatch watch) => $"{watch.Elapsed.TotalSeconds:N1} s";

    private sealed record DemoBatchItem(Gist Gist, string OwnerName, List<string> Topics, List<GitFile> GitFiles);

    /// <summary>One transaction per batch: the gists with their files, topics and stars (the index follows by trigger).</summary>
    private async Task<TimeSpan> InsertAsync(List<DemoBatchItem> batch, List<Star> stars, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Gists.AddRange(batch.Select(b => b.Gist));
            db.Set<GistTopic>().AddRange(batch.SelectMany(b => b.Topics.Select(t => new GistTopic { GistId = b.Gist.Id, Topic = t })));
            db.Set<Star>().AddRange(stars);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        return started.Elapsed;
    }

    /// <summary>
    /// A few stars, skewed as on a real instance: one public gist in eight has any, most of those one or two, a few
    /// dozens; so <c>sort:stars</c> has an order to find and <c>gist_stars</c> holds about one row per gist.
    /// </summary>
    private static List<Star> Stars(Random random, List<Gist> gists, List<User> users)
    {
        var stars = new List<Star>();
        foreach (var gist in gists)
        {
            if (gist.Visibility != GistVisibility.Public || random.Next(8) != 0)
            {
                continue;
            }
            var count = 1 + (int)(Math.Pow(random.NextDouble(), 6) * Math.Min(users.Count - 1, 56));
            var first = random.Next(users.Count);
            for (var i = 0; i < count; i++)
            {
                // Consecutive users from a random one: distinct without a set.
                stars.Add(new Star { GistId = gist.Id, UserId = users[(first + i) % users.Count].Id, CreatedAt = gist.UpdatedAt.AddMinutes(i + 1) });
            }
        }
        return stars;
    }

    private static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
