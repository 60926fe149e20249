using CasGists.Core.Gists;
using Microsoft.Extensions.Caching.Memory;

namespace CasGists.Core.Rendering;

/// <summary>A file ready for the page: numbered highlighted lines, or sanitised HTML for Markdown.</summary>
public sealed record RenderedFile(IReadOnlyList<string> Lines, bool Highlighted, string? MarkdownHtml)
{
    public bool IsMarkdown => MarkdownHtml is not null;
}

/// <summary>
/// Renders gist files for pages and caches the result per (revision, file name): a revision's
/// content never changes, so the cache needs no invalidation, only expiry.
/// </summary>
public sealed class FileRenderer(CodeHighlighter highlighter, MarkdownRenderer markdown, IMemoryCache cache)
{
    public const int PreviewLines = 10;
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public static bool IsMarkdown(string fileName) =>
        fileName.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ||
        fileName.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase);

    public RenderedFile Render(string revision, GistFileView file) =>
        cache.GetOrCreate(("file", revision, file.Name), entry =>
        {
            entry.SlidingExpiration = Lifetime;
            entry.Size = file.Content.Length;
            var code = highlighter.Highlight(file.Name, file.Content);
            var html = IsMarkdown(file.Name) && file.Content.Length <= CodeHighlighter.MaxHighlightChars
                ? markdown.Render(file.Content)
                : null;
            return new RenderedFile(code.Lines, code.Highlighted, html);
        })!;

    /// <summary>The first lines of a file for a card, keyed by when the gist last changed.</summary>
    public HighlightedCode Preview(string gistId, DateTime updatedAt, string fileName, string content) =>
        cache.GetOrCreate(("preview", gistId, updatedAt.Ticks, fileName), entry =>
        {
            entry.SlidingExpiration = Lifetime;
            entry.Size = Math.Min(content.Length, 4096);
            return highlighter.Highlight(fileName, content, PreviewLines);
        })!;
}
