using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using Microsoft.EntityFrameworkCore;

namespace CasGists.Core.Social;

/// <summary>
/// Stars: idempotent on and off, only on gists the viewer can read. A user's starred list shows
/// everything they can still read to themselves, and only public gists to others (as GitHub does).
/// </summary>
public sealed class StarService(
    IDbContextFactory<CasGistsDbContext> contexts,
    GistService gists,
    GistChangePublisher changes,
    TimeProvider time)
{
    public async Task StarAsync(Viewer viewer, string gistId, CancellationToken ct = default)
    {
        var userId = SocialAccess.RequireSignedIn(viewer, "star gists");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var gist = await SocialAccess.ReadableAsync(db, viewer, gistId, ct);
        if (await db.Set<Star>().AnyAsync(s => s.GistId == gist.Id && s.UserId == userId, ct))
        {
            return;
        }
        db.Set<Star>().Add(new Star { GistId = gist.Id, UserId = userId, CreatedAt = SocialAccess.Now(time) });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (await IsStarredByAsync(gist.Id, userId, ct))
            {
                return; // a second click that raced the first: the star is there, which is all that was asked
            }
            throw;
        }
        await changes.PublishAsync(new GistChange(gist.Id, gist.OwnerId, GistChangeKind.Social), ct);
    }

    public async Task UnstarAsync(Viewer viewer, string gistId, CancellationToken ct = default)
    {
        var userId = SocialAccess.RequireSignedIn(viewer, "star gists");
        await using var db = await contexts.CreateDbContextAsync(ct);
        var gist = await SocialAccess.ReadableAsync(db, viewer, gistId, ct);
        var removed = await db.Set<Star>().Where(s => s.GistId == gist.Id && s.UserId == userId).ExecuteDeleteAsync(ct);
        if (removed > 0)
        {
            await changes.PublishAsync(new GistChange(gist.Id, gist.OwnerId, GistChangeKind.Social), ct);
        }
    }

    /// <summary>False for anonymous viewers; <see cref="NotFoundException"/> for a gist the viewer cannot read.</summary>
    public async Task<bool> IsStarredAsync(Viewer viewer, string gistId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var gist = await SocialAccess.ReadableAsync(db, viewer, gistId, ct);
        return viewer.UserId is { } userId && await db.Set<Star>().AnyAsync(s => s.GistId == gist.Id && s.UserId == userId, ct);
    }

    /// <summary>The viewer's own stars, most recently starred first, leaving out gists they can no longer read.</summary>
    public Task<PagedResult<GistSummary>> ListStarredAsync(Viewer viewer, int page, int pageSize, CancellationToken ct = default)
    {
        var userId = SocialAccess.RequireSignedIn(viewer, "see your stars");
        var isAdmin = viewer.IsAdmin;
        // GistAccess.CanRead, in a form the database can run.
        return gists.ListSummariesAsync(db => db.Set<Star>()
                .Where(s => s.UserId == userId && (s.Gist.Visibility != GistVisibility.Private || isAdmin || s.Gist.OwnerId == userId))
                .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.GistId)
                .Select(s => s.Gist),
            page, pageSize, ct);
    }

    /// <summary>
    /// <paramref name="userName"/>'s stars as <paramref name="viewer"/> may see them: all readable ones for the user
    /// themselves; for others, what <see cref="GistAccess.CanList"/> allows (public gists, plus the viewer's own; admins see all).
    /// </summary>
    public async Task<PagedResult<GistSummary>> ListStarredByUserAsync(Viewer viewer, string userName, int page, int pageSize, CancellationToken ct = default)
    {
        var normalized = (userName ?? "").Trim().ToLowerInvariant();
        Guid userId;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            userId = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).SingleOrDefaultAsync(ct);
        }
        if (userId == Guid.Empty)
        {
            throw new NotFoundException("User not found.");
        }
        if (viewer.UserId == userId)
        {
            return await ListStarredAsync(viewer, page, pageSize, ct);
        }
        var isAdmin = viewer.IsAdmin;
        var viewerId = viewer.UserId ?? Guid.Empty;
        return await gists.ListSummariesAsync(db => db.Set<Star>()
                .Where(s => s.UserId == userId && (s.Gist.Visibility == GistVisibility.Public || isAdmin || s.Gist.OwnerId == viewerId))
                .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.GistId)
                .Select(s => s.Gist),
            page, pageSize, ct);
    }

    private async Task<bool> IsStarredByAsync(string gistId, Guid userId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Set<Star>().AnyAsync(s => s.GistId == gistId && s.UserId == userId, ct);
    }
}
