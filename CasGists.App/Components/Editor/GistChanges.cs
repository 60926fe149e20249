namespace CasGists.App.Components.Editor;

/// <summary>What a save changed, for the "Saved — 1 file changed, 1 added" message.</summary>
public sealed record GistChanges(int Changed, int Renamed, int Added, int Removed)
{
    public static GistChanges Between(IReadOnlyList<DraftFile> files, IReadOnlyDictionary<string, string> contents, int removed)
    {
        int changed = 0, renamed = 0, added = 0;
        foreach (var file in files)
        {
            if (file.SavedHash is null)
            {
                added++;
                continue;
            }
            if (!string.Equals(file.SavedName, file.Name, StringComparison.Ordinal))
            {
                renamed++;
            }
            if (file.ContentDiffersFrom(contents[file.Key]))
            {
                changed++;
            }
        }
        return new GistChanges(changed, renamed, added, removed);
    }

    public string Describe()
    {
        var parts = new List<string>();
        Add(parts, Changed, "changed");
        Add(parts, Renamed, "renamed");
        Add(parts, Added, "added");
        Add(parts, Removed, "removed");
        return parts.Count == 0 ? "Saved — no file changes" : "Saved — " + string.Join(", ", parts);
    }

    private static void Add(List<string> parts, int count, string what)
    {
        if (count > 0)
        {
            parts.Add(parts.Count == 0 ? $"{count} file{(count == 1 ? "" : "s")} {what}" : $"{count} {what}");
        }
    }
}
