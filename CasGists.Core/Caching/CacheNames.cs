namespace CasGists.Core.Caching;

/// <summary>The <c>cache</c> label of the hit/miss counters: one name per kind of cached read.</summary>
public static class CacheNames
{
    public const string Gist = "gist";
    public const string Raw = "raw";
    public const string UserGists = "user-gists";
    public const string PublicGists = "public-gists";

    /// <summary>Whole anonymous pages in the output cache (the App's).</summary>
    public const string Pages = "pages";

    public static IReadOnlyList<string> All { get; } = [Gist, Raw, UserGists, PublicGists, Pages];
}
