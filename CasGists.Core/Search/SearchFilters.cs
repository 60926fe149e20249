namespace CasGists.Core.Search;

/// <summary>The text filters. Their query names are the lower-case enum names (<c>user:</c>, <c>language:</c>…).</summary>
public enum SearchField
{
    /// <summary>The owner's user name; lower-cased.</summary>
    User,

    /// <summary>A file's detected language; lower-cased (<c>language:"objective-c"</c>).</summary>
    Language,

    /// <summary>A file name, matched case-insensitively by the backend.</summary>
    Filename,

    /// <summary>A file extension without the leading dot; lower-cased.</summary>
    Extension,

    /// <summary>Words in the gist title.</summary>
    Title,

    /// <summary>Words in the gist description.</summary>
    Description,

    /// <summary>A topic; lower-cased.</summary>
    Topic,
}

/// <summary>Which visibilities a search may return; the backend intersects this with what the viewer may see.</summary>
[Flags]
public enum SearchVisibility
{
    None = 0,
    Public = 1,
    Unlisted = 2,
    Private = 4,
    All = Public | Unlisted | Private,
}

/// <summary>One <c>field:value</c> filter; <paramref name="Excluded"/> for <c>-field:value</c>.</summary>
public sealed record SearchFilter(SearchField Field, string Value, bool Excluded = false)
{
    public override string ToString() =>
        $"{(Excluded ? "-" : "")}{SearchQueryParser.FieldName(Field)}:{SearchQueryParser.QuoteValue(Value)}";
}

/// <summary>
/// Everything after the words: every filter must hold (AND), including several of the same field
/// (<c>language:go language:rust</c> finds gists with files in both). <see cref="Fields"/> is kept
/// sorted and without duplicates so that equal filters give equal queries.
/// </summary>
/// <param name="Starred">True: only gists the viewer starred; false: none of them; null: no filter.</param>
/// <param name="Mine">True: only the viewer's gists; false: only others'; null: no filter.</param>
/// <param name="Visibility">
/// Recorded as typed (<c>visibility:private</c>, <c>-visibility:public</c>); applies to the viewer's
/// own gists only. The backend still applies the access rule: this can narrow, never widen.
/// </param>
public sealed record SearchFilters(
    IReadOnlyList<SearchFilter> Fields,
    bool? Starred = null,
    bool? Mine = null,
    SearchVisibility Visibility = SearchVisibility.All)
{
    public static readonly SearchFilters None = new([]);

    public IReadOnlyList<SearchFilter> Fields { get; init; } = ValueList<SearchFilter>.From(Fields);

    public bool IsEmpty => this == None;

    /// <summary>The values that must match for <paramref name="field"/>.</summary>
    public IEnumerable<string> Required(SearchField field) =>
        Fields.Where(f => f.Field == field && !f.Excluded).Select(f => f.Value);

    /// <summary>The values that must not match for <paramref name="field"/>.</summary>
    public IEnumerable<string> Excluded(SearchField field) =>
        Fields.Where(f => f.Field == field && f.Excluded).Select(f => f.Value);

    public override string ToString()
    {
        var parts = Fields.Select(f => f.ToString()).ToList();
        if (Starred is { } starred)
        {
            parts.Add(starred ? "is:starred" : "-is:starred");
        }
        if (Mine is { } mine)
        {
            parts.Add(mine ? "is:mine" : "-is:mine");
        }
        if (Visibility != SearchVisibility.All)
        {
            var single = Enum.GetValues<SearchVisibility>().Where(v => v is not (SearchVisibility.None or SearchVisibility.All)).ToList();
            if (single.Contains(Visibility))
            {
                parts.Add($"visibility:{Visibility.ToString().ToLowerInvariant()}");
            }
            else
            {
                parts.AddRange(single.Where(v => !Visibility.HasFlag(v)).Select(v => $"-visibility:{v.ToString().ToLowerInvariant()}"));
            }
        }
        return string.Join(' ', parts);
    }
}
