using System.Text;
using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Data;
using CasGists.Core.Social;
using CasGists.Core.Topics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CasGists.Core.Gists;

/// <summary>
/// Creates, changes, reads and lists gists. Owns the EF queries and the git writes for a save,
/// so the UI, the API and git pushes share one validation path and one access rule.
/// A save writes git first and the database second, and undoes the git half when the database
/// half fails: there is never a repository without its row, nor a row without its repository.
/// </summary>
public sealed class GistService(
    IDbContextFactory<CasGistsDbContext> contexts,
    GitStore git,
    GistLocks locks,
    GistChangePublisher changes,
    IOptions<GistOptions> options,
    TimeProvider time,
    ILogger<GistService> logger)
{
    /// <summary>One message for "missing" and "not yours to see", so a private gist's existence does not leak.</summary>
    private const string NotFoundMessage = "Gist not found.";

    private const int PreviewLines = 10;
    internal const int PreviewChars = 1000;

    public async Task<GistDetails> CreateAsync(Viewer viewer, CreateGistInput input, CancellationToken ct = default)
    {
        if (viewer.UserId is not { } ownerId || string.IsNullOrEmpty(viewer.UserName))
        {
            throw new ForbiddenException("Sign in to create a gist.");
        }
        ArgumentNullException.ThrowIfNull(input);
        var valid = GistInputValidator.Validate(input, options.Value);
        var id = GistIds.New();
        var now = Now();

        git.Create(ownerId, id);
        string head;
        try
        {
            head = git.WriteCommit(ownerId, id, ToGitFiles(valid), viewer.UserName, now, parent: null);
            git.UpdateHead(ownerId, id, expected: null, head);

            var gist = new Gist
            {
                Id = id,
                OwnerId = ownerId,
                Title = valid.Title,
                Description = valid.Description,
                Visibility = valid.Visibility,
                HeadRevision = head,
                RevisionCount = 1,
                CreatedAt = now,
                UpdatedAt = now,
            };
            ApplyFiles(gist, valid.Files);
            await using var db = await contexts.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Gists.Add(gist);
            db.Set<GistTopic>().AddRange((valid.Topics ?? []).Select(t => new GistTopic { GistId = id, Topic = t }));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch
        {
            DeleteRepositoryQuietly(ownerId, id);
            throw;
        }

        logger.LogInformation("Gist {GistId} created by {UserId} with {FileCount} file(s)", id, ownerId, valid.Files.Count);
        await changes.PublishAsync(new GistChange(id, ownerId, GistChangeKind.Created), ct);
        return new GistDetails(id, ownerId, viewer.UserName, valid.Title, valid.Description, valid.Visibility, head, 1, now, now,
            valid.Files.Select(f => new GistFileView(f.Name, LanguageDetector.Detect(f.Name), f.Bytes.Length, f.Content)).ToList())
        {
            Topics = Sorted(valid.Topics ?? []),
        };
    }

    public async Task<GistDetails> UpdateAsync(Viewer viewer, string id, UpdateGistInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!GistIds.IsValid(id))
        {
            throw new NotFoundException(NotFoundMessage);
        }
        using var writeLock = await locks.AcquireAsync(id, ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var gist = await db.Gists.Include(g => g.Files).Include(g => g.Owner).SingleOrDefaultAsync(g => g.Id == id, ct);
        if (gist is null || !GistAccess.CanRead(viewer, gist.OwnerId, gist.Visibility))
        {
            throw new NotFoundException(NotFoundMessage);
        }
        if (!GistAccess.CanWrite(viewer, gist.OwnerId))
        {
            throw new ForbiddenException("Only the owner can edit this gist.");
        }
        var valid = GistInputValidator.Validate(input, options.Value);
        if (input.BaseRevision is { } baseRevision && !string.Equals(baseRevision, gist.HeadRevision, StringComparison.OrdinalIgnoreCase))
        {
            throw new ConflictException("This gist was changed since you started editing; reload it to see the new version.");
        }

        var oldHead = gist.HeadRevision;
        string? newHead = null;
        var now = Now();
        if (FilesChanged(gist.Files, valid.Files))
        {
            if (!string.Equals(git.GetHead(gist.OwnerId, id), oldHead, StringComparison.Ordinal))
            {
                throw new ConflictException("The gist's repository and its index disagree; try again, or ask an admin to run `reindex`.");
            }
            newHead = git.WriteCommit(gist.OwnerId, id, ToGitFiles(valid), gist.Owner.UserName, now, oldHead);
            git.UpdateHead(gist.OwnerId, id, oldHead, newHead);
        }

        try
        {
            // Title, description and visibility live outside git, as on GitHub: changing only them makes no revision.
            gist.Title = valid.Title;
            gist.Description = valid.Description;
            gist.Visibility = valid.Visibility;
            gist.UpdatedAt = now;
            if (newHead is not null)
            {
                foreach (var removed in ApplyFiles(gist, valid.Files))
                {
                    db.GistFiles.Remove(removed);
                }
                gist.HeadRevision = newHead;
                gist.RevisionCount++;
            }
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (valid.Topics is { } topics)
            {
                var current = await db.Set<GistTopic>().Where(t => t.GistId == id).ToListAsync(ct);
                db.Set<GistTopic>().RemoveRange(current.Where(t => !topics.Contains(t.Topic)));
                db.Set<GistTopic>().AddRange(topics.Where(t => current.All(c => c.Topic != t)).Select(t => new GistTopic { GistId = id, Topic = t }));
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (Exception e)
        {
            if (newHead is not null)
            {
                MoveHeadBack(gist.OwnerId, id, newHead, oldHead);
            }
            if (e is DbUpdateConcurrencyException)
            {
                throw new ConflictException("This gist was changed by someone else at the same time; reload it and try again.");
            }
            throw;
        }

        logger.LogInformation("Gist {GistId} updated by {UserId}{Revision}", id, viewer.UserId, newHead is null ? " (metadata only)" : $" to {newHead}");
        await changes.PublishAsync(new GistChange(id, gist.OwnerId, GistChangeKind.Updated), ct);
        return ToDetails(gist) with { Topics = await TopicsOfAsync(db, id, ct) };
    }

    public async Task DeleteAsync(Viewer viewer, string id, CancellationToken ct = default)
    {
        if (!GistIds.IsValid(id))
        {
            throw new NotFoundException(NotFoundMessage);
        }
        using var writeLock = await locks.AcquireAsync(id, ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var gist = await db.Gists.SingleOrDefaultAsync(g => g.Id == id, ct);
        if (gist is null || !GistAccess.CanRead(viewer, gist.OwnerId, gist.Visibility))
        {
            throw new NotFoundException(NotFoundMessage);
        }
        if (!GistAccess.CanDelete(viewer, gist.OwnerId))
        {
            throw new ForbiddenException("Only the owner or an admin can delete this gist.");
        }
        db.Gists.Remove(gist);
        await db.SaveChangesAsync(ct);
        // The row is gone, so the gist is gone; a repository that fails to go is an orphan that start-up reconciles.
        DeleteRepositoryQuietly(gist.OwnerId, id);
        logger.LogInformation("Gist {GistId} deleted by {UserId}", id, viewer.UserId);
        await changes.PublishAsync(new GistChange(id, gist.OwnerId, GistChangeKind.Deleted), ct);
    }

    /// <summary>Throws <see cref="NotFoundException"/> when the gist is missing or the viewer may not see it.</summary>
    public async Task<GistDetails> GetAsync(Viewer viewer, string id, CancellationToken ct = default)
    {
        var gist = await LoadAsync(id, ct);
        return gist is not null && GistAccess.CanRead(viewer, gist.OwnerId, gist.Visibility)
            ? await ForViewerAsync(viewer, gist, ct)
            : throw new NotFoundException(NotFoundMessage);
    }

    /// <summary>
    /// The shared copy from <see cref="LoadAsync"/> as a signed-in viewer sees it: forks they may see beyond the ones
    /// listed to anyone (their own, or all for an admin; see <c>ForkService.ListForksAsync</c>), and a source only they
    /// may read. Anonymous viewers get the shared copy as it is, so the hot path stays one cached read.
    /// </summary>
    internal async Task<GistDetails> ForViewerAsync(Viewer viewer, GistDetails gist, CancellationToken ct = default)
    {
        if (viewer.UserId is not { } viewerId)
        {
            return gist;
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var admin = viewer.IsAdmin;
        var sourcePublic = gist.Visibility == GistVisibility.Public;
        var forks = await db.Gists.CountAsync(f => f.ForkedFromId == gist.Id && (f.Visibility == GistVisibility.Public
            || (f.Visibility == GistVisibility.Unlisted && !sourcePublic) || admin || f.OwnerId == viewerId), ct);
        var source = gist.ForkedFrom;
        if (source is null)
        {
            var row = await db.Gists.AsNoTracking()
                .Where(g => g.Id == gist.Id && g.ForkedFrom != null)
                .Select(g => new
                {
                    g.ForkedFrom!.Id, g.ForkedFrom.OwnerId, g.ForkedFrom.Owner.UserName, g.ForkedFrom.Title, g.ForkedFrom.Visibility,
                    FirstFile = g.ForkedFrom.Files.OrderBy(f => f.Position).Select(f => f.Name).FirstOrDefault(),
                })
                .SingleOrDefaultAsync(ct);
            if (row is not null && GistAccess.CanRead(viewer, row.OwnerId, row.Visibility))
            {
                source = new GistReference(row.Id, row.UserName, !string.IsNullOrWhiteSpace(row.Title) ? row.Title : row.FirstFile ?? row.Id);
            }
        }
        return gist with { ForkCount = forks, ForkedFrom = source };
    }

    /// <summary>
    /// A gist as anyone may see it, before any access rule: for <see cref="Caching.GistReadCache"/>,
    /// which keeps one copy per gist and applies <see cref="GistAccess"/> per viewer after reading it.
    /// </summary>
    internal async Task<GistDetails?> LoadAsync(string id, CancellationToken ct = default)
    {
        if (!GistIds.IsValid(id))
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        // One copy for every viewer (the read cache keeps it): the forks counted are the ones listed to anyone,
        // and the source is named only when anyone may read it.
        var row = await db.Gists.AsNoTracking()
            .Where(g => g.Id == id)
            .Select(g => new
            {
                g.Id, g.OwnerId, g.Owner.UserName, g.Title, g.Description, g.Visibility,
                g.HeadRevision, g.RevisionCount, g.CreatedAt, g.UpdatedAt,
                Stars = g.StarCount,
                Comments = db.Set<Comment>().Count(c => c.GistId == g.Id),
                Forks = db.Gists.Count(f => f.ForkedFromId == g.Id && (f.Visibility == GistVisibility.Public
                    || (f.Visibility == GistVisibility.Unlisted && g.Visibility != GistVisibility.Public))),
                Source = g.ForkedFrom == null ? null : new
                {
                    g.ForkedFrom.Id, g.ForkedFrom.OwnerId, g.ForkedFrom.Owner.UserName, g.ForkedFrom.Title, g.ForkedFrom.Visibility,
                    FirstFile = g.ForkedFrom.Files.OrderBy(f => f.Position).Select(f => f.Name).FirstOrDefault(),
                },
            })
            .SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }
        var files = await db.GistFiles.AsNoTracking()
            .Where(f => f.GistId == id)
            .OrderBy(f => f.Position)
            .Select(f => new GistFileView(f.Name, f.Language, f.Size, f.Content))
            .ToListAsync(ct);
        var source = row.Source is { } s && GistAccess.CanRead(Viewer.Anonymous, s.OwnerId, s.Visibility)
            ? new GistReference(s.Id, s.UserName, !string.IsNullOrWhiteSpace(s.Title) ? s.Title : s.FirstFile ?? s.Id)
            : null;
        return new GistDetails(row.Id, row.OwnerId, row.UserName, row.Title, row.Description, row.Visibility,
            row.HeadRevision, row.RevisionCount, row.CreatedAt, row.UpdatedAt, files)
        {
            StarCount = row.Stars,
            CommentCount = row.Comments,
            ForkCount = row.Forks,
            ForkedFrom = source,
            Topics = await TopicsOfAsync(db, id, ct),
        };
    }

    /// <summary>
    /// Who owns a gist and who may see it, without its files: what the git endpoints need to apply
    /// <see cref="GistAccess"/> themselves (they answer 401/403/404, not exceptions). Null when there is no such gist.
    /// </summary>
    public async Task<GistOwnership?> FindOwnershipAsync(string id, CancellationToken ct = default)
    {
        if (!GistIds.IsValid(id))
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Gists.AsNoTracking()
            .Where(g => g.Id == id)
            .Select(g => new GistOwnership(g.Id, g.OwnerId, g.Owner.UserName, g.Visibility))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>Public gists of everyone.</summary>
    public Task<PagedResult<GistSummary>> ListPublicAsync(int page, int pageSize, GistSort sort = GistSort.Newest, CancellationToken ct = default) =>
        ListAsync(db => db.Gists.Where(g => g.Visibility == GistVisibility.Public), page, pageSize, sort, ct);

    /// <summary>Public gists carrying <paramref name="topic"/> (a topic page); empty for a value that is not a topic.</summary>
    public Task<PagedResult<GistSummary>> ListPublicByTopicAsync(string topic, int page, int pageSize, CancellationToken ct = default)
    {
        var normalized = (topic ?? "").Trim().ToLowerInvariant();
        return ListAsync(
            // From the topic index (one set of ids, built once), not a probe per public gist.
            db => db.Gists.Where(g => db.Set<GistTopic>().Where(t => t.Topic == normalized).Select(t => t.GistId).Contains(g.Id)
                && g.Visibility == GistVisibility.Public),
            page, pageSize, GistSort.RecentlyUpdated, ct);
    }

    /// <summary>A user's gists: public ones for others, all for the owner and admins.</summary>
    public async Task<PagedResult<GistSummary>> ListForUserAsync(Viewer viewer, string userName, int page, int pageSize, CancellationToken ct = default)
    {
        var normalized = (userName ?? "").Trim().ToLowerInvariant();
        Guid ownerId;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            ownerId = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).SingleOrDefaultAsync(ct);
        }
        if (ownerId == Guid.Empty)
        {
            throw new NotFoundException("User not found.");
        }
        return await ListOwnedAsync(ownerId, GistAccess.CanList(viewer, ownerId, GistVisibility.Private), page, pageSize, ct);
    }

    /// <summary>An owner's gists, all of them or the public ones: the viewer's decision is the caller's (<see cref="GistAccess.CanList"/>).</summary>
    internal Task<PagedResult<GistSummary>> ListOwnedAsync(Guid ownerId, bool includeNonPublic, int page, int pageSize, CancellationToken ct = default) =>
        ListAsync(
            db => db.Gists.Where(g => g.OwnerId == ownerId && (includeNonPublic || g.Visibility == GistVisibility.Public)),
            page, pageSize, GistSort.Newest, ct);

    /// <summary>A file's bytes at the head (revision null) or at a revision.</summary>
    public async Task<RawFile> GetRawFileAsync(Viewer viewer, string id, string fileName, string? revision = null, CancellationToken ct = default)
    {
        if (!GistIds.IsValid(id) || GistInputValidator.CheckFileName(fileName) is not null)
        {
            throw new NotFoundException(NotFoundMessage);
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var gist = await db.Gists.AsNoTracking()
            .Where(g => g.Id == id)
            .Select(g => new { g.OwnerId, g.Visibility, g.HeadRevision })
            .SingleOrDefaultAsync(ct);
        if (gist is null || !GistAccess.CanRead(viewer, gist.OwnerId, gist.Visibility))
        {
            throw new NotFoundException(NotFoundMessage);
        }

        if (revision is null)
        {
            var file = await db.GistFiles.AsNoTracking()
                .Where(f => f.GistId == id && f.Name == fileName)
                .Select(f => new { f.Name, f.Content })
                .SingleOrDefaultAsync(ct);
            return file is null
                ? throw new NotFoundException("File not found.")
                : new RawFile(file.Name, Encoding.UTF8.GetBytes(file.Content), gist.HeadRevision);
        }

        var commit = git.ResolveRevision(gist.OwnerId, id, revision) ?? throw new NotFoundException("Revision not found.");
        var blob = git.ReadFile(gist.OwnerId, id, commit, fileName) ?? throw new NotFoundException("File not found.");
        return new RawFile(blob.Name, blob.Content, commit);
    }

    private Task<PagedResult<GistSummary>> ListAsync(
        Func<CasGistsDbContext, IQueryable<Gist>> filter, int page, int pageSize, GistSort sort, CancellationToken ct) =>
        ListSummariesAsync(db => sort == GistSort.RecentlyUpdated
                ? filter(db).OrderByDescending(g => g.UpdatedAt).ThenByDescending(g => g.Id)
                : filter(db).OrderByDescending(g => g.CreatedAt).ThenByDescending(g => g.Id),
            page, pageSize, ct);

    /// <summary>One page of cards from a query that already filters and orders (other features list gists through here).</summary>
    internal async Task<PagedResult<GistSummary>> ListSummariesAsync(
        Func<CasGistsDbContext, IQueryable<Gist>> ordered, int page, int pageSize, CancellationToken ct)
    {
        page = Math.Clamp(page, 1, 1_000_000);
        pageSize = Math.Clamp(pageSize, 1, 100);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = ordered(db).AsNoTracking();
        var total = await query.CountAsync(ct);
        var rows = await query
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(g => new
            {
                g.Id, g.Owner.UserName, g.Title, g.Description, g.Visibility, g.FileCount, g.CreatedAt, g.UpdatedAt,
                // Only the start of the first file travels: a list never loads whole gists. Scalar subqueries, one
                // index probe each: projected as one object, EF Core makes it a ROW_NUMBER() window over every file.
                FirstName = g.Files.OrderBy(f => f.Position).Select(f => f.Name).FirstOrDefault(),
                FirstLanguage = g.Files.OrderBy(f => f.Position).Select(f => f.Language).FirstOrDefault(),
                FirstPreview = g.Files.OrderBy(f => f.Position).Select(f => f.Content.Substring(0, PreviewChars)).FirstOrDefault(),
                Stars = g.StarCount,
                Comments = db.Set<Comment>().Count(c => c.GistId == g.Id),
            })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        // The forks ForkService.ListForksAsync lists to anyone. A query of its own: as a correlated count, SQLite (once
        // ANALYZE has seen that nearly every ForkedFromId is NULL) scans every gist for each row of the page.
        var forks = await db.Gists.Where(f => f.ForkedFromId != null && ids.Contains(f.ForkedFromId)
                && (f.Visibility == GistVisibility.Public || (f.Visibility == GistVisibility.Unlisted && f.ForkedFrom!.Visibility != GistVisibility.Public)))
            .GroupBy(f => f.ForkedFromId!).Select(x => new { x.Key, Count = x.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var topics = (await db.Set<GistTopic>().AsNoTracking().Where(t => ids.Contains(t.GistId)).ToListAsync(ct))
            .ToLookup(t => t.GistId, t => t.Topic);
        var items = rows.Select(r => new GistSummary(r.Id, r.UserName, r.Title, r.Description, r.Visibility, r.FileCount,
                r.CreatedAt, r.UpdatedAt, r.FirstName, r.FirstName is null ? null : r.FirstLanguage,
                r.FirstName is null || r.FirstPreview is null ? null : Preview(r.FirstPreview))
            {
                StarCount = r.Stars,
                CommentCount = r.Comments,
                ForkCount = forks.GetValueOrDefault(r.Id),
                Topics = Sorted(topics[r.Id]),
            })
            .ToList();
        return new PagedResult<GistSummary>(items, page, pageSize, total);
    }

    private static async Task<IReadOnlyList<string>> TopicsOfAsync(CasGistsDbContext db, string id, CancellationToken ct) =>
        Sorted(await db.Set<GistTopic>().AsNoTracking().Where(t => t.GistId == id).Select(t => t.Topic).ToListAsync(ct));

    private static IReadOnlyList<string> Sorted(IEnumerable<string> topics) => [.. topics.Order(StringComparer.Ordinal)];

    internal static string Preview(string content)
    {
        var end = -1;
        for (var line = 0; line < PreviewLines; line++)
        {
            end = content.IndexOf('\n', end + 1);
            if (end < 0)
            {
                return Truncate(content);
            }
        }
        return Truncate(content[..end]);

        static string Truncate(string s) => s.Length <= PreviewChars ? s : s[..PreviewChars];
    }

    /// <summary>Makes the row's file index match <paramref name="files"/>; returns the rows to delete.</summary>
    internal static List<GistFile> ApplyFiles(Gist gist, IReadOnlyList<ValidGistFile> files)
    {
        var existing = gist.Files.ToDictionary(f => f.Name, GistInputValidator.FileOrder);
        var kept = new HashSet<GistFile>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (!existing.TryGetValue(file.Name, out var row))
            {
                row = new GistFile { GistId = gist.Id, Name = file.Name, Language = "", Content = "" };
                gist.Files.Add(row);
            }
            row.Name = file.Name;
            row.Language = LanguageDetector.Detect(file.Name);
            row.Content = file.Content;
            row.Size = file.Bytes.Length;
            row.Position = i;
            kept.Add(row);
        }
        var removed = gist.Files.Where(f => !kept.Contains(f)).ToList();
        foreach (var row in removed)
        {
            gist.Files.Remove(row);
        }
        gist.FileCount = files.Count;
        gist.TotalSize = files.Sum(f => (long)f.Bytes.Length);
        return removed;
    }

    private static bool FilesChanged(List<GistFile> current, IReadOnlyList<ValidGistFile> next)
    {
        if (current.Count != next.Count)
        {
            return true;
        }
        var ordered = current.OrderBy(f => f.Position).ToList();
        for (var i = 0; i < next.Count; i++)
        {
            if (!string.Equals(ordered[i].Name, next[i].Name, StringComparison.Ordinal)
                || !string.Equals(ordered[i].Content, next[i].Content, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static IEnumerable<GitFile> ToGitFiles(ValidGistInput valid) => valid.Files.Select(f => new GitFile(f.Name, f.Bytes));

    private static GistDetails ToDetails(Gist gist) => new(
        gist.Id, gist.OwnerId, gist.Owner.UserName, gist.Title, gist.Description, gist.Visibility, gist.HeadRevision,
        gist.RevisionCount, gist.CreatedAt, gist.UpdatedAt,
        gist.Files.OrderBy(f => f.Position).Select(f => new GistFileView(f.Name, f.Language, f.Size, f.Content)).ToList());

    /// <summary>Now, to the microsecond: what PostgreSQL keeps, so a value reads back as it was written.</summary>
    private DateTime Now()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
    }

    private void MoveHeadBack(Guid ownerId, string id, string from, string to)
    {
        try
        {
            git.UpdateHead(ownerId, id, from, to);
        }
        catch (Exception e)
        {
            // The repository is now ahead of the row; `reindex` brings the index up to the repository.
            logger.LogError(e, "Could not move gist {GistId} back from {From} to {To} after a failed save", id, from, to);
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
            logger.LogError(e, "Could not delete the repository of gist {GistId}; start-up reconciliation will remove it", id);
        }
    }
}
