using System.Collections.Concurrent;
using CasGists.App.Api.V1;
using CasGists.Core.Accounts;
using CasGists.Core.Gists;

namespace CasGists.App.Api;

/// <summary>
/// The yardstick of <c>bench/api.sh</c>: <c>/bench/bare/{id}</c> answers with the same bytes as
/// <c>GET /api/v1/gists/{id}</c> but from memory, with no auth, database or serialisation. Mapped only when
/// <c>Bench:BareEndpoint=true</c>, which only the bench sets.
/// </summary>
public static class BareBenchEndpoint
{
    private static readonly ConcurrentDictionary<string, byte[]> Bodies = new();

    public static void MapBareBenchEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/bench/bare/{id}", async (HttpContext http, string id, GistService gists) =>
        {
            if (!Bodies.TryGetValue(id, out var body))
            {
                var gist = await gists.GetAsync(Viewer.Anonymous, id);
                Bodies[id] = body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
                    V1Mapping.ToResponse(gist, new ApiUrls(http.Request)), V1Mapping.Json);
            }
            return Results.Bytes(body, "application/json; charset=utf-8");
        }).ExcludeFromDescription();
}
