using CasGists.Core.Common;
using CasGists.Core.Gists;
using Microsoft.Extensions.Logging.Abstractions;

namespace CasGists.Tests.Core.Gists;

public sealed class GistChangePublisherTests
{
    [Fact]
    public async Task EveryCommittedWriteIsPublishedOnceAndARefusedWriteIsNot()
    {
        await using var t = await GistTestContext.CreateAsync();
        var alice = await t.CreateUserAsync("alice");
        var bob = await t.CreateUserAsync("bob");

        var gist = await t.CreateGistAsync(alice);
        await t.Gists.UpdateAsync(alice, gist.Id, new UpdateGistInput("T", "", GistVisibility.Public, [new("a.txt", "changed\n")], null));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            t.Gists.UpdateAsync(bob, gist.Id, new UpdateGistInput("T", "", GistVisibility.Public, [new("a.txt", "bob\n")], null)));
        await Assert.ThrowsAsync<ValidationException>(() =>
            t.Gists.UpdateAsync(alice, gist.Id, new UpdateGistInput("T", "", GistVisibility.Public, [], null)));
        await t.Indexer.ReindexAfterPushAsync(gist.Id);
        await t.Gists.DeleteAsync(alice, gist.Id);

        var owner = alice.UserId!.Value;
        Assert.Equal(
            [
                new GistChange(gist.Id, owner, GistChangeKind.Created),
                new GistChange(gist.Id, owner, GistChangeKind.Updated),
                new GistChange(gist.Id, owner, GistChangeKind.Updated),
                new GistChange(gist.Id, owner, GistChangeKind.Deleted),
            ],
            t.ChangeLog.Changes);
    }

    [Fact]
    public async Task AFailingObserverIsLoggedAndTheOthersStillHear()
    {
        var after = new RecordingGistChangeObserver();
        var changes = new GistChangePublisher([new ThrowingObserver(), after], NullLogger<GistChangePublisher>.Instance);

        await changes.PublishAsync(new GistChange("0123456789abcdef0123456789abcdef", Guid.NewGuid(), GistChangeKind.Social));

        Assert.Single(after.Changes);
    }

    private sealed class ThrowingObserver : IGistChangeObserver
    {
        public ValueTask OnGistChangedAsync(GistChange change, CancellationToken ct) => throw new InvalidOperationException("cache down");
    }
}
