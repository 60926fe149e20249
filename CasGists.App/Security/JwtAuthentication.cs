using System.Net.Http.Headers;
using System.Security.Claims;
using CasGists.App.Accounts;
using CasGists.App.Git;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Jwt;
using CasGists.Core.Accounts.Tokens;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CasGists.App.Security;

/// <summary>
/// RS256 access tokens (RFC 9068 <c>at+jwt</c>) validated by the framework's JwtBearer handler: RS256 only, our
/// issuer and audience, a lifetime, and a key from our own key set matched by <c>kid</c>. The token names the user,
/// the security stamp at issue and the scopes; on every request the user must still exist, be enabled and have the
/// same stamp, so disabling an account or changing its password ends its access tokens at once.
/// </summary>
public static class JwtAuthentication
{
    public const string Scheme = "Jwt";
    public const string TokenType = "at+jwt";
    public const string StampClaim = "casgists:stamp";

    public static IServiceCollection AddJwtAuthentication(this IServiceCollection services)
    {
        services.AddJwtRefreshTokens();
        services.AddSingleton<JwtKeys>();
        services.AddSingleton<JwtIssuer>();
        services.AddAuthentication().AddJwtBearer(Scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<JwtKeys, IOptions<JwtOptions>>((bearer, keys, jwt) =>
        {
            bearer.MapInboundClaims = false;
            bearer.RequireHttpsMetadata = false;
            bearer.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = jwt.Value.Issuer,
                ValidAudience = jwt.Value.Audience,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                ValidTypes = [TokenType],
                IssuerSigningKeys = keys.ValidationKeys,
                // The kid must name one of our keys: no trying every key on a token that names another.
                TryAllIssuerSigningKeys = false,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = ClaimTypes.Name,
            };
            bearer.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    // Every header form a personal access token may use: Bearer, token and Basic (the JWT as password).
                    context.Token = ReadJwt(context.Request.Headers.Authorization.ToString());
                    if (context.Token is null)
                    {
                        context.NoResult();
                    }
                    return Task.CompletedTask;
                },
                OnTokenValidated = async context =>
                {
                    var principal = context.Principal!;
                    var refreshTokens = context.HttpContext.RequestServices.GetRequiredService<RefreshTokenService>();
                    var user = Guid.TryParse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub), out var userId)
                        ? await refreshTokens.FindActiveSubjectAsync(userId, principal.FindFirstValue(StampClaim), context.HttpContext.RequestAborted)
                        : null;
                    if (user is null)
                    {
                        context.Fail("The token's user is disabled, gone or has changed credentials.");
                        return;
                    }
                    var scopes = TokenScopes.FromStored(string.Join(',', (principal.FindFirstValue("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)));
                    context.Principal = PrincipalFor(user, scopes);
                },
            };
        });
        return services;
    }

    /// <summary>The same claims a personal access token gives (<see cref="TokenAuthentication.PrincipalFor"/>), under this scheme.</summary>
    public static ClaimsPrincipal PrincipalFor(User user, TokenScopes scopes)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.UserName),
        };
        if (user.IsAdmin && scopes.Has(TokenScopes.Admin))
        {
            claims.Add(new Claim(ClaimTypes.Role, ViewerClaims.AdminRole));
        }
        claims.AddRange(scopes.Granted.Select(s => new Claim(TokenAuthentication.ScopeClaim, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>Whether the request's <c>Authorization</c> header carries something shaped like a JWT (in any accepted form).</summary>
    public static bool CarriesJwt(HttpRequest request) => ReadJwt(request.Headers.Authorization.ToString()) is not null;

    /// <summary>The JWT in an <c>Authorization</c> value (<c>Bearer</c>, <c>token</c> or Basic password), or null.</summary>
    public static string? ReadJwt(string? header)
    {
        if (string.IsNullOrEmpty(header) || header.Length > 8192 || !AuthenticationHeaderValue.TryParse(header, out var value))
        {
            return null;
        }
        string? candidate = null;
        if (string.Equals(value.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) || string.Equals(value.Scheme, "token", StringComparison.OrdinalIgnoreCase))
        {
            candidate = value.Parameter?.Trim();
        }
        else if (string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && GitCredentials.TryParseBasic(header, out _, out var secret))
        {
            candidate = secret;
        }
        return LooksLikeJwt(candidate) ? candidate : null;
    }

    /// <summary>Three dot-separated base64url parts (the last may be empty, as in an unsigned token, which is then refused).</summary>
    public static bool LooksLikeJwt(string? value)
    {
        if (string.IsNullOrEmpty(value) || TokenFormat.LooksLikeToken(value))
        {
            return false;
        }
        var parts = value.Split('.');
        return parts.Length == 3 && parts[0].Length > 0 && parts[1].Length > 0 &&
               parts.All(p => p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }
}

/// <summary>An access token just issued, in the shape the token endpoints return.</summary>
public sealed record AccessToken(string Token, int ExpiresInSeconds);

/// <summary>Signs access tokens with the current key.</summary>
public sealed class JwtIssuer(JwtKeys keys, IOptions<JwtOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public AccessToken Issue(User user, TokenScopes scopes)
    {
        var jwt = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + jwt.AccessTokenLifetime,
            TokenType = JwtAuthentication.TokenType,
            SigningCredentials = new SigningCredentials(keys.SigningKey, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                ["name"] = user.UserName,
                ["scope"] = string.Join(' ', scopes.Granted),
                [JwtAuthentication.StampClaim] = user.SecurityStamp,
            },
        };
        return new AccessToken(_handler.CreateToken(descriptor), (int)jwt.AccessTokenLifetime.TotalSeconds);
    }
}
