using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using Microsoft.EntityFrameworkCore;

namespace CasGists.Core.Social;

/// <summary>The gist a social action is about, loaded just far enough to apply <see cref="GistAccess"/>.</summary>
internal sealed record SocialTarget(string Id, Guid OwnerId, GistVisibility Visibility);

internal static class SocialAccess
{
    /// <summary>The same words GistService uses, so a private gist's existence does not leak through its stars or comments.</summary>
    public const string GistNotFound = "Gist not found.";

    /// <summary>The gist, or <see cref="NotFoundException"/> when the id is malformed, the gist missing, or the viewer may not read it.</summary>
    public static async Task<SocialTarget> ReadableAsync(CasGistsDbContext db, Viewer viewer, string? gistId, CancellationToken ct)
    {
        if (!GistIds.IsValid(gistId))
        {
            throw new NotFoundException(GistNotFound);
        }
        var target = await db.Gists.AsNoTracking()
            .Where(g => g.Id == gistId)
            .Select(g => new SocialTarget(g.Id, g.OwnerId, g.Visibility))
            .SingleOrDefaultAsync(ct);
        return target is not null && GistAccess.CanRead(viewer, target.OwnerId, target.Visibility)
            ? target
            : throw new NotFoundException(GistNotFound);
    }

    public static Guid RequireSignedIn(Viewer viewer, string action) =>
        viewer.UserId ?? throw new ForbiddenException($"Sign in to {action}.");

    /// <summary>Now, to the microsecond: what PostgreSQL keeps, so a value reads back as it was written.</summary>
    public static DateTime Now(TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
    }
}
