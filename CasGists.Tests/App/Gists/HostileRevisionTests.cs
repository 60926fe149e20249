using System.Net;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Gists;

/// <summary>Issue 5's bad revision arguments against every surface that takes a revision: page, raw file and zip.</summary>
public sealed class HostileRevisionTests
{
    [Theory]
    [InlineData("--upload-pack=touch%20%2Ftmp%2Fcasgists-pwned")]
    [InlineData("-n")]
    [InlineData("..%2F..%2F..%2Fetc")]
    [InlineData("HEAD~999999")]
    [InlineData("HEAD%5E")]
    [InlineData("main@%7B1%7D")]
    [InlineData("0000000000000000000000000000000000000000")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffff")]
    public async Task ABadRevisionIsNotFoundOnThePageTheRawFileAndTheZip(string revision)
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Target", ("a.txt", "content\n"));
        var client = app.CreateClient();

        foreach (var path in new[]
        {
            $"/alice/{gist.Id}/{revision}",
            $"/alice/{gist.Id}/raw/{revision}/a.txt",
            $"/alice/{gist.Id}/archive/{revision}.zip",
        })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
            Assert.NotEqual("content\n", await response.Content.ReadAsStringAsync());
        }
        Assert.False(File.Exists("/tmp/casgists-pwned"));
    }

    [Fact]
    public async Task ARealRevisionOfAnotherGistIsNotFoundOnThisOne()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var mine = await app.GistAsync(alice, GistVisibility.Public, "Mine", ("a.txt", "mine\n"));
        var other = await app.GistAsync(alice, GistVisibility.Private, "Other", ("a.txt", "private-text\n"));
        var client = app.CreateClient();

        var raw = await client.GetAsync($"/alice/{mine.Id}/raw/{other.HeadRevision}/a.txt");
        var zip = await client.GetAsync($"/alice/{mine.Id}/archive/{other.HeadRevision}.zip");

        Assert.Equal(HttpStatusCode.NotFound, raw.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, zip.StatusCode);
        Assert.DoesNotContain("private-text", await raw.Content.ReadAsStringAsync());
    }
}
