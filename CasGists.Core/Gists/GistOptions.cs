using System.ComponentModel.DataAnnotations;

namespace CasGists.Core.Gists;

/// <summary>Section <c>Gists</c>: the limits every write path (UI, API, push) enforces.</summary>
public sealed class GistOptions
{
    public const string Section = "Gists";

    [Range(1, 300)]
    public int MaxFiles { get; set; } = 300;

    [Range(1, 100 * 1024 * 1024)]
    public int MaxFileBytes { get; set; } = 5 * 1024 * 1024;

    [Range(1, 1024L * 1024 * 1024)]
    public long MaxTotalBytes { get; set; } = 20 * 1024 * 1024;

    [Range(1, 255)]
    public int MaxTitleLength { get; set; } = 255;

    [Range(1, 1000)]
    public int MaxDescriptionLength { get; set; } = 1000;
}
