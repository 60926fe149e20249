using System.Text;
using CasGists.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CasGists.Core.Gists;

/// <summary>
/// Keeps the database's derived data honest with the repositories: <see cref="ReindexAllAsync"/>
/// rebuilds every file index from git (the <c>reindex</c> command); <see cref="ReconcileAsync"/>
/// removes repositories that have no row, the leftovers of a crash in the middle of a create.
/// </summary>
public sealed class GistIndexer(
    IDbContextFactory<CasGistsDbContext> contexts,
    GitStore git,
    GistLocks locks,
    GistChangePublisher changes,
    DataDirectory dataDirectory,
    TimeProvider time,
    ILogger<GistIndexer> logger)
{
    /// <summary>A create writes its repository before its row; younger folders may belong to one in flight (maybe on another server).</summary>
    public static readonly TimeSpan DefaultOrphanAge = TimeSpan.FromMinutes(15);

    /// <summary>Returns how many gists were reindexed.</summary>
    public async Task<int> ReindexAllAsync(CancellationToken ct = default)
    {
        List<string> ids;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            ids = await db.Gists.AsNoTracking().OrderBy(g => g.Id).Select(g => g.Id).ToListAsync(ct);
        }
        var count = 0;
        foreach (var id in ids)
        {
            if (await ReindexAsync(id, ct))
            {
                count++;
            }
        }
        logger.LogInformation("Reindexed {Count} of {Total} gist(s)", count, ids.Count);
        return count;
    }

    /// <summary>Rebuilds one gist's index from its repository; false when the gist or its repository is gone.</summary>
    public async Task<bool> ReindexAsync(string id, CancellationToken ct = default)
    {
        using var writeLock = await locks.AcquireAsync(id, ct);
        return await ReindexHeldAsync(id, touch: false, ct);
    }

    /// <summary>
    /// After a push moved <c>main</c>: the index follows the new head and <see cref="Gist.UpdatedAt"/> moves, as a save
    /// from the UI would. The caller already holds the gist's lock (it held it through the push), which is not re-entrant.
    /// </summary>
    public Task<bool> ReindexAfterPushAsync(string id, CancellationToken ct = default) => ReindexHeldAsync(id, touch: true, ct);

    private async Task<bool> ReindexHeldAsync(string id, bool touch, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var gist = await db.Gists.Include(g => g.Files).SingleOrDefaultAsync(g => g.Id == id, ct);
        if (gist is null)
        {
            return false;
        }
        var head = git.GetHead(gist.OwnerId, id);
        if (head is null)
        {
            logger.LogWarning("Gist {GistId} has no repository or no commits; its index is left as it is", id);
            return false;
        }

        var files = git.ReadFiles(gist.OwnerId, id, head)
            .Select(f => new ValidGistFile(f.Name, Decode(id, f), f.Content))
            .OrderBy(f => f.Name, GistInputValidator.FileOrder)
            .ToList();
        foreach (var removed in GistService.ApplyFiles(gist, files))
        {
            db.GistFiles.Remove(removed);
        }
        gist.HeadRevision = head;
        gist.RevisionCount = git.CountCommits(gist.OwnerId, id, head);
        if (touch)
        {
            var now = time.GetUtcNow().UtcDateTime;
            // Microseconds, as GistService stores them, so PostgreSQL reads back what was written.
            gist.UpdatedAt = new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
        }
        await db.SaveChangesAsync(ct);
        await changes.PublishAsync(new GistChange(id, gist.OwnerId, GistChangeKind.Updated), ct);
        return true;
    }

    /// <summary>
    /// Removes repository folders with no gist row for that owner and id, older than <paramref name="minimumAge"/>
    /// (default <see cref="DefaultOrphanAge"/>), and the trash a delete left in <c>tmp/</c>. Returns how many repositories went.
    /// </summary>
    public async Task<int> ReconcileAsync(TimeSpan? minimumAge = null, CancellationToken ct = default)
    {
        EmptyTrash();
        if (!Directory.Exists(dataDirectory.Repositories))
        {
            return 0;
        }
        var found = new List<(Guid OwnerId, string Id, string Path)>();
        foreach (var ownerDir in Directory.EnumerateDirectories(dataDirectory.Repositories))
        {
            if (!Guid.TryParseExact(Path.GetFileName(ownerDir), "D", out var ownerId))
            {
                continue; // not ours: leave it alone
            }
            foreach (var repoDir in Directory.EnumerateDirectories(ownerDir, "*.git"))
            {
                var id = Path.GetFileNameWithoutExtension(repoDir);
                if (GistIds.IsValid(id))
                {
                    found.Add((ownerId, id, repoDir));
                }
            }
        }
        if (found.Count == 0)
        {
            return 0;
        }

        HashSet<(Guid, string)> rows;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var all = await db.Gists.AsNoTracking().Select(g => new { g.OwnerId, g.Id }).ToListAsync(ct);
            rows = all.Select(g => (g.OwnerId, g.Id)).ToHashSet();
        }

        var cutoff = time.GetUtcNow().UtcDateTime - (minimumAge ?? DefaultOrphanAge);
        var removed = 0;
        foreach (var (ownerId, id, path) in found)
        {
            if (rows.Contains((ownerId, id)) || Directory.GetLastWriteTimeUtc(path) > cutoff)
            {
                continue;
            }
            try
            {
                git.Delete(ownerId, id);
                removed++;
                logger.LogWarning("Removed repository {Path}: no gist row refers to it", path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogError(e, "Could not remove orphan repository {Path}", path);
            }
        }
        return removed;
    }

    private void EmptyTrash()
    {
        if (!Directory.Exists(dataDirectory.Temp))
        {
            return;
        }
        foreach (var trash in Directory.EnumerateDirectories(dataDirectory.Temp, GitStore.TrashPrefix + "*"))
        {
            try
            {
                GitStore.DeleteFolder(trash);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Could not empty {Path}", trash);
            }
        }
    }

    private string Decode(string id, GitFile file)
    {
        try
        {
            return GistInputValidator.DecodeUtf8(file.Content, 0);
        }
        catch (Common.ValidationException)
        {
            // Only a push from outside CasGists could store this; index it readable rather than not at all.
            logger.LogWarning("Gist {GistId}: file {FileName} is not valid UTF-8; indexed with replacement characters", id, file.Name);
            return Encoding.UTF8.GetString(file.Content);
        }
    }
}
