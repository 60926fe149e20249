using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using LibGit2Sharp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CasGists.Core.Social;

/// <summary>
/// Forks: a copy of a gist's repository with its whole history (the same commit ids) in the forker's account,
/// under a new id, with the source's files, title, description and visibility. As on GitHub, you cannot fork your
/// own gist, and forking again returns the fork you already have.
/// </summary>
public sealed class ForkService(
    IDbContextFactory<CasGistsDbContext> contexts,
    GitStore git,
    GistLocks locks,
    GistService gists,
    GistChangePublisher changes,
    TimeProvider time,
    ILogger<ForkService> logger)
{
    public async Task<GistDetails> ForkAsync(Viewer viewer, string gistId, CancellationToken ct = default)
    {
        var forkerId = SocialAccess.RequireSignedIn(viewer, "fork gists");
        string forkId;
        Guid sourceOwnerId;
        // Under the source's lock a push cannot move its head half-way through the copy.
        using (await locks.AcquireAsync(GistIds.IsValid(gistId) ? gistId : "-", ct))
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var target = await SocialAccess.ReadableAsync(db, viewer, gistId, ct);
            if (target.OwnerId == forkerId)
            {
                throw new ConflictException("You can't fork your own gist.");
            }
            var existing = await ExistingForkAsync(db, target.Id, forkerId, ct);
            if (existing is not null)
            {
                return await gists.GetAsync(viewer, existing, ct);
            }

            var source = await db.Gists.AsNoTracking().Include(g => g.Files).SingleAsync(g => g.Id == target.Id, ct);
            sourceOwnerId = source.OwnerId;
            forkId = GistIds.New();
            var now = SocialAccess.Now(time);
            CopyRepository(source, forkerId, forkId);
            try
            {
                db.Gists.Add(new Gist
                {
                    Id = forkId,
                    OwnerId = forkerId,
                    Title = source.Title,
                    Description = source.Description,
                    Visibility = source.Visibility,
                    HeadRevision = source.HeadRevision,
                    RevisionCount = source.RevisionCount,
                    FileCount = source.FileCount,
                    TotalSize = source.TotalSize,
                    CreatedAt = now,
                    UpdatedAt = now,
                    ForkedFromId = source.Id,
                    Files = source.Files.Select(f => new GistFile
                    {
                        GistId = forkId, Name = f.Name, Language = f.Language, Size = f.Size, Content = f.Content, Position = f.Position,
                    }).ToList(),
                });
                await db.SaveChangesAsync(ct);
            }
            catch (Exception e)
            {
                // No repository without its row.
                DeleteRepositoryQuietly(forkerId, forkId);
                if (e is DbUpdateException && await ExistingForkAsync(null, source.Id, forkerId, ct) is { } raced)
                {
                    // Another server forked it for the same user at the same moment: that fork is the answer.
                    return await gists.GetAsync(viewer, raced, ct);
                }
                throw;
            }
        }

        logger.LogInformation("Gist {GistId} forked by {UserId} as {ForkId}", gistId, forkerId, forkId);
        await changes.PublishAsync(new GistChange(forkId, forkerId, GistChangeKind.Created), ct);
        // The source's fork count changed.
        await changes.PublishAsync(new GistChange(gistId, sourceOwnerId, GistChangeKind.Social), ct);
        return await gists.GetAsync(viewer, forkId, ct);
    }

    /// <summary>
    /// Forks of a gist the viewer may see listed: public ones; unlisted ones when the source is not public either
    /// (only people who hold the source's URL reach this list); and the viewer's own. Admins see all. Newest first.
    /// </summary>
    public async Task<PagedResult<GistSummary>> ListForksAsync(Viewer viewer, string gistId, int page, int pageSize, CancellationToken ct = default)
    {
        SocialTarget source;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            source = await SocialAccess.ReadableAsync(db, viewer, gistId, ct);
        }
        var viewerId = viewer.UserId ?? Guid.Empty;
        var seesAll = viewer.IsAdmin;
        var unlistedToo = source.Visibility != GistVisibility.Public;
        return await gists.ListSummariesAsync(db => db.Gists
                .Where(f => f.ForkedFromId == source.Id && (f.Visibility == GistVisibility.Public
                    || (unlistedToo && f.Visibility == GistVisibility.Unlisted) || seesAll || f.OwnerId == viewerId))
                .OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id),
            page, pageSize, ct);
    }

    /// <summary>The id of the viewer's fork of a gist, if they have one (for a "View your fork" button).</summary>
    public async Task<string?> FindForkAsync(Viewer viewer, string gistId, CancellationToken ct = default)
    {
        if (viewer.UserId is not { } userId || !GistIds.IsValid(gistId))
        {
            return null;
        }
        return await ExistingForkAsync(null, gistId, userId, ct);
    }

    private async Task<string?> ExistingForkAsync(CasGistsDbContext? db, string sourceId, Guid ownerId, CancellationToken ct)
    {
        await using var owned = db is null ? await contexts.CreateDbContextAsync(ct) : null;
        return await (db ?? owned!).Gists.AsNoTracking()
            .Where(g => g.ForkedFromId == sourceId && g.OwnerId == ownerId)
            .Select(g => g.Id)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// A new bare repository that fetches the source's branch: git copies every object reachable from it, so the
    /// fork has the same commits, and nothing else of the source (no config, no dangling objects of rolled-back saves).
    /// </summary>
    private void CopyRepository(Gist source, Guid forkerId, string forkId)
    {
        git.Create(forkerId, forkId);
        try
        {
            using var repo = new Repository(git.RepositoryPath(forkerId, forkId));
            // A path, never user input: both ids are checked 32-hex and the owner is a Guid. This libgit2 wants a named
            // remote, so one lives in the fork's config just for the fetch.
            const string remoteName = "casgists-fork-source";
            repo.Network.Remotes.Add(remoteName, git.RepositoryPath(source.OwnerId, source.Id), $"+{GitStore.BranchRef}:{GitStore.BranchRef}");
            try
            {
                Commands.Fetch(repo, remoteName, [], new FetchOptions { TagFetchMode = TagFetchMode.None, Prune = false }, "casgists: fork");
            }
            finally
            {
                repo.Network.Remotes.Remove(remoteName);
            }
            // The branch may be ahead of the row when an index update failed; the fork starts where the row says.
            if (repo.Lookup<Commit>(source.HeadRevision) is null)
            {
                throw new ConflictException("The gist's repository and its index disagree; ask an admin to run `reindex`.");
            }
            var branch = repo.Refs[GitStore.BranchRef];
            if (branch is null)
            {
                repo.Refs.Add(GitStore.BranchRef, new ObjectId(source.HeadRevision), "casgists: fork");
            }
            else if (!string.Equals(branch.TargetIdentifier, source.HeadRevision, StringComparison.OrdinalIgnoreCase))
            {
                repo.Refs.UpdateTarget(branch, new ObjectId(source.HeadRevision), "casgists: fork");
            }
        }
        catch
        {
            DeleteRepositoryQuietly(forkerId, forkId);
            throw;
        }
    }

    private void DeleteRepositoryQuietly(Guid ownerId, string id)
    {
        try
        {
            git.Delete(ownerId, id);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not delete the repository of failed fork {GistId}; start-up reconciliation will remove it", id);
        }
    }
}
