using CasGists.Core.Common;

namespace CasGists.App.Api.V3;

/// <summary>
/// <c>/api/v3</c>: the gist part of GitHub's REST API, so GitHub clients work against CasGists with an Enterprise
/// base URL. Not in the OpenAPI document: GitHub's own reference describes it. See ADR-011 for the mapping.
/// </summary>
public static class V3Api
{
    public const string Prefix = "/api/v3";

    public static IEndpointRouteBuilder MapApiV3(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).AddEndpointFilter(V3Errors.Filter).ExcludeFromDescription();
        api.MapGistsV3();
        api.MapSocialV3();
        api.MapUsersV3();
        api.MapMethods("/{**rest}", ["GET", "POST", "PUT", "PATCH", "DELETE"], IResult () => throw new NotFoundException());
        return app;
    }
}
