using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using CasGists.Core.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace CasGists.Core.Social;

/// <summary>
/// Markdown comments on gists. Anyone who can read a gist can comment on it; the author edits; the author,
/// the gist's owner and admins delete. Nobody learns a private gist exists by commenting on it (404, as for reading).
/// </summary>
public sealed class CommentService(
    IDbContextFactory<CasGistsDbContext> contexts,
    MarkdownRenderer markdown,
    IMemoryCache cache,
    GistChangePublisher changes,
    TimeProvider time,
    ILogger<CommentService> logger)
{
    public const int MaxBodyLength = 65_536;
    private const string CommentNotFound = "Comment not found.";
    private static readonly TimeSpan RenderLifetime = TimeSpan.FromMinutes(30);

    public async Task<CommentView> AddAsync(Viewer viewer, string gistId, string body, CancellationToken ct = default)
    {
        var authorId = SocialAccess.RequireSignedIn(viewer, "comment");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var gist = await SocialAccess.ReadableAsync(db, viewer, gistId, ct);
        ValidateBody(body);
        var now = SocialAccess.Now(time);
        var comment = new Comment { GistId = gist.Id, AuthorId = authorId, Body = body, CreatedAt = now, UpdatedAt = now };
        db.Set<Comment>().Add(comment);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Comment {CommentId} added to gist {GistId} by {UserId}", comment.Id, gist.Id, authorId);
        await changes.PublishAsync(new GistChange(gist.Id, gist.OwnerId, GistChangeKind.Social), ct);
        return ToView(viewer, gist, comment.Id, authorId, viewer.UserName ?? "", body, now, now);
    }

    /// <summary>Only the author edits, and only while they can still read the gist.</summary>
    public async Task<CommentView> EditAsync(Viewer viewer, string gistId, long commentId, string body, CancellationToken ct = default)
    {
        SocialAccess.RequireSignedIn(viewer, "comment");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var gist = await SocialAccess.ReadableAsync(db, viewer, gistId, ct);
        var comment = await db.Set<Comment>().Include(c => c.Author).SingleOrDefaultAsync(c => c.Id == commentId && c.GistId == gist.Id, ct)
            ?? throw new NotFoundException(CommentNotFound);
        if (comment.AuthorId != viewer.UserId)
        {
            throw new ForbiddenException("Only its author can edit a comment.");
        }
        ValidateBody(body);
        if (!string.Equals(comment.Body, body, StringComparison.Ordinal))
        {
            comment.Body = body;
            comment.UpdatedAt = SocialAccess.Now(time);
            await db.SaveChangesAsync(ct);
            await changes.PublishAsync(new GistChange(gist.Id, gist.OwnerId, GistChangeKind.Social), ct);
        }
        return ToView(viewer, gist, comment.Id, comment.AuthorId, comment.Author.UserName, comment.Body, comment.CreatedAt, comment.UpdatedAt);
    }

    /// <summary>The author, the gist's owner and admins may delete (<see cref="GistAccess.CanDelete"/> covers the last two).</summary>
    public async Task DeleteAsync(Viewer viewer, string gistId, long commentId, CancellationToken ct = default)
    {
        SocialAccess.RequireSignedIn(viewer, "delete comments");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var gist = await SocialAccess.ReadableAsync(db, viewer, gistId, ct);
        var comment = await db.Set<Comment>().SingleOrDefaultAsync(c => c.Id == commentId && c.GistId == gist.Id, ct)
            ?? throw new NotFoundException(CommentNotFound);
        if (!CanDelete(viewer, gist, comment.AuthorId))
        {
            throw new ForbiddenException("Only the comment's author, the gist's owner or an admin can delete a comment.");
        }
        db.Set<Comment>().Remove(comment);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Comment {CommentId} on gist {GistId} deleted by {UserId}", commentId, gist.Id, viewer.UserId);
        await changes.PublishAsync(new GistChange(gist.Id, gist.OwnerId, GistChangeKind.Social), ct);
    }

    public async Task<CommentView> GetAsync(Viewer viewer, string gistId, long commentId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var gist = await SocialAccess.ReadableAsync(db, viewer, gistId, ct);
        var row = await db.Set<Comment>().AsNoTracking()
            .Where(c => c.Id == commentId && c.GistId == gist.Id)
            .Select(c => new { c.Id, c.AuthorId, c.Author.UserName, c.Body, c.CreatedAt, c.UpdatedAt })
            .SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException(CommentNotFound);
        return ToView(viewer, gist, row.Id, row.AuthorId, row.UserName, row.Body, row.CreatedAt, row.UpdatedAt);
    }

    /// <summary>A gist's comments, oldest first, as GitHub shows them.</summary>
    public async Task<PagedResult<CommentView>> ListAsync(Viewer viewer, string gistId, int page, int pageSize, CancellationToken ct = default)
    {
        page = Math.Clamp(page, 1, 1_000_000);
        pageSize = Math.Clamp(pageSize, 1, 100);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var gist = await SocialAccess.ReadableAsync(db, viewer, gistId, ct);
        var query = db.Set<Comment>().AsNoTracking().Where(c => c.GistId == gist.Id);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(c => c.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(c => new { c.Id, c.AuthorId, c.Author.UserName, c.Body, c.CreatedAt, c.UpdatedAt })
            .ToListAsync(ct);
        var items = rows.Select(r => ToView(viewer, gist, r.Id, r.AuthorId, r.UserName, r.Body, r.CreatedAt, r.UpdatedAt)).ToList();
        return new PagedResult<CommentView>(items, page, pageSize, total);
    }

    /// <summary>The page of <see cref="ListAsync"/> that holds a comment, so a redirect can land on it.</summary>
    public async Task<int> PageOfAsync(Viewer viewer, string gistId, long commentId, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, 100);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var gist = await SocialAccess.ReadableAsync(db, viewer, gistId, ct);
        var before = await db.Set<Comment>().CountAsync(c => c.GistId == gist.Id && c.Id < commentId, ct);
        return before / pageSize + 1;
    }

    /// <summary>1 to 65,536 characters, not all blank. Stored exactly as typed: neutralising is the renderer's job.</summary>
    public static void ValidateBody(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new ValidationException("body", "Write something before commenting.");
        }
        if (body.Length > MaxBodyLength)
        {
            throw new ValidationException("body", $"A comment can have at most {MaxBodyLength:N0} characters.");
        }
        // PostgreSQL cannot store NUL in text; refuse it everywhere so both databases accept the same comments.
        if (body.Contains('\0'))
        {
            throw new ValidationException("body", "A comment cannot contain NUL characters.");
        }
    }

    private CommentView ToView(Viewer viewer, SocialTarget gist, long id, Guid authorId, string author, string body, DateTime created, DateTime updated) =>
        new(id, gist.Id, author, body, Render(id, updated, body), created, updated,
            CanEdit: viewer.UserId == authorId,
            CanDelete: CanDelete(viewer, gist, authorId));

    private static bool CanDelete(Viewer viewer, SocialTarget gist, Guid authorId) =>
        viewer.UserId == authorId || GistAccess.CanDelete(viewer, gist.OwnerId);

    // A comment's HTML changes only when it is edited, so (id, updated) names it for good.
    private string Render(long id, DateTime updated, string body) =>
        cache.GetOrCreate(("comment", id, updated.Ticks, body.GetHashCode()), entry =>
        {
            entry.SlidingExpiration = RenderLifetime;
            entry.Size = body.Length;
            return markdown.Render(body);
        })!;
}
