using System.Globalization;
using CasGists.Core.Accounts;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using CasGists.Core.Search;
using CasGists.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CasGists.Tests.Core.Search;

/// <summary>
/// PostgreSQL finds a search's candidates one of three ways, picked from its planner's estimate of the match
/// (<see cref="PostgresSearchBackend.CandidatesSql"/>): walking the files newest first (broad), sorting the index's
/// matches (narrow), or sorting the newest matches and walking below them when they fall short (recent). Every way must
/// find the same gists in the same order. SQLite has one way; the same checks run there.
/// </summary>
public sealed class CandidateWaysTests
{
    /// <summary>An estimate the test gives the candidates, made from the one the database gave (the keys of its rows).</summary>
    private sealed record Forced(string Name, Func<MatchEstimate, MatchEstimate> Of)
    {
        public override string ToString() => Name;
    }

    private static readonly Forced Narrow = new("narrow", _ => new(1, 1_000_000));
    private static readonly Forced Broad = new("broad", _ => new(1_000_000, 1_000_000));
    // Recent, with the keys stretched below the real oldest so that the cut falls where the test wants it: below every row
    // (the newest matches are all of them), or about a third of the way down (the walk below the cut gives the rest).
    private static readonly Forced RecentAll = new("recent, every row above the cut", e => new(10_000, 1e12, e.Newest, e.Oldest - 10 * Span(e)));
    private static readonly Forced RecentSome = new("recent, a third above the cut", e => new(10_000, 1e12, e.Newest, e.Oldest - 2 * Span(e)));
    private static readonly Forced[] Estimates = [Narrow, RecentAll, RecentSome, Broad];

    private static long Span(MatchEstimate e) => Math.Max(1, e.Newest - e.Oldest + 1);

    // The word searches of the shared test set, with every kind of filter beside them.
    private static readonly string[] Queries =
    [
        "tomato", "TOMATO", "dijkstra", "\"tomato soup\"", "\"soup tomato\"", "dijkstra OR basil", "tomato -basil", "hello -toml",
        "hello", "heap", "cargo", "secret_sauce", "\"secret sauce\"", "priority queue", "generics friends", "graphs shortest",
        "unlisted OR tomato OR dijkstra", "user:bob tomato", "-user:alice tomato", "-is:mine tomato", "is:mine tomato",
        "visibility:unlisted tomato", "-visibility:public tomato", "sort:created dijkstra", "sort:updated tomato",
        "tomato sort:stars", "topic:cooking tomato", "topic:graphs dijkstra", "topic:graphs language:go dijkstra",
        "topic:cooking -topic:soup tomato", "language:markdown tomato", "-language:markdown tomato", "title:soup tomato",
        "description:warm tomato", "filename:notes tomato", "extension:txt tomato", "is:starred tomato", "-is:starred tomato",
    ];

    [Fact]
    public async Task TheNarrowAndTheBroadWayFindTheSameGistsInTheSameOrderForEveryViewer()
    {
        await using var t = await SearchTestContext.CreateAsync();
        if (t.Database.Provider == DatabaseProvider.Postgres)
        {
            // The files' keys straddle the start of a key range (16,384), so the recent way with its cut a third of the way down
            // reads the range above it from the index and walks below it, and both halves must agree.
            await using var db = await t.Database.Contexts.CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("""SELECT setval(pg_get_serial_sequence('gist_files', 'Id'), 16380)""");
        }
        var w = await SearchWorld.CreateAsync(t);
        if (t.Database.Provider == DatabaseProvider.Postgres)
        {
            await using var db = await t.Database.Contexts.CreateDbContextAsync();
            var keys = await db.GistFiles.Select(f => f.Id).ToListAsync();
            Assert.Contains(keys, k => k < 16_384);
            Assert.Contains(keys, k => k >= 16_384 + 3);
        }
        await t.Stars.StarAsync(w.Alice, w.Soup);
        var ways = Ways(t);

        var found = 0;
        var failures = new List<string>();
        foreach (var viewer in new[] { Viewer.Anonymous, w.Alice, w.Bob, w.Admin })
        {
            foreach (var q in Queries.Where(q => viewer.IsAuthenticated || !q.Contains("is:", StringComparison.Ordinal) && !q.Contains("visibility:", StringComparison.Ordinal)))
            {
                var expected = await IdsAsync(t.Search, viewer, q);
                found += expected.Count;
                for (var i = 0; i < ways.Length; i++)
                {
                    var byWay = await IdsAsync(ways[i], viewer, q);
                    if (!expected.SequenceEqual(byWay))
                    {
                        failures.Add($"'{q}' as {viewer.UserName ?? "anonymous"}: [{string.Join(", ", expected)}], {Estimates[i]} [{string.Join(", ", byWay)}]");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(found > 60, $"the queries found only {found} gists in all: the comparison would say little");
    }

    [Fact]
    public async Task BothWaysRankTheSameNewestCandidatesWhenAWordIsInMoreFilesThanTheLimit()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        // As in ABroadWordRanksItsNewestCandidatesByWhereTheWordIs: more files with "apple" than the candidate limit.
        var ids = await t.AddBareGistsAsync(alice, GistSearchService.CandidateLimit + 100, i => i == 1050 ? "all about apple" : "fruit");
        await using (var db = await t.Database.Contexts.CreateDbContextAsync())
        {
            db.GistFiles.AddRange(ids.Select((id, i) => new GistFile
            {
                GistId = id, Name = i == 1070 ? "apple.txt" : "notes.txt", Language = "Text", Content = "apple\n", Size = 6,
            }));
            await db.SaveChangesAsync();
        }

        foreach (var estimate in Estimates)
        {
            var search = t.SearchWith(new ForcedWay(t.Backend, estimate.Of));
            var first = await search.SearchAsync(Viewer.Anonymous, "apple", 1, 5);
            var later = await search.SearchAsync(Viewer.Anonymous, "apple", GistSearchService.CandidateLimit / 5, 5);
            Assert.True(first.TotalIsCapped, $"{estimate}: not capped");
            Assert.Equal(GistSearchService.CandidateLimit, first.TotalCount);
            // The file name and the description first, then the newest; the oldest candidate is the thousandth newest.
            Assert.Equal([ids[1070], ids[1050], ids[^1], ids[^2], ids[^3]], first.Items.Select(i => i.Gist.Id));
            Assert.Equal(ids[^GistSearchService.CandidateLimit], later.Items.Last().Gist.Id);
        }
    }

    [Fact]
    public async Task OnPostgresTheWaysDifferAndTheEstimateTellsACommonWordFromARareOne()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var ids = await t.AddBareGistsAsync(alice, 400, _ => "");
        await using (var db = await t.Database.Contexts.CreateDbContextAsync())
        {
            db.GistFiles.AddRange(ids.Select((id, i) => new GistFile
            {
                GistId = id, Name = "notes.txt", Language = "Text", Content = i % 100 == 0 ? "apple kiwi\n" : "apple\n", Size = 6,
            }));
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }

        var words = new[] { new SearchClause([new SearchTerm("apple")]) };
        var estimateArgs = new SearchSql();
        var estimateSql = t.Backend.EstimateSql(words, [], estimateArgs);
        if (t.Database.Provider == DatabaseProvider.Sqlite)
        {
            // FTS5 walks newest first by itself: one way, no estimate, whatever the estimate says.
            Assert.Null(estimateSql);
            Assert.Single(Estimates.Select(e => t.Backend.CandidatesSql(words, [], "", "1 = 1", false, 10, e.Of(new(1, 1, 100, 1)), new SearchSql())).Distinct());
            return;
        }

        Assert.NotNull(estimateSql);
        var apple = await EstimateAsync(t, "apple");
        var kiwi = await EstimateAsync(t, "kiwi");
        // Three ways; the two recent ones read the same statement here, since all 400 keys lie in one key range (16,384): the
        // ranges above either cut start with that one, and the walk below it has nothing.
        Assert.Equal(Estimates.Length - 1, Estimates.Select(e => t.Backend.CandidatesSql(words, [], "", "1 = 1", false, 10, e.Of(apple), new SearchSql())).Distinct().Count());
        Assert.Equal(400, apple.Rows);
        // The keys of the rows: the newest file's and the oldest's.
        Assert.Equal(399, apple.Newest - apple.Oldest);
        Assert.InRange(apple.Matches, 300, 400);
        Assert.InRange(kiwi.Matches, 1, 40);
        Assert.False(PostgresSearchBackend.IsNarrow(apple, 10));
        Assert.True(PostgresSearchBackend.IsNarrow(kiwi, 10));
    }

    [Fact]
    public async Task AQueryKeptToOneOwnersGistsAsksForNoEstimate()
    {
        // With user:, is:mine, visibility: or is:starred the candidates are few whatever the words match: the planner gets a
        // plain statement, with the filter in it, instead of the recent way's newest range and then every match below it.
        await using var t = await SearchTestContext.CreateAsync();
        var w = await SearchWorld.CreateAsync(t);
        await using var connection = await t.Database.Settings.OpenAsync();
        using var recorder = new CasGists.App.Cli.SqlRecorder(CasGists.App.Cli.SqlRecorder.DatabaseOf(connection));

        async Task<bool> Estimates(Viewer viewer, string q)
        {
            await t.Search.InvalidateAsync();
            recorder.Start();
            var results = await t.Search.SearchAsync(viewer, q);
            var sent = recorder.Stop();
            Assert.True(results.Error is null, results.Error);
            Assert.NotEmpty(sent);
            return sent.Any(c => c.Create(connection).CommandText.Contains("casgists_match_estimate", StringComparison.Ordinal));
        }

        var postgres = t.Database.Provider == DatabaseProvider.Postgres;
        Assert.Equal(postgres, await Estimates(Viewer.Anonymous, "tomato"));
        Assert.Equal(postgres, await Estimates(w.Alice, "-user:bob tomato"));
        Assert.Equal(postgres, await Estimates(w.Alice, "-is:mine tomato"));
        Assert.False(await Estimates(Viewer.Anonymous, "user:alice tomato"));
        Assert.False(await Estimates(w.Alice, "is:mine tomato"));
        Assert.False(await Estimates(w.Alice, "visibility:unlisted tomato"));
        Assert.False(await Estimates(w.Alice, "is:starred tomato"));
    }

    [Fact]
    public async Task AWordKeptToOneOwnerOrTheViewersStarsFindsEachOfTheirFilesAndRanksByWhereTheWordIs()
    {
        // user:, is:mine, visibility: and is:starred start from the gists on SQLite and take the planner's own way on PostgreSQL.
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var bob = await t.CreateUserAsync("bob");
        var bulk = await t.AddBareGistsAsync(bob, 30, _ => "");
        await using (var db = await t.Database.Contexts.CreateDbContextAsync())
        {
            db.GistFiles.AddRange(bulk.Select(id => new GistFile { GistId = id, Name = "k.txt", Language = "Text", Content = "kiwi everywhere\n", Size = 16 }));
            await db.SaveChangesAsync();
        }
        var second = await t.CreateGistAsync(alice, GistVisibility.Public, "Notes", "", null,
            new GistFileInput("a.txt", "nothing here"), new GistFileInput("b.txt", "a kiwi in the second file"));
        var titled = await t.CreateGistAsync(alice, GistVisibility.Public, "Kiwi", "", null, new GistFileInput("c.txt", "kiwi"));
        var hidden = await t.CreateGistAsync(alice, GistVisibility.Unlisted, "Later", "", null, new GistFileInput("d.txt", "plain kiwi"));
        await t.CreateGistAsync(alice, GistVisibility.Public, "Other", "", null, new GistFileInput("e.txt", "no fruit"));

        // The title outranks the content; of two gists alike, the newer first.
        Assert.Equal([titled.Id, second.Id], await IdsAsync(t.Search, Viewer.Anonymous, "user:alice kiwi"));
        Assert.Equal([titled.Id, hidden.Id, second.Id], await IdsAsync(t.Search, alice, "is:mine kiwi"));
        Assert.Equal([hidden.Id], await IdsAsync(t.Search, alice, "visibility:unlisted kiwi"));
        Assert.Equal([titled.Id], await IdsAsync(t.Search, Viewer.Anonymous, "user:alice kiwi -second"));
        Assert.Equal(30, (await t.Search.SearchAsync(Viewer.Anonymous, "user:bob kiwi", 1, 100)).TotalCount);
        Assert.Empty(await IdsAsync(t.Search, bob, "is:mine second"));

        // The viewer's stars, the same way: a word in a starred gist's second file, and nothing of the many unstarred.
        await t.Stars.StarAsync(bob, second.Id);
        await t.Stars.StarAsync(bob, titled.Id);
        await t.Stars.StarAsync(bob, bulk[3]);
        await t.Search.InvalidateAsync();
        Assert.Equal([titled.Id, bulk[3], second.Id], await IdsAsync(t.Search, bob, "is:starred kiwi"));
        Assert.Equal([second.Id], await IdsAsync(t.Search, bob, "is:starred second kiwi"));
        // Bob's 30 and Alice's two public ones, but the three starred.
        Assert.Equal(29, (await t.Search.SearchAsync(bob, "-is:starred kiwi", 1, 100)).TotalCount);
    }

    [Fact]
    public void EachWayIsTakenWhereItWasMeasuredTheCheapest()
    {
        // At 300,131 files (keys 1 to 300,131) and a limit of 1,000 (measured: docs/performance.md, ADR-018): narrow to 5,000
        // matches, recent to 24,500, broad above.
        static (CandidateWay, long) At(double matches) => PostgresSearchBackend.Choose(new MatchEstimate(matches, 300_131, 300_131, 1), false, 1000);
        Assert.Equal((CandidateWay.Narrow, 0), At(56));
        Assert.Equal((CandidateWay.Narrow, 0), At(4_653));
        Assert.Equal(CandidateWay.Recent, At(5_100).Item1);
        // The newest 1.5 × 1,000 × 300,131 / 7,618 = 59,096.4 keys, rounded up.
        Assert.Equal((CandidateWay.Recent, 300_131 - 59_097), At(7_618));
        Assert.Equal(CandidateWay.Recent, At(11_966).Item1);
        Assert.Equal(CandidateWay.Recent, At(22_095).Item1);
        Assert.Equal(CandidateWay.Broad, At(32_399).Item1);
        Assert.Equal(CandidateWay.Broad, At(133_127).Item1);
        // Facets: no estimate, the narrow way. Words without an estimate: the walk.
        Assert.Equal((CandidateWay.Narrow, 0), PostgresSearchBackend.Choose(null, true, 1000));
        Assert.Equal((CandidateWay.Broad, 0), PostgresSearchBackend.Choose(null, false, 1000));
        // Keys spread thinner than the rows (deleted files): the cut is as many keys down as the share of the span.
        Assert.Equal((CandidateWay.Recent, 600_262 - 118_193), PostgresSearchBackend.Choose(new MatchEstimate(7_618, 300_131, 600_262, 1), false, 1000));
        // No keys to cut (an empty table's 0 and 0): what the narrow rule says.
        Assert.Equal((CandidateWay.Narrow, 0), PostgresSearchBackend.Choose(new MatchEstimate(7_618, 300_131), false, 1000));

        // The rule between narrow and broad, unchanged: 4,963 and 7,621 matches narrow, 11,966, 62,239 and 133,127 broad.
        Assert.True(PostgresSearchBackend.IsNarrow(new MatchEstimate(4_963, 300_131), 1000));
        Assert.True(PostgresSearchBackend.IsNarrow(new MatchEstimate(7_621, 300_131), 1000));
        Assert.False(PostgresSearchBackend.IsNarrow(new MatchEstimate(11_966, 300_131), 1000));
        Assert.True(PostgresSearchBackend.IsNarrow(new MatchEstimate(56, 300_131), 1000));
        Assert.False(PostgresSearchBackend.IsNarrow(new MatchEstimate(62_239, 300_131), 1000));
        Assert.False(PostgresSearchBackend.IsNarrow(new MatchEstimate(133_127, 300_131), 1000));
        // A small instance: the narrow way for a few matches, the walk (of the whole table) for most rows.
        Assert.True(PostgresSearchBackend.IsNarrow(new MatchEstimate(250, 500), 1000));
        Assert.False(PostgresSearchBackend.IsNarrow(new MatchEstimate(450, 500), 1000));
        Assert.Equal(CandidateWay.Broad, PostgresSearchBackend.Choose(new MatchEstimate(450, 500, 500, 1), false, 1000).Item1);
        // A table never analyzed (reltuples -1): only a few matches go the narrow way.
        Assert.True(PostgresSearchBackend.IsNarrow(new MatchEstimate(300, -1), 1000));
        Assert.False(PostgresSearchBackend.IsNarrow(new MatchEstimate(5_000, -1), 1000));
        Assert.Equal(CandidateWay.Broad, PostgresSearchBackend.Choose(new MatchEstimate(6_000, -1, 300_000, 1), false, 1000).Item1);
    }

    [Theory]
    [InlineData(0L, 5L)]
    [InlineData(16_382L, 16_400L)]
    [InlineData(16_383L, 16_400L)]
    [InlineData(241_065L, 300_131L)]
    [InlineData(1_000_000L, 3_000_000L)]
    public void TheRecentWaysKeyRangesHoldEveryKeyAboveTheCutAndStartAtMostOneRangeBelowIt(long cut, long newest)
    {
        var (ranges, start) = PostgresSearchBackend.KeyRanges(cut, newest);

        // The ranges hold exactly the keys from start up, past the newest by at least a range (files added since).
        const long size = 1L << SearchSchema.KeyRangeBits;
        var held = ranges.Select(r => r.Split(':')).Select(p => (Bits: int.Parse(p[0][1..], CultureInfo.InvariantCulture), Range: long.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
        Assert.All(held, h => Assert.Equal(SearchSchema.KeyRangeBits, h.Bits));
        bool Holds(long key) => held.Any(h => key >> h.Bits == h.Range);
        Assert.True(start <= cut + 1 && start > cut + 1 - size, $"start {start} for cut {cut}");
        Assert.Equal(0, start % size);
        Assert.False(Holds(start - 1));
        for (var key = start; key <= newest + size; key += key < cut + 5_000 || key > newest - 5_000 ? 1 : 997)
        {
            Assert.True(Holds(key), $"key {key} is in no range");
        }
        Assert.Equal(ranges.Count, ranges.Distinct().Count());
        Assert.Equal((newest >> SearchSchema.KeyRangeBits) - (start >> SearchSchema.KeyRangeBits) + 2, ranges.Count);
        Assert.Equal("k14:18", SearchSchema.PostgresKeyRangeLexeme(18));
    }

    [Fact]
    public async Task BothWaysSeeEveryLaterChangeOfAGistsFilesTitleVisibilityAndStars()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var bob = await t.CreateUserAsync("bob");
        var carol = await t.CreateUserAsync("carol");
        var soup = await t.CreateGistAsync(alice, GistVisibility.Public, "Soup", "", ["cooking"], new GistFileInput("soup.md", "tomato basil\n"));
        var salad = await t.CreateGistAsync(alice, GistVisibility.Public, "Salad", "", null,
            new GistFileInput("salad.md", "tomato cucumber\n"), new GistFileInput("dressing.md", "olive oil\n"));
        var stew = await t.CreateGistAsync(bob, GistVisibility.Public, "Stew", "", null, new GistFileInput("stew.md", "tomato beans\n"));
        var ways = Ways(t);

        // Orders that no rank decides: by stars (all different) or by date.
        async Task Expect(Viewer viewer, string q, params string[] expected)
        {
            foreach (var search in ways)
            {
                await search.InvalidateAsync();
                Assert.Equal(expected, await IdsAsync(search, viewer, q));
            }
        }

        await Expect(Viewer.Anonymous, "tomato sort:updated", stew.Id, salad.Id, soup.Id);
        await t.Stars.StarAsync(bob, soup.Id);
        await t.Stars.StarAsync(carol, soup.Id);
        await t.Stars.StarAsync(carol, stew.Id);
        await Expect(Viewer.Anonymous, "tomato sort:stars", soup.Id, stew.Id, salad.Id);
        await t.Stars.UnstarAsync(bob, soup.Id);
        await t.Stars.UnstarAsync(carol, soup.Id);
        await t.Stars.StarAsync(bob, salad.Id);
        await t.Stars.StarAsync(carol, salad.Id);
        await Expect(Viewer.Anonymous, "tomato sort:stars", salad.Id, stew.Id, soup.Id);

        // Private: gone for everyone but its owner, on both ways.
        t.Time.Advance(TimeSpan.FromMinutes(1));
        await t.Gists.UpdateAsync(alice, salad.Id, new UpdateGistInput("Salad", "", GistVisibility.Private,
            [new GistFileInput("salad.md", "tomato cucumber\n"), new GistFileInput("dressing.md", "olive oil\n")]));
        await Expect(Viewer.Anonymous, "tomato sort:updated", stew.Id, soup.Id);
        await Expect(bob, "tomato sort:updated", stew.Id, soup.Id);
        await Expect(alice, "tomato sort:updated", salad.Id, stew.Id, soup.Id);
        await Expect(alice, "olive", salad.Id);

        // Public again, with new words in and old words out; a file taken away takes its words; a new title reaches every
        // file; the update's date is the one sorted by.
        t.Time.Advance(TimeSpan.FromMinutes(1));
        await t.Gists.UpdateAsync(bob, stew.Id, new UpdateGistInput("Stew", "", GistVisibility.Public, [new GistFileInput("stew.md", "tomato beans\n")]));
        t.Time.Advance(TimeSpan.FromMinutes(1));
        await t.Gists.UpdateAsync(alice, salad.Id, new UpdateGistInput("Greek salad", "", GistVisibility.Public,
            [new GistFileInput("salad.md", "feta cucumber\n")]));
        await Expect(Viewer.Anonymous, "tomato sort:updated", stew.Id, soup.Id);
        await Expect(Viewer.Anonymous, "feta", salad.Id);
        await Expect(Viewer.Anonymous, "olive");
        await Expect(Viewer.Anonymous, "greek cucumber", salad.Id);
        await Expect(Viewer.Anonymous, "md sort:updated", salad.Id, stew.Id, soup.Id);
        await Expect(Viewer.Anonymous, "md sort:created", stew.Id, salad.Id, soup.Id);

        await t.Gists.DeleteAsync(bob, stew.Id);
        await Expect(Viewer.Anonymous, "tomato", soup.Id);
        await Expect(Viewer.Anonymous, "beans");
    }

    [Fact]
    public async Task OnPostgresTheSearchRowsAfterEveryKindOfWriteAreWhatARebuildMakes()
    {
        await using var t = await SearchTestContext.CreateAsync();
        if (t.Database.Provider != DatabaseProvider.Postgres)
        {
            return; // search_files is PostgreSQL's; SQLite's index is FTS5's own (see the test above for both).
        }
        var alice = await t.CreateUserAsync("alice");
        var bob = await t.CreateUserAsync("bob");
        var soup = await t.CreateGistAsync(alice, GistVisibility.Public, "Soup", "warm", ["cooking"], new GistFileInput("soup.md", "tomato basil\n"));
        var salad = await t.CreateGistAsync(alice, GistVisibility.Unlisted, "Salad", "", null,
            new GistFileInput("salad.py", "tomato = 1\n"), new GistFileInput("dressing.md", "olive oil\n"));
        var stew = await t.CreateGistAsync(bob, GistVisibility.Public, "Stew", "", null, new GistFileInput("stew.md", "beans\n"));
        await t.Stars.StarAsync(bob, soup.Id);
        t.Time.Advance(TimeSpan.FromMinutes(1));
        await t.Gists.UpdateAsync(alice, soup.Id, new UpdateGistInput("Tomato soup", "hot", GistVisibility.Private,
            [new GistFileInput("soup.md", "tomato\n"), new GistFileInput("bread.go", "package bread\n")], Topics: ["cooking", "winter"]));
        await t.Gists.UpdateAsync(alice, salad.Id, new UpdateGistInput("Salad", "", GistVisibility.Public,
            [new GistFileInput("salad.py", "tomato = 2\n")], Topics: ["summer"]));
        await t.Gists.DeleteAsync(bob, stew.Id);

        var kept = await SearchRowsAsync(t);
        await t.Search.RebuildIndexAsync();
        var rebuilt = await SearchRowsAsync(t);

        Assert.Equal(3, kept.Count);
        Assert.Equal(rebuilt, kept);
        // Each row carries its gist's columns as they are now, and the facets of its gist's other files.
        Assert.Contains(kept, r => r.StartsWith($"{soup.Id}|Private|", StringComparison.Ordinal) && r.Contains("|1|", StringComparison.Ordinal) && r.Contains("'hot'", StringComparison.Ordinal));
        Assert.All(kept.Where(r => r.StartsWith(soup.Id, StringComparison.Ordinal)), r => Assert.Contains("'l:", r, StringComparison.Ordinal));
        Assert.Single(kept, r => r.StartsWith($"{salad.Id}|Public|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheSearchRowsAreFilledOnUpgradeAndWritesWhileDowngradedAreFoundAfter()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var soup = await t.CreateGistAsync(alice, GistVisibility.Public, "Soup", "", ["cooking"], new GistFileInput("soup.md", "tomato basil\n"));
        await using var db = await t.Database.Contexts.CreateDbContextAsync();
        var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
        var postgres = t.Database.Provider == DatabaseProvider.Postgres;

        await migrator.MigrateAsync(TestMigrations.Before(db, "SearchFiles"));
        if (postgres)
        {
            Assert.Equal((0, 1), await SearchSchemaAsync(db));
        }
        // Written by the triggers as they were before.
        var stew = await t.CreateGistAsync(alice, GistVisibility.Public, "Stew", "", ["cooking"], new GistFileInput("stew.md", "tomato beans\n"));
        t.Time.Advance(TimeSpan.FromMinutes(1));
        await t.Gists.UpdateAsync(alice, soup.Id, new UpdateGistInput("Soup", "", GistVisibility.Public,
            [new GistFileInput("soup.md", "tomato basil\n"), new GistFileInput("bread.go", "package bread\n")]));
        await migrator.MigrateAsync();
        if (postgres)
        {
            Assert.Equal((1, 0), await SearchSchemaAsync(db));
        }

        foreach (var search in Ways(t))
        {
            Assert.Equal([soup.Id, stew.Id], await IdsAsync(search, Viewer.Anonymous, "tomato sort:updated"));
            Assert.Equal([soup.Id], await IdsAsync(search, Viewer.Anonymous, "bread"));
            Assert.Equal([soup.Id], await IdsAsync(search, Viewer.Anonymous, "topic:cooking language:go basil"));
            Assert.Equal([stew.Id], await IdsAsync(search, Viewer.Anonymous, "beans -bread"));
        }
        // And the triggers of now keep it.
        await t.Gists.UpdateAsync(alice, stew.Id, new UpdateGistInput("Stew", "", GistVisibility.Private, [new GistFileInput("stew.md", "lentils\n")]));
        await t.Search.InvalidateAsync();
        Assert.Equal([soup.Id], await t.IdsAsync(Viewer.Anonymous, "tomato"));
        Assert.Equal([stew.Id], await t.IdsAsync(alice, "lentils"));
    }

    // (search_files tables, search_vector columns of gist_files) on PostgreSQL.
    [Fact]
    public async Task OnPostgresEveryFilesVectorHoldsItsKeyRangeAfterTheUpgradeAndNoneBeforeIt()
    {
        await using var t = await SearchTestContext.CreateAsync();
        if (t.Database.Provider != DatabaseProvider.Postgres)
        {
            return; // SQLite's FTS5 walks its matches newest first by itself: no key ranges.
        }
        var alice = await t.CreateUserAsync("alice");
        await t.CreateGistAsync(alice, GistVisibility.Public, "Soup", "", null, new GistFileInput("soup.md", "tomato\n"), new GistFileInput("b.txt", "x\n"));
        await using var db = await t.Database.Contexts.CreateDbContextAsync();
        var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();

        await migrator.MigrateAsync(TestMigrations.Before(db, "SearchKeyRanges"));
        Assert.Equal((2, 0), await KeyRangesAsync(db));
        // Written by the trigger as it was before.
        await t.CreateGistAsync(alice, GistVisibility.Public, "Stew", "", null, new GistFileInput("stew.md", "tomato\n"));
        Assert.Equal((3, 0), await KeyRangesAsync(db));

        await migrator.MigrateAsync();
        Assert.Equal((3, 3), await KeyRangesAsync(db));
        await t.CreateGistAsync(alice, GistVisibility.Public, "Salad", "", null, new GistFileInput("salad.md", "tomato\n"));
        Assert.Equal((4, 4), await KeyRangesAsync(db));

        // The files' rows, and how many hold the lexeme of their key's range and not the next range's.
        static async Task<(int, int)> KeyRangesAsync(CasGistsDbContext db) => (
            await db.Database.SqlQueryRaw<int>("SELECT COUNT(*)::int AS \"Value\" FROM search_files").SingleAsync(),
            await db.Database.SqlQueryRaw<int>($"""
                SELECT COUNT(*)::int AS "Value" FROM search_files
                WHERE search_vector @@ CAST(quote_literal('k{SearchSchema.KeyRangeBits}:' || ("FileId" >> {SearchSchema.KeyRangeBits})) AS tsquery)
                  AND NOT search_vector @@ CAST(quote_literal('k{SearchSchema.KeyRangeBits}:' || (("FileId" >> {SearchSchema.KeyRangeBits}) + 1)) AS tsquery)
                """).SingleAsync());
    }

    private static async Task<(int, int)> SearchSchemaAsync(CasGistsDbContext db) => (
        await db.Database.SqlQueryRaw<int>("SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_name = 'search_files'").SingleAsync(),
        await db.Database.SqlQueryRaw<int>("SELECT COUNT(*)::int AS \"Value\" FROM information_schema.columns WHERE table_name = 'gist_files' AND column_name = 'search_vector'").SingleAsync());

    // Every search_files row with its gist's columns as text (the file id left out: a rebuild keeps it anyway).
    private static async Task<List<string>> SearchRowsAsync(SearchTestContext t)
    {
        await using var db = await t.Database.Contexts.CreateDbContextAsync();
        return await db.Database.SqlQueryRaw<string>("""
            SELECT concat_ws('|', s."Id", s."Visibility", s."OwnerId", s."UpdatedAt", s."CreatedAt", s."StarCount", s.search_vector::text, f."Name") AS "Value"
            FROM search_files s JOIN gist_files f ON f."Id" = s."FileId"
            ORDER BY s."FileId"
            """).ToListAsync();
    }

    // A search service for each way the test forces.
    private static GistSearchService[] Ways(SearchTestContext t) => [.. Estimates.Select(e => t.SearchWith(new ForcedWay(t.Backend, e.Of)))];

    private static async Task<List<string>> IdsAsync(GistSearchService search, Viewer viewer, string q)
    {
        var results = await search.SearchAsync(viewer, q, 1, 100);
        Assert.True(results.Error is null, $"'{q}' gave: {results.Error}");
        return [.. results.Items.Select(i => i.Gist.Id)];
    }

    private static async Task<MatchEstimate> EstimateAsync(SearchTestContext t, string word)
    {
        var args = new SearchSql();
        var text = t.Backend.EstimateSql([new SearchClause([new SearchTerm(word)])], [], args)!;
        await using var connection = await t.Database.Settings.OpenAsync();
        var rows = await new SearchCommands(connection, t.Database.Provider).ReadAsync(text, args, MatchEstimate.Read, default);
        return rows.Single();
    }

    /// <summary>The backend it wraps, with the estimate its candidates see made by the test: the test picks the way.</summary>
    private sealed class ForcedWay(IGistSearchBackend inner, Func<MatchEstimate, MatchEstimate> estimate) : IGistSearchBackend
    {
        public DatabaseProvider Provider => inner.Provider;
        public string Like => inner.Like;
        public string RebuildSql => inner.RebuildSql;
        public string NotDriving(string column) => inner.NotDriving(column);
        public string? EstimateSql(IReadOnlyList<SearchClause> required, IReadOnlyList<SearchFacet> facets, SearchSql sql) => inner.EstimateSql(required, facets, sql);

        public string CandidatesSql(IReadOnlyList<SearchClause> required, IReadOnlyList<SearchFacet> facets, string joins, string where, bool fewGists, int limit, MatchEstimate? read, SearchSql sql) =>
            inner.CandidatesSql(required, facets, joins, where, fewGists, limit, estimate(read ?? default), sql);

        public string? ScoresSql(IReadOnlyList<SearchClause> required, IReadOnlyList<SearchFacet> facets, bool broad, long minFileId, long maxFileId, SearchSql sql) =>
            inner.ScoresSql(required, facets, broad, minFileId, maxFileId, sql);

        public string FacetCondition(IReadOnlyList<SearchFacet> facets, SearchSql sql) => inner.FacetCondition(facets, sql);
        public string ExcludesSql(IReadOnlyList<SearchTerm> terms, SearchSql sql) => inner.ExcludesSql(terms, sql);
    }
}
