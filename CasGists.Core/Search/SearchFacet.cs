using System.Text;

namespace CasGists.Core.Search;

/// <summary>
/// An included <c>language:</c> or <c>topic:</c> filter as the full-text index stores it (migration <c>Search4</c>):
/// every index row carries its gist's languages and topics as hex tokens, so these filters are matched by the index in
/// the same pass as the words. The value is already lower-cased by the parser; hex keeps <c>c++</c>, <c>c#</c> and
/// <c>c</c> apart and is one token whatever a tokenizer splits on.
/// </summary>
public sealed record SearchFacet(SearchField Field, string Value)
{
    private string Hex => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(Value));

    private char Prefix => Field switch
    {
        SearchField.Language => 'l',
        SearchField.Topic => 't',
        _ => throw new ArgumentOutOfRangeException(nameof(Field), Field, "Only language and topic are facets."),
    };

    /// <summary>
    /// The first character of every SQLite facet token: private use, so a word only meets a facet when somebody types
    /// this very character (<see cref="SqliteFtsSearchBackend"/> then keeps the words out of the facets column).
    /// </summary>
    public const char SqliteMark = '\uE000';

    /// <summary>
    /// The token only a gist's first file carries (<c>"Position"</c> 0): facets alone find one row per gist. PostgreSQL's
    /// vectors carry it too (<c>p:</c>), no longer read there: its gists hold their own facets (migration SearchPlanning).
    /// </summary>
    public const string SqliteFirstFile = "\uE000p";

    /// <summary>The token in SQLite's <c>facets</c> column: U+E000 then <c>l7079…</c>.</summary>
    public string SqliteToken => SqliteMark + Prefix.ToString() + Hex;

    /// <summary>The lexeme in PostgreSQL's search vector: <c>l:7079…</c> (a colon no searched word can hold).</summary>
    public string PostgresLexeme => Prefix + ":" + Hex;

    /// <summary>The included language and topic filters of <paramref name="filters"/>.</summary>
    public static IReadOnlyList<SearchFacet> From(SearchFilters filters) =>
        [.. filters.Fields.Where(f => !f.Excluded && f.Field is SearchField.Language or SearchField.Topic).Select(f => new SearchFacet(f.Field, f.Value))];
}
