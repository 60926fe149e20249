using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Core.Search;
using Microsoft.EntityFrameworkCore;

namespace CasGists.Tests.Core.Search;

/// <summary>One test set for both providers: the suite runs once per provider (CASGISTS_TEST_PROVIDER).</summary>
public sealed class GistSearchServiceTests
{
    private static async Task AssertFinds(SearchTestContext t, Viewer viewer, string q, params string[] expected)
    {
        var ids = await t.IdsAsync(viewer, q);
        Assert.True(expected.Order().SequenceEqual(ids.Order()),
            $"'{q}' as {viewer.UserName ?? "anonymous"}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", ids)}]");
    }

    [Fact]
    public async Task WordsPhrasesOrAndExclusionsFindTheSameGistsOnEitherDatabase()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var w = await SearchWorld.CreateAsync(t);

        await AssertFinds(t, Viewer.Anonymous, "tomato", w.Soup);
        await AssertFinds(t, Viewer.Anonymous, "TOMATO", w.Soup);
        await AssertFinds(t, Viewer.Anonymous, "dijkstra", w.Dijkstra);
        await AssertFinds(t, Viewer.Anonymous, "\"tomato soup\"", w.Soup);
        await AssertFinds(t, Viewer.Anonymous, "\"soup tomato\"");
        await AssertFinds(t, Viewer.Anonymous, "dijkstra OR basil", w.Dijkstra, w.Soup);
        await AssertFinds(t, Viewer.Anonymous, "tomato -basil");
        await AssertFinds(t, Viewer.Anonymous, "hello -toml", []);
        await AssertFinds(t, Viewer.Anonymous, "hello", w.Rust);
        await AssertFinds(t, Viewer.Anonymous, "heap", w.Dijkstra); // description
        await AssertFinds(t, Viewer.Anonymous, "cargo", w.Rust); // file name
        await AssertFinds(t, Viewer.Anonymous, "secret_sauce");
        await AssertFinds(t, w.Alice, "secret_sauce", w.AliceUnlisted);
        await AssertFinds(t, w.Alice, "\"secret sauce\"", w.AliceUnlisted);
        await AssertFinds(t, Viewer.Anonymous, "priority queue", w.Dijkstra);
        await AssertFinds(t, Viewer.Anonymous, "nothingmatchesthis");
        await AssertFinds(t, Viewer.Anonymous, "generics friends", w.Dijkstra);
        // Words in the title count for every file of the gist.
        await AssertFinds(t, Viewer.Anonymous, "graphs shortest", w.Dijkstra);
    }

    [Fact]
    public async Task EachViewerSeesPublicGistsTheirOwnAndAdminsEverything()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var w = await SearchWorld.CreateAsync(t);

        await AssertFinds(t, Viewer.Anonymous, "tomato", w.Soup);
        await AssertFinds(t, w.Alice, "tomato", w.Soup, w.AliceUnlisted, w.AlicePrivate);
        await AssertFinds(t, w.Bob, "tomato", w.Soup, w.BobUnlisted, w.BobPrivate);
        await AssertFinds(t, w.Admin, "tomato", w.Soup, w.AliceUnlisted, w.AlicePrivate, w.BobUnlisted, w.BobPrivate);
    }

    [Theory]
    [InlineData("tomato")]
    [InlineData("unlisted")]
    [InlineData("\"tomato unlisted\"")]
    [InlineData("unlisted OR tomato OR dijkstra")]
    [InlineData("graphs")]
    [InlineData("user:bob")]
    [InlineData("user:bob tomato")]
    [InlineData("topic:cooking")]
    [InlineData("topic:graphs")]
    [InlineData("-is:mine")]
    [InlineData("-is:mine tomato")]
    [InlineData("visibility:unlisted")]
    [InlineData("visibility:unlisted tomato")]
    [InlineData("-visibility:public")]
    [InlineData("filename:notes")]
    [InlineData("extension:txt")]
    [InlineData("title:unlisted")]
    [InlineData("description:soup")]
    [InlineData("language:text")]
    [InlineData("hello -rust")]
    [InlineData("sort:updated")]
    [InlineData("sort:created dijkstra")]
    [InlineData("sort:stars")]
    [InlineData("tomato sort:stars")]
    [InlineData("user:bob sort:stars")]
    [InlineData("-nothing")]
    public async Task UnlistedAndPrivateGistsOfOthersNeverAppear(string q)
    {
        await using var t = await SearchTestContext.CreateAsync();
        var w = await SearchWorld.CreateAsync(t);

        foreach (var (viewer, hidden) in new[]
        {
            (Viewer.Anonymous, new[] { w.AliceUnlisted, w.AlicePrivate, w.BobUnlisted, w.BobPrivate }),
            (w.Alice, new[] { w.BobUnlisted, w.BobPrivate }),
            (w.Bob, new[] { w.AliceUnlisted, w.AlicePrivate }),
        })
        {
            var results = await t.Search.SearchAsync(viewer, q, 1, 100);
            var ids = results.Items.Select(i => i.Gist.Id).ToList();
            Assert.DoesNotContain(ids, hidden.Contains);
        }
    }

    [Fact]
    public async Task FiltersNarrowByOwnerLanguageFileTitleDescriptionAndTopic()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var w = await SearchWorld.CreateAsync(t);

        await AssertFinds(t, Viewer.Anonymous, "user:alice", w.Dijkstra);
        await AssertFinds(t, Viewer.Anonymous, "user:ALICE", w.Dijkstra);
        await AssertFinds(t, Viewer.Anonymous, "-user:alice", w.Soup, w.Rust);
        await AssertFinds(t, Viewer.Anonymous, "language:go", w.Dijkstra);
        await AssertFinds(t, Viewer.Anonymous, "language:markdown", w.Dijkstra, w.Soup);
        await AssertFinds(t, Viewer.Anonymous, "language:markdown -language:go", w.Soup);
        await AssertFinds(t, Viewer.Anonymous, "filename:SOUP", w.Soup);
        await AssertFinds(t, Viewer.Anonymous, "filename:%", []);
        await AssertFinds(t, Viewer.Anonymous, "filename:_", []);
        await AssertFinds(t, Viewer.Anonymous, "extension:rs", w.Rust);
        await AssertFinds(t, Viewer.Anonymous, "extension:.TOML", w.Rust);
        await AssertFinds(t, Viewer.Anonymous, "title:soup", w.Soup);
        await AssertFinds(t, Viewer.Anonymous, "description:warm", w.Soup);
        await AssertFinds(t, Viewer.Anonymous, "topic:cooking", w.Soup);
        await AssertFinds(t, w.Alice, "topic:cooking", w.Soup, w.AliceUnlisted);
        await AssertFinds(t, Viewer.Anonymous, "topic:cooking basil", w.Soup);
        await AssertFinds(t, Viewer.Anonymous, "topic:cooking dijkstra");
        // Topics with words and other filters, as a signed-in viewer and an admin (topic-driven plans).
        await AssertFinds(t, w.Alice, "topic:cooking tomato", w.Soup, w.AliceUnlisted);
        await AssertFinds(t, w.Alice, "topic:cooking -topic:soup tomato", w.AliceUnlisted);
        await AssertFinds(t, w.Admin, "topic:graphs dijkstra", w.Dijkstra, w.BobUnlisted);
        await AssertFinds(t, Viewer.Anonymous, "topic:graphs language:go dijkstra", w.Dijkstra);
        await AssertFinds(t, Viewer.Anonymous, "topic:graphs language:go -language:markdown");
        await AssertFinds(t, w.Alice, "topic:cooking language:PYTHON", w.AliceUnlisted);
        await AssertFinds(t, w.Alice, "topic:cooking topic:soup", w.Soup);
        await AssertFinds(t, w.Alice, "is:mine", w.Dijkstra, w.AliceUnlisted, w.AlicePrivate);
        await AssertFinds(t, w.Alice, "-is:mine", w.Soup, w.Rust);
        await AssertFinds(t, w.Alice, "visibility:private", w.AlicePrivate);
        await AssertFinds(t, w.Alice, "-visibility:public", w.AliceUnlisted, w.AlicePrivate);
        await AssertFinds(t, w.Bob, "visibility:unlisted", w.BobUnlisted);
        await AssertFinds(t, w.Admin, "visibility:unlisted");
    }

    [Fact]
    public async Task ResultsAreRankedPagedAndSortable()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var w = await SearchWorld.CreateAsync(t);

        // Bob's soup has "tomato" in the title, the file name's heading and the body.
        var ranked = await t.IdsAsync(w.Admin, "tomato");
        Assert.Equal(w.Soup, ranked[0]);

        var created = await t.IdsAsync(w.Admin, "tomato sort:created");
        Assert.Equal([w.BobPrivate, w.BobUnlisted, w.Soup, w.AlicePrivate, w.AliceUnlisted], created);

        var first = await t.Search.SearchAsync(w.Admin, "tomato sort:created", page: 1, perPage: 2);
        var second = await t.Search.SearchAsync(w.Admin, "tomato sort:created", page: 2, perPage: 2);
        Assert.Equal(5, first.TotalCount);
        Assert.Equal(3, first.PageCount);
        Assert.Equal(created.Take(2), first.Items.Select(i => i.Gist.Id));
        Assert.Equal(created.Skip(2).Take(2), second.Items.Select(i => i.Gist.Id));

        var filtered = await t.Search.SearchAsync(Viewer.Anonymous, "sort:created", page: 1, perPage: 2);
        Assert.Equal(3, filtered.TotalCount);
        Assert.Equal([w.Rust, w.Soup], filtered.Items.Select(i => i.Gist.Id));
    }

    [Fact]
    public async Task AResultCardIsTheCardTheGistListsShow()
    {
        // The search reads its cards with its own SQL (SearchCommands), the lists through EF Core: every field must agree,
        // stars, comments, the forks anyone may list, topics, the first file and its preview included.
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var bob = await t.CreateUserAsync("bob");
        var carol = await t.CreateUserAsync("carol");
        var lines = string.Join("\n", Enumerable.Range(1, 40).Select(i => $"line {i} cardword"));
        var one = await t.CreateGistAsync(alice, GistVisibility.Public, "Card one", "first", ["zeta", "alpha"],
            new GistFileInput("main.py", lines), new GistFileInput("b.txt", "cardword b"));
        var unlisted = await t.CreateGistAsync(alice, GistVisibility.Unlisted, "", "", null, new GistFileInput("u.md", "# cardword"));
        var three = await t.CreateGistAsync(alice, GistVisibility.Public, "Three", "", ["solo"], new GistFileInput("t.rs", "fn cardword() {}"));
        await t.CreateGistAsync(alice, GistVisibility.Private, "Secret", "s", null, new GistFileInput("s.txt", "cardword secret"));
        await t.Stars.StarAsync(bob, one.Id);
        await t.Stars.StarAsync(carol, one.Id);
        await t.Comments.AddAsync(bob, one.Id, "nice");
        await t.Comments.AddAsync(carol, one.Id, "yes");
        await t.Comments.AddAsync(bob, three.Id, "ok");
        await t.Forks.ForkAsync(bob, one.Id);                              // public fork of a public gist: counted
        await HideAsync(carol, await t.Forks.ForkAsync(carol, one.Id), GistVisibility.Private);     // private: not counted
        await t.Forks.ForkAsync(bob, unlisted.Id);                         // unlisted fork of an unlisted gist: counted
        await HideAsync(carol, await t.Forks.ForkAsync(carol, three.Id), GistVisibility.Unlisted);  // unlisted of a public one: not counted

        var listed = (await t.Gists.ListForUserAsync(alice, "alice", 1, 100)).Items.ToDictionary(g => g.Id);
        Assert.Equal(4, listed.Count);
        Assert.Equal((2, 2, 1), (listed[one.Id].StarCount, listed[one.Id].CommentCount, listed[one.Id].ForkCount));
        Assert.Equal(1, listed[unlisted.Id].ForkCount);
        Assert.Equal(0, listed[three.Id].ForkCount);
        foreach (var q in new[] { "user:alice", "cardword user:alice", "cardword user:alice sort:stars" })
        {
            var found = (await t.Search.SearchAsync(alice, q)).Items.Select(i => i.Gist).ToList();
            Assert.Equal(4, found.Count);
            Assert.All(found, card => Assert.Equal(listed[card.Id], card));
        }

        async Task HideAsync(Viewer owner, GistDetails fork, GistVisibility visibility) =>
            await t.Gists.UpdateAsync(owner, fork.Id, new UpdateGistInput(fork.Title, fork.Description, visibility,
                [.. fork.Files.Select(f => new GistFileInput(f.Name, f.Content))]));
    }

    [Fact]
    public async Task APagesStatementsArePreparedOnPostgresAndReadTheSameCardsEveryTime()
    {
        // Prepared on PostgreSQL (SearchCommands.PageAsync): after five runs the server may plan them once for any value.
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var bob = await t.CreateUserAsync("bob");
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var gist = await t.CreateGistAsync(i % 2 == 0 ? alice : bob, GistVisibility.Public, $"Page {i}", "", [$"topic{i}"],
                new GistFileInput($"f{i}.txt", $"pageword number{i}"), new GistFileInput($"g{i}.md", "second"));
            ids.Add(gist.Id);
        }
        await t.Stars.StarAsync(bob, ids[0]);
        await t.Comments.AddAsync(alice, ids[1], "hi");

        await using var connection = await t.Database.Settings.OpenAsync();
        var commands = new SearchCommands(connection, t.Database.Provider);
        var first = await PageAsync([.. ids.Take(3)]);
        Assert.Equal(ids.Take(3), first.Select(i => i.Gist.Id));
        Assert.Equal(["alice", "bob", "alice"], first.Select(i => i.Gist.OwnerUserName));
        Assert.Equal((1, 0, "topic0"), (first[0].Gist.StarCount, first[0].Gist.CommentCount, first[0].Gist.Topics.Single()));
        Assert.Equal(1, first[1].Gist.CommentCount);
        Assert.All(first, i => Assert.Contains(i.Snippet!.Lines, l => l.Html.Contains("<mark>pageword</mark>", StringComparison.Ordinal)));
        for (var run = 0; run < 8; run++)
        {
            // The same text with other values, then the first values again.
            var other = await PageAsync([.. ids.Skip(3)]);
            Assert.Equal(ids.Skip(3), other.Select(i => i.Gist.Id));
            Assert.Equal(first, await PageAsync([.. ids.Take(3)]), new ItemComparer());
        }

        if (t.Database.Provider == CasGists.Core.Data.DatabaseProvider.Postgres)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE '%gist_comments%'";
            Assert.Equal(1L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }

        async Task<List<SearchResultItem>> PageAsync(string[] gists)
        {
            await using var db = await t.Database.Contexts.CreateDbContextAsync();
            var files = await db.GistFiles.Where(f => gists.Contains(f.GistId) && f.Position == 0).ToDictionaryAsync(f => f.GistId, f => f.Id);
            return await commands.PageAsync(gists, [.. gists.Select(g => files[g])], ["pageword"], default);
        }
    }

    private sealed class ItemComparer : IEqualityComparer<SearchResultItem>
    {
        public bool Equals(SearchResultItem? a, SearchResultItem? b) =>
            a is not null && b is not null && a.Gist == b.Gist && a.Snippet is not null && b.Snippet is not null
            && a.Snippet with { Lines = [] } == b.Snippet with { Lines = [] } && a.Snippet.Lines.SequenceEqual(b.Snippet.Lines);

        public int GetHashCode(SearchResultItem item) => item.Gist.Id.GetHashCode(StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASnippetShowsTheMatchingFileWithEscapedTextAndMarkedWords()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var w = await SearchWorld.CreateAsync(t);

        var results = await t.Search.SearchAsync(Viewer.Anonymous, "generics");
        var item = Assert.Single(results.Items);
        Assert.Equal("Dijkstra in Go", item.Gist.Title);
        Assert.Equal(["go", "graphs"], item.Gist.Topics);
        var snippet = Assert.IsType<SearchSnippet>(item.Snippet);
        Assert.Equal("README.md", snippet.FileName);
        Assert.Contains(snippet.Lines, l => l.Number == 2 && l.Html == "A tiny demo of &lt;<mark>generics</mark>&gt; &amp; friends.");

        var code = Assert.Single((await t.Search.SearchAsync(Viewer.Anonymous, "priority")).Items);
        Assert.Equal("dijkstra.go", code.Snippet!.FileName);
        Assert.Equal([2, 3, 4], code.Snippet.Lines.Select(l => l.Number));
    }

    [Fact]
    public async Task SavesRenamesTopicsAndDeletesShowUpInTheNextSearch()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, GistVisibility.Public, "First title", "", ["one"], new GistFileInput("a.txt", "apple\n"));

        Assert.Equal([gist.Id], await t.IdsAsync(Viewer.Anonymous, "apple"));
        Assert.Empty(await t.IdsAsync(Viewer.Anonymous, "banana"));

        await t.Gists.UpdateAsync(alice, gist.Id, new UpdateGistInput("Second title", "", GistVisibility.Public, [new GistFileInput("b.txt", "banana\n")], Topics: ["two"]));
        Assert.Empty(await t.IdsAsync(Viewer.Anonymous, "apple"));
        Assert.Equal([gist.Id], await t.IdsAsync(Viewer.Anonymous, "banana"));
        Assert.Equal([gist.Id], await t.IdsAsync(Viewer.Anonymous, "second"));
        Assert.Empty(await t.IdsAsync(Viewer.Anonymous, "first"));
        Assert.Equal([gist.Id], await t.IdsAsync(Viewer.Anonymous, "topic:two"));
        Assert.Empty(await t.IdsAsync(Viewer.Anonymous, "topic:one"));

        await t.Gists.UpdateAsync(alice, gist.Id, new UpdateGistInput("Second title", "", GistVisibility.Unlisted, [new GistFileInput("b.txt", "banana\n")]));
        Assert.Empty(await t.IdsAsync(Viewer.Anonymous, "banana"));

        await t.Gists.DeleteAsync(alice, gist.Id);
        Assert.Empty(await t.IdsAsync(alice, "banana"));
    }

    [Fact]
    public async Task RebuildingTheIndexAndReindexingKeepResults()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var w = await SearchWorld.CreateAsync(t);

        await t.Search.RebuildIndexAsync();
        await t.Indexer.ReindexAllAsync();
        await AssertFinds(t, Viewer.Anonymous, "tomato", w.Soup);
        await AssertFinds(t, w.Admin, "dijkstra", w.Dijkstra, w.BobUnlisted, w.BobPrivate);
    }

    [Fact]
    public async Task IsStarredFindsTheViewersStarsOnlyAndStillObeysTheAccessRule()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var w = await SearchWorld.CreateAsync(t);
        await using (var db = await t.Database.Contexts.CreateDbContextAsync())
        {
            // Alice starred bob's soup and his private gist (before he made it private): the star stays, the access rule hides it.
            foreach (var (fan, gist) in new[] { (w.Alice, w.Soup), (w.Alice, w.BobPrivate), (w.Bob, w.Dijkstra) })
            {
                db.Set<CasGists.Core.Social.Star>().Add(new() { GistId = gist, UserId = fan.UserId!.Value, CreatedAt = DateTime.UtcNow });
            }
            await db.SaveChangesAsync();
        }

        await AssertFinds(t, w.Alice, "is:starred", w.Soup);
        await AssertFinds(t, w.Alice, "tomato is:starred", w.Soup);
        await AssertFinds(t, w.Bob, "is:starred", w.Dijkstra);
        await AssertFinds(t, w.Alice, "tomato -is:starred", w.AliceUnlisted, w.AlicePrivate);
        Assert.StartsWith("Sign in", (await t.Search.SearchAsync(Viewer.Anonymous, "is:starred")).Error);
    }

    [Fact]
    public async Task SortByStarsPutsTheMostStarredFirstAndBreaksTiesByTheNormalOrder()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var w = await SearchWorld.CreateAsync(t);
        var carol = await t.CreateUserAsync("carol");
        await t.AddStarsAsync(
            (w.Alice, w.Rust), (w.Bob, w.Rust), (carol, w.Rust),
            (w.Bob, w.Dijkstra), (carol, w.Dijkstra),
            (carol, w.Soup),
            (w.Bob, w.AlicePrivate));

        // Without words: most stars first.
        Assert.Equal([w.Rust, w.Dijkstra, w.Soup], await t.IdsAsync(Viewer.Anonymous, "sort:stars"));
        // With words: most stars first, ties by rank (the soup has "tomato" in its title, file name and text).
        Assert.Equal([w.Soup, w.AlicePrivate, w.AliceUnlisted], await t.IdsAsync(w.Alice, "tomato sort:stars"));
        Assert.Equal([w.Rust, w.Dijkstra], await t.IdsAsync(Viewer.Anonymous, "dijkstra OR hello sort:stars"));

        // Ties without words: newest first, like sort:updated.
        await t.AddStarsAsync((w.Alice, w.Soup));
        Assert.Equal([w.Rust, w.Soup, w.Dijkstra], await t.IdsAsync(Viewer.Anonymous, "-nothing sort:stars"));
    }

    [Fact]
    public async Task SortByStarsWorksWithFiltersOnlyAndPagesAcrossStarredAndUnstarredGists()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var w = await SearchWorld.CreateAsync(t);
        await t.AddStarsAsync((w.Bob, w.AliceUnlisted), (w.Bob, w.Dijkstra), (w.Admin, w.Dijkstra));

        Assert.Equal([w.Dijkstra, w.AliceUnlisted, w.AlicePrivate], await t.IdsAsync(w.Alice, "user:alice sort:stars"));
        Assert.Equal([w.Dijkstra], await t.IdsAsync(Viewer.Anonymous, "user:alice sort:stars"));
        Assert.Equal([w.Rust, w.Soup], await t.IdsAsync(Viewer.Anonymous, "-user:alice sort:stars"));
        Assert.Equal([w.AliceUnlisted], await t.IdsAsync(w.Alice, "topic:cooking -user:bob sort:stars"));

        // Everything, as the admin sees it: the two starred gists, then the rest newest first, whatever the page size.
        var all = await t.IdsAsync(w.Admin, "sort:stars");
        Assert.Equal([w.Dijkstra, w.AliceUnlisted, w.BobPrivate, w.BobUnlisted, w.Rust, w.Soup, w.AlicePrivate], all);
        foreach (var perPage in new[] { 1, 2, 3 })
        {
            var paged = new List<string>();
            for (var page = 1; page <= 7; page++)
            {
                var results = await t.Search.SearchAsync(w.Admin, "sort:stars", page, perPage);
                Assert.Equal(7, results.TotalCount);
                paged.AddRange(results.Items.Select(i => i.Gist.Id));
            }
            Assert.Equal(all, paged);
        }

        // The order comes from the stored count (ix_gists_stars), and the benchmark's direct SQL gives the same list.
        var (direct, args) = t.Search.DirectSql(w.Admin, "sort:stars", perPage: 100)!.Value;
        Assert.Contains("\"StarCount\" DESC", direct);
        await using var db = await t.Database.Contexts.CreateDbContextAsync();
        var ids = $"""SELECT q."GistId" AS "Value" FROM ({direct}) AS q""";
        Assert.Equal(all, await db.Database.SqlQueryRaw<string>(ids, args).ToListAsync());
    }

    [Fact]
    public async Task FiltersWithoutWordsCountUpToTheLimitThenSayThereAreMore()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var many = await t.CreateUserAsync("many");
        var limit = GistSearchService.CountLimit;
        // limit + 5 gists: the first five say "other", the rest (exactly the limit) say "kept".
        var ids = await t.AddBareGistsAsync(many, limit + 5, i => i < 5 ? "other" : "kept");
        var newestFirst = Enumerable.Reverse(ids).ToList();

        var first = await t.Search.SearchAsync(Viewer.Anonymous, "user:many", 1, 30);
        Assert.Equal(limit, first.TotalCount);
        Assert.True(first.TotalIsLowerBound);
        Assert.False(first.TotalIsCapped);
        Assert.Equal((limit + 1 + 29) / 30, first.PageCount); // one page more than the counted matches fill
        Assert.Equal(newestFirst.Take(30), first.Items.Select(i => i.Gist.Id));

        // A page past the limit counts up to its own end: here the real total, and the page holds the oldest gists.
        var last = await t.Search.SearchAsync(Viewer.Anonymous, "user:many", 34, 30);
        Assert.Equal(limit + 5, last.TotalCount);
        Assert.False(last.TotalIsLowerBound);
        Assert.Equal(newestFirst.Skip(33 * 30), last.Items.Select(i => i.Gist.Id));

        // Exactly the limit is an exact count.
        var exact = await t.Search.SearchAsync(Viewer.Anonymous, "user:many description:kept", 1, 30);
        Assert.Equal(limit, exact.TotalCount);
        Assert.False(exact.TotalIsLowerBound);

        // sort:stars counts the same way, and with no star at all lists the newest first.
        await t.AddStarsAsync((many, ids[0]));
        var starred = await t.Search.SearchAsync(Viewer.Anonymous, "user:many sort:stars", 1, 30);
        Assert.Equal(limit, starred.TotalCount);
        Assert.True(starred.TotalIsLowerBound);
        Assert.Equal([ids[0], .. newestFirst.Take(29)], starred.Items.Select(i => i.Gist.Id));

        // Words keep their own cap (ranked candidates), never the "more" flag.
        Assert.False((await t.Search.SearchAsync(Viewer.Anonymous, "bulk", 1, 30)).TotalIsLowerBound);
    }

    [Fact]
    public async Task SortByStarsNeverShowsAPrivateGistOfSomeoneElseHoweverManyStarsItHas()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var w = await SearchWorld.CreateAsync(t);
        var fans = new List<Viewer>();
        for (var i = 0; i < 5; i++)
        {
            fans.Add(await t.CreateUserAsync($"fan{i}"));
        }
        await t.AddStarsAsync([.. fans.SelectMany(f => new[] { (f, w.BobPrivate), (f, w.BobUnlisted) }), (w.Alice, w.Soup)]);

        foreach (var q in new[] { "sort:stars", "tomato sort:stars", "dijkstra sort:stars", "user:bob sort:stars", "-user:alice sort:stars" })
        {
            foreach (var viewer in new[] { Viewer.Anonymous, w.Alice })
            {
                var results = await t.Search.SearchAsync(viewer, q, 1, 100);
                Assert.Null(results.Error);
                Assert.DoesNotContain(results.Items, i => i.Gist.Id == w.BobPrivate || i.Gist.Id == w.BobUnlisted);
            }
        }
        Assert.Equal([w.BobPrivate, w.BobUnlisted, w.Soup, w.Rust], await t.IdsAsync(w.Bob, "user:bob sort:stars"));
        Assert.Equal([w.Soup, w.Rust], await t.IdsAsync(w.Alice, "user:bob sort:stars"));
    }

    [Fact]
    public async Task AStarReordersACachedSortByStarsSearch()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var w = await SearchWorld.CreateAsync(t);
        Assert.Equal([w.Rust, w.Soup, w.Dijkstra], await t.IdsAsync(Viewer.Anonymous, "sort:stars"));
        Assert.Equal(2, (await t.IdsAsync(Viewer.Anonymous, "hello OR dijkstra sort:stars")).Count); // cached; ranks decide between 0 and 0

        // The star goes through StarService, which publishes a Social change; the search cache hears it.
        await t.Stars.StarAsync(w.Bob, w.Dijkstra);
        Assert.Equal([w.Dijkstra, w.Rust, w.Soup], await t.IdsAsync(Viewer.Anonymous, "sort:stars"));
        Assert.Equal([w.Dijkstra, w.Rust], await t.IdsAsync(Viewer.Anonymous, "hello OR dijkstra sort:stars"));
        await t.Stars.StarAsync(w.Alice, w.Rust);
        await t.Stars.StarAsync(w.Bob, w.Rust);
        Assert.Equal([w.Rust, w.Dijkstra], await t.IdsAsync(Viewer.Anonymous, "hello OR dijkstra sort:stars"));

        await t.Stars.UnstarAsync(w.Bob, w.Rust);
        await t.Stars.UnstarAsync(w.Alice, w.Rust);
        Assert.Equal([w.Dijkstra, w.Rust, w.Soup], await t.IdsAsync(Viewer.Anonymous, "sort:stars"));
    }

    [Theory]
    [InlineData("is:mine")]
    [InlineData("visibility:private")]
    public async Task OwnGistFiltersAskAnonymousViewersToSignIn(string q)
    {
        await using var t = await SearchTestContext.CreateAsync();
        var results = await t.Search.SearchAsync(Viewer.Anonymous, q);
        Assert.StartsWith("Sign in", results.Error);
    }

    [Fact]
    public async Task AnEmptySearchReturnsNothingWithoutAMessage()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var results = await t.Search.SearchAsync(Viewer.Anonymous, "   ");
        Assert.Null(results.Error);
        Assert.Empty(results.Items);
    }

    [Fact]
    public async Task ResultsAreCachedUntilAWriteInvalidatesThem()
    {
        await using var t = await SearchTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var gist = await t.CreateGistAsync(alice, GistVisibility.Public, "t", "", null, new GistFileInput("a.txt", "cherry\n"));
        Assert.Single(await t.IdsAsync(Viewer.Anonymous, "cherry"));

        // Behind the service's back: only the cache can still answer "cherry".
        await using (var db = await t.Database.Contexts.CreateDbContextAsync())
        {
            var file = db.GistFiles.Single(f => f.GistId == gist.Id);
            file.Content = "plum\n";
            await db.SaveChangesAsync();
        }
        Assert.Single(await t.IdsAsync(Viewer.Anonymous, "cherry"));

        await t.CreateGistAsync(alice, GistVisibility.Public, "other", "", null, new GistFileInput("b.txt", "kiwi\n"));
        Assert.Empty(await t.IdsAsync(Viewer.Anonymous, "cherry"));
        Assert.Single(await t.IdsAsync(Viewer.Anonymous, "plum"));
    }
}
