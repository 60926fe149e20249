using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using CasGists.App.Embeds;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Embeds;

public sealed partial class EmbedScriptTests
{
    /// <summary>The HTML a script writes, read back from its one string literal (JSON reads the same escapes).</summary>
    internal static string WrittenHtml(string script)
    {
        var match = DocumentWrite().Match(script);
        Assert.True(match.Success, $"Not a single document.write(\"…\"): {script[..Math.Min(200, script.Length)]}");
        return JsonSerializer.Deserialize<string>($"\"{match.Groups[1].Value}\"")!;
    }

    [Fact]
    public async Task APublicGistEmbedsEveryFileHighlightedWithAbsoluteLinksBack()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Two files", ("hello.py", "def greet():\n    return 'hi'\n"), ("notes.txt", "plain notes\n"));

        var response = await app.CreateClient().GetAsync($"/alice/{gist.Id}.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.NotNull(response.Headers.ETag);
        Assert.Contains("no-cache", response.Headers.CacheControl!.ToString());
        var html = WrittenHtml(await response.Content.ReadAsStringAsync());
        Assert.Contains("class=\"casgists-embed\"", html);
        Assert.Contains("<style>.casgists-embed{", html);
        Assert.Contains("<span class=\"hl-keyword\">def</span>", html);
        Assert.Contains("plain notes", html);
        Assert.Contains($"href=\"http://localhost/alice/{gist.Id}/raw/{gist.HeadRevision}/hello.py\"", html);
        Assert.Contains($"href=\"http://localhost/alice/{gist.Id}#file-1-notes-txt\"", html);
        Assert.Equal(2, Regex.Matches(html, "class=\"cge-file\"").Count);
    }

    [Fact]
    public async Task HostileContentStaysInsideTheStringLiteralAndIsEncodedAsText()
    {
        const string hostile = "</script><script>alert('x')</script>\n<!-- \"quoted\" 'single' back\\slash \\u0041 \u2028 line \u2029 para ${x} `tick` é 🙂\n";
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Hostile", ("evil.txt", hostile), ("<img src=x onerror=alert(1)>\"'.txt", "name\n"));

        var script = await app.CreateClient().GetStringAsync($"/alice/{gist.Id}.js");

        Assert.All(script, c => Assert.InRange(c, '\n', '~'));
        Assert.DoesNotContain("</", script, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<!--", script);
        Assert.DoesNotContain('\u2028', script);
        Assert.Equal(1, script.Count(c => c == '\n'));
        var html = WrittenHtml(script);
        Assert.Contains("&lt;/script&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html);
        Assert.Contains("back\\slash \\u0041 \u2028 line \u2029 para ${x} `tick` é 🙂", WebUtility.HtmlDecode(html));
        Assert.Contains(">&lt;img src=x onerror=alert(1)&gt;&quot;&#39;.txt</a>", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
    }

    [Fact]
    public async Task FileQueryEmbedsOneFileAndAnUnknownFileIs404()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Two", ("a file.txt", "first-content\n"), ("b.txt", "second-content\n"));
        var client = app.CreateClient();

        var one = WrittenHtml(await client.GetStringAsync($"/alice/{gist.Id}.js?file=a%20file.txt"));
        var missing = await client.GetAsync($"/alice/{gist.Id}.js?file=nope.txt");

        Assert.Contains("first-content", one);
        Assert.DoesNotContain("second-content", one);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/javascript", missing.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("/*", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task APrivateGistNeverEmbedsNotEvenForItsOwnerAndAnUnlistedOneDoes()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var secret = await app.GistAsync(alice, GistVisibility.Private, "Secret", ("s.txt", "top-secret-text\n"));
        var unlisted = await app.GistAsync(alice, GistVisibility.Unlisted, "Unlisted", ("u.txt", "unlisted-text\n"));
        var owner = await app.SignedInClientAsync("alice");

        var anonymous = await app.CreateClient().GetAsync($"/alice/{secret.Id}.js");
        var asOwner = await owner.GetAsync($"/alice/{secret.Id}.js");
        var missing = await app.CreateClient().GetAsync($"/alice/{new string('a', 32)}.js");

        foreach (var response in new[] { anonymous, asOwner })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("top-secret-text", body);
            Assert.Equal(await missing.Content.ReadAsStringAsync(), body);
        }
        Assert.Contains("unlisted-text", WrittenHtml(await app.CreateClient().GetStringAsync($"/alice/{unlisted.Id}.js")));
    }

    [Fact]
    public async Task AnotherUsersNameInThePathIsNotFound()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        await app.UserAsync("bob");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Mine", ("a.txt", "x\n"));

        var response = await app.CreateClient().GetAsync($"/bob/{gist.Id}.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MarkdownEmbedsAsRenderedHtml()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Readme", ("README.md", "# Title here\n\nSome *text* <script>alert(1)</script>\n"));

        var html = WrittenHtml(await app.CreateClient().GetStringAsync($"/alice/{gist.Id}.js"));

        Assert.Contains("class=\"cge-markdown\"", html);
        Assert.Matches("<h1[^>]*>Title here</h1>", html);
        Assert.Contains("<em>text</em>", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task ARepeatedRequestWithTheETagIsNotModified()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Cached", ("a.txt", "x\n"));
        var client = app.CreateClient();
        var first = await client.GetAsync($"/alice/{gist.Id}.js");

        var again = new HttpRequestMessage(HttpMethod.Get, $"/alice/{gist.Id}.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public void TheLiteralEscapesEverythingThatCouldEndOrBreakIt()
    {
        var literal = EmbedScript.Literal("\"'\\</script>\u2028\u2029\r\n\0é");

        Assert.All(literal, c => Assert.InRange(c, ' ', '~'));
        Assert.DoesNotContain("</", literal);
        Assert.Equal("\"'\\</script>\u2028\u2029\r\n\0é", JsonSerializer.Deserialize<string>($"\"{literal}\""));
    }

    [GeneratedRegex("^document\\.write\\(\"((?:[^\"\\\\]|\\\\.)*)\"\\);\\n$", RegexOptions.Singleline)]
    private static partial Regex DocumentWrite();
}
