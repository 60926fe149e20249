using System.Globalization;
using CasGists.Core.Common;

namespace CasGists.App.Api.V3;

/// <summary>
/// The v3 group's errors in GitHub's shape, <c>{ "message", "documentation_url", "errors": [...] }</c>, with GitHub's
/// status codes: 400 for JSON it cannot parse, 422 "Validation Failed", 404 "Not Found" (also for a private gist of
/// someone else), 401 "Requires authentication" / "Bad credentials".
/// </summary>
public static class V3Errors
{
    public const string DocumentationUrl = "https://docs.github.com/rest/gists";

    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (e is DomainException or ApiException)
        {
            var (status, body) = ToError(e);
            if (status == StatusCodes.Status401Unauthorized)
            {
                context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"CasGists\"";
            }
            return Results.Json(body, V3Json.Options, "application/json; charset=utf-8", status);
        }
    }

    public static (int Status, V3Error Body) ToError(Exception e)
    {
        var (status, message, errors) = e switch
        {
            ValidationException v => (StatusCodes.Status422UnprocessableEntity, "Validation Failed",
                v.Errors.SelectMany(x => x.Value.Select(m => new V3ErrorItem("Gist", x.Key, CodeFor(m), m))).ToList()),
            NotFoundException => (StatusCodes.Status404NotFound, "Not Found", null),
            ForbiddenException f => (StatusCodes.Status403Forbidden, f.Message, null),
            ConflictException c => (StatusCodes.Status409Conflict, c.Message, null),
            ApiException { Status: StatusCodes.Status400BadRequest } a when a.Errors.ContainsKey("body") =>
                (StatusCodes.Status400BadRequest, "Problems parsing JSON", null),
            ApiException a => (a.Status, a.Message, a.Errors.Count == 0 ? null
                : a.Errors.SelectMany(x => x.Value.Select(m => new V3ErrorItem("Gist", x.Key, "invalid", m))).ToList()),
            _ => (StatusCodes.Status400BadRequest, e.Message, (List<V3ErrorItem>?)null),
        };
        return (status, new V3Error(message, DocumentationUrl, errors, status.ToString(CultureInfo.InvariantCulture)));
    }

    private static string CodeFor(string message) =>
        message.Contains("blank", StringComparison.OrdinalIgnoreCase) || message.Contains("at least one", StringComparison.OrdinalIgnoreCase)
            ? "missing_field"
            : "invalid";
}
