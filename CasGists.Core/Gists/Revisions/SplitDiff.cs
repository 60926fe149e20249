namespace CasGists.Core.Gists.Revisions;

/// <summary>
/// One row of a side-by-side diff: the old line on the left, the new one on the right. A hunk header or
/// a "no newline" note spans both sides (<see cref="Left"/> and <see cref="Right"/> are the same line).
/// </summary>
public sealed record SplitDiffRow(DiffLine? Left, DiffLine? Right)
{
    public bool SpansBoth => Left is { Kind: DiffLineKind.Hunk or DiffLineKind.NoNewline } && ReferenceEquals(Left, Right);
}

/// <summary>
/// Lays a unified diff out side by side, as GitHub's split view does: context lines face themselves,
/// and in each block of changes the n-th removed line faces the n-th added one (a gap where one side runs out).
/// The diff itself stays git's (libgit2's); this only arranges its lines.
/// </summary>
public static class SplitDiff
{
    public static IReadOnlyList<SplitDiffRow> Arrange(IReadOnlyList<DiffLine> lines)
    {
        var rows = new List<SplitDiffRow>(lines.Count);
        var deleted = new List<DiffLine>();
        var added = new List<DiffLine>();

        void Flush()
        {
            for (var i = 0; i < Math.Max(deleted.Count, added.Count); i++)
            {
                rows.Add(new SplitDiffRow(i < deleted.Count ? deleted[i] : null, i < added.Count ? added[i] : null));
            }
            deleted.Clear();
            added.Clear();
        }

        foreach (var line in lines)
        {
            switch (line.Kind)
            {
                case DiffLineKind.Deleted:
                    if (added.Count > 0)
                    {
                        // A removal after additions starts a new block (git groups them, but a parser should not assume it).
                        Flush();
                    }
                    deleted.Add(line);
                    break;
                case DiffLineKind.Added:
                    added.Add(line);
                    break;
                default:
                    Flush();
                    rows.Add(new SplitDiffRow(line, line));
                    break;
            }
        }
        Flush();
        return rows;
    }
}
