using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Git;

/// <summary>Personal access tokens as the git password, with Debian's git client: scopes decide clone and push.</summary>
public sealed class GitTokenTests : IAsyncLifetime
{
    private CasGistsAppFactory _app = null!;
    private Uri _base = null!;
    private User _alice = null!;
    private User _bob = null!;
    private readonly GitCli _git = new();

    private TokenService Tokens => _app.Services.GetRequiredService<TokenService>();

    public async Task InitializeAsync()
    {
        _app = await CasGistsAppFactory.CreateAsync(f =>
        {
            f.Settings["Accounts:Argon2MemoryKiB"] = "7168";
            f.Settings["Accounts:Argon2Iterations"] = "1";
        });
        _base = _app.StartKestrel();
        var accounts = _app.Services.GetRequiredService<AccountService>();
        _alice = await accounts.RegisterAsync(new RegisterInput("alice", "alice@example.test", "alice-password-1"));
        _bob = await accounts.RegisterAsync(new RegisterInput("bob", "bob@example.test", "bob-password-1"));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _git.Dispose();
    }

    private Task<GistDetails> CreateGistAsync(GistVisibility visibility) =>
        _app.Services.GetRequiredService<GistService>().CreateAsync(Viewer.For(_alice),
            new CreateGistInput("A gist", "", visibility, [new GistFileInput("hello.txt", "secret\n")]));

    private async Task<string> TokenAsync(User user, params string[] scopes) =>
        (await Tokens.CreateAsync(Viewer.For(user), new CreateTokenInput(Guid.NewGuid().ToString("N"), scopes, null))).Secret;

    private string Url(GistDetails gist, string user, string password) =>
        new UriBuilder(_base) { Path = $"/alice/{gist.Id}.git", UserName = user, Password = password }.Uri.ToString();

    [Fact]
    public async Task AReadTokenClonesAPrivateGistWithAnyUserName()
    {
        var gist = await CreateGistAsync(GistVisibility.Private);
        var token = await TokenAsync(_alice, TokenScopes.GistRead);

        await _git.MustAsync(null, "clone", Url(gist, "alice", token), _git.Folder("named"));
        await _git.MustAsync(null, "clone", Url(gist, "x-access-token", token), _git.Folder("any"));

        Assert.Equal("secret\n", await File.ReadAllTextAsync(Path.Combine(_git.Folder("any"), "hello.txt")));
    }

    [Fact]
    public async Task TokensWithoutGistReadOrOfAnotherUserOrRevokedCannotCloneAPrivateGist()
    {
        var gist = await CreateGistAsync(GistVisibility.Private);
        var userOnly = await TokenAsync(_alice, TokenScopes.UserRead);
        var bobs = await TokenAsync(_bob, TokenScopes.GistWrite);
        var revoked = await Tokens.CreateAsync(Viewer.For(_alice), new CreateTokenInput("old", [TokenScopes.GistRead], null));
        await Tokens.RevokeAsync(Viewer.For(_alice), revoked.Token.Id);

        var noScope = await _git.RunAsync(null, "clone", Url(gist, "alice", userOnly), _git.Folder("a"));
        var other = await _git.RunAsync(null, "clone", Url(gist, "alice", bobs), _git.Folder("b"));
        var gone = await _git.RunAsync(null, "clone", Url(gist, "alice", revoked.Secret), _git.Folder("c"));

        Assert.NotEqual(0, noScope.ExitCode);
        Assert.NotEqual(0, other.ExitCode);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("Authentication failed", gone.Error);
        Assert.False(Directory.Exists(Path.Combine(_git.Folder("a"), ".git")));
    }

    [Fact]
    public async Task AReadOnlyTokenCannotPushAndGitSaysWhy()
    {
        var gist = await CreateGistAsync(GistVisibility.Public);
        var token = await TokenAsync(_alice, TokenScopes.GistRead);
        var clone = _git.Folder("clone");
        await _git.MustAsync(null, "clone", Url(gist, "alice", token), clone);
        await File.WriteAllTextAsync(Path.Combine(clone, "hello.txt"), "changed\n");
        await _git.MustAsync(clone, "commit", "-qam", "change");

        var push = await _git.RunAsync(clone, "push", "origin", "main");

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("gist:write", push.Error);
        Assert.Equal(gist.HeadRevision, _app.Services.GetRequiredService<GitStore>().GetHead(_alice.Id, gist.Id));
    }

    [Fact]
    public async Task AWriteTokenPushes()
    {
        var gist = await CreateGistAsync(GistVisibility.Private);
        var token = await TokenAsync(_alice, TokenScopes.GistWrite);
        var clone = _git.Folder("clone");
        await _git.MustAsync(null, "clone", Url(gist, "alice", token), clone);
        await File.WriteAllTextAsync(Path.Combine(clone, "hello.txt"), "pushed with a token\n");
        await _git.MustAsync(clone, "commit", "-qam", "change");

        await _git.MustAsync(clone, "push", "origin", "main");

        var after = await _app.Services.GetRequiredService<GistService>().GetAsync(Viewer.For(_alice), gist.Id);
        Assert.Equal("pushed with a token\n", after.Files.Single().Content);
    }
}
