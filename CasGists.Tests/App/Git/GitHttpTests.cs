using System.Net;
using System.Security.Cryptography;
using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Git;

/// <summary>Clone, fetch and push with Debian's git client against the app on a real port.</summary>
public sealed class GitHttpTests : IAsyncLifetime
{
    private const string OwnerPassword = "owner-password-1";
    private const string OtherPassword = "other-password-1";

    private CasGistsAppFactory _app = null!;
    private Uri _base = null!;
    private User _owner = null!;
    private User _other = null!;
    private readonly GitCli _git = new();

    private GistService Gists => _app.Services.GetRequiredService<GistService>();
    private GitStore Store => _app.Services.GetRequiredService<GitStore>();

    public async Task InitializeAsync() => await StartAsync();

    private async Task StartAsync(Dictionary<string, string?>? settings = null)
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _app = await CasGistsAppFactory.CreateAsync(f =>
        {
            // The cheapest Argon2 the options allow: git sends the password with every request.
            f.Settings["Accounts:Argon2MemoryKiB"] = "7168";
            f.Settings["Accounts:Argon2Iterations"] = "1";
            foreach (var (key, value) in settings ?? [])
            {
                f.Settings[key] = value;
            }
        });
        _base = _app.StartKestrel();
        var accounts = _app.Services.GetRequiredService<AccountService>();
        // The first account becomes admin: the owner, so "other" is a plain user.
        _owner = await accounts.RegisterAsync(new RegisterInput("alice", "alice@example.test", OwnerPassword));
        _other = await accounts.RegisterAsync(new RegisterInput("bob", "bob@example.test", OtherPassword));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _git.Dispose();
    }

    private Task<GistDetails> CreateGistAsync(GistVisibility visibility, string content = "Hello\n") =>
        Gists.CreateAsync(Viewer.For(_owner), new CreateGistInput("A gist", "", visibility, [new GistFileInput("hello.txt", content)]));

    private string Url(GistDetails gist, string? user = null, string? password = null) =>
        new UriBuilder(_base) { Path = $"/{gist.OwnerUserName}/{gist.Id}.git", UserName = user ?? "", Password = password ?? "" }.Uri.ToString();

    private string OwnerUrl(GistDetails gist) => Url(gist, "alice", OwnerPassword);

    private async Task<string> CloneAsync(string url, string folder)
    {
        await _git.MustAsync(null, "clone", url, _git.Folder(folder));
        return _git.Folder(folder);
    }

    private async Task CommitAsync(string workTree, string message = "change")
    {
        await _git.MustAsync(workTree, "add", "-A");
        await _git.MustAsync(workTree, "commit", "-q", "-m", message);
    }

    [Fact]
    public async Task PublicAndUnlistedGistsCloneAnonymously()
    {
        var publicGist = await CreateGistAsync(GistVisibility.Public, "public text\n");
        var unlisted = await CreateGistAsync(GistVisibility.Unlisted, "unlisted text\n");

        var publicClone = await CloneAsync(Url(publicGist), "public");
        var unlistedClone = await CloneAsync(Url(unlisted), "unlisted");

        Assert.Equal("public text\n", await File.ReadAllTextAsync(Path.Combine(publicClone, "hello.txt")));
        Assert.Equal("unlisted text\n", await File.ReadAllTextAsync(Path.Combine(unlistedClone, "hello.txt")));
        Assert.Equal(publicGist.HeadRevision, (await _git.MustAsync(publicClone, "rev-parse", "HEAD")).Trim());
    }

    [Fact]
    public async Task PrivateGistClonesOnlyWithTheOwnersCredentials()
    {
        var gist = await CreateGistAsync(GistVisibility.Private, "secret\n");

        var anonymous = await _git.RunAsync(null, "clone", Url(gist), _git.Folder("anonymous"));
        var wrongPassword = await _git.RunAsync(null, "clone", Url(gist, "alice", "not-the-password"), _git.Folder("wrong"));
        var otherUser = await _git.RunAsync(null, "clone", Url(gist, "bob", OtherPassword), _git.Folder("other"));
        var owner = await CloneAsync(OwnerUrl(gist), "owner");

        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.NotEqual(0, wrongPassword.ExitCode);
        Assert.NotEqual(0, otherUser.ExitCode);
        Assert.Contains("not found", otherUser.Error, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(Path.Combine(_git.Folder("other"), ".git")));
        Assert.Equal("secret\n", await File.ReadAllTextAsync(Path.Combine(owner, "hello.txt")));
    }

    [Fact]
    public async Task AnswersWithTheRightStatusCodesAndHeaders()
    {
        var gist = await CreateGistAsync(GistVisibility.Private);
        var publicGist = await CreateGistAsync(GistVisibility.Public);
        using var http = new HttpClient { BaseAddress = _base };

        var anonymous = await http.GetAsync($"/alice/{gist.Id}.git/info/refs?service=git-upload-pack");
        var anonymousPush = await http.GetAsync($"/alice/{publicGist.Id}.git/info/refs?service=git-receive-pack");
        var advertisement = await http.GetAsync($"/alice/{publicGist.Id}.git/info/refs?service=git-upload-pack");
        var wrongOwner = await http.GetAsync($"/bob/{publicGist.Id}.git/info/refs?service=git-upload-pack");
        var unknown = await http.GetAsync($"/alice/{new string('a', 32)}.git/info/refs?service=git-upload-pack");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("realm=\"CasGists\"", anonymous.Headers.WwwAuthenticate.Single().Parameter);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousPush.StatusCode);
        Assert.Equal(HttpStatusCode.OK, advertisement.StatusCode);
        Assert.Equal("application/x-git-upload-pack-advertisement", advertisement.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-cache", advertisement.Headers.CacheControl?.ToString());
        Assert.StartsWith("001e# service=git-upload-pack\n0000", await advertisement.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, wrongOwner.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("--upload-pack=touch%20/tmp/casgists-pwned")]
    [InlineData("-n")]
    [InlineData("git-upload-pack%20--help")]
    [InlineData("upload-pack")]
    [InlineData("")]
    public async Task InfoRefsRefusesAnyOtherServiceAndRunsNothing(string service)
    {
        var gist = await CreateGistAsync(GistVisibility.Public);
        using var http = new HttpClient { BaseAddress = _base };

        var response = await http.GetAsync($"/alice/{gist.Id}.git/info/refs?service={service}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.False(File.Exists("/tmp/casgists-pwned"));
    }

    [Theory]
    [InlineData("../alice")]
    [InlineData("ABCDEF00ABCDEF00ABCDEF00ABCDEF00")]
    [InlineData("--upload-pack=x")]
    public async Task ARepositoryPathThatIsNotAGistIdIsNotFound(string id)
    {
        using var http = new HttpClient { BaseAddress = _base };

        var response = await http.GetAsync($"/alice/{id}.git/info/refs?service=git-upload-pack");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OwnerPushesANewRevisionAndTheIndexFollows()
    {
        var gist = await CreateGistAsync(GistVisibility.Public);
        var clone = await CloneAsync(OwnerUrl(gist), "clone");
        await File.WriteAllTextAsync(Path.Combine(clone, "hello.txt"), "Hello from git\n");
        await File.WriteAllTextAsync(Path.Combine(clone, "notes.md"), "# Notes\n");
        await CommitAsync(clone);

        await _git.MustAsync(clone, "push", "origin", "main");

        var after = await Gists.GetAsync(Viewer.Anonymous, gist.Id);
        var pushed = (await _git.MustAsync(clone, "rev-parse", "HEAD")).Trim();
        Assert.Equal(pushed, after.HeadRevision);
        Assert.Equal(pushed, Store.GetHead(gist.OwnerId, gist.Id));
        Assert.Equal(gist.RevisionCount + 1, after.RevisionCount);
        Assert.Equal(["hello.txt", "notes.md"], after.Files.Select(f => f.Name));
        Assert.Equal("Hello from git\n", after.Files[0].Content);
        Assert.Equal("Markdown", after.Files[1].Language);
        Assert.True(after.UpdatedAt >= gist.UpdatedAt);
    }

    [Fact]
    public async Task FetchAfterAnEditInTheUiBringsTheNewRevision()
    {
        var gist = await CreateGistAsync(GistVisibility.Unlisted);
        var clone = await CloneAsync(Url(gist), "clone");
        var edited = await Gists.UpdateAsync(Viewer.For(_owner), gist.Id,
            new UpdateGistInput("A gist", "", GistVisibility.Unlisted, [new GistFileInput("hello.txt", "Edited in the UI\n")]));

        await _git.MustAsync(clone, "pull", "-q", "--ff-only");

        Assert.Equal(edited.HeadRevision, (await _git.MustAsync(clone, "rev-parse", "HEAD")).Trim());
        Assert.Equal("Edited in the UI\n", await File.ReadAllTextAsync(Path.Combine(clone, "hello.txt")));
    }

    [Fact]
    public async Task ForcePushIsRefusedAndHistoryStays()
    {
        var gist = await CreateGistAsync(GistVisibility.Public);
        var clone = await CloneAsync(OwnerUrl(gist), "clone");
        await File.WriteAllTextAsync(Path.Combine(clone, "hello.txt"), "rewritten\n");
        await _git.MustAsync(clone, "add", "-A");
        await _git.MustAsync(clone, "commit", "-q", "--amend", "-m", "rewrite");

        var push = await _git.RunAsync(clone, "push", "--force", "origin", "main");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("non-fast-forward", push.Error);
        Assert.Equal(gist.HeadRevision, Store.GetHead(gist.OwnerId, gist.Id));
        Assert.Equal("Hello\n", (await Gists.GetAsync(Viewer.Anonymous, gist.Id)).Files.Single().Content);
    }

    [Fact]
    public async Task PushByAnotherUserOrAnonymouslyIsRefused()
    {
        var gist = await CreateGistAsync(GistVisibility.Public);
        var clone = await CloneAsync(Url(gist), "clone");
        await File.WriteAllTextAsync(Path.Combine(clone, "hello.txt"), "not mine\n");
        await CommitAsync(clone);

        var anonymous = await _git.RunAsync(clone, "push", Url(gist), "main");
        var other = await _git.RunAsync(clone, "push", Url(gist, "bob", OtherPassword), "main");

        Assert.NotEqual(0, anonymous.ExitCode);
        Assert.NotEqual(0, other.ExitCode);
        Assert.Contains("403", other.Error);
        Assert.Equal(gist.HeadRevision, Store.GetHead(gist.OwnerId, gist.Id));
        Assert.Equal(gist.HeadRevision, (await Gists.GetAsync(Viewer.Anonymous, gist.Id)).HeadRevision);
    }

    [Fact]
    public async Task PushAddingASubfolderIsRefusedWithTheReasonAndChangesNothing()
    {
        var gist = await CreateGistAsync(GistVisibility.Public);
        var clone = await CloneAsync(OwnerUrl(gist), "clone");
        Directory.CreateDirectory(Path.Combine(clone, "src"));
        await File.WriteAllTextAsync(Path.Combine(clone, "src", "main.c"), "int main;\n");
        await File.WriteAllTextAsync(Path.Combine(clone, "hello.txt"), "changed too\n");
        await CommitAsync(clone);

        var push = await _git.RunAsync(clone, "push", "origin", "main");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("remote: CasGists refused this push:", push.Error);
        Assert.Contains("'src' is a folder", push.Error);
        Assert.Contains("pre-receive hook declined", push.Error);
        Assert.Equal(gist.HeadRevision, Store.GetHead(gist.OwnerId, gist.Id));
        var after = await Gists.GetAsync(Viewer.Anonymous, gist.Id);
        Assert.Equal(gist.HeadRevision, after.HeadRevision);
        Assert.Equal(1, after.RevisionCount);
        Assert.Equal("Hello\n", after.Files.Single().Content);
    }

    [Fact]
    public async Task PushOfAFileNamedWithControlCharactersIsRefused()
    {
        var gist = await CreateGistAsync(GistVisibility.Public);
        var clone = await CloneAsync(OwnerUrl(gist), "clone");
        await File.WriteAllTextAsync(Path.Combine(clone, "bad\u001bname.txt"), "text\n");
        await CommitAsync(clone);

        var push = await _git.RunAsync(clone, "push", "origin", "main");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("control characters", push.Error);
        Assert.Contains("bad\\x1bname.txt", push.Error);
        Assert.Equal(gist.HeadRevision, Store.GetHead(gist.OwnerId, gist.Id));
    }

    [Fact]
    public async Task PushOfABinaryFileOrAnotherBranchIsRefused()
    {
        var gist = await CreateGistAsync(GistVisibility.Public);
        var clone = await CloneAsync(OwnerUrl(gist), "clone");
        await File.WriteAllBytesAsync(Path.Combine(clone, "image.bin"), [0x89, 0x50, 0x00, 0xff, 0xfe]);
        await CommitAsync(clone);

        var binary = await _git.RunAsync(clone, "push", "origin", "main");
        var branch = await _git.RunAsync(clone, "push", "origin", "HEAD~1:refs/heads/other");

        Assert.NotEqual(0, binary.ExitCode);
        Assert.Contains("'image.bin' is not valid UTF-8 text", binary.Error);
        Assert.NotEqual(0, branch.ExitCode);
        Assert.Contains("Only the 'main' branch", branch.Error);
        Assert.Equal(gist.HeadRevision, Store.GetHead(gist.OwnerId, gist.Id));
        Assert.Empty(await _git.MustAsync(clone, "ls-remote", "origin", "refs/heads/other"));
    }

    [Fact]
    public async Task PushOverTheSizeLimitsIsRefused()
    {
        // Small limits keep the request limit (2 × total + 10 MB) small enough to cross in a test.
        await StartAsync(new() { ["Gists:MaxFileBytes"] = "1024", ["Gists:MaxTotalBytes"] = "2048" });
        var gist = await CreateGistAsync(GistVisibility.Public);
        var clone = await CloneAsync(OwnerUrl(gist), "clone");
        await File.WriteAllTextAsync(Path.Combine(clone, "big.txt"), new string('x', 2000) + "\n");
        await CommitAsync(clone);

        var tooBigFile = await _git.RunAsync(clone, "push", "origin", "main");

        Assert.NotEqual(0, tooBigFile.ExitCode);
        Assert.Contains("'big.txt' is too large", tooBigFile.Error);

        // 12 MB of random bytes do not compress: the request itself is over the limit and never reaches the checks.
        await File.WriteAllBytesAsync(Path.Combine(clone, "big.txt"), RandomNumberGenerator.GetBytes(12 * 1024 * 1024));
        await CommitAsync(clone);
        var tooBigRequest = await _git.RunAsync(clone, "push", "origin", "main");

        Assert.NotEqual(0, tooBigRequest.ExitCode);
        Assert.DoesNotContain("CasGists refused this push", tooBigRequest.Error);
        Assert.Equal(gist.HeadRevision, Store.GetHead(gist.OwnerId, gist.Id));
        Assert.Equal(1, (await Gists.GetAsync(Viewer.Anonymous, gist.Id)).RevisionCount);
    }
}
