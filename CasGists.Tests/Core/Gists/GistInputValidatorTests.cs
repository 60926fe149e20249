using CasGists.Core.Common;
using CasGists.Core.Gists;

namespace CasGists.Tests.Core.Gists;

public sealed class GistInputValidatorTests
{
    internal static readonly GistOptions Limits = new() { MaxFiles = 3, MaxFileBytes = 10, MaxTotalBytes = 15, MaxTitleLength = 5, MaxDescriptionLength = 8 };

    private static ValidationException Refused(string? title = "t", string? description = "d", GistVisibility visibility = GistVisibility.Public, params GistFileInput[] files) =>
        Assert.Throws<ValidationException>(() => GistInputValidator.Validate(title, description, visibility, files, Limits));

    /// <summary>A bad input set, and the field its error must name. Shared with the service tests, which prove these write nothing.</summary>
    public static TheoryData<string, string?, string?, GistVisibility, GistFileInput[]> BadInputs(GistOptions limits)
    {
        var ok = new GistFileInput("a.txt", "x");
        var tooBig = new string('x', limits.MaxFileBytes + 1);
        return new()
        {
            { "files", "t", "", GistVisibility.Public, [] },
            { "files", "t", "", GistVisibility.Public, Enumerable.Range(0, limits.MaxFiles + 1).Select(i => new GistFileInput($"f{i}", "x")).ToArray() },
            { "files[0].name", "t", "", GistVisibility.Public, [new("", "x")] },
            { "files[0].name", "t", "", GistVisibility.Public, [new("   ", "x")] },
            { "files[0].name", "t", "", GistVisibility.Public, [new("dir/a.txt", "x")] },
            { "files[0].name", "t", "", GistVisibility.Public, [new("dir\\a.txt", "x")] },
            { "files[0].name", "t", "", GistVisibility.Public, [new("..", "x")] },
            { "files[0].name", "t", "", GistVisibility.Public, [new(".", "x")] },
            { "files[0].name", "t", "", GistVisibility.Public, [new("a..b", "x")] },
            { "files[0].name", "t", "", GistVisibility.Public, [new("a\0b", "x")] },
            { "files[0].name", "t", "", GistVisibility.Public, [new("a\nb", "x")] },
            { "files[0].name", "t", "", GistVisibility.Public, [new("a\u007fb", "x")] },
            { "files[0].name", "t", "", GistVisibility.Public, [new(".GIT", "x")] },
            { "files[0].name", "t", "", GistVisibility.Public, [new(" a.txt", "x")] },
            { "files[0].name", "t", "", GistVisibility.Public, [new("a.txt ", "x")] },
            { "files[0].name", "t", "", GistVisibility.Public, [new(new string('é', 128), "x")] },
            { "files[1].name", "t", "", GistVisibility.Public, [ok, new("A.TXT", "y")] },
            { "files[0].content", "t", "", GistVisibility.Public, [new("a.txt", "")] },
            { "files[0].content", "t", "", GistVisibility.Public, [new("a.txt", " \n\t")] },
            { "files[0].content", "t", "", GistVisibility.Public, [new("a.txt", "bin\0ary")] },
            { "files[0].content", "t", "", GistVisibility.Public, [new("a.txt", "bad \ud800 surrogate")] },
            { "files[0].content", "t", "", GistVisibility.Public, [new("a.txt", tooBig)] },
            { "files", "t", "", GistVisibility.Public, [new("a", new string('x', limits.MaxFileBytes)), new("b", new string('x', (int)Math.Min(limits.MaxFileBytes, limits.MaxTotalBytes - limits.MaxFileBytes + 1)))] },
            { "title", new string('t', limits.MaxTitleLength + 1), "", GistVisibility.Public, [ok] },
            { "title", "a\0b", "", GistVisibility.Public, [ok] },
            { "description", "t", new string('d', limits.MaxDescriptionLength + 1), GistVisibility.Public, [ok] },
            { "visibility", "t", "", (GistVisibility)42, [ok] },
        };
    }

    public static TheoryData<string, string?, string?, GistVisibility, GistFileInput[]> SmallLimitBadInputs() => BadInputs(Limits);

    [Theory]
    [MemberData(nameof(SmallLimitBadInputs))]
    public void EachBadInputIsRefusedWithItsFieldName(string field, string? title, string? description, GistVisibility visibility, GistFileInput[] files)
    {
        var error = Refused(title, description, visibility, files);
        Assert.Contains(field, error.Errors.Keys);
    }

    [Fact]
    public void EmptyContentIsRefusedLikeGitHub()
    {
        var error = Refused(files: [new GistFileInput("a.txt", "")]);
        Assert.Equal(["Contents can't be blank."], error.Errors["files[0].content"]);
    }

    [Fact]
    public void SizeLimitsCountUtf8BytesNotCharacters()
    {
        // Six characters, twelve bytes: over a ten-byte limit.
        var error = Refused(files: [new GistFileInput("a.txt", "éééééé")]);
        Assert.Contains("files[0].content", error.Errors.Keys);
    }

    [Fact]
    public void ValidInputIsTrimmedAndFilesAreOrderedByNameIgnoringCase()
    {
        var valid = GistInputValidator.Validate("  <b>x</b> ", " d ", GistVisibility.Unlisted,
            [new("b.txt", "2"), new("C.txt", "3"), new("a.txt", "1")], new GistOptions());

        Assert.Equal("<b>x</b>", valid.Title);
        Assert.Equal("d", valid.Description);
        Assert.Equal(["a.txt", "b.txt", "C.txt"], valid.Files.Select(f => f.Name));
        Assert.Equal("1"u8.ToArray(), valid.Files[0].Bytes);
    }

    [Fact]
    public void StrictUtf8DecodingRefusesInvalidBytesWithTheFileField()
    {
        Assert.Equal("héllo", GistInputValidator.DecodeUtf8("héllo"u8, 0));
        var error = Assert.Throws<ValidationException>(() => GistInputValidator.DecodeUtf8([0x68, 0xC3, 0x28], 2));
        Assert.Contains("files[2].content", error.Errors.Keys);
        Assert.Contains("not valid UTF-8", error.Message);
    }
}
