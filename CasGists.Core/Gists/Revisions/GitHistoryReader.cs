using LibGit2Sharp;

namespace CasGists.Core.Gists.Revisions;

/// <summary>
/// Walks a gist repository's history and turns libgit2's patches into <see cref="FileChange"/>s.
/// Takes only full commit ids that <see cref="GitStore.ResolveRevision"/> or the database produced:
/// nothing a user typed reaches libgit2 from here.
/// </summary>
public sealed class GitHistoryReader(GitStore git)
{
    /// <summary>A file diff longer than this (added + deleted lines) is collapsed, as GitHub does.</summary>
    public const int MaxDiffLines = 2_000;

    /// <summary>Lines shown on one page of history in all; files past it are collapsed, so a page stays small.</summary>
    public const int MaxLinesPerPage = 20_000;

    private static readonly CompareOptions DiffOptions = new()
    {
        Similarity = SimilarityOptions.Renames,
        ContextLines = 3,
        IncludeUnmodified = false,
    };

    public sealed record CommitInfo(string Id, string AuthorName, DateTime Time);

    /// <summary>How many commits lead to <paramref name="head"/>, and the <paramref name="take"/> after the newest <paramref name="skip"/>, with their changes.</summary>
    public (int Total, IReadOnlyList<GistRevision> Page) ReadHistory(Guid ownerId, string gistId, string head, int skip, int take)
    {
        using var repo = Open(ownerId, gistId);
        var filter = new CommitFilter
        {
            IncludeReachableFrom = new ObjectId(head),
            SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time,
        };
        var all = repo.Commits.QueryBy(filter).ToList();
        var budget = MaxLinesPerPage;
        var page = new List<GistRevision>();
        foreach (var commit in all.Skip(skip).Take(take))
        {
            // Pushed merges compare against their first parent, as `git log --first-parent -p` would.
            var parent = commit.Parents.FirstOrDefault();
            using var patch = repo.Diff.Compare<Patch>(parent?.Tree, commit.Tree, DiffOptions);
            var changes = new List<FileChange>();
            foreach (var entry in patch.OrderBy(e => e.Path, GistInputValidator.FileOrder))
            {
                var size = entry.LinesAdded + entry.LinesDeleted;
                var collapsed = !entry.IsBinaryComparison && (size > MaxDiffLines || size > budget);
                var lines = entry.IsBinaryComparison || collapsed ? [] : ParsePatch(entry.Patch);
                budget -= lines.Count;
                changes.Add(new FileChange(entry.Path, entry.Status == ChangeKind.Renamed ? entry.OldPath : null, KindOf(entry.Status),
                    entry.LinesAdded, entry.LinesDeleted, entry.IsBinaryComparison, collapsed, lines));
            }
            page.Add(new GistRevision(commit.Sha, commit.Author.Name, commit.Author.When.UtcDateTime, changes));
        }
        return (all.Count, page);
    }

    public CommitInfo ReadCommit(Guid ownerId, string gistId, string commitId)
    {
        using var repo = Open(ownerId, gistId);
        var commit = repo.Lookup<Commit>(new ObjectId(commitId)) ?? throw new Common.NotFoundException("Revision not found.");
        return new CommitInfo(commit.Sha, commit.Author.Name, commit.Author.When.UtcDateTime);
    }

    /// <summary>
    /// Reads libgit2's unified patch text for one file: everything before the first hunk is header
    /// (diff --git, index, ---/+++), then each hunk header restarts the line numbers.
    /// </summary>
    public static IReadOnlyList<DiffLine> ParsePatch(string patch)
    {
        var lines = new List<DiffLine>();
        int oldNumber = 0, newNumber = 0;
        var inHunk = false;
        foreach (var raw in patch.Split('\n'))
        {
            var text = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (text.StartsWith("@@", StringComparison.Ordinal) && TryParseHunk(text, out var oldStart, out var newStart))
            {
                inHunk = true;
                oldNumber = oldStart;
                newNumber = newStart;
                lines.Add(new DiffLine(DiffLineKind.Hunk, null, null, text));
                continue;
            }
            if (!inHunk || text.Length == 0)
            {
                continue;
            }
            switch (text[0])
            {
                case ' ':
                    lines.Add(new DiffLine(DiffLineKind.Context, oldNumber++, newNumber++, text[1..]));
                    break;
                case '+':
                    lines.Add(new DiffLine(DiffLineKind.Added, null, newNumber++, text[1..]));
                    break;
                case '-':
                    lines.Add(new DiffLine(DiffLineKind.Deleted, oldNumber++, null, text[1..]));
                    break;
                case '\\':
                    lines.Add(new DiffLine(DiffLineKind.NoNewline, null, null, text.TrimStart('\\', ' ')));
                    break;
            }
        }
        return lines;
    }

    // "@@ -12,3 +12,4 @@ optional section"; a count is left out when it is 1.
    private static bool TryParseHunk(string header, out int oldStart, out int newStart)
    {
        oldStart = newStart = 0;
        var parts = header.Split(' ', 4);
        return parts.Length >= 3 && parts[1].StartsWith('-') && parts[2].StartsWith('+')
            && int.TryParse(parts[1][1..].Split(',')[0], out oldStart)
            && int.TryParse(parts[2][1..].Split(',')[0], out newStart);
    }

    private static FileChangeKind KindOf(ChangeKind status) => status switch
    {
        ChangeKind.Added or ChangeKind.Copied => FileChangeKind.Added,
        ChangeKind.Deleted => FileChangeKind.Deleted,
        ChangeKind.Renamed => FileChangeKind.Renamed,
        _ => FileChangeKind.Modified,
    };

    private Repository Open(Guid ownerId, string gistId)
    {
        var path = git.RepositoryPath(ownerId, gistId);
        return Directory.Exists(path) ? new Repository(path) : throw new Common.NotFoundException("Gist not found.");
    }
}
