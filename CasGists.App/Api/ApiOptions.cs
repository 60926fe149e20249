using System.ComponentModel.DataAnnotations;

namespace CasGists.App.Api;

/// <summary>Section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// The largest request body the API reads. The default holds the largest single file a gist may have (5 MiB)
    /// with room for JSON escaping; bigger gists go through <c>git push</c>.
    /// </summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 6 * 1024 * 1024;
}
