using System.Text;
using CasGists.Core.Common;

namespace CasGists.Core.Gists;

/// <summary>A file that passed validation, with its UTF-8 bytes (what git stores and what the limits count).</summary>
public sealed record ValidGistFile(string Name, string Content, byte[] Bytes);

/// <summary>
/// A gist input that passed validation: trimmed text, files ordered by name as GitHub shows them, topics
/// normalised (null: the input left them out, so an update keeps them).
/// </summary>
public sealed record ValidGistInput(
    string Title, string Description, GistVisibility Visibility, IReadOnlyList<ValidGistFile> Files, IReadOnlyList<string>? Topics = null);

/// <summary>
/// The one rule set for a gist's content, used by create and update (and so by the UI, the API and
/// pushes). Errors name the input's fields: <c>title</c>, <c>description</c>, <c>visibility</c>,
/// <c>files</c>, <c>files[i].name</c>, <c>files[i].content</c>, <c>topics</c>.
/// </summary>
public static class GistInputValidator
{
    /// <summary>GitHub's order: by name, ignoring case (names are unique ignoring case, so the order is total).</summary>
    public static readonly StringComparer FileOrder = StringComparer.OrdinalIgnoreCase;

    private const int MaxFileNameBytes = 255;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ValidGistInput Validate(CreateGistInput input, GistOptions options) =>
        Validate(input.Title, input.Description, input.Visibility, input.Files, options, input.Topics);

    public static ValidGistInput Validate(UpdateGistInput input, GistOptions options) =>
        Validate(input.Title, input.Description, input.Visibility, input.Files, options, input.Topics);

    public static ValidGistInput Validate(string? title, string? description, GistVisibility visibility,
        IReadOnlyList<GistFileInput>? files, GistOptions options, IReadOnlyList<string>? topics = null)
    {
        var errors = new ValidationErrors();
        var validTopics = topics is null ? null : Topics.TopicRules.Normalize(topics, errors);
        title = (title ?? "").Trim();
        description = (description ?? "").Trim();

        if (title.Length > options.MaxTitleLength)
        {
            errors.Add("title", $"Title is too long (maximum is {options.MaxTitleLength} characters).");
        }
        else if (!IsText(title, allowLineBreaks: false))
        {
            errors.Add("title", "Title can't contain control characters.");
        }
        if (description.Length > options.MaxDescriptionLength)
        {
            errors.Add("description", $"Description is too long (maximum is {options.MaxDescriptionLength} characters).");
        }
        else if (!IsText(description, allowLineBreaks: true))
        {
            errors.Add("description", "Description can't contain control characters.");
        }
        if (!Enum.IsDefined(visibility))
        {
            errors.Add("visibility", "Visibility must be public, unlisted or private.");
        }

        var valid = new List<ValidGistFile>();
        if (files is null || files.Count == 0)
        {
            errors.Add("files", "A gist needs at least one file.");
        }
        else if (files.Count > options.MaxFiles)
        {
            errors.Add("files", $"A gist can have at most {options.MaxFiles} files.");
        }
        else
        {
            var seen = new HashSet<string>(FileOrder);
            long total = 0;
            for (var i = 0; i < files.Count; i++)
            {
                var file = files[i];
                var nameError = CheckFileName(file?.Name);
                if (nameError is not null)
                {
                    errors.Add($"files[{i}].name", nameError);
                }
                else if (!seen.Add(file!.Name))
                {
                    errors.Add($"files[{i}].name", $"The file name '{file.Name}' is used twice (names are compared ignoring case).");
                }

                var content = file?.Content;
                var contentError = CheckContent(content);
                if (contentError is not null)
                {
                    errors.Add($"files[{i}].content", contentError);
                    continue;
                }
                var bytes = Encoding.UTF8.GetBytes(content!);
                if (bytes.Length > options.MaxFileBytes)
                {
                    errors.Add($"files[{i}].content", $"The file is too large ({bytes.Length:N0} bytes; the limit is {options.MaxFileBytes:N0}).");
                }
                total += bytes.Length;
                if (nameError is null)
                {
                    valid.Add(new ValidGistFile(file!.Name, content!, bytes));
                }
            }
            if (total > options.MaxTotalBytes)
            {
                errors.Add("files", $"The gist is too large ({total:N0} bytes in all; the limit is {options.MaxTotalBytes:N0}).");
            }
        }

        errors.ThrowIfAny();
        valid.Sort((a, b) => FileOrder.Compare(a.Name, b.Name));
        return new ValidGistInput(title, description, visibility, valid, validTopics);
    }

    /// <summary>Why a file name is refused, or null when it is fine.</summary>
    public static string? CheckFileName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "File name can't be blank.";
        }
        if (name != name.Trim())
        {
            return "File name can't start or end with spaces.";
        }
        if (name.Contains('/') || name.Contains('\\'))
        {
            return "File name can't contain '/' or '\\' (a gist has no folders).";
        }
        if (name.Contains(".."))
        {
            return "File name can't contain '..'.";
        }
        if (name == ".")
        {
            return "File name can't be '.'.";
        }
        if (string.Equals(name, ".git", StringComparison.OrdinalIgnoreCase))
        {
            return "File name can't be '.git'.";
        }
        if (!IsText(name, allowLineBreaks: false))
        {
            return "File name can't contain control characters.";
        }
        if (Encoding.UTF8.GetByteCount(name) > MaxFileNameBytes)
        {
            return $"File name is too long (maximum is {MaxFileNameBytes} bytes of UTF-8).";
        }
        return null;
    }

    private static string? CheckContent(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return "Contents can't be blank.";
        }
        if (content.Contains('\0'))
        {
            return "The file looks binary (it contains a NUL character); only text is supported.";
        }
        return HasUnpairedSurrogate(content) ? "The file is not valid Unicode text." : null;
    }

    /// <summary>
    /// Decodes uploaded bytes as strict UTF-8 (the API and git pushes use this before building the input);
    /// invalid bytes are a validation error on <c>files[index].content</c>.
    /// </summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> bytes, int index)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new ValidationException($"files[{index}].content", $"File {index + 1} is not valid UTF-8 text.");
        }
    }

    /// <summary>No NUL, no other control characters (line breaks and tabs where allowed) and well-formed UTF-16.</summary>
    private static bool IsText(string value, bool allowLineBreaks)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                return false;
            }
        }
        return !HasUnpairedSurrogate(value);
    }

    private static bool HasUnpairedSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }
        return false;
    }
}
