using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Git;

/// <summary>Issue 5's bad pushes that GitHttpTests does not cover: a ".." file name and a 200 MB blob, with the default limits.</summary>
public sealed class GitPushBadInputTests : IAsyncLifetime
{
    private const string Password = "owner-password-1";

    private CasGistsAppFactory _app = null!;
    private Uri _base = null!;
    private User _owner = null!;
    private readonly GitCli _git = new();

    private GistService Gists => _app.Services.GetRequiredService<GistService>();
    private GitStore Store => _app.Services.GetRequiredService<GitStore>();

    public async Task InitializeAsync()
    {
        _app = await CasGistsAppFactory.CreateAsync(f =>
        {
            f.Settings["Accounts:Argon2MemoryKiB"] = "7168";
            f.Settings["Accounts:Argon2Iterations"] = "1";
        });
        _base = _app.StartKestrel();
        _owner = await _app.Services.GetRequiredService<AccountService>().RegisterAsync(new RegisterInput("alice", "alice@example.test", Password));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _git.Dispose();
    }

    private async Task<(GistDetails Gist, string Clone)> CloneNewGistAsync()
    {
        var gist = await Gists.CreateAsync(Viewer.For(_owner), new CreateGistInput("Target", "", GistVisibility.Public, [new GistFileInput("hello.txt", "Hello\n")]));
        var url = new UriBuilder(_base) { Path = $"/alice/{gist.Id}.git", UserName = "alice", Password = Password }.Uri.ToString();
        var clone = _git.Folder("clone");
        await _git.MustAsync(null, "clone", url, clone);
        return (gist, clone);
    }

    private async Task AssertUnchangedAsync(GistDetails gist)
    {
        Assert.Equal(gist.HeadRevision, Store.GetHead(gist.OwnerId, gist.Id));
        var after = await Gists.GetAsync(Viewer.Anonymous, gist.Id);
        Assert.Equal(gist.HeadRevision, after.HeadRevision);
        Assert.Equal(1, after.RevisionCount);
        Assert.Equal(["hello.txt"], after.Files.Select(f => f.Name));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".git")]
    [InlineData("notes..txt")]
    public async Task APushWithADotDotOrDotGitEntryIsRefused(string name)
    {
        var (gist, clone) = await CloneNewGistAsync();
        // No work tree can hold such a name: build the tree by hand, as an attacker would.
        var blob = (await _git.MustAsync(clone, "hash-object", "-w", "hello.txt")).Trim();
        var tree = (await RunWithInputAsync(clone, $"100644 blob {blob}\thello.txt\n100644 blob {blob}\t{name}\n", "mktree")).Trim();
        var commit = (await _git.MustAsync(clone, "commit-tree", tree, "-p", "HEAD", "-m", "sneaky")).Trim();

        var push = await _git.RunAsync(clone, "push", "origin", $"{commit}:refs/heads/main");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("remote:", push.Error);
        Assert.Matches("(?i)dotdot|dotgit|\\.\\.|\\.git|refused", push.Error);
        await AssertUnchangedAsync(gist);
    }

    [Fact]
    public async Task APushOfA200MegabyteBlobIsRefusedWithAMessageAndNothingIsKept()
    {
        var (gist, clone) = await CloneNewGistAsync();
        var big = Path.Combine(clone, "big.txt");
        await using (var file = File.Create(big))
        {
            // Text that compresses well: the pack is small, so the push reaches the size check and its message.
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)'a');
            for (var i = 0; i < 200; i++)
            {
                await file.WriteAsync(chunk);
            }
        }
        await _git.MustAsync(clone, "add", "big.txt");
        await _git.MustAsync(clone, "commit", "-q", "-m", "huge");
        var repository = Store.RepositoryPath(gist.OwnerId, gist.Id);
        var sizeBefore = DirectorySize(repository);

        var push = await _git.RunAsync(clone, "push", "origin", "main");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("remote: CasGists refused this push:", push.Error);
        Assert.Contains("'big.txt' is too large (209,715,200 bytes", push.Error);
        await AssertUnchangedAsync(gist);
        // git's quarantine drops the refused objects: the repository did not grow by the pack.
        Assert.InRange(DirectorySize(repository), 0, sizeBefore + 64 * 1024);
    }

    private static long DirectorySize(string path) =>
        Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    private async Task<string> RunWithInputAsync(string workingDirectory, string input, params string[] arguments)
    {
        var file = Path.Combine(_git.Root, "stdin.txt");
        await File.WriteAllTextAsync(file, input);
        // GitCli has no stdin; a shell redirect keeps it that way.
        var run = await _git.RunAsync(workingDirectory, ["-c", $"alias.withinput=!git {string.Join(' ', arguments)} < '{file}'", "withinput"]);
        Assert.True(run.ExitCode == 0, $"git {string.Join(' ', arguments)} failed: {run.Error}");
        return run.Output;
    }
}
