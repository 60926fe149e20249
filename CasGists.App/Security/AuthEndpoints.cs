using System.Text.Json.Serialization;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Jwt;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Common;

namespace CasGists.App.Security;

/// <summary>
/// JWT sign-in for API clients: <c>POST /api/v1/auth/token</c> (user name + password, and the 2FA code once accounts
/// have 2FA) returns a short-lived access token and a refresh token; <c>/refresh</c> rotates the refresh token;
/// <c>/revoke</c> ends the sign-in. Keys at <c>/.well-known/jwks.json</c>. JSON bodies only (no form posts, so no
/// cross-site form can reach them). Failures are one generic 401, whatever was wrong.
/// </summary>
public static class AuthEndpoints
{
    public const string TokenPath = "/api/v1/auth/token";
    public const string RefreshPath = "/api/v1/auth/refresh";
    public const string RevokePath = "/api/v1/auth/revoke";
    public const string JwksPath = "/.well-known/jwks.json";

    /// <summary>What a password sign-in gets when it asks for no scope: what a browser session may do, less admin.</summary>
    public static readonly string[] DefaultScopes = [TokenScopes.GistRead, TokenScopes.GistWrite, TokenScopes.UserRead, TokenScopes.UserWrite];

    public sealed record TokenRequest(
        [property: JsonPropertyName("grant_type")] string? GrantType,
        [property: JsonPropertyName("username")] string? UserName,
        [property: JsonPropertyName("password")] string? Password,
        [property: JsonPropertyName("otp")] string? Otp,
        [property: JsonPropertyName("scope")] string? Scope);

    public sealed record RefreshRequest([property: JsonPropertyName("refresh_token")] string? RefreshToken);

    public sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("token_type")] string TokenType,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("refresh_token")] string RefreshToken,
        [property: JsonPropertyName("scope")] string Scope);

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").AllowAnonymous().RequireRateLimiting(ApiRateLimiter.AuthPolicy).WithTags("Auth");
        group.MapPost("/token", IssueAsync);
        group.MapPost("/refresh", RefreshAsync);
        group.MapPost("/revoke", RevokeAsync);
        app.MapGet(JwksPath, (HttpContext http, JwtKeys keys) =>
        {
            // Public keys: any site may fetch them to check our tokens.
            http.Response.Headers.AccessControlAllowOrigin = "*";
            http.Response.Headers.CacheControl = "public, max-age=300";
            return Results.Json(keys.Jwks, JwksJson.Options);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> IssueAsync(
        TokenRequest? request, HttpContext http, AccountService accounts, RefreshTokenService refreshTokens, JwtIssuer issuer, ApiRateLimiter limiter)
    {
        var errors = new ValidationErrors();
        if (request is null)
        {
            throw new ValidationException("body", "Send a JSON object with grant_type, username and password.");
        }
        if (request.GrantType is not (null or "password"))
        {
            errors.Add("grant_type", "Only the \"password\" grant is supported; use /api/v1/auth/refresh with a refresh token.");
        }
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            errors.Add("username", "Give the user name or e-mail address.");
        }
        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "Give the password.");
        }
        TokenScopes? scopes = null;
        if (!TokenScopes.TryParse(string.IsNullOrWhiteSpace(request.Scope) ? string.Join(' ', DefaultScopes) : request.Scope, out var parsed, out var scopeError))
        {
            errors.Add("scope", scopeError!);
        }
        else
        {
            scopes = parsed;
        }
        errors.ThrowIfAny();

        // Per account as well as per IP, so spreading guesses over many addresses does not help against one account.
        using var lease = await limiter.Accounts.AcquireAsync("account:" + UserNameRules.Normalize(request.UserName!.Trim()), 1, http.RequestAborted);
        if (!lease.IsAcquired)
        {
            await ApiRateLimiter.WriteRejectionAsync(http, lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retry) ? retry : null);
            return Results.Empty;
        }

        var user = await accounts.VerifyPasswordAndCodeAsync(request.UserName, request.Password, request.Otp, http.RequestAborted);
        if (user is null)
        {
            return InvalidGrant();
        }
        if (scopes!.Granted.Contains(TokenScopes.Admin) && !user.IsAdmin)
        {
            throw new ValidationException("scope", "Only administrators can ask for the admin scope.");
        }
        var refresh = await refreshTokens.IssueAsync(user, scopes, http.RequestAborted);
        return Results.Ok(Respond(issuer.Issue(user, scopes), refresh.Secret, scopes));
    }

    private static async Task<IResult> RefreshAsync(RefreshRequest? request, HttpContext http, RefreshTokenService refreshTokens, JwtIssuer issuer)
    {
        var refreshed = await refreshTokens.RotateAsync(request?.RefreshToken, http.RequestAborted);
        return refreshed is null
            ? InvalidGrant()
            : Results.Ok(Respond(issuer.Issue(refreshed.User, refreshed.Scopes), refreshed.Next.Secret, refreshed.Scopes));
    }

    /// <summary>RFC 7009: the answer is the same whether or not the token was known.</summary>
    private static async Task<IResult> RevokeAsync(RefreshRequest? request, HttpContext http, RefreshTokenService refreshTokens)
    {
        await refreshTokens.RevokeAsync(request?.RefreshToken, http.RequestAborted);
        return Results.NoContent();
    }

    private static TokenResponse Respond(AccessToken access, string refreshToken, TokenScopes scopes) =>
        new(access.Token, "Bearer", access.ExpiresInSeconds, refreshToken, string.Join(' ', scopes.Granted));

    private static IResult InvalidGrant() => Results.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Invalid credentials.",
        detail: "The user name, password or refresh token is wrong, expired or revoked.",
        extensions: new Dictionary<string, object?> { ["error"] = "invalid_grant" });

    private static class JwksJson
    {
        public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web);
    }
}
