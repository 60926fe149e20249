namespace CasGists.App.Security;

/// <summary>
/// Cross-site WebSocket hijacking guard for the Blazor circuit hub: a browser always sends <c>Origin</c> on a WebSocket
/// handshake and on the negotiate POST, so a foreign origin there is another site riding the user's cookie. Refused
/// with 403. Requests without <c>Origin</c> are not from a browser page and carry nothing to ride.
/// </summary>
public static class CircuitOriginCheck
{
    public const string HubPath = "/_blazor";

    public static IApplicationBuilder UseCircuitOriginCheck(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.Request.Path.StartsWithSegments(HubPath) && !IsSameOrigin(http.Request))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }
        return next(http);
    });

    internal static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }
        // Behind a proxy the scheme and host are the forwarded ones (see ForwardedHeadersSetup).
        return string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase) &&
               string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
