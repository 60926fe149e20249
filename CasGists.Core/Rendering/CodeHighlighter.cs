using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using TextMateSharp.Grammars;
using TextMateSharp.Registry;

namespace CasGists.Core.Rendering;

/// <summary>
/// Server-side syntax highlighting with TextMate grammars (the ones VS Code uses), so pages are
/// highlighted with JavaScript off. Output is one HTML fragment per line: encoded text in
/// <c>&lt;span class="hl-…"&gt;</c> elements whose colours live in app.css for both themes.
/// </summary>
public sealed class CodeHighlighter(ILogger<CodeHighlighter> logger)
{
    /// <summary>Beyond this size a file is shown as plain text: tokenizing it would cost more than it helps.</summary>
    public const int MaxHighlightChars = 256 * 1024;

    // Very long lines (minified code) make grammars backtrack for seconds; they stay plain.
    private const int MaxHighlightLineChars = 4000;
    private static readonly TimeSpan LineTimeLimit = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, IGrammar?> _grammars = new(StringComparer.Ordinal);
    private RegistryOptions? _options;
    private Registry? _registry;
    private bool _unavailable;

    /// <summary>Splits text into lines the way the file box numbers them (a final newline ends the last line).</summary>
    public static IReadOnlyList<string> SplitLines(string content)
    {
        var lines = content.Split('\n');
        var count = lines.Length > 1 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
        }
        return result;
    }

    /// <summary>Highlights <paramref name="content"/> for the language its file name implies; plain encoded lines when none applies.</summary>
    public HighlightedCode Highlight(string fileName, string content, int? maxLines = null)
    {
        var lines = SplitLines(content);
        if (maxLines is { } max && lines.Count > max)
        {
            lines = lines.Take(max).ToArray();
        }

        var grammar = content.Length <= MaxHighlightChars ? FindGrammar(fileName) : null;
        if (grammar is null)
        {
            return new HighlightedCode(lines.Select(Encode).ToArray(), false);
        }

        // A grammar keeps compiled rules in mutable caches; one tokenization at a time per grammar.
        lock (grammar)
        {
            try
            {
                return new HighlightedCode(Tokenize(grammar, lines), true);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Highlighting {FileName} failed; showing it as plain text.", fileName);
                return new HighlightedCode(lines.Select(Encode).ToArray(), false);
            }
        }
    }

    private static string[] Tokenize(IGrammar grammar, IReadOnlyList<string> lines)
    {
        var html = new string[lines.Count];
        IStateStack? state = null;
        var builder = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length > MaxHighlightLineChars)
            {
                html[i] = Encode(line);
                continue;
            }
            var result = grammar.TokenizeLine(line, state, LineTimeLimit);
            state = result.RuleStack;
            builder.Clear();
            string? openClass = null;
            var written = 0;
            foreach (var token in result.Tokens)
            {
                var start = Math.Min(token.StartIndex, line.Length);
                var end = Math.Min(token.EndIndex, line.Length);
                if (end <= start)
                {
                    continue;
                }
                var cssClass = ScopeClasses.For(token.Scopes);
                if (cssClass != openClass)
                {
                    if (openClass is not null)
                    {
                        builder.Append("</span>");
                    }
                    if (cssClass is not null)
                    {
                        builder.Append("<span class=\"").Append(cssClass).Append("\">");
                    }
                    openClass = cssClass;
                }
                builder.Append(WebUtility.HtmlEncode(line[start..end]));
                written = end;
            }
            if (openClass is not null)
            {
                builder.Append("</span>");
            }
            // A tokenizer that hit its time limit stops early; the rest of the line is still shown, plain.
            if (written < line.Length)
            {
                builder.Append(WebUtility.HtmlEncode(line[written..]));
            }
            html[i] = builder.ToString();
        }
        return html;
    }

    private static string Encode(string line) => WebUtility.HtmlEncode(line);

    private IGrammar? FindGrammar(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension.Length == 0)
        {
            extension = SpecialNames.GetValueOrDefault(fileName.ToLowerInvariant(), "");
        }
        if (extension.Length == 0)
        {
            return null;
        }

        lock (_gate)
        {
            if (_unavailable)
            {
                return null;
            }
            if (_grammars.TryGetValue(extension, out var cached))
            {
                return cached;
            }
            try
            {
                _options ??= new RegistryOptions(ThemeName.LightPlus);
                _registry ??= new Registry(_options);
                var scope = _options.GetScopeByExtension(extension);
                var grammar = scope is null ? null : _registry.LoadGrammar(scope);
                _grammars[extension] = grammar;
                return grammar;
            }
            catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
            {
                // The Oniguruma native library is missing for this platform: highlight nothing, once logged.
                _unavailable = true;
                logger.LogWarning(e, "Syntax highlighting is unavailable (the native regex library did not load); files are shown as plain text.");
                return null;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The grammar for {Extension} failed to load; those files are shown as plain text.", extension);
                _grammars[extension] = null;
                return null;
            }
        }
    }

    // Files whose name is their language.
    private static readonly Dictionary<string, string> SpecialNames = new(StringComparer.Ordinal)
    {
        ["dockerfile"] = ".dockerfile",
        ["makefile"] = ".mk",
        ["gnumakefile"] = ".mk",
        [".gitignore"] = ".gitignore",
        [".bashrc"] = ".sh",
        [".zshrc"] = ".sh",
    };
}

/// <summary>Highlighted lines as HTML fragments; <see cref="Highlighted"/> is false when they are only encoded text.</summary>
public sealed record HighlightedCode(IReadOnlyList<string> Lines, bool Highlighted);
