using System.Net;
using System.Text;

namespace CasGists.Core.Search;

/// <summary>
/// Cuts a few lines around the first place a file mentions one of the searched words and marks the words.
/// Built here rather than by the database so both providers show the same snippet; every piece of the
/// file's text is HTML-encoded, only the <c>&lt;mark&gt;</c> tags are ours.
/// </summary>
public static class SnippetBuilder
{
    public const int ContextLines = 1;
    public const int MaxLineChars = 240;
    private const int MaxScannedChars = SearchSchema.IndexedChars;

    public static SearchSnippet Build(string fileName, string language, string content, IReadOnlyList<string> words)
    {
        if (content.Length > MaxScannedChars)
        {
            content = content[..MaxScannedChars];
        }
        var lines = content.Split('\n');
        var hit = words.Count == 0 ? -1 : Array.FindIndex(lines, l => Matches(l, words).Count > 0);
        var first = hit < 0 ? 0 : Math.Max(0, hit - ContextLines);
        var last = hit < 0 ? Math.Min(lines.Length - 1, 2) : Math.Min(lines.Length - 1, hit + ContextLines);
        var result = new List<SnippetLine>();
        for (var i = first; i <= last; i++)
        {
            result.Add(new SnippetLine(i + 1, Highlight(lines[i].TrimEnd('\r'), words)));
        }
        return new SearchSnippet(fileName, language, result);
    }

    /// <summary>The line as HTML with every occurrence of a word (ignoring case) in <c>&lt;mark&gt;</c>, cut to a window around the first.</summary>
    public static string Highlight(string line, IReadOnlyList<string> words)
    {
        var ranges = Matches(line, words);
        var start = 0;
        var end = line.Length;
        if (line.Length > MaxLineChars)
        {
            start = ranges.Count > 0 ? Math.Max(0, ranges[0].Start - MaxLineChars / 3) : 0;
            end = Math.Min(line.Length, start + MaxLineChars);
            // Do not split a surrogate pair at either edge.
            if (start > 0 && char.IsLowSurrogate(line[start]))
            {
                start--;
            }
            if (end < line.Length && char.IsLowSurrogate(line[end]))
            {
                end++;
            }
        }
        var sb = new StringBuilder();
        if (start > 0)
        {
            sb.Append('…');
        }
        var pos = start;
        foreach (var (s, e) in ranges)
        {
            if (e <= pos || s >= end)
            {
                continue;
            }
            var from = Math.Max(s, pos);
            var to = Math.Min(e, end);
            sb.Append(WebUtility.HtmlEncode(line[pos..from]));
            sb.Append("<mark>").Append(WebUtility.HtmlEncode(line[from..to])).Append("</mark>");
            pos = to;
        }
        sb.Append(WebUtility.HtmlEncode(line[pos..end]));
        if (end < line.Length)
        {
            sb.Append('…');
        }
        return sb.ToString();
    }

    /// <summary>Non-overlapping, ordered ranges of the words in the line.</summary>
    private static List<(int Start, int End)> Matches(string line, IReadOnlyList<string> words)
    {
        var found = new List<(int Start, int End)>();
        foreach (var word in words)
        {
            if (word.Length == 0)
            {
                continue;
            }
            for (var at = line.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = line.IndexOf(word, at + word.Length, StringComparison.OrdinalIgnoreCase))
            {
                found.Add((at, at + word.Length));
            }
        }
        found.Sort();
        var merged = new List<(int Start, int End)>();
        foreach (var range in found)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }
        return merged;
    }
}
