using System.Text;

namespace CasGists.Core.Gists;

/// <summary>One entry of the pushed head's root tree, as <c>git ls-tree -z -l</c> lists it (the name in raw bytes).</summary>
public sealed record PushTreeEntry(string Mode, string Type, byte[] RawName, long? Size);

/// <summary>
/// The rules a push must meet before <c>main</c> moves: the same rules as a save from the UI
/// (<see cref="GistInputValidator"/>, <see cref="GistOptions"/>), applied to what git received.
/// The pre-receive hook (CasGists.App/Git) feeds it; every method returns messages for the git client, empty when fine.
/// </summary>
public static class PushValidator
{
    public const string ZeroId = "0000000000000000000000000000000000000000";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A gist has one branch; deleting it or pushing anything else is refused.</summary>
    public static string? CheckRefUpdate(string refName, string newId)
    {
        if (!string.Equals(refName, GitStore.BranchRef, StringComparison.Ordinal))
        {
            return $"Only the '{GitStore.Branch}' branch can be pushed to a gist (refused: {refName}).";
        }
        return newId.Trim('0').Length == 0 ? $"The '{GitStore.Branch}' branch of a gist can't be deleted." : null;
    }

    /// <summary>Names, kinds, count and sizes of the new head's files; contents are checked one by one with <see cref="CheckContent"/>.</summary>
    public static IReadOnlyList<string> CheckTree(IReadOnlyList<PushTreeEntry> entries, GistOptions options)
    {
        var errors = new List<string>();
        if (entries.Count == 0)
        {
            errors.Add("A gist needs at least one file.");
        }
        if (entries.Count > options.MaxFiles)
        {
            errors.Add($"A gist can have at most {options.MaxFiles} files (this push has {entries.Count}).");
        }
        var seen = new HashSet<string>(GistInputValidator.FileOrder);
        long total = 0;
        foreach (var entry in entries)
        {
            var name = DecodeName(entry.RawName);
            var shown = name ?? Encoding.UTF8.GetString(entry.RawName);
            if (entry.Type == "tree")
            {
                errors.Add($"'{Printable(shown)}' is a folder; a gist has only files at its root.");
                continue;
            }
            if (entry.Type != "blob" || entry.Mode is not ("100644" or "100755"))
            {
                errors.Add($"'{Printable(shown)}' is not a regular file (symbolic links and submodules are not allowed).");
                continue;
            }
            if (name is null)
            {
                errors.Add($"The file name '{Printable(shown)}' is not valid UTF-8.");
                continue;
            }
            if (GistInputValidator.CheckFileName(name) is { } nameError)
            {
                errors.Add($"'{Printable(name)}': {nameError}");
            }
            else if (!seen.Add(name))
            {
                errors.Add($"The file name '{Printable(name)}' is used twice (names are compared ignoring case).");
            }
            var size = entry.Size ?? 0;
            if (size > options.MaxFileBytes)
            {
                errors.Add($"'{Printable(name)}' is too large ({size:N0} bytes; the limit is {options.MaxFileBytes:N0}).");
            }
            total += size;
        }
        if (total > options.MaxTotalBytes)
        {
            errors.Add($"The gist is too large ({total:N0} bytes in all; the limit is {options.MaxTotalBytes:N0}).");
        }
        return errors;
    }

    /// <summary>Text only, as the editor saves it: strict UTF-8, no NUL, not blank.</summary>
    public static string? CheckContent(string name, ReadOnlySpan<byte> content)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return $"'{Printable(name)}' is not valid UTF-8 text; a gist holds text files only.";
        }
        if (text.Contains('\0'))
        {
            return $"'{Printable(name)}' looks binary (it contains a NUL character); a gist holds text files only.";
        }
        return string.IsNullOrWhiteSpace(text) ? $"'{Printable(name)}' is blank; contents can't be empty." : null;
    }

    /// <summary>The name if it is strict UTF-8, else null.</summary>
    public static string? DecodeName(byte[] raw)
    {
        try
        {
            return StrictUtf8.GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>A name as it can be shown on the pusher's terminal: control characters escaped, so a name can't drive the terminal.</summary>
    public static string Printable(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                builder.Append($"\\x{(int)c:x2}");
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
