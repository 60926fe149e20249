using CasGists.Core.Common;
using CasGists.Core.Gists;
using CasGists.Core.Data;

namespace CasGists.Tests.Core.Gists;

public sealed class GitStoreTests : IDisposable
{
    private readonly DataDirectory _data = new(Path.Combine(Path.GetTempPath(), "casgists-tests", Guid.NewGuid().ToString("N")));
    private readonly GitStore _git;
    private readonly Guid _owner = Guid.NewGuid();
    private readonly string _id = GistIds.New();

    public GitStoreTests()
    {
        _data.EnsureCreated();
        _git = new GitStore(_data);
    }

    public void Dispose() => Directory.Delete(_data.Root, recursive: true);

    [Fact]
    public void ANewRepositoryIsBareWithAnUnbornMainBranch()
    {
        _git.Create(_owner, _id);

        var path = _git.RepositoryPath(_owner, _id);
        Assert.Equal(Path.Combine(_data.Repositories, _owner.ToString("D"), _id + ".git"), path);
        Assert.Equal("ref: refs/heads/main\n", File.ReadAllText(Path.Combine(path, "HEAD")));
        Assert.Null(_git.GetHead(_owner, _id));
    }

    [Fact]
    public void TheBranchMovesOnlyFromTheExpectedCommit()
    {
        _git.Create(_owner, _id);
        var when = DateTimeOffset.UnixEpoch;
        var first = _git.WriteCommit(_owner, _id, [new GitFile("a", "1"u8.ToArray())], "alice", when, null);
        _git.UpdateHead(_owner, _id, null, first);
        var second = _git.WriteCommit(_owner, _id, [new GitFile("a", "2"u8.ToArray())], "alice", when, first);
        var rival = _git.WriteCommit(_owner, _id, [new GitFile("a", "3"u8.ToArray())], "alice", when, first);

        Assert.Throws<ConflictException>(() => _git.UpdateHead(_owner, _id, null, second));
        _git.UpdateHead(_owner, _id, first, second);
        Assert.Throws<ConflictException>(() => _git.UpdateHead(_owner, _id, first, rival));

        Assert.Equal(second, _git.GetHead(_owner, _id));
        Assert.Equal("2"u8.ToArray(), _git.ReadFile(_owner, _id, second, "a")!.Content);
        Assert.Equal(2, _git.CountCommits(_owner, _id, second));
        // A commit outside the branch's history (the rival, or a rolled-back save) is not a revision of the gist.
        Assert.Null(_git.ResolveRevision(_owner, _id, rival));
        Assert.Equal(first, _git.ResolveRevision(_owner, _id, first[..8]));
    }

    [Fact]
    public void DeleteMovesTheRepositoryOutThenRemovesIt()
    {
        _git.Create(_owner, _id);
        var head = _git.WriteCommit(_owner, _id, [new GitFile("a", "1"u8.ToArray())], "alice", DateTimeOffset.UnixEpoch, null);
        _git.UpdateHead(_owner, _id, null, head);

        _git.Delete(_owner, _id);

        Assert.False(_git.Exists(_owner, _id));
        Assert.Empty(Directory.GetFileSystemEntries(_data.Temp));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("ABCDEF0123456789abcdef0123456789")]
    [InlineData("")]
    public void AnythingButAGistIdIsRefusedAsAPath(string id) =>
        Assert.Throws<ArgumentException>(() => _git.RepositoryPath(_owner, id));

    [Theory]
    [InlineData("abcd", true)]
    [InlineData("ABCDEF0123", true)]
    [InlineData("0123456789012345678901234567890123456789", true)]
    [InlineData("abc", false)]
    [InlineData("01234567890123456789012345678901234567890", false)]
    [InlineData("-n", false)]
    [InlineData("--upload-pack=x", false)]
    [InlineData("HEAD~1", false)]
    [InlineData("abcd\n", false)]
    [InlineData("abcd^", false)]
    public void RevisionSyntaxAllowsOnlyHexIds(string revision, bool allowed) =>
        Assert.Equal(allowed, GitStore.IsRevisionSyntax(revision));
}
