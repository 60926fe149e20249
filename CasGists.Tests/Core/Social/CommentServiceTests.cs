using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Gists;
using CasGists.Core.Social;
using Microsoft.EntityFrameworkCore;

namespace CasGists.Tests.Core.Social;

public sealed class CommentServiceTests
{
    [Fact]
    public async Task CommentsAreAddedListedEditedAndDeleted()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var gist = await t.G.CreateGistAsync(alice);
        var created = t.G.Time.GetUtcNow().UtcDateTime;

        var first = await t.Comments.AddAsync(bob, gist.Id, "Nice **work**");
        var second = await t.Comments.AddAsync(alice, gist.Id, "Thanks!");

        Assert.Equal(("bob", "Nice **work**"), (first.AuthorUserName, first.Body));
        Assert.Equal("<p>Nice <strong>work</strong></p>\n", first.Html);
        Assert.Equal((created, created), (first.CreatedAt, first.UpdatedAt));
        Assert.False(first.IsEdited);
        Assert.Equal(2, (await t.G.Gists.GetAsync(Viewer.Anonymous, gist.Id)).CommentCount);
        Assert.Equal(2, (await t.G.Gists.ListPublicAsync(1, 10)).Items.Single().CommentCount);

        var list = await t.Comments.ListAsync(Viewer.Anonymous, gist.Id, 1, 10);
        Assert.Equal([first.Id, second.Id], list.Items.Select(c => c.Id));
        Assert.All(list.Items, c => Assert.False(c.CanEdit || c.CanDelete));
        var asAlice = await t.Comments.ListAsync(alice, gist.Id, 1, 10);
        // The owner deletes anyone's comment but edits only her own.
        Assert.Equal([(false, true), (true, true)], asAlice.Items.Select(c => (c.CanEdit, c.CanDelete)));

        t.G.Time.Advance(TimeSpan.FromMinutes(3));
        var edited = await t.Comments.EditAsync(bob, gist.Id, first.Id, "Nice *work*");
        Assert.Equal("<p>Nice <em>work</em></p>\n", edited.Html);
        Assert.True(edited.IsEdited);
        Assert.Equal("Nice *work*", (await t.Comments.GetAsync(Viewer.Anonymous, gist.Id, first.Id)).Body);

        await t.Comments.DeleteAsync(bob, gist.Id, first.Id);
        await t.Comments.DeleteAsync(alice, gist.Id, second.Id);
        Assert.Equal(0, (await t.Comments.ListAsync(bob, gist.Id, 1, 10)).TotalCount);
        // Two adds, an edit, two deletes.
        Assert.Equal(5, t.G.ChangeLog.Changes.Count(c => c == new GistChange(gist.Id, alice.UserId!.Value, GistChangeKind.Social)));
    }

    [Fact]
    public async Task OnlyTheAuthorEditsAndOnlyAuthorOwnerOrAdminDelete()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var carol = await t.G.CreateUserAsync("carol");
        var admin = await t.G.CreateUserAsync("root", isAdmin: true);
        var gist = await t.G.CreateGistAsync(alice);
        var comment = await t.Comments.AddAsync(bob, gist.Id, "original");

        await Assert.ThrowsAsync<ForbiddenException>(() => t.Comments.EditAsync(alice, gist.Id, comment.Id, "owner rewrites"));
        await Assert.ThrowsAsync<ForbiddenException>(() => t.Comments.EditAsync(admin, gist.Id, comment.Id, "admin rewrites"));
        await Assert.ThrowsAsync<ForbiddenException>(() => t.Comments.EditAsync(carol, gist.Id, comment.Id, "stranger rewrites"));
        await Assert.ThrowsAsync<ForbiddenException>(() => t.Comments.EditAsync(Viewer.Anonymous, gist.Id, comment.Id, "x"));
        await Assert.ThrowsAsync<ForbiddenException>(() => t.Comments.DeleteAsync(carol, gist.Id, comment.Id));
        Assert.Equal("original", (await t.Comments.GetAsync(carol, gist.Id, comment.Id)).Body);

        await t.Comments.DeleteAsync(admin, gist.Id, comment.Id);
        var another = await t.Comments.AddAsync(bob, gist.Id, "again");
        await t.Comments.DeleteAsync(alice, gist.Id, another.Id);
        Assert.Equal(0, (await t.Comments.ListAsync(bob, gist.Id, 1, 10)).TotalCount);
    }

    [Fact]
    public async Task NobodyCommentsOnAGistTheyCannotRead()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var admin = await t.G.CreateUserAsync("root", isAdmin: true);
        var gist = await t.G.CreateGistAsync(alice, GistVisibility.Private);
        var own = await t.Comments.AddAsync(alice, gist.Id, "note to self");

        await Assert.ThrowsAsync<NotFoundException>(() => t.Comments.AddAsync(bob, gist.Id, "hi"));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Comments.ListAsync(bob, gist.Id, 1, 10));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Comments.GetAsync(bob, gist.Id, own.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Comments.DeleteAsync(bob, gist.Id, own.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Comments.ListAsync(Viewer.Anonymous, gist.Id, 1, 10));
        await Assert.ThrowsAsync<ForbiddenException>(() => t.Comments.AddAsync(Viewer.Anonymous, gist.Id, "hi"));
        Assert.Single((await t.Comments.ListAsync(admin, gist.Id, 1, 10)).Items);
        Assert.Equal(1, await CountAsync(t));
    }

    [Fact]
    public async Task AnAuthorWhoLostAccessCanNoLongerEditTheirComment()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var gist = await t.G.CreateGistAsync(alice);
        var comment = await t.Comments.AddAsync(bob, gist.Id, "mine");
        await t.G.Gists.UpdateAsync(alice, gist.Id, new UpdateGistInput("A gist", "", GistVisibility.Private, [new("hello.txt", "Hello\n")]));

        await Assert.ThrowsAsync<NotFoundException>(() => t.Comments.EditAsync(bob, gist.Id, comment.Id, "changed"));
        Assert.Equal("mine", (await t.Comments.GetAsync(alice, gist.Id, comment.Id)).Body);
    }

    [Fact]
    public async Task ACommentIdOfAnotherGistIsNotFound()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var mine = await t.G.CreateGistAsync(alice);
        var other = await t.G.CreateGistAsync(bob);
        var comment = await t.Comments.AddAsync(bob, other.Id, "on bob's gist");

        await Assert.ThrowsAsync<NotFoundException>(() => t.Comments.GetAsync(alice, mine.Id, comment.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Comments.EditAsync(bob, mine.Id, comment.Id, "moved?"));
        // Alice owns `mine`, which does not make her the owner of a comment on another gist.
        await Assert.ThrowsAsync<NotFoundException>(() => t.Comments.DeleteAsync(alice, mine.Id, comment.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => t.Comments.GetAsync(alice, mine.Id, 999_999));
        Assert.Equal("on bob's gist", (await t.Comments.GetAsync(alice, other.Id, comment.Id)).Body);
    }

    public static TheoryData<string?> BadBodies() => new() { null, "", "   ", "\n\t \n", new string('x', CommentService.MaxBodyLength + 1), "a\0b" };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadBodiesAreRefusedByFieldAndWriteNothing(string? body)
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var gist = await t.G.CreateGistAsync(alice);
        var existing = await t.Comments.AddAsync(alice, gist.Id, "fine");
        var changes = t.G.ChangeLog.Changes.Count;

        var add = await Assert.ThrowsAsync<ValidationException>(() => t.Comments.AddAsync(alice, gist.Id, body!));
        var edit = await Assert.ThrowsAsync<ValidationException>(() => t.Comments.EditAsync(alice, gist.Id, existing.Id, body!));

        Assert.Equal(["body"], add.Errors.Keys);
        Assert.Equal(["body"], edit.Errors.Keys);
        Assert.Equal(1, await CountAsync(t));
        Assert.Equal("fine", (await t.Comments.GetAsync(alice, gist.Id, existing.Id)).Body);
        Assert.Equal(changes, t.G.ChangeLog.Changes.Count);
    }

    [Fact]
    public async Task TheLongestBodyIsAccepted()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var gist = await t.G.CreateGistAsync(alice);

        var comment = await t.Comments.AddAsync(alice, gist.Id, new string('é', CommentService.MaxBodyLength));

        Assert.Equal(CommentService.MaxBodyLength, (await t.Comments.GetAsync(alice, gist.Id, comment.Id)).Body.Length);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>hi", "<script")]
    [InlineData("[click](javascript:alert(1))", "javascript:")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", "javascript:")]
    [InlineData("<svg onload=alert(1)><circle r=\"1\"/></svg>", "onload")]
    [InlineData("<img src=x onerror=alert(1)>", "onerror")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    [InlineData("<form action=\"/logout\"><button>go</button></form>", "<form")]
    public async Task HostileMarkdownIsStoredAsTypedAndRenderedNeutralised(string body, string forbidden)
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var bob = await t.G.CreateUserAsync("bob");
        var gist = await t.G.CreateGistAsync(alice);

        var added = await t.Comments.AddAsync(bob, gist.Id, body);
        var listed = (await t.Comments.ListAsync(alice, gist.Id, 1, 10)).Items.Single();

        Assert.Equal(body, listed.Body);
        Assert.DoesNotContain(forbidden, added.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(forbidden, listed.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DeletingAGistDeletesItsComments()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var gist = await t.G.CreateGistAsync(alice);
        await t.Comments.AddAsync(alice, gist.Id, "one");
        await t.Comments.AddAsync(alice, gist.Id, "two");

        await t.G.Gists.DeleteAsync(alice, gist.Id);

        Assert.Equal(0, await CountAsync(t));
    }

    [Fact]
    public async Task PagesAreOldestFirstAndPageOfFindsAComment()
    {
        await using var t = await SocialTestContext.CreateAsync();
        var alice = await t.G.CreateUserAsync("alice");
        var gist = await t.G.CreateGistAsync(alice);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await t.Comments.AddAsync(alice, gist.Id, $"comment {i}")).Id);
        }

        var second = await t.Comments.ListAsync(alice, gist.Id, 2, 2);

        Assert.Equal(ids[2..4], second.Items.Select(c => c.Id));
        Assert.Equal(3, second.PageCount);
        Assert.Equal(3, await t.Comments.PageOfAsync(alice, gist.Id, ids[4], 2));
        Assert.Equal(1, await t.Comments.PageOfAsync(alice, gist.Id, ids[1], 2));
    }

    private static async Task<int> CountAsync(SocialTestContext t)
    {
        await using var db = await t.G.Database.Contexts.CreateDbContextAsync();
        return await db.Set<Comment>().CountAsync();
    }
}
