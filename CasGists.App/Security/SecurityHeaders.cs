namespace CasGists.App.Security;

/// <summary>
/// Headers on every response: <c>nosniff</c>, a referrer policy and a permissions policy everywhere; on HTML, a CSP
/// that lets scripts come only from our origin (Blazor, MudBlazor and Monaco are all served locally), forbids framing
/// and plugins, and keeps forms and the base URL on our origin. Styles may be inline: MudBlazor and Monaco set
/// style attributes and inject style sheets at run time. A response that set its own CSP (raw files) keeps it.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The policy, with <c>{0}</c> for the request's nonce (only the import map, an inline script, uses it).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; " +
        "script-src 'self' 'nonce-{0}'; " +
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

    private const string NonceItem = "casgists:csp-nonce";

    /// <summary>The nonce an inline script must carry on this request (<c>&lt;ImportMap nonce="…"/&gt;</c>).</summary>
    public static string? NonceOf(HttpContext? http) => http?.Items[NonceItem] as string;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // Hex: valid in a CSP nonce and needs no escaping in the HTML attribute.
        var nonce = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        http.Items[NonceItem] = nonce;
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true &&
                headers.ContentSecurityPolicy.Count == 0)
            {
                headers.ContentSecurityPolicy = string.Format(System.Globalization.CultureInfo.InvariantCulture, ContentSecurityPolicy, nonce);
                headers.XFrameOptions = "DENY";
            }
            return Task.CompletedTask;
        });
        return next(http);
    });
}
