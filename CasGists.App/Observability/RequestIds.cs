using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CasGists.App.Observability;

/// <summary>
/// A correlation id per request: the caller's <c>X-Request-Id</c> when it is a sane token, else a
/// new one; echoed in the response, carried by every log line of the request (with the W3C trace
/// id that ASP.NET Core takes from <c>traceparent</c>) and shown in ProblemDetails, so a user's
/// report can be found in the logs.
/// </summary>
public sealed partial class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var given = context.Request.Headers[Header].ToString();
        var requestId = IsSane(given) ? given : NewId();
        context.TraceIdentifier = requestId;
        // At the start of the response, not now: error handling clears the headers before it writes its page.
        context.Response.OnStarting(EchoId, context);
        using (logger.BeginScope(new RequestScope(requestId, Activity.Current?.TraceId.ToString())))
        {
            await next(context);
        }
    }

    private static Task EchoId(object state)
    {
        var context = (HttpContext)state;
        context.Response.Headers[Header] = context.TraceIdentifier;
        return Task.CompletedTask;
    }

    /// <summary>At most 64 characters of <c>[A-Za-z0-9._-]</c>: safe to log, echo and search for.</summary>
    public static bool IsSane(string? value) => value is { Length: > 0 and <= 64 } && SaneToken().IsMatch(value);

    private static string NewId() => Guid.NewGuid().ToString("N");

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SaneToken();

    /// <summary>
    /// Scope state: structured values for JSON logs and a readable text for the plain console.
    /// It comes after the hosting scope, whose own <c>RequestId</c> is the connection-based id
    /// Kestrel assigned before this middleware ran; log queries should use the last one.
    /// </summary>
    private sealed class RequestScope(string requestId, string? traceId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 2;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("RequestId", requestId),
            1 => new("TraceId", traceId),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
            yield return this[1];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"RequestId:{requestId} TraceId:{traceId}";
    }
}

public static class RequestIdExtensions
{
    /// <summary>The request's correlation id (set by <see cref="RequestIdMiddleware"/>).</summary>
    public static string RequestId(this HttpContext context) => context.TraceIdentifier;
}
