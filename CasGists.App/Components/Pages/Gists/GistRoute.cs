using System.Text.RegularExpressions;

namespace CasGists.App.Components.Pages.Gists;

/// <summary>Blazor routes cannot constrain a segment, so the pages check the id shape themselves.</summary>
public static partial class GistRoute
{
    public static bool IsGistId(string? id) => id is not null && IdPattern().IsMatch(id);

    public static string View(string owner, string id) => $"/{owner}/{id}";

    public static string Revisions(string owner, string id) => $"/{owner}/{id}/revisions";

    public static string AtRevision(string owner, string id, string revision) => $"/{owner}/{id}/{revision}";

    public static string Archive(string owner, string id, string revision) => $"/{owner}/{id}/archive/{revision}.zip";

    public static string Raw(string owner, string id, string revision, string fileName) =>
        $"/{owner}/{id}/raw/{revision}/{Uri.EscapeDataString(fileName)}";

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex IdPattern();
}
