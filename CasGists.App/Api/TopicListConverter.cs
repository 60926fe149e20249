using System.Text.Json;
using System.Text.Json.Serialization;
using CasGists.Core.Common;
using CasGists.Core.Topics;

namespace CasGists.App.Api;

/// <summary>
/// A request's <c>topics</c>: a JSON array of strings, read up to <see cref="Ceiling"/> entries so a body listing
/// thousands is refused early. Any other shape is an error on the field <c>topics</c>; Core normalises and checks the rest.
/// </summary>
public sealed class TopicListConverter : JsonConverter<IReadOnlyList<string>>
{
    /// <summary>Room for duplicates and mixed case that collapse into <see cref="TopicRules.MaxPerGist"/> topics.</summary>
    public const int Ceiling = 5 * TopicRules.MaxPerGist;

    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new ValidationException(TopicRules.Field, "Topics must be an array of strings.");
        }
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new ValidationException(TopicRules.Field, "Topics must be an array of strings.");
            }
            if (list.Count == Ceiling)
            {
                throw new ValidationException(TopicRules.Field, $"A gist can have at most {TopicRules.MaxPerGist} topics.");
            }
            list.Add(reader.GetString()!);
        }
        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.ToList(), options);
}
