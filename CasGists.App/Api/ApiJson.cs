using System.Text.Json;
using CasGists.App.Accounts;
using CasGists.Core.Common;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CasGists.App.Api;

/// <summary>
/// Reads request bodies for both APIs. Endpoints read their body here rather than through parameter binding, so
/// a body that is too large (413), not JSON (415 by its type, 400 by its syntax) or of the wrong shape (422) becomes an error that names the field, in each API's
/// own error shape, before anything is built or written.
/// </summary>
public static class ApiJson
{
    public static async Task<T> ReadAsync<T>(HttpContext http, JsonSerializerOptions options) where T : class
    {
        var limit = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
        var request = http.Request;
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }
        // A signed-in browser's cookie rides along on cross-site form posts, which cannot send JSON: insisting on it
        // keeps such a post from acting for the user. Tokens are never sent by a browser on its own, so they may skip it.
        if (TokenAuthentication.TokenScopesOf(http.User) is null && http.User.Identity?.IsAuthenticated == true &&
            request.HasJsonContentType() is false)
        {
            throw NotJson();
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        var body = await ReadBoundedAsync(request.Body, limit, http.RequestAborted);
        if (body.Length == 0)
        {
            throw ApiException.BadRequest("body", "A JSON body is required.");
        }
        CheckSyntax(body);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(body.AsSpan(), options);
        }
        catch (JsonException e)
        {
            throw WrongType(e);
        }
        return value ?? throw new ValidationException("body", "The body must be a JSON object.");
    }

    /// <summary>One pass of the reader, allocating nothing: malformed JSON is a 400, told apart from well-formed JSON of the wrong shape (a 422).</summary>
    private static void CheckSyntax(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest("body", $"The body is not valid JSON ({e.Message.Split(" Path:")[0].TrimEnd('.')}).");
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream body, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw TooLarge(limit);
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit);
        }
        return buffer.ToArray();
    }

    /// <summary>415: the body is not JSON. v1 answers it for every caller (routing sends such a write here); v3 only for a browser's cookie.</summary>
    public static ApiException NotJson() =>
        new(StatusCodes.Status415UnsupportedMediaType, "JSON is expected: send the body with Content-Type: application/json.");

    private static ApiException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge,
            $"The request body is too large (the limit is {limit:N0} bytes); push larger gists with git.");

    /// <summary>A value of the wrong type: System.Text.Json names where it stopped as a path like <c>$.files[0].name</c>.</summary>
    private static ValidationException WrongType(JsonException e)
    {
        var path = e.Path;
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return new ValidationException("body", "The body must be a JSON object.");
        }
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return new ValidationException(field, $"The value of '{field}' has the wrong type.");
    }
}
