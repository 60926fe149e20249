using CasGists.Core.Common;

namespace CasGists.Core.Topics;

/// <summary>
/// What a topic may be, as on GitHub: lower case letters, digits and hyphens, 1 to 35 characters, not
/// starting with a hyphen; at most 20 per gist. Input is trimmed and lower-cased, duplicates collapse.
/// </summary>
public static class TopicRules
{
    public const int MaxLength = 35;
    public const int MaxPerGist = 20;
    public const string Field = "topics";

    /// <summary>The normalised, de-duplicated topics in the order given; throws <see cref="ValidationException"/> on field <c>topics</c>.</summary>
    public static IReadOnlyList<string> Normalize(IReadOnlyList<string?> topics)
    {
        var errors = new ValidationErrors();
        var result = Normalize(topics, errors);
        errors.ThrowIfAny();
        return result;
    }

    /// <summary>As <see cref="Normalize(IReadOnlyList{string?})"/>, adding errors to <paramref name="errors"/> (field <c>topics</c>).</summary>
    public static IReadOnlyList<string> Normalize(IReadOnlyList<string?> topics, ValidationErrors errors)
    {
        var result = new List<string>();
        var valid = true;
        foreach (var raw in topics)
        {
            var topic = (raw ?? "").Trim().ToLowerInvariant();
            if (Check(topic) is { } error)
            {
                errors.Add(Field, error);
                valid = false;
            }
            else if (!result.Contains(topic))
            {
                result.Add(topic);
            }
        }
        if (valid && result.Count > MaxPerGist)
        {
            errors.Add(Field, $"A gist can have at most {MaxPerGist} topics.");
        }
        return result;
    }

    /// <summary>Splits a comma- or space-separated field as the editor shows it; empty parts are ignored.</summary>
    public static IReadOnlyList<string> Split(string? text) =>
        (text ?? "").Split([',', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether a normalised value is a topic (for routes such as <c>/topics/{topic}</c>).</summary>
    public static bool IsValid(string? topic) => topic is not null && Check(topic) is null;

    private static string? Check(string topic)
    {
        if (topic.Length == 0)
        {
            return "A topic can't be blank.";
        }
        if (topic.Length > MaxLength)
        {
            return $"The topic '{Shorten(topic)}' is too long (maximum is {MaxLength} characters).";
        }
        if (topic[0] == '-')
        {
            return $"The topic '{topic}' can't start with a hyphen.";
        }
        return topic.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            ? null
            : $"The topic '{Shorten(topic)}' may only contain lower-case letters, digits and hyphens.";
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
