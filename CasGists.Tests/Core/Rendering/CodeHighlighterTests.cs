using CasGists.Core.Rendering;
using Microsoft.Extensions.Logging.Abstractions;

namespace CasGists.Tests.Core.Rendering;

public sealed class CodeHighlighterTests
{
    private readonly CodeHighlighter _highlighter = new(NullLogger<CodeHighlighter>.Instance);

    [Fact]
    public void CSharpKeywordsGetTheKeywordClass()
    {
        var code = _highlighter.Highlight("Program.cs", "public class Greeter\n{\n    // says hi\n    string Name = \"x\";\n}\n");

        Assert.True(code.Highlighted);
        Assert.Equal(5, code.Lines.Count);
        Assert.Contains("<span class=\"hl-keyword\">public</span>", code.Lines[0]);
        Assert.Contains("<span class=\"hl-comment\">", code.Lines[2]);
        Assert.Contains("<span class=\"hl-string\">", code.Lines[3]);
    }

    [Fact]
    public void UnknownLanguageFallsBackToEncodedPlainText()
    {
        var code = _highlighter.Highlight("notes.unknownext", "a < b && c\nsecond");

        Assert.False(code.Highlighted);
        Assert.Equal(["a &lt; b &amp;&amp; c", "second"], code.Lines);
    }

    [Fact]
    public void HighlightedOutputEncodesMarkupInTheCode()
    {
        var code = _highlighter.Highlight("page.js", "const s = \"<script>alert(1)</script>\"; // <b>\n");

        Assert.True(code.Highlighted);
        var html = string.Join("\n", code.Lines);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public void FilesOverTheSizeLimitAreNotHighlighted()
    {
        var big = string.Concat(Enumerable.Repeat("int x = 1;\n", CodeHighlighter.MaxHighlightChars / 10));

        var code = _highlighter.Highlight("Big.cs", big);

        Assert.False(code.Highlighted);
        Assert.Equal("int x = 1;", code.Lines[0]);
    }

    [Fact]
    public void PreviewStopsAtTheRequestedNumberOfLines()
    {
        var code = _highlighter.Highlight("a.py", "a = 1\nb = 2\nc = 3\nd = 4\n", maxLines: 2);

        Assert.Equal(2, code.Lines.Count);
    }

    [Theory]
    [InlineData("a\nb\n", new[] { "a", "b" })]
    [InlineData("a\r\nb", new[] { "a", "b" })]
    [InlineData("", new[] { "" })]
    [InlineData("\n\n", new[] { "", "" })]
    public void LinesSplitLikeTheFileBoxNumbersThem(string content, string[] expected)
    {
        Assert.Equal(expected, CodeHighlighter.SplitLines(content));
    }
}
