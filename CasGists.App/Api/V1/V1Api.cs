namespace CasGists.App.Api.V1;

/// <summary>
/// <c>/api/v1</c>: CasGists' own API, described by <c>/openapi/v1.json</c>. Minimal API route groups, one file per area;
/// the group carries the error filter, so every handler may simply throw.
/// </summary>
public static class V1Api
{
    public const string Prefix = "/api/v1";

    public static IEndpointRouteBuilder MapApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).AddEndpointFilter(V1Problems.Filter);
        api.MapGistsV1();
        api.MapSocialV1();
        api.MapUsersV1();
        // Anything else under the prefix is a JSON problem, not the site's HTML page. Routing also sends here a write
        // whose body is not JSON (the endpoints accept only application/json): that one is a 415, the rest a 404.
        api.MapMethods("/{**rest}", ["GET", "POST", "PUT", "PATCH", "DELETE"], IResult (HttpContext http) =>
                throw (HasNonJsonBody(http.Request) ? ApiJson.NotJson() : new Core.Common.NotFoundException("No such API endpoint.")))
            .ExcludeFromDescription();
        return app;
    }

    private static bool HasNonJsonBody(HttpRequest request) =>
        (request.ContentType is not null || request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0) && !request.HasJsonContentType();
}
