using System.Security.Cryptography;

namespace CasGists.App.Http;

/// <summary>
/// Marks an endpoint (a page) whose successful GET answers carry a strong ETag over the body and answer
/// <c>304 Not Modified</c> to a matching <c>If-None-Match</c>. A body hash varies with everything the page
/// shows, the viewer and the theme included, so two viewers share a tag only when they see the same bytes.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BodyETagAttribute : Attribute;

/// <summary>Buffers the body of <see cref="BodyETagAttribute"/> endpoints (in a pooled buffer) to hash it; a page is small next to memory.</summary>
internal sealed class BodyETagMiddleware(RequestDelegate next)
{
    private static readonly byte[] TokenField = "name=\"__RequestVerificationToken\" value=\""u8.ToArray();

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || context.GetEndpoint()?.Metadata.GetMetadata<BodyETagAttribute>() is null)
        {
            await next(context);
            return;
        }

        var response = context.Response;
        var original = response.Body;
        await using var buffer = new PooledBufferStream();
        response.Body = buffer;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-render (a closed tab, a benchmark ending): nobody is left to answer and nothing failed.
            return;
        }
        finally
        {
            response.Body = original;
        }

        if (response.StatusCode == StatusCodes.Status200OK && !response.HasStarted)
        {
            var etag = TagWithoutAntiforgeryTokens(buffer.WrittenMemory.Span);
            response.Headers.ETag = etag;
            // Browsers keep the page but ask every time; the answer is a 304 when nothing changed.
            if (!response.Headers.ContainsKey("Cache-Control"))
            {
                response.Headers.CacheControl = "private, no-cache";
            }
            // A new antiforgery cookie needs the new page's tokens, so that answer is never a 304.
            if (response.Headers.SetCookie.Count == 0 && StrongETag.Matches(request, etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                response.Headers.ContentType = default;
                return;
            }
        }
        if (!response.HasStarted)
        {
            response.ContentLength ??= buffer.Length;
        }
        try
        {
            await original.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // As above: the page was ready but its reader left. Writing to the client fails only because the connection
            // is gone, and the server can say so before it has signalled RequestAborted, so the token is not asked here.
        }
    }

    /// <summary>
    /// A strong tag over the body without the values of antiforgery fields: they are fresh on every render,
    /// but the copy the browser kept holds a token still valid for its cookie, so they must not defeat the 304.
    /// </summary>
    internal static string TagWithoutAntiforgeryTokens(ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        while (true)
        {
            var field = body.IndexOf(TokenField);
            if (field < 0)
            {
                hash.AppendData(body);
                break;
            }
            var valueStart = field + TokenField.Length;
            hash.AppendData(body[..valueStart]);
            var valueLength = body[valueStart..].IndexOf((byte)'"');
            body = valueLength < 0 ? [] : body[(valueStart + valueLength)..];
        }
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return StrongETag.FromHash(digest);
    }
}
