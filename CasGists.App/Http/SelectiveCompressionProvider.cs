using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace CasGists.App.Http;

/// <summary>
/// Compresses what carries no secret an attacker could recover through compressed sizes (BREACH):
/// everything sent to anonymous requests, and raw text and JSON to signed-in ones. HTML for a signed-in
/// viewer carries antiforgery tokens next to text an attacker can influence, and a response marked
/// <c>no-store</c> (a new token shown once) may hold a secret: those go uncompressed.
/// </summary>
internal sealed class SelectiveCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
    : ResponseCompressionProvider(services, options)
{
    public override bool ShouldCompressResponse(HttpContext context)
    {
        if (!base.ShouldCompressResponse(context))
        {
            return false;
        }
        var response = context.Response;
        if (response.Headers.CacheControl.ToString().Contains("no-store", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return true;
        }
        var type = response.ContentType ?? "";
        return type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase);
    }
}
