using CasGists.Core.Common;
using CasGists.Core.Gists;

namespace CasGists.App.Api;

/// <summary>
/// One change to one file of a gist, as both APIs take them: <see cref="Content"/> replaces or creates,
/// <see cref="NewName"/> renames, <see cref="Delete"/> removes. <see cref="Field"/> is how the request named it,
/// so an error can point there.
/// </summary>
public sealed record FileEdit(string Field, string? Name, string? NewName, string? Content, bool Delete);

/// <summary>
/// Turns file edits into the whole new file list Core's update takes (files not mentioned stay as they are), and
/// Core's field names for that list back into the request's.
/// </summary>
public static class FileEdits
{
    public sealed record Result(IReadOnlyList<GistFileInput> Files, IReadOnlyList<string> Fields);

    public static Result Apply(IReadOnlyList<GistFileView> current, IReadOnlyList<FileEdit> edits)
    {
        var files = current.Select(f => new GistFileInput(f.Name, f.Content)).ToList();
        var fields = current.Select(f => $"files[{f.Name}]").ToList();
        var errors = new ValidationErrors();
        foreach (var edit in edits)
        {
            var index = edit.Name is null ? -1 : IndexOf(files, edit.Name);
            if (edit.Delete)
            {
                if (index < 0)
                {
                    errors.Add(edit.Field, $"There is no file named '{edit.Name}' to delete.");
                    continue;
                }
                files.RemoveAt(index);
                fields.RemoveAt(index);
            }
            else if (index >= 0)
            {
                files[index] = new GistFileInput(edit.NewName ?? files[index].Name, edit.Content ?? files[index].Content);
                fields[index] = edit.Field;
            }
            else if (edit.Content is null)
            {
                errors.Add(edit.Field, $"There is no file named '{edit.Name}'; give content to create it.");
            }
            else
            {
                files.Add(new GistFileInput(edit.NewName ?? edit.Name ?? "", edit.Content));
                fields.Add(edit.Field);
            }
        }
        errors.ThrowIfAny();
        return new Result(files, fields);
    }

    /// <summary>Core names files by their place in the list it got (<c>files[2].name</c>); the client named them otherwise.</summary>
    public static ValidationException Remap(ValidationException e, IReadOnlyList<string> fields)
    {
        var remapped = new Dictionary<string, string[]>();
        foreach (var (key, messages) in e.Errors)
        {
            var name = key;
            if (key.StartsWith("files[", StringComparison.Ordinal) && key.IndexOf(']') is var close and > 6 &&
                int.TryParse(key.AsSpan(6, close - 6), out var index) && index < fields.Count)
            {
                name = fields[index] + key[(close + 1)..];
            }
            remapped[name] = remapped.TryGetValue(name, out var existing) ? [.. existing, .. messages] : messages;
        }
        return new ValidationException(remapped);
    }

    private static int IndexOf(List<GistFileInput> files, string name)
    {
        var exact = files.FindIndex(f => string.Equals(f.Name, name, StringComparison.Ordinal));
        return exact >= 0 ? exact : files.FindIndex(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
    }
}
