using System.Text.Json;
using System.Text.Json.Serialization;
using CasGists.Core.Common;

namespace CasGists.App.Api;

/// <summary>
/// Stops reading a request's <c>files</c> at the most a gist can ever hold (the ceiling of <c>Gists:MaxFiles</c>),
/// so a body listing 10,000 files is refused after 301 of them rather than built whole; Core checks the configured limit.
/// </summary>
public static class FileCountLimit
{
    public const int Ceiling = 300;

    public static ValidationException TooMany() =>
        new("files", $"A gist can have at most {Ceiling} files.");
}

/// <summary>A JSON array of files, read up to <see cref="FileCountLimit.Ceiling"/> entries.</summary>
public sealed class LimitedListConverter<T> : JsonConverter<IReadOnlyList<T>>
{
    public override IReadOnlyList<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected an array.");
        }
        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (list.Count == FileCountLimit.Ceiling)
            {
                throw FileCountLimit.TooMany();
            }
            list.Add(JsonSerializer.Deserialize<T>(ref reader, options)!);
        }
        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.ToList(), options);
}

/// <summary>A JSON object of files keyed by name (GitHub's form), read up to <see cref="FileCountLimit.Ceiling"/> entries, in order.</summary>
public sealed class LimitedFileMapConverter<T> : JsonConverter<IReadOnlyList<KeyValuePair<string, T?>>> where T : class
{
    public override IReadOnlyList<KeyValuePair<string, T?>>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected an object keyed by file name.");
        }
        var entries = new List<KeyValuePair<string, T?>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (entries.Count == FileCountLimit.Ceiling)
            {
                throw FileCountLimit.TooMany();
            }
            var name = reader.GetString()!;
            reader.Read();
            entries.Add(new(name, JsonSerializer.Deserialize<T>(ref reader, options)));
        }
        return entries;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<KeyValuePair<string, T?>> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, item) in value)
        {
            writer.WritePropertyName(name);
            JsonSerializer.Serialize(writer, item, options);
        }
        writer.WriteEndObject();
    }
}
