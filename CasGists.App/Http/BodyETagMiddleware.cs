namespace CasGists.App.Http;

/// <summary>
/// Marks an endpoint (a page) whose successful GET answers carry a strong ETag over the body and answer
/// <c>304 Not Modified</c> to a matching <c>If-None-Match</c>. A body hash varies with everything the page
/// shows, the viewer and the theme included, so two viewers share a tag only when they see the same bytes.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class BodyETagAttribute : Attribute;

/// <summary>Buffers the body of <see cref="BodyETagAttribute"/> endpoints to hash it; a page is small next to memory.</summary>
internal sealed class BodyETagMiddleware(RequestDelegate next)
{
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
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }

        if (response.StatusCode == StatusCodes.Status200OK && !response.HasStarted)
        {
            var etag = StrongETag.ForContent(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            response.Headers.ETag = etag;
            // Browsers keep the page but ask every time; the answer is a 304 when nothing changed.
            if (!response.Headers.ContainsKey("Cache-Control"))
            {
                response.Headers.CacheControl = "private, no-cache";
            }
            if (StrongETag.Matches(request, etag))
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
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }
}
