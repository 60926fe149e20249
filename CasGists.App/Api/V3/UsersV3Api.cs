using System.Reflection;
using CasGists.App.Api.V1;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Common;
using CasGists.Core.Gists;

namespace CasGists.App.Api.V3;

/// <summary><c>GET /user</c>, <c>GET /users/{username}</c>, and the root and <c>/meta</c> documents clients probe on an Enterprise host.</summary>
public static class UsersV3Api
{
    private static readonly string Version =
        typeof(UsersV3Api).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "dev";

    public static RouteGroupBuilder MapUsersV3(this RouteGroupBuilder api)
    {
        api.MapGet("/user", GetCurrentAsync);
        api.MapGet("/users/{username}", GetAsync);
        api.MapGet("/", Root);
        api.MapGet("/meta", () => Results.Json(new { verifiable_password_authentication = false, installed_version = Version }));
        return api;
    }

    private static async Task<IResult> GetCurrentAsync(HttpContext http, AccountService accounts, GistService gists, CancellationToken ct)
    {
        var viewer = ApiAuth.Require(http, TokenScopes.UserRead);
        var user = await accounts.FindByUserNameAsync(viewer.UserName!, ct) ?? throw ApiException.Unauthorized();
        var all = await gists.ListForUserAsync(viewer, user.UserName, 1, 1, ct);
        var publicGists = await UsersApi.CountPublicGistsAsync(gists, user.UserName, ct);
        return new ETagResult<V3User>(new V3Mapping(http.Request).User(user, publicGists, all.TotalCount - publicGists), V3Json.Options);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string username, AccountService accounts, GistService gists, CancellationToken ct)
    {
        ApiAuth.Reader(http, TokenScopes.UserRead);
        var user = await accounts.FindByUserNameAsync(username, ct);
        if (user is null || user.IsDisabled)
        {
            throw new NotFoundException("User not found.");
        }
        var publicGists = await UsersApi.CountPublicGistsAsync(gists, user.UserName, ct);
        return new ETagResult<V3User>(new V3Mapping(http.Request).User(user, publicGists, null), V3Json.Options);
    }

    private static IResult Root(HttpContext http)
    {
        var map = new V3Mapping(http.Request);
        return Results.Json(new Dictionary<string, string>
        {
            ["current_user_url"] = map.Api("/user"),
            ["gists_url"] = map.Api("/gists{/gist_id}"),
            ["public_gists_url"] = map.Api("/gists/public"),
            ["starred_gists_url"] = map.Api("/gists/starred"),
            ["user_url"] = map.Api("/users/{user}"),
        }, V3Json.Options);
    }
}
