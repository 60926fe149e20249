using CasGists.Core.Accounts.Tokens;

namespace CasGists.App.Accounts;

/// <summary>
/// <c>GET /api/tokens/current</c>: who the request's credential speaks for and with which scopes. Lets a script check a token
/// before using it; a cookie sign-in answers with its user and no scopes.
/// </summary>
public static class TokensEndpoints
{
    public sealed record CurrentCredential(string UserName, string Kind, IReadOnlyList<string> Scopes);

    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/tokens/current", (HttpContext http) =>
        {
            var viewer = http.User.ToViewer();
            var scopes = TokenAuthentication.TokenScopesOf(http.User);
            return new CurrentCredential(viewer.UserName!, scopes is null ? "session" : "token", scopes is null ? [] : [.. scopes.Granted]);
        }).RequireAuthorization();
        return app;
    }
}
