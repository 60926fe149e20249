using CasGists.Core.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace CasGists.Tests.Core.Rendering;

public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer _markdown = new(new CodeHighlighter(NullLogger<CodeHighlighter>.Instance));

    [Fact]
    public void RendersGitHubStyleMarkdown()
    {
        var html = _markdown.Render("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n**bold**");

        Assert.Contains("<h1", html);
        Assert.Contains("<table>", html);
        Assert.Contains("<strong>bold</strong>", html);
    }

    [Fact]
    public void ScriptTagsAreRemoved()
    {
        var html = _markdown.Render("hello <script>alert(1)</script> world");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert(1)</script>", html);
    }

    [Fact]
    public void EventHandlerAttributesAreRemoved()
    {
        var html = _markdown.Render("<img src=\"https://example.com/x.png\" onerror=\"alert(1)\"> <div onclick=\"steal()\">x</div>");

        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("https://example.com/x.png", html);
    }

    [Fact]
    public void JavaScriptLinksAreNeutralised()
    {
        var html = _markdown.Render("[click](javascript:alert(1)) <a href=\"JaVaScRiPt:alert(2)\">raw</a> [ok](https://example.com)");

        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://example.com\"", html);
        Assert.Contains("rel=\"nofollow noopener noreferrer\"", html);
    }

    [Fact]
    public void InlineSvgWithScriptIsRemoved()
    {
        var html = _markdown.Render("<svg onload=\"alert(1)\"><script>alert(2)</script><circle r=\"4\"/></svg>\n\n<iframe src=\"https://evil.example\"></iframe>");

        Assert.DoesNotContain("<svg", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onload", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void HeadingIdsArePrefixedSoTheyCannotClobberPageElements()
    {
        var html = _markdown.Render("# Install\n\n[jump](#install)");

        Assert.Contains("id=\"user-content-install\"", html);
        Assert.Contains("href=\"#user-content-install\"", html);
    }

    [Fact]
    public void FencedCodeIsHighlightedAndEncoded()
    {
        var html = _markdown.Render("```csharp\npublic var x = \"<b>\";\n```");

        Assert.Contains("<span class=\"hl-keyword\">public</span>", html);
        Assert.DoesNotContain("<b>", html);
    }
}
