using CasGists.App.Accounts;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Common;
using CasGists.Core.Gists;

namespace CasGists.App.Api.V1;

/// <summary><c>/api/v1/user</c> (who the credential speaks for) and <c>/api/v1/users/{userName}</c> (anyone's public profile).</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersV1(this RouteGroupBuilder api)
    {
        api.MapGet("/user", GetCurrentAsync)
            .WithTags("Users")
            .WithSummary("The signed-in user, with the scopes of the token used (null for a browser session).")
            .Produces<CurrentUserResponse>();
        api.MapGet("/users/{userName}", GetAsync)
            .WithTags("Users")
            .WithSummary("A user's public profile.")
            .Produces<UserResponse>();
        return api;
    }

    private static async Task<IResult> GetCurrentAsync(HttpContext http, AccountService accounts, GistService gists, CancellationToken ct)
    {
        var viewer = ApiAuth.Require(http, TokenScopes.UserRead);
        var user = await accounts.FindByUserNameAsync(viewer.UserName!, ct) ?? throw ApiException.Unauthorized();
        var publicGists = await CountPublicGistsAsync(gists, user.UserName, ct);
        var urls = new ApiUrls(http.Request);
        var scopes = TokenAuthentication.TokenScopesOf(http.User);
        return new ETagResult<CurrentUserResponse>(new CurrentUserResponse(user.UserName, user.DisplayName, user.Email, user.IsAdmin,
            user.CreatedAt, publicGists, scopes is null ? null : [.. scopes.Granted],
            urls.Absolute($"/api/v1/users/{ApiUrls.Escape(user.UserName)}"), urls.User(user.UserName)), V1Mapping.Json);
    }

    private static async Task<IResult> GetAsync(HttpContext http, string userName, AccountService accounts, GistService gists, CancellationToken ct)
    {
        ApiAuth.Reader(http, TokenScopes.UserRead);
        var user = await accounts.FindByUserNameAsync(userName, ct);
        if (user is null || user.IsDisabled)
        {
            throw new NotFoundException("User not found.");
        }
        var urls = new ApiUrls(http.Request);
        return new ETagResult<UserResponse>(new UserResponse(user.UserName, user.DisplayName, user.CreatedAt,
            await CountPublicGistsAsync(gists, user.UserName, ct),
            urls.Absolute($"/api/v1/users/{ApiUrls.Escape(user.UserName)}"), urls.User(user.UserName)), V1Mapping.Json);
    }

    internal static async Task<int> CountPublicGistsAsync(GistService gists, string userName, CancellationToken ct) =>
        (await gists.ListForUserAsync(Viewer.Anonymous, userName, 1, 1, ct)).TotalCount;
}
