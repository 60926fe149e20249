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
        // Anything else under the prefix is a JSON 404, not the site's HTML page. Not for POST and PATCH: their
        // endpoints accept only JSON, and a body of another type must meet routing's 415, not fall through to here.
        api.MapMethods("/{**rest}", ["GET", "PUT", "DELETE"], IResult () => throw new Core.Common.NotFoundException("No such API endpoint."))
            .ExcludeFromDescription();
        return app;
    }
}
