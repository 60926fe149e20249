namespace CasGists.App.Api.V3;

public static class V3Api
{
    public static IEndpointRouteBuilder MapApiV3(this IEndpointRouteBuilder app) => app;
}
