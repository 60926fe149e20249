using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace CasGists.Core.Search;

/// <summary>Either a query or a message to show the user instead of results.</summary>
public sealed record SearchParseResult
{
    private SearchParseResult(SearchQuery? query, string? error) => (Query, Error) = (query, error);

    public SearchQuery? Query { get; }

    /// <summary>A sentence for the user, e.g. "A quotation mark is not closed."</summary>
    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Query))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Query is not null;

    public static SearchParseResult Ok(SearchQuery query) => new(query, null);

    public static SearchParseResult Fail(string error) => new(null, error);
}

/// <summary>
/// Parses the search box. Pure and total: any string gives a query or a friendly message, never an
/// exception. Syntax: words (all must match), <c>"exact phrase"</c>, <c>-excluded</c> / <c>-"phrase"</c>,
/// <c>a OR b</c> (upper-case only; binds tighter than the implicit AND, so <c>a b OR c</c> is
/// a AND (b OR c)), filters <c>user: language: filename: extension: title: description: topic:</c>
/// (quoted values allowed, negatable), <c>is:starred</c>, <c>is:mine</c>, <c>visibility:</c>, <c>sort:</c>.
/// Filter names and keyword values are case-insensitive.
/// </summary>
/// <remarks>
/// An unknown filter (<c>foo:bar</c>) is refused with a message listing the known ones rather than
/// searched as text (GitHub's behaviour): a typo such as <c>langauge:go</c> would otherwise silently
/// return nothing. The message says to quote the text to search for it literally. Tokens that do not
/// look like a filter name — <c>std::vector</c>, <c>http://x</c>, <c>12:30</c>, <c>:x</c> — stay plain words.
/// <c>AND</c>, <c>NOT</c>, brackets, <c>*</c>, <c>^</c>, <c>NEAR(</c> are ordinary text.
/// </remarks>
public static class SearchQueryParser
{
    public const int MaxLength = 1024;
    public const int MaxTerms = 50;
    internal const string OrOperator = "OR";

    private static readonly string[] KnownFilters =
        [.. Enum.GetValues<SearchField>().Select(FieldName), "is", "visibility", "sort"];

    public static SearchParseResult Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return SearchParseResult.Ok(SearchQuery.Empty);
        }
        if (input.Length > MaxLength)
        {
            return SearchParseResult.Fail($"The search is too long: at most {MaxLength:N0} characters.");
        }
        if (HasInvalidText(input) || Clean(input) is not { } text)
        {
            return SearchParseResult.Fail("The search contains characters that are not valid text.");
        }
        try
        {
            return SearchParseResult.Ok(new Parser(text).Run());
        }
        catch (SearchSyntaxException e)
        {
            return SearchParseResult.Fail(e.Message);
        }
    }

    internal static string FieldName(SearchField field) => field.ToString().ToLowerInvariant();

    internal static string QuoteValue(string value) =>
        value.Length == 0 || value.Any(c => c == '"' || char.IsWhiteSpace(c)) ? $"\"{value}\"" : value;

    /// <summary>Whether a bare word would be read as a filter (known, or refused as unknown).</summary>
    internal static bool LooksLikeFilter(string word) => Classify(word) != FilterKind.None;

    private enum FilterKind { None, Known, Unknown }

    private static FilterKind Classify(string word)
    {
        var colon = word.IndexOf(':');
        if (colon <= 0 || !word[..colon].All(char.IsAsciiLetter))
        {
            return FilterKind.None;
        }
        if (KnownFilters.Contains(word[..colon].ToLowerInvariant()))
        {
            return FilterKind.Known;
        }
        // `std::vector` and `http://…` are text, not a misspelt filter.
        return colon + 1 < word.Length && word[colon + 1] is ':' or '/' ? FilterKind.None : FilterKind.Unknown;
    }

    // Unpaired surrogates and the non-characters U+FFFE/U+FFFF are not text (ICU refuses to normalise them).
    private static bool HasInvalidText(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]) || s[i] is '\uFFFE' or '\uFFFF')
            {
                return true;
            }
        }
        return false;
    }

    // Control characters (tabs, newlines, NUL…) separate words; invisible direction and zero-width
    // marks are dropped so that two queries that look the same are the same. Zero-width joiners stay:
    // they are part of emoji. Null when the text cannot be normalised (non-characters such as U+FFFF).
    private static string? Clean(string input)
    {
        var sb = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            if (char.IsControl(c))
            {
                sb.Append(' ');
            }
            else if (c is not ('\u200B' or '\u200E' or '\u200F' or '\uFEFF' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')))
            {
                sb.Append(c);
            }
        }
        try
        {
            return sb.ToString().Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string Collapse(string s) =>
        string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private sealed class SearchSyntaxException(string message) : Exception(message);

    private enum TokenKind { Term, Or, Filter }

    private readonly record struct Token(TokenKind Kind, SearchTerm? Term = null, bool Excluded = false);

    private sealed class Parser(string text)
    {
        private readonly List<Token> _tokens = [];
        private readonly List<SearchFilter> _fields = [];
        private bool? _starred;
        private bool? _mine;
        private SearchVisibility _visibility = SearchVisibility.All;
        private SearchSort? _sort;
        private int _pos;
        private int _count;

        public SearchQuery Run()
        {
            while (SkipWhitespace())
            {
                ReadToken();
            }
            var fields = _fields.Distinct().OrderBy(f => f.Field).ThenBy(f => f.Excluded).ThenBy(f => f.Value, StringComparer.Ordinal);
            return new SearchQuery(BuildClauses(), new SearchFilters([.. fields], _starred, _mine, _visibility), _sort ?? SearchSort.BestMatch);
        }

        private bool SkipWhitespace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
            return _pos < text.Length;
        }

        private void ReadToken()
        {
            var excluded = false;
            if (text[_pos] == '-' && _pos + 1 < text.Length && !char.IsWhiteSpace(text[_pos + 1]) && text[_pos + 1] != '-')
            {
                excluded = true;
                _pos++;
            }
            if (text[_pos] == '"')
            {
                var phrase = ReadQuoted();
                if (phrase.Length > 0)
                {
                    Add(new Token(TokenKind.Term, new SearchTerm(phrase, IsPhrase: true), excluded));
                }
                return;
            }
            var start = _pos;
            while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]) && text[_pos] != '"')
            {
                _pos++;
            }
            var word = text[start.._pos];
            switch (Classify(word))
            {
                case FilterKind.Known:
                    var colon = word.IndexOf(':');
                    var value = colon + 1 == word.Length && _pos < text.Length && text[_pos] == '"' ? ReadQuoted() : word[(colon + 1)..];
                    ApplyFilter(word[..colon].ToLowerInvariant(), value, excluded);
                    Add(new Token(TokenKind.Filter));
                    break;
                case FilterKind.Unknown:
                    var name = word[..(word.IndexOf(':') + 1)];
                    throw new SearchSyntaxException(
                        $"Unknown filter '{name}'. Known filters: {string.Join(", ", KnownFilters.Select(f => f + ":"))}. "
                        + $"To search for \"{word}\" as text, put it in quotes.");
                default:
                    Add(!excluded && word == OrOperator
                        ? new Token(TokenKind.Or)
                        : new Token(TokenKind.Term, new SearchTerm(word), excluded));
                    break;
            }
        }

        private string ReadQuoted()
        {
            var close = text.IndexOf('"', _pos + 1);
            if (close < 0)
            {
                throw new SearchSyntaxException("A quotation mark is not closed.");
            }
            var content = text[(_pos + 1)..close];
            _pos = close + 1;
            return Collapse(content);
        }

        private void Add(Token token)
        {
            if (token.Kind != TokenKind.Or && ++_count > MaxTerms)
            {
                throw new SearchSyntaxException($"The search has too many terms: at most {MaxTerms}.");
            }
            _tokens.Add(token);
        }

        private void ApplyFilter(string name, string rawValue, bool excluded)
        {
            var value = Collapse(rawValue);
            if (value.Length == 0)
            {
                throw new SearchSyntaxException($"The filter '{name}:' needs a value.");
            }
            switch (name)
            {
                case "is":
                    switch (value.ToLowerInvariant())
                    {
                        case "starred": SetOnce(ref _starred, !excluded, "is:starred"); break;
                        case "mine": SetOnce(ref _mine, !excluded, "is:mine"); break;
                        default: throw new SearchSyntaxException($"Unknown value 'is:{value}'. Use is:starred or is:mine.");
                    }
                    break;
                case "visibility":
                    var visibility = value.ToLowerInvariant() switch
                    {
                        "public" => SearchVisibility.Public,
                        "unlisted" => SearchVisibility.Unlisted,
                        "private" => SearchVisibility.Private,
                        _ => throw new SearchSyntaxException(
                            $"Unknown value 'visibility:{value}'. Use visibility:public, visibility:unlisted or visibility:private."),
                    };
                    _visibility &= excluded ? ~visibility : visibility;
                    break;
                case "sort":
                    if (excluded)
                    {
                        throw new SearchSyntaxException("A sort can't be excluded: use sort:updated, sort:created or sort:stars.");
                    }
                    var sort = value.ToLowerInvariant() switch
                    {
                        "updated" => SearchSort.Updated,
                        "created" => SearchSort.Created,
                        "stars" => SearchSort.Stars,
                        _ => throw new SearchSyntaxException(
                            $"Unknown value 'sort:{value}'. Use sort:updated, sort:created or sort:stars."),
                    };
                    if (_sort is { } previous && previous != sort)
                    {
                        throw new SearchSyntaxException("Use only one sort: in a search.");
                    }
                    _sort = sort;
                    break;
                default:
                    var field = Enum.GetValues<SearchField>().Single(f => FieldName(f) == name);
                    _fields.Add(new SearchFilter(field, Normalize(field, value), excluded));
                    break;
            }
        }

        private static void SetOnce(ref bool? flag, bool value, string name)
        {
            if (flag is { } existing && existing != value)
            {
                throw new SearchSyntaxException($"The search asks for both {name} and -{name}; use one of them.");
            }
            flag = value;
        }

        private static string Normalize(SearchField field, string value)
        {
            switch (field)
            {
                case SearchField.Extension:
                    var extension = value.TrimStart('.').ToLowerInvariant();
                    return extension.Length > 0 ? extension : throw new SearchSyntaxException("The filter 'extension:' needs a value, such as extension:cs.");
                case SearchField.User or SearchField.Language or SearchField.Topic:
                    return value.ToLowerInvariant();
                default:
                    return value;
            }
        }

        private List<SearchClause> BuildClauses()
        {
            // (terms, excluded) per clause; a term right after OR joins the previous clause.
            var clauses = new List<(List<SearchTerm> Terms, bool Excluded)>();
            for (var i = 0; i < _tokens.Count; i++)
            {
                var token = _tokens[i];
                if (token.Kind == TokenKind.Or)
                {
                    CheckOrOperand(i - 1);
                    CheckOrOperand(i + 1);
                }
                else if (token.Kind == TokenKind.Term && i > 0 && _tokens[i - 1].Kind == TokenKind.Or)
                {
                    clauses[^1].Terms.Add(token.Term!);
                }
                else if (token.Kind == TokenKind.Term)
                {
                    clauses.Add(([token.Term!], token.Excluded));
                }
            }
            return [.. clauses.Select(c => new SearchClause(c.Terms, c.Excluded))];
        }

        private void CheckOrOperand(int index)
        {
            if (index < 0 || index >= _tokens.Count || _tokens[index].Kind == TokenKind.Or)
            {
                throw new SearchSyntaxException("OR needs a word or phrase on each side, like: cat OR dog.");
            }
            if (_tokens[index].Kind == TokenKind.Filter)
            {
                throw new SearchSyntaxException("OR joins words and phrases, not filters such as user: or language:.");
            }
            if (_tokens[index].Excluded)
            {
                throw new SearchSyntaxException("OR can't join an excluded term (-word).");
            }
        }
    }
}
