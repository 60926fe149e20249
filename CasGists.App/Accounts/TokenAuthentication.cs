using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using CasGists.App.Git;
using CasGists.App.Security;
using CasGists.Core.Accounts.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CasGists.App.Accounts;

/// <summary>
/// Personal access tokens on HTTP requests: <c>Authorization: Bearer cgp_…</c>, <c>Authorization: token cgp_…</c>
/// (GitHub's form) or HTTP Basic with the token as the password and any user name. The default scheme is a
/// policy that sends requests with an <c>Authorization</c> header (and cookie-less <c>/api</c> requests) here, and
/// everything else to the session cookie, so pages keep their sign-in redirect and the API answers 401.
/// </summary>
public static class TokenAuthentication
{
    public const string Scheme = "Token";

    /// <summary>The default scheme: picks <see cref="Scheme"/> or the session cookie per request.</summary>
    public const string SelectorScheme = "CasGists.CookieOrToken";

    /// <summary>One claim per granted scope (implied scopes are not listed; ask <see cref="TokenScopes.Has"/>).</summary>
    public const string ScopeClaim = "scope";

    public const string TokenIdClaim = "casgists:tid";

    /// <summary>Adds the token scheme and makes the cookie-or-token selector the default. Call after <c>AddCasGistsAuthentication</c>.</summary>
    public static IServiceCollection AddTokenAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SelectorScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(Scheme, null)
            .AddPolicyScheme(SelectorScheme, "Session cookie or personal access token", options =>
            {
                options.ForwardDefaultSelector = http =>
                    http.Request.Headers.Authorization.Count > 0 ||
                    (http.Request.Path.StartsWithSegments("/api") && !SessionCookieNames.IsPresent(http.Request))
                        ? JwtAuthentication.CarriesJwt(http.Request) ? JwtAuthentication.Scheme : Scheme
                        : SessionCookie.Scheme;
            });
        return services;
    }

    /// <summary>The token in an <c>Authorization</c> header value, or null when the header carries none (or is malformed).</summary>
    public static string? ReadToken(string? header, out bool malformed)
    {
        malformed = false;
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }
        if (header.Length > 8192 || !AuthenticationHeaderValue.TryParse(header, out var value))
        {
            malformed = true;
            return null;
        }
        var scheme = value.Scheme;
        if (string.Equals(scheme, "Bearer", StringComparison.OrdinalIgnoreCase) || string.Equals(scheme, "token", StringComparison.OrdinalIgnoreCase))
        {
            var parameter = value.Parameter?.Trim();
            if (string.IsNullOrEmpty(parameter) || !TokenFormat.LooksLikeToken(parameter))
            {
                // Anything else (JWTs never get here: the selector sends them to the JwtBearer scheme): refuse rather than ignore.
                malformed = true;
                return null;
            }
            return parameter;
        }
        if (string.Equals(scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (!GitCredentials.TryParseBasic(header, out _, out var secret))
            {
                malformed = true;
                return null;
            }
            // A password rather than a token: the API does not take passwords; git reads them itself.
            return TokenFormat.LooksLikeToken(secret) ? secret : null;
        }
        malformed = true;
        return null;
    }

    /// <summary>The claims of <see cref="ViewerClaims.For"/> (less the session id), plus the token's id and scopes.</summary>
    public static ClaimsPrincipal PrincipalFor(TokenIdentity identity)
    {
        var viewer = identity.Viewer;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, identity.User.Id.ToString()),
            new(ClaimTypes.Name, identity.User.UserName),
            new(TokenIdClaim, identity.TokenId.ToString()),
        };
        if (viewer.IsAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, ViewerClaims.AdminRole));
        }
        claims.AddRange(identity.Scopes.Granted.Select(s => new Claim(ScopeClaim, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    /// <summary>The scopes a principal carries: a personal access token's or a JWT's, or null for a cookie sign-in (which may do everything its user may).</summary>
    public static TokenScopes? TokenScopesOf(ClaimsPrincipal principal) =>
        principal.Identity?.AuthenticationType is Scheme or JwtAuthentication.Scheme
            ? TokenScopes.FromStored(string.Join(',', principal.FindAll(ScopeClaim).Select(c => c.Value)))
            : null;
}

/// <summary>Reads the token from the request; 401 with <c>WWW-Authenticate: Bearer</c> on challenge.</summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = TokenAuthentication.ReadToken(Request.Headers.Authorization.ToString(), out var malformed);
        if (malformed)
        {
            return AuthenticateResult.Fail("Malformed Authorization header.");
        }
        if (secret is null)
        {
            return AuthenticateResult.NoResult();
        }
        var identity = await tokens.AuthenticateAsync(secret, Context.RequestAborted);
        if (identity is null)
        {
            return AuthenticateResult.Fail("Invalid, expired or revoked token.");
        }
        var principal = TokenAuthentication.PrincipalFor(identity);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, TokenAuthentication.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"CasGists\"";
        return Task.CompletedTask;
    }
}
