using System.Security.Claims;
using CasGists.App.Accounts;
using CasGists.Core.Accounts.Tokens;

namespace CasGists.App.Security;

/// <summary>
/// One authorization policy per scope, named as the scope (<c>.RequireAuthorization(ScopePolicies.GistWrite)</c>).
/// A token (personal or JWT) passes with the scope granted or implied; a browser session passes every scope but
/// <c>admin</c>, which needs an administrator (and, for a token, the admin scope too).
/// </summary>
public static class ScopePolicies
{
    public const string GistRead = TokenScopes.GistRead;
    public const string GistWrite = TokenScopes.GistWrite;
    public const string UserRead = TokenScopes.UserRead;
    public const string UserWrite = TokenScopes.UserWrite;
    public const string Admin = TokenScopes.Admin;

    public static IServiceCollection AddScopePolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(GistRead, p => p.RequireAssertion(c => Allows(c.User, GistRead)))
            .AddPolicy(GistWrite, p => p.RequireAssertion(c => Allows(c.User, GistWrite)))
            .AddPolicy(UserRead, p => p.RequireAssertion(c => Allows(c.User, UserRead)))
            .AddPolicy(UserWrite, p => p.RequireAssertion(c => Allows(c.User, UserWrite)))
            .AddPolicy(Admin, p => p.RequireAssertion(c => Allows(c.User, Admin)));
        return services;
    }

    /// <summary>Whether the principal may act within a scope. Endpoints that decide by hand call this too.</summary>
    public static bool Allows(ClaimsPrincipal principal, string scope)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return false;
        }
        if (scope == Admin && !principal.IsInRole(ViewerClaims.AdminRole))
        {
            return false;
        }
        return TokenAuthentication.TokenScopesOf(principal) is not { } scopes || scopes.Has(scope);
    }
}
