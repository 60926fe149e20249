using System.Text.RegularExpressions;
using CasGists.Core.Common;

namespace CasGists.App.Components.Editor;

/// <summary>
/// Core's field keys (<c>title</c>, <c>files[2].name</c>, ...) placed on the editor: per field,
/// and per file by its stable key, so an error stays on its tab when the author reorders nothing.
/// </summary>
public sealed partial class EditorErrors
{
    private readonly Dictionary<string, List<string>> _messages = new(StringComparer.Ordinal);

    public static EditorErrors None { get; } = new();

    public bool IsEmpty => _messages.Count == 0;

    public static EditorErrors From(ValidationException error, IReadOnlyList<DraftFile> files)
    {
        var errors = new EditorErrors();
        foreach (var (field, messages) in error.Errors)
        {
            var match = FileField().Match(field);
            var target = field.ToLowerInvariant();
            if (match.Success && int.TryParse(match.Groups[1].Value, out var index) && index < files.Count)
            {
                target = $"{files[index].Key}.{match.Groups[2].Value.ToLowerInvariant()}";
            }
            else if (match.Success)
            {
                target = "files";
            }
            if (!errors._messages.TryGetValue(target, out var list))
            {
                errors._messages[target] = list = [];
            }
            list.AddRange(messages);
        }
        return errors;
    }

    public string? Title => Get("title");
    public string? Description => Get("description");
    public string? Topics => Get("topics");
    public string? Files => Get("files");
    public string? Visibility => Get("visibility");

    public string? NameOf(DraftFile file) => Get($"{file.Key}.name");

    /// <summary>Content errors, and any other per-file error Core may add later.</summary>
    public string? ContentOf(DraftFile file) =>
        Join(_messages.Where(m => m.Key.StartsWith(file.Key + ".", StringComparison.Ordinal) && m.Key != $"{file.Key}.name").SelectMany(m => m.Value));

    public bool Has(DraftFile file) => _messages.Keys.Any(k => k.StartsWith(file.Key + ".", StringComparison.Ordinal));

    /// <summary>The author fixed a field: its message goes.</summary>
    public void Clear(string field) => _messages.Remove(field);

    public void ClearName(DraftFile file) => _messages.Remove($"{file.Key}.name");

    private string? Get(string field) => _messages.TryGetValue(field, out var list) ? Join(list) : null;

    private static string? Join(IEnumerable<string> messages)
    {
        var text = string.Join(" ", messages);
        return text.Length == 0 ? null : text;
    }

    [GeneratedRegex(@"^files\[(\d+)\]\.?(\w*)$", RegexOptions.IgnoreCase)]
    private static partial Regex FileField();
}
