namespace CasGists.App.Security;

/// <summary>
/// Headers on every response: <c>nosniff</c>, a referrer policy and a permissions policy everywhere; on HTML, a CSP
/// that lets scripts come only from our origin (Blazor, MudBlazor and Monaco are all served locally), forbids framing
/// and plugins, and keeps forms and the base URL on our origin. Styles may be inline: MudBlazor and Monaco set
/// style attributes and inject style sheets at run time. A response that set its own CSP (raw files) keeps it.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The policy. No inline script at all: the pages carry no import map (modules are imported by their plain
    /// paths), so no nonce is needed, and a cached page (page cache, ETag) stays byte-identical across responses.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; " +
        "script-src 'self'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: https:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        // Monaco's language workers.
        "worker-src 'self' blob:; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(AddHeaders, http);
        return next(http);
    });

    private static Task AddHeaders(object state)
    {
        var response = ((HttpContext)state).Response;
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = PermissionsPolicy;
        if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true &&
            headers.ContentSecurityPolicy.Count == 0)
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
        }
        return Task.CompletedTask;
    }
}
