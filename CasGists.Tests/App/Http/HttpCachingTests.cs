using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Http;

/// <summary>ETags and 304s, the anonymous page cache, compression and static asset lifetimes, over HTTP.</summary>
public sealed partial class HttpCachingTests : IAsyncLifetime
{
    private CasGistsAppFactory _app = null!;
    private User _owner = null!;

    public async Task InitializeAsync()
    {
        _app = await CasGistsAppFactory.CreateAsync();
        _owner = await _app.UserAsync("alice");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient Anonymous() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private Task<GistDetails> GistAsync(GistVisibility visibility = GistVisibility.Public, string content = "hello\n") =>
        _app.GistAsync(_owner, visibility, "Cached gist", ("notes.txt", content));

    private Task<GistDetails> EditAsync(GistDetails gist, string content) =>
        _app.Services.GetRequiredService<GistService>().UpdateAsync(Viewer.For(_owner), gist.Id,
            new UpdateGistInput("Cached gist", "", gist.Visibility, [new GistFileInput("notes.txt", content)]));

    private static async Task<HttpResponseMessage> ConditionalGetAsync(HttpClient client, string url, EntityTagHeaderValue? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (etag is not null)
        {
            request.Headers.IfNoneMatch.Add(etag);
        }
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task ARawFileAnswers304ToItsETagAndANewTagAfterAnEdit()
    {
        var gist = await GistAsync();
        var client = Anonymous();
        var url = $"/alice/{gist.Id}/raw/notes.txt";

        var first = await client.GetAsync(url);
        var etag = first.Headers.ETag;
        var again = await ConditionalGetAsync(client, url, etag);
        await EditAsync(gist, "changed\n");
        var afterEdit = await ConditionalGetAsync(client, url, etag);

        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.True(first.Headers.CacheControl is { Private: true, NoCache: true });
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, afterEdit.StatusCode);
        Assert.Equal("changed\n", await afterEdit.Content.ReadAsStringAsync());
        Assert.NotEqual(etag, afterEdit.Headers.ETag);
    }

    [Fact]
    public async Task ARawFileAtARevisionIsImmutableInTheBrowserOnly()
    {
        var gist = await GistAsync();
        await EditAsync(gist, "changed\n");
        var client = Anonymous();
        var url = $"/alice/{gist.Id}/raw/{gist.HeadRevision}/notes.txt";

        var first = await client.GetAsync(url);
        var again = await ConditionalGetAsync(client, url, first.Headers.ETag);

        Assert.Equal("hello\n", await first.Content.ReadAsStringAsync());
        var cacheControl = first.Headers.CacheControl!;
        Assert.True(cacheControl.Private);
        Assert.False(cacheControl.Public);
        Assert.Equal(TimeSpan.FromDays(365), cacheControl.MaxAge);
        Assert.Contains(cacheControl.Extensions, e => e.Name == "immutable");
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task APrivateRawFileAnswers404EvenToAMatchingETag()
    {
        var gist = await GistAsync(GistVisibility.Private);
        var owner = await _app.SignedInClientAsync("alice");
        var url = $"/alice/{gist.Id}/raw/notes.txt";
        var etag = (await owner.GetAsync(url)).Headers.ETag;

        var anonymous = await ConditionalGetAsync(Anonymous(), url, etag);

        Assert.NotNull(etag);
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
    }

    [Fact]
    public async Task AGistPageAnswers304ToItsETagAndVariesPerViewer()
    {
        var gist = await GistAsync();
        var anonymous = Anonymous();
        var owner = await _app.SignedInClientAsync("alice");
        var url = $"/alice/{gist.Id}";

        var anonymousPage = await anonymous.GetAsync(url);
        var ownerPage = await owner.GetAsync(url);
        var anonymousAgain = await ConditionalGetAsync(anonymous, url, anonymousPage.Headers.ETag);
        var ownerAgain = await ConditionalGetAsync(owner, url, ownerPage.Headers.ETag);
        var ownerWithAnonymousTag = await ConditionalGetAsync(owner, url, anonymousPage.Headers.ETag);
        await EditAsync(gist, "changed\n");
        var afterEdit = await ConditionalGetAsync(anonymous, url, anonymousPage.Headers.ETag);

        Assert.NotNull(anonymousPage.Headers.ETag);
        Assert.NotNull(ownerPage.Headers.ETag);
        Assert.NotEqual(anonymousPage.Headers.ETag, ownerPage.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, anonymousAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, ownerAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownerWithAnonymousTag.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterEdit.StatusCode);
        Assert.Contains("changed", await afterEdit.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnAnonymousGistPageIsServedFromThePageCache()
    {
        var gist = await GistAsync();
        var client = Anonymous();

        var first = await client.GetAsync($"/alice/{gist.Id}");
        var second = await client.GetAsync($"/alice/{gist.Id}");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AQueryParameterNoPageReadsSharesTheCachedPageAndOneItReadsDoesNot()
    {
        var gist = await GistAsync();
        var client = Anonymous();

        await client.GetAsync($"/alice/{gist.Id}");
        var tracked = await client.GetAsync($"/alice/{gist.Id}?utm_source=feed&n=123");
        var commentsPage = await client.GetAsync($"/alice/{gist.Id}?comments=2");
        var home = await client.GetAsync("/?sort=created");
        var homeAgain = await client.GetAsync("/?sort=updated");

        Assert.NotNull(tracked.Headers.Age);
        Assert.Null(commentsPage.Headers.Age);
        Assert.Null(home.Headers.Age);
        Assert.Null(homeAgain.Headers.Age);
    }

    [Fact]
    public async Task ASignedInViewerNeverGetsOrLeavesACachedPage()
    {
        var gist = await GistAsync();
        var owner = await _app.SignedInClientAsync("alice");
        var url = $"/alice/{gist.Id}";

        var ownerFirst = await owner.GetStringAsync(url);
        var anonymous = await Anonymous().GetAsync(url);
        var anonymousPage = await anonymous.Content.ReadAsStringAsync();
        var ownerSecond = await owner.GetAsync(url);

        Assert.Contains($"/alice/{gist.Id}/edit", ownerFirst);
        Assert.DoesNotContain($"/alice/{gist.Id}/edit", anonymousPage);
        Assert.Null(anonymous.Headers.Age);
        Assert.Null(ownerSecond.Headers.Age);
        Assert.Contains($"/alice/{gist.Id}/edit", await ownerSecond.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task APrivateGistSeenByItsOwnerIsNeverServedFromTheCacheToOthers()
    {
        var gist = await GistAsync(GistVisibility.Private, "secret content\n");
        var owner = await _app.SignedInClientAsync("alice");
        var url = $"/alice/{gist.Id}";
        Assert.Contains("secret content", await owner.GetStringAsync(url));
        Assert.Contains("secret content", await owner.GetStringAsync(url));

        var anonymous = await Anonymous().GetAsync(url);
        var profile = await Anonymous().GetStringAsync("/alice");

        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.DoesNotContain("secret content", await anonymous.Content.ReadAsStringAsync());
        Assert.DoesNotContain(gist.Id, profile);
    }

    [Fact]
    public async Task TheCachedPageFollowsTheThemeCookie()
    {
        var gist = await GistAsync();
        var url = $"/alice/{gist.Id}";
        var light = Anonymous();
        var dark = Anonymous();
        dark.DefaultRequestHeaders.Add("Cookie", "theme=dark");

        var lightPage = await light.GetStringAsync(url);
        await light.GetStringAsync(url);
        var darkPage = await dark.GetStringAsync(url);

        Assert.NotEqual(lightPage, darkPage);
        Assert.Contains("Switch to light theme", darkPage);
        Assert.Contains("Switch to dark theme", lightPage);
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate, br", "br")]
    public async Task RawFilesAndPagesAreCompressedAsTheClientAsks(string accept, string expected)
    {
        var gist = await GistAsync(content: string.Concat(Enumerable.Repeat("a line of text that compresses well\n", 200)));
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("Accept-Encoding", accept);

        var raw = await client.GetAsync($"/alice/{gist.Id}/raw/notes.txt");
        var page = await client.GetAsync($"/alice/{gist.Id}");
        var home = await client.GetAsync("/");

        Assert.Equal([expected], raw.Content.Headers.ContentEncoding);
        Assert.Equal([expected], page.Content.Headers.ContentEncoding);
        Assert.Equal([expected], home.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", raw.Headers.Vary);
    }

    [Fact]
    public async Task NothingIsCompressedForAClientThatDoesNotAsk()
    {
        var gist = await GistAsync();

        var raw = await Anonymous().GetAsync($"/alice/{gist.Id}/raw/notes.txt");

        Assert.Empty(raw.Content.Headers.ContentEncoding);
        Assert.Equal("hello\n", await raw.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ASignedInViewersPagesAreNotCompressedButTheirRawFilesAre()
    {
        var gist = await GistAsync();
        var owner = await _app.SignedInClientAsync("alice");
        owner.DefaultRequestHeaders.Add("Accept-Encoding", "br, gzip");

        var page = await owner.GetAsync($"/alice/{gist.Id}");
        var raw = await owner.GetAsync($"/alice/{gist.Id}/raw/notes.txt");

        // BREACH: a signed-in page holds antiforgery tokens beside text others can write.
        Assert.Empty(page.Content.Headers.ContentEncoding);
        Assert.Equal(["br"], raw.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task FingerprintedStaticAssetsAreCachedForAYearAndImmutable()
    {
        // Run from a build (not a publish), MapStaticAssets serves everything no-cache for hot reload
        // unless told otherwise; a published app always sends the manifest's headers.
        await using var app = await CasGistsAppFactory.CreateAsync(f => f.Settings["EnableStaticAssetsDevelopmentCaching"] = "true");
        var client = app.CreateClient();
        var home = await client.GetStringAsync("/");
        var asset = FingerprintedCss().Match(home);
        Assert.True(asset.Success, "no fingerprinted stylesheet in the page");

        var response = await client.GetAsync(asset.Groups[1].Value);
        var unfingerprinted = await client.GetAsync("/css/app.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(unfingerprinted.Headers.CacheControl?.NoCache);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.Contains(response.Headers.CacheControl!.Extensions, e => e.Name == "immutable");
    }

    [Fact]
    public async Task EveryPageDeclaresItsIconSoBrowsersDoNotAskForAMissingFaviconIco()
    {
        var client = Anonymous();
        var home = await client.GetStringAsync("/");
        var icon = Icon().Match(home);
        Assert.True(icon.Success, "no <link rel=\"icon\"> in the page: " + home[..Math.Min(home.Length, 1500)]);

        var response = await client.GetAsync(icon.Groups[1].Value);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("""<link rel="icon"[^>]* href="([^"]+)""")]
    private static partial Regex Icon();

    [GeneratedRegex("href=\"(/?css/[^\"]+\\.[a-z0-9]{8,}\\.css)\"")]
    private static partial Regex FingerprintedCss();
}
