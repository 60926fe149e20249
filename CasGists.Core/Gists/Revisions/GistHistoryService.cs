using System.Text;
using CasGists.Core.Accounts;
using CasGists.Core.Common;

namespace CasGists.Core.Gists.Revisions;

/// <summary>
/// A gist's revisions, its files at a revision and what each revision changed. Access goes through
/// <see cref="GistService.GetAsync"/> (so <see cref="GistAccess"/> decides, and a private gist answers
/// exactly like a missing one); a user's revision is checked and resolved within the gist's own history.
/// </summary>
public sealed class GistHistoryService(GistService gists, GitStore git, GitHistoryReader reader)
{
    public const int DefaultPageSize = 10;

    /// <summary>Revision words accepted besides commit ids; both name the gist's current head.</summary>
    private static readonly string[] HeadAliases = ["HEAD", "main"];

    public async Task<GistHistory> GetHistoryAsync(Viewer viewer, string id, int page = 1, int pageSize = DefaultPageSize, CancellationToken ct = default)
    {
        var gist = await gists.GetAsync(viewer, id, ct);
        page = Math.Clamp(page, 1, 1_000_000);
        pageSize = Math.Clamp(pageSize, 1, 50);
        var (total, revisions) = reader.ReadHistory(gist.OwnerId, gist.Id, gist.HeadRevision, (page - 1) * pageSize, pageSize);
        return new GistHistory(gist, new PagedResult<GistRevision>(revisions, page, pageSize, total));
    }

    /// <summary>The gist's files at <paramref name="revision"/> (a 4–40 digit commit id, or HEAD / main).</summary>
    public async Task<GistAtRevision> GetAtRevisionAsync(Viewer viewer, string id, string? revision, CancellationToken ct = default)
    {
        var gist = await gists.GetAsync(viewer, id, ct);
        var commit = Resolve(gist, revision) ?? throw new NotFoundException("Revision not found.");
        var info = reader.ReadCommit(gist.OwnerId, gist.Id, commit);
        var files = git.ReadFiles(gist.OwnerId, gist.Id, commit)
            .OrderBy(f => f.Name, GistInputValidator.FileOrder)
            .Select(f => new GistFileView(f.Name, LanguageDetector.Detect(f.Name), f.Content.LongLength, Encoding.UTF8.GetString(f.Content)))
            .ToList();
        return new GistAtRevision(gist, commit, info.AuthorName, info.Time, files);
    }

    /// <summary>The raw bytes of every file at a revision, for the zip download.</summary>
    public async Task<GistSnapshot> GetSnapshotAsync(Viewer viewer, string id, string? revision, CancellationToken ct = default)
    {
        var gist = await gists.GetAsync(viewer, id, ct);
        var commit = Resolve(gist, revision) ?? throw new NotFoundException("Revision not found.");
        var info = reader.ReadCommit(gist.OwnerId, gist.Id, commit);
        return new GistSnapshot(gist, commit, info.Time, git.ReadFiles(gist.OwnerId, gist.Id, commit));
    }

    private string? Resolve(GistDetails gist, string? revision) =>
        revision is not null && HeadAliases.Contains(revision, StringComparer.Ordinal)
            // The database's head, not the repository's: the two agree, and the row is what the rest of the site shows.
            ? gist.HeadRevision
            : git.ResolveRevision(gist.OwnerId, gist.Id, revision);
}
