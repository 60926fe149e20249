using CasGists.App.Components.Editor;
using CasGists.Core.Common;

namespace CasGists.Tests.App.Editor;

public sealed class EditorErrorsTests
{
    [Fact]
    public void FileErrorsFollowTheFileByItsKeyAndFieldErrorsStayOnTheirField()
    {
        var draft = new GistDraft();
        var first = draft.AddFile("ok.txt");
        var second = draft.AddFile("a/b.txt");
        var error = new ValidationException(new Dictionary<string, string[]>
        {
            ["title"] = ["Title is too long."],
            ["files[1].name"] = ["File name can't contain '/'."],
            ["files[1].content"] = ["Contents can't be blank."],
            ["files"] = ["The gist is too large."],
        });

        var errors = EditorErrors.From(error, draft.Files);

        Assert.Equal("Title is too long.", errors.Title);
        Assert.Equal("The gist is too large.", errors.Files);
        Assert.Null(errors.NameOf(first));
        Assert.False(errors.Has(first));
        Assert.Equal("File name can't contain '/'.", errors.NameOf(second));
        Assert.Equal("Contents can't be blank.", errors.ContentOf(second));
        Assert.True(errors.Has(second));
    }

    [Fact]
    public void RenamingAFileClearsOnlyItsNameError()
    {
        var draft = new GistDraft();
        var file = draft.AddFile("a/b.txt");
        var errors = EditorErrors.From(new ValidationException(new Dictionary<string, string[]>
        {
            ["files[0].name"] = ["bad name"],
            ["files[0].content"] = ["blank"],
        }), draft.Files);

        errors.ClearName(file);

        Assert.Null(errors.NameOf(file));
        Assert.Equal("blank", errors.ContentOf(file));
    }

    [Fact]
    public void AnErrorForAFileIndexThatNoLongerExistsIsShownForTheWholeFileList()
    {
        var draft = new GistDraft();
        draft.AddFile("only.txt");

        var errors = EditorErrors.From(new ValidationException("files[5].name", "bad"), draft.Files);

        Assert.Equal("bad", errors.Files);
    }
}
