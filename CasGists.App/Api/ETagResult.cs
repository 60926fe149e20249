using System.Text.Json;
using CasGists.App.Http;

namespace CasGists.App.Api;

/// <summary>
/// A JSON read with a strong <c>ETag</c>: the hash of the exact bytes sent, so it changes whenever anything the
/// viewer sees changes (content, metadata, what their access shows). <c>If-None-Match</c> that matches answers 304.
/// </summary>
public sealed class ETagResult<T>(T value, JsonSerializerOptions options, int statusCode = StatusCodes.Status200OK) : IResult
{
    public Task ExecuteAsync(HttpContext http)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, options);
        return new JsonBodyResult(body, StrongETag.ForContent(body), statusCode).ExecuteAsync(http);
    }
}

/// <summary>JSON bytes and their tag, made already (<see cref="SharedJsonBodies"/>), answered as <see cref="ETagResult{T}"/> would.</summary>
public sealed class JsonBodyResult(byte[] body, string etag, int statusCode = StatusCodes.Status200OK) : IResult
{
    public Task ExecuteAsync(HttpContext http)
    {
        var response = http.Response;
        response.Headers.ETag = etag;
        // The answer depends on who asks (a private gist, a token's scopes), so no shared cache may reuse it.
        response.Headers.CacheControl = "private, no-cache";
        response.Headers.Vary = "Authorization, Cookie";
        if (statusCode == StatusCodes.Status200OK && StrongETag.Matches(http.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }
}
