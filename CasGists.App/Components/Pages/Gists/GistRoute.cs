using System.Text.RegularExpressions;

namespace CasGists.App.Components.Pages.Gists;

/// <summary>Blazor routes cannot constrain a segment, so the pages check the id shape themselves.</summary>
public static partial class GistRoute
{
    public static bool IsGistId(string? id) => id is not null && IdPattern().IsMatch(id);

    public static string View(string owner, string id) => $"/{owner}/{id}";

    public static string Raw(string owner, string id, string revision, string fileName) =>
        $"/{owner}/{id}/raw/{revision}/{Uri.EscapeDataString(fileName)}";

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex IdPattern();
}
