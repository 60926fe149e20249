using System.Net;
using CasGists.App.Components.Shared;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Components;

/// <summary>A mangled page number in a link (hand-edited, cut off, doubled <c>?</c>) shows the first page, never a 500.</summary>
public sealed class PageQueryTests
{
    [Theory]
    [InlineData("3", 3)]
    [InlineData("-1", -1)]
    [InlineData("abc", null)]
    [InlineData("2?x=1", null)]
    [InlineData("99999999999", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void OnlyAWholeNumberIsAPage(string? text, int? expected) => Assert.Equal(expected, PageQuery.Parse(text));

    [Fact]
    public async Task EveryPagedPageAnswersAMangledPageNumberWithItsFirstPage()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var owner = await app.UserAsync("alice");
        var gist = await app.GistAsync(owner, GistVisibility.Public, "Paged", ("notes.txt", "hello\n"));
        var client = app.CreateClient();
        string[] pages = ["/", "/alice", "/alice/starred", $"/alice/{gist.Id}/revisions", $"/alice/{gist.Id}/forks", "/topics/go", "/search?q=hello"];

        foreach (var page in pages)
        {
            foreach (var bad in new[] { "abc", "2%3Fx%3D1", "99999999999" })
            {
                var url = page + (page.Contains('?') ? "&" : "?") + "page=" + bad;
                var response = await client.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            }
        }
        var comments = await client.GetAsync($"/alice/{gist.Id}?comments=abc");
        Assert.Equal(HttpStatusCode.OK, comments.StatusCode);
    }
}
