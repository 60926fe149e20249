using System.IO.Compression;
using System.Net;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Gists;

public sealed class ArchiveEndpointsTests
{
    [Fact]
    public async Task ZipOfAnOldRevisionHoldsThatRevisionsFilesInANamedFolder()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var (gist, revisions) = await RevisionsPagesTests.ThreeRevisionsAsync(app);
        var folder = $"{gist.Id}-{revisions[1][..7]}";

        var response = await app.CreateClient().GetAsync($"/alice/{gist.Id}/archive/{revisions[1][..10]}.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"{folder}.zip", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var entry = Assert.Single(zip.Entries);
        Assert.Equal($"{folder}/one.txt", entry.FullName);
        using var reader = new StreamReader(entry.Open());
        Assert.Equal("second line\n", await reader.ReadToEndAsync());
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("main")]
    public async Task HeadAndMainNameTheNewestRevision(string alias)
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var (gist, _) = await RevisionsPagesTests.ThreeRevisionsAsync(app);

        var bytes = await app.CreateClient().GetByteArrayAsync($"/alice/{gist.Id}/archive/{alias}.zip");

        using var zip = new ZipArchive(new MemoryStream(bytes));
        Assert.Equal($"{gist.Id}-{gist.HeadRevision[..7]}/two.txt", Assert.Single(zip.Entries).FullName);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000")]
    [InlineData("--upload-pack=x")]
    [InlineData("HEAD~999999")]
    [InlineData("..%2F..%2Fetc")]
    public async Task ZipOfANonexistentOrHostileRevisionIs404(string revision)
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var (gist, _) = await RevisionsPagesTests.ThreeRevisionsAsync(app);

        var response = await app.CreateClient().GetAsync($"/alice/{gist.Id}/archive/{revision}.zip");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
