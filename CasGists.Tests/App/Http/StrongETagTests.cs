using System.Text;
using CasGists.App.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CasGists.Tests.App.Http;

public sealed class StrongETagTests
{
    [Fact]
    public void PagesThatDifferOnlyInAntiforgeryTokenValuesShareATag()
    {
        static byte[] Page(string token, string text) =>
            Encoding.UTF8.GetBytes($"<form><input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"{token}\" /></form><p>{text}</p>");

        var first = BodyETagMiddleware.TagWithoutAntiforgeryTokens(Page("CfDJ8-first", "hello"));
        var second = BodyETagMiddleware.TagWithoutAntiforgeryTokens(Page("CfDJ8-second-longer", "hello"));
        var changed = BodyETagMiddleware.TagWithoutAntiforgeryTokens(Page("CfDJ8-first", "hello!"));

        Assert.Equal(first, second);
        Assert.NotEqual(first, changed);
        Assert.Matches("^\"[0-9a-f]{32}\"$", first);
    }

    [Theory]
    [InlineData("\"abc\"", true)]
    [InlineData("W/\"abc\"", true)]
    [InlineData("\"other\", \"abc\"", true)]
    [InlineData("*", true)]
    [InlineData("\"other\"", false)]
    [InlineData("abc", false)]
    public void IfNoneMatchIsComparedAsTheStandardSays(string header, bool matches)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.IfNoneMatch = header;

        Assert.Equal(matches, StrongETag.Matches(context.Request, "\"abc\""));
    }

    [Theory]
    [InlineData("\"abc\"", true)]
    [InlineData("W/\"abc\"", true)]
    [InlineData("\"x\", W/\"abc\"", true)]
    [InlineData("\"x\",\"abc\"", true)]
    [InlineData("  \"abc\"  ", true)]
    [InlineData("*", true)]
    [InlineData("\"ABC\"", false)]
    [InlineData("W/\"x\", \"y\"", false)]
    [InlineData("abc", false)]
    [InlineData("\"abc", false)]
    [InlineData("", false)]
    public void AnIfNoneMatchValueIsAListComparedWeakly(string header, bool matches) =>
        Assert.Equal(matches, StrongETag.Matches(new StringValues(header), "\"abc\""));

    [Fact]
    public void SeveralIfNoneMatchHeadersAreOneList()
    {
        Assert.True(StrongETag.Matches(new StringValues(["\"x\"", "\"y\", \"abc\""]), "\"abc\""));
        Assert.False(StrongETag.Matches(new StringValues(["\"x\"", "\"y\""]), "\"abc\""));
        Assert.False(StrongETag.Matches(StringValues.Empty, "\"abc\""));
    }

    [Fact]
    public void AContentTagIsQuoted128BitsOfSha256InLowerHex()
    {
        var content = Encoding.UTF8.GetBytes("hello");
        var tag = StrongETag.ForContent(content);
        Assert.Equal($"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))[..32]}\"", tag);
        Assert.Equal(tag, StrongETag.ForContent(Encoding.UTF8.GetBytes("hello")));
        Assert.NotEqual(tag, StrongETag.ForContent(Encoding.UTF8.GetBytes("hello!")));
    }

    [Fact]
    public void ATagNamesItsPartsUnambiguously()
    {
        Assert.NotEqual(StrongETag.ForParts("ab", "c"), StrongETag.ForParts("a", "bc"));
        Assert.Equal(StrongETag.ForParts("rev", "a.txt"), StrongETag.ForParts("rev", "a.txt"));
    }
}
