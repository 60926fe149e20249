using CasGists.Core.Gists;
using Microsoft.Extensions.DependencyInjection;
using Octokit;

namespace CasGists.Tests.App.Api.V3;

/// <summary>GitHub's own .NET client, pointed at CasGists as at a GitHub Enterprise host, over a real Kestrel.</summary>
public sealed class OctokitTests : ApiTestContext
{
    protected override bool RealServer => true;

    private GitHubClient GitHub(string? token)
    {
        var client = new GitHubClient(new ProductHeaderValue("casgists-tests"), Host);
        if (token is not null)
        {
            client.Credentials = new Credentials(token);
        }
        return client;
    }

    [Fact]
    public async Task TheEnterpriseBaseUrlPointsAtApiV3()
    {
        Assert.Equal(new Uri(Host, "/api/v3/"), GitHub(null).Connection.BaseAddress);
        var me = await GitHub(AliceToken).User.Current();
        Assert.Equal("alice", me.Login);
        Assert.True(me.Id > 0);
        Assert.Equal("alice", (await GitHub(null).User.Get("alice")).Login);
    }

    [Fact]
    public async Task CreateGetEditRenameDeleteFileAndDelete()
    {
        var github = GitHub(AliceToken);
        var newGist = new NewGist { Description = "from octokit", Public = false };
        newGist.Files.Add("hello.py", "print('hi')\n");
        newGist.Files.Add("notes.md", "# Notes\n");
        newGist.Files.Add("old.txt", "rename me\n");
        var created = await github.Gist.Create(newGist);
        Assert.Equal(32, created.Id.Length);
        Assert.False(created.Public);
        Assert.Equal("alice", created.Owner.Login);
        Assert.Equal("Python", created.Files["hello.py"].Language);
        Assert.Equal("print('hi')\n", created.Files["hello.py"].Content);
        Assert.EndsWith($"/alice/{created.Id}.git", created.GitPullUrl);
        Assert.Equal(GistVisibility.Unlisted, (await App.Services.GetRequiredService<GistService>()
            .GetAsync(CasGists.Core.Accounts.Viewer.Anonymous, created.Id)).Visibility);

        var fetched = await GitHub(null).Gist.Get(created.Id);
        Assert.Equal("from octokit", fetched.Description);
        Assert.Equal(3, fetched.Files.Count);
        Assert.Single(fetched.History);

        var update = new GistUpdate { Description = "edited" };
        update.Files.Add("hello.py", new GistFileUpdate { Content = "print('bye')\n" });
        update.Files.Add("old.txt", new GistFileUpdate { NewFileName = "new.txt", Content = "rename me\n" });
        // Octokit deletes with an entry that has neither content nor filename (it cannot send null).
        update.Files.Add("notes.md", new GistFileUpdate());
        var edited = await github.Gist.Edit(created.Id, update);
        Assert.Equal("edited", edited.Description);
        Assert.Equal(["hello.py", "new.txt"], edited.Files.Keys.Order());
        Assert.Equal("print('bye')\n", edited.Files["hello.py"].Content);
        Assert.Equal(2, edited.History.Count);

        var commits = await github.Gist.GetAllCommits(created.Id);
        Assert.Equal(2, commits.Count);
        Assert.Equal(created.History[0].Version, commits[1].Version);
        Assert.True(commits[0].ChangeStatus.Total > 0);

        var old = await github.Gist.Get($"{created.Id}/{commits[1].Version}");
        Assert.Equal("print('hi')\n", old.Files["hello.py"].Content);
        Assert.True(old.Files.ContainsKey("notes.md"));

        await github.Gist.Delete(created.Id);
        await Assert.ThrowsAsync<NotFoundException>(() => GitHub(null).Gist.Get(created.Id));
    }

    [Fact]
    public async Task ListsMinePublicAndAUsersGists()
    {
        var github = GitHub(AliceToken);
        for (var i = 0; i < 3; i++)
        {
            var g = new NewGist { Description = $"g{i}", Public = true };
            g.Files.Add($"f{i}.txt", "x");
            await github.Gist.Create(g);
        }
        var secret = new NewGist { Description = "secret", Public = false };
        secret.Files.Add("s.txt", "x");
        await github.Gist.Create(secret);

        Assert.Equal(4, (await github.Gist.GetAll()).Count);
        Assert.Equal(3, (await GitHub(null).Gist.GetAllPublic()).Count);
        Assert.Equal(3, (await GitHub(BobToken).Gist.GetAllForUser("alice")).Count);
        // Paging through Link headers, two at a time.
        var paged = await GitHub(null).Gist.GetAllPublic(new ApiOptions { PageSize = 2 });
        Assert.Equal(3, paged.Count);
        var recent = await GitHub(null).Gist.GetAllPublic(DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(3, recent.Count);
        Assert.Empty(await GitHub(null).Gist.GetAllPublic(DateTimeOffset.UtcNow.AddMinutes(5)));
    }

    [Fact]
    public async Task OthersPrivateGistsAreNotFoundAndWritesNeedAToken()
    {
        var gist = await GistAsync(Alice, GistVisibility.Private);
        await Assert.ThrowsAsync<NotFoundException>(() => GitHub(BobToken).Gist.Get(gist.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => GitHub(null).Gist.Get("not-a-gist-id"));
        var newGist = new NewGist { Description = "x" };
        newGist.Files.Add("a.txt", "x");
        await Assert.ThrowsAsync<AuthorizationException>(() => GitHub(null).Gist.Create(newGist));
        await Assert.ThrowsAsync<AuthorizationException>(() => GitHub("cgp_" + new string('z', 40)).Gist.Get(gist.Id));
    }

    [Fact]
    public async Task InvalidInputIsAnApiValidationException()
    {
        var newGist = new NewGist { Description = "x" };
        newGist.Files.Add("../evil", "x");
        var e = await Assert.ThrowsAsync<ApiValidationException>(() => GitHub(AliceToken).Gist.Create(newGist));
        Assert.Equal("Validation Failed", e.Message);
        Assert.Contains(e.ApiError.Errors, x => x.Field.StartsWith("files[../evil]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StarUnstarCheckForkAndComment()
    {
        var gist = await GistAsync(Alice, GistVisibility.Public, "t", ("a.txt", "hello\n"));
        var bob = GitHub(BobToken);

        Assert.False(await bob.Gist.IsStarred(gist.Id));
        await bob.Gist.Star(gist.Id);
        Assert.True(await bob.Gist.IsStarred(gist.Id));
        Assert.Equal(gist.Id, Assert.Single(await bob.Gist.GetAllStarred()).Id);
        await bob.Gist.Unstar(gist.Id);
        Assert.False(await bob.Gist.IsStarred(gist.Id));

        var fork = await bob.Gist.Fork(gist.Id);
        Assert.NotEqual(gist.Id, fork.Id);
        Assert.Equal("bob", fork.Owner.Login);
        Assert.Equal("hello\n", fork.Files["a.txt"].Content);
        var forks = await GitHub(null).Gist.GetAllForks(gist.Id);
        Assert.Equal("bob", Assert.Single(forks).User.Login);
        Assert.EndsWith($"/api/v3/gists/{fork.Id}", forks[0].Url);

        var comment = await bob.Gist.Comment.Create(gist.Id, "Nice *gist*");
        Assert.Equal("Nice *gist*", comment.Body);
        Assert.Equal("bob", comment.User.Login);
        var edited = await bob.Gist.Comment.Update(gist.Id, comment.Id, "Nicer");
        Assert.Equal("Nicer", edited.Body);
        Assert.Equal("Nicer", (await GitHub(null).Gist.Comment.Get(gist.Id, comment.Id)).Body);
        Assert.Single(await GitHub(null).Gist.Comment.GetAllForGist(gist.Id));
        Assert.Equal(1, (await GitHub(null).Gist.Get(gist.Id)).Comments);
        await bob.Gist.Comment.Delete(gist.Id, comment.Id);
        Assert.Empty(await GitHub(null).Gist.Comment.GetAllForGist(gist.Id));
    }
}
