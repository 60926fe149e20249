using System.Globalization;
using System.Text;

namespace CasGists.Core.Search;

/// <summary>
/// One word or quoted phrase exactly as the user typed it (after whitespace is collapsed).
/// The text is a plain string: operators such as <c>*</c>, <c>NEAR(</c>, <c>^</c> or <c>--</c> are
/// literal characters here, and a backend must pass the text to its engine only through
/// <see cref="ToFtsLiteral"/> or <see cref="Words"/>, never by splicing it into a query string.
/// </summary>
/// <param name="Text">Never empty, never contains a double quote or leading/trailing/double whitespace.</param>
/// <param name="IsPhrase">True when the user quoted it: the words must appear next to each other.</param>
public sealed record SearchTerm(string Text, bool IsPhrase = false)
{
    /// <summary>
    /// The term as an SQLite FTS5 string (double quotes doubled, wrapped in double quotes). Inside an
    /// FTS5 string nothing is an operator, so the result is safe to place in a MATCH expression; FTS5
    /// then tokenises it like the indexed text and matches the tokens as a phrase.
    /// </summary>
    public string ToFtsLiteral() => $"\"{Text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>
    /// The runs of letters, digits, marks and symbols (emoji) in the text; punctuation separates words.
    /// Useful for PostgreSQL, whose parser drops punctuation too, and for highlighting.
    /// </summary>
    public IReadOnlyList<string> Words() => SplitWords(Text);

    /// <summary>
    /// <see cref="Words"/> joined by spaces: safe input for <c>plainto_tsquery</c> (all words) and
    /// <c>phraseto_tsquery</c> (words in order). Empty when the term is only punctuation; a backend
    /// must then skip the full-text condition (and may fall back to a substring match).
    /// </summary>
    public string ToTsQueryText() => string.Join(' ', Words());

    /// <summary>
    /// The words as one quoted phrase for <c>websearch_to_tsquery</c>. Inside quotes that function
    /// treats <c>or</c> and <c>-</c> as plain text, so user words never become operators.
    /// Empty when the term has no words.
    /// </summary>
    public string ToWebSearchLiteral() => Words() is { Count: > 0 } words ? $"\"{string.Join(' ', words)}\"" : "";

    /// <summary>The term in query syntax: a bare word, or a phrase in double quotes.</summary>
    public override string ToString() => Format(excluded: false);

    /// <summary>
    /// Query syntax that parses back to this term. A hand-built word the parser would read as
    /// something else (an operator, a filter, a negation) is written as a phrase instead.
    /// </summary>
    internal string Format(bool excluded)
    {
        var quote = IsPhrase
            || Text.Length == 0
            || Text.Any(c => c == '"' || char.IsWhiteSpace(c))
            || SearchQueryParser.LooksLikeFilter(Text)
            || (excluded
                ? Text[0] == '-'
                : Text == SearchQueryParser.OrOperator || (Text.Length > 1 && Text[0] == '-' && Text[1] != '-'));
        return (excluded ? "-" : "") + (quote ? $"\"{Text}\"" : Text);
    }

    internal static IReadOnlyList<string> SplitWords(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (IsWordCharacter(text, i))
            {
                current.Append(text, i, width);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
            i += width - 1;
        }
        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }
        return words;
    }

    private static bool IsWordCharacter(string text, int index)
    {
        var c = text[index];
        if (char.IsAscii(c))
        {
            return char.IsAsciiLetterOrDigit(c) || c == '_';
        }
        // Zero-width joiners glue emoji sequences together.
        if (c == '\u200D')
        {
            return true;
        }
        return CharUnicodeInfo.GetUnicodeCategory(text, index) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol => true,
            _ => false,
        };
    }
}
