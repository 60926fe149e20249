using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;

namespace CasGists.Core.Rendering;

/// <summary>
/// Markdown to safe HTML: Markdig with GitHub-like extensions, then HtmlSanitizer, because a gist's
/// Markdown may carry raw HTML and is shown on our origin. Fenced code gets the same highlighting as files.
/// </summary>
public sealed class MarkdownRenderer
{
    /// <summary>Prefix for ids from the document, so headings cannot clobber the page's own elements.</summary>
    public const string IdPrefix = "user-content-";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .Build();

    private static readonly Dictionary<string, string> LanguageExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["csharp"] = "cs", ["c#"] = "cs", ["javascript"] = "js", ["typescript"] = "ts", ["python"] = "py",
        ["bash"] = "sh", ["shell"] = "sh", ["zsh"] = "sh", ["ruby"] = "rb", ["rust"] = "rs", ["golang"] = "go",
        ["yml"] = "yaml", ["markdown"] = "md", ["powershell"] = "ps1", ["kotlin"] = "kt", ["fsharp"] = "fs",
        ["docker"] = "dockerfile", ["html"] = "html", ["xml"] = "xml",
    };

    private readonly HtmlSanitizer _sanitizer;
    private readonly CodeHighlighter _highlighter;

    public MarkdownRenderer(CodeHighlighter highlighter)
    {
        _highlighter = highlighter;
        _sanitizer = new HtmlSanitizer();
        _sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" })
        {
            _sanitizer.AllowedSchemes.Add(scheme);
        }
        _sanitizer.AllowedAttributes.Add("class");
        // Heading anchors; PostProcess prefixes every id.
        _sanitizer.AllowedAttributes.Add("id");
        _sanitizer.AllowedTags.Remove("form");
        _sanitizer.AllowedTags.Remove("button");
        _sanitizer.AllowedTags.Remove("textarea");
        _sanitizer.AllowedTags.Remove("select");
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement element)
            {
                PostProcess(element);
            }
        };
    }

    public string Render(string markdown) => _sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    private void PostProcess(IElement element)
    {
        if (element.Id is { Length: > 0 } id && !id.StartsWith(IdPrefix, StringComparison.Ordinal))
        {
            element.Id = IdPrefix + id;
        }
        if (element.LocalName == "a" && element.GetAttribute("href") is { } href)
        {
            if (href.StartsWith('#') && href.Length > 1 && !href.StartsWith("#" + IdPrefix, StringComparison.Ordinal))
            {
                element.SetAttribute("href", "#" + IdPrefix + href[1..]);
            }
            else if (!href.StartsWith('#'))
            {
                element.SetAttribute("rel", "nofollow noopener noreferrer");
            }
        }
        if (element.LocalName == "code" && element.ParentElement?.LocalName == "pre" &&
            element.ClassList.FirstOrDefault(c => c.StartsWith("language-", StringComparison.Ordinal)) is { } languageClass)
        {
            var language = languageClass["language-".Length..];
            var extension = LanguageExtensions.GetValueOrDefault(language, language);
            var code = _highlighter.Highlight("fence." + extension, element.TextContent);
            if (code.Highlighted)
            {
                // The highlighter encodes every character it emits; only its own spans are markup.
                element.InnerHtml = string.Join("\n", code.Lines);
            }
        }
    }
}
