using System.Net.Http.Headers;
using System.Text;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;

namespace CasGists.App.Git;

/// <summary>
/// Who sent a git request, and what the credential allows. A password allows everything its user may do;
/// a personal access token narrows it to its scopes: <c>gist:read</c> to clone, <c>gist:write</c> to push.
/// </summary>
public sealed record GitCaller(Viewer Viewer, bool MayRead = true, bool MayWrite = true, bool IsToken = false)
{
    public static GitCaller Anonymous { get; } = new(Viewer.Anonymous);
}

/// <summary>HTTP Basic for git clients, which send no cookies: user name (or e-mail) and password on every request.</summary>
public sealed class GitCredentials(AccountService accounts, TokenService tokens)
{
    /// <summary>Anonymous without an <c>Authorization</c> header; null when credentials were sent and are wrong.</summary>
    public async Task<GitCaller?> AuthenticateAsync(HttpRequest request, CancellationToken ct)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return GitCaller.Anonymous;
        }
        if (!TryParseBasic(header, out var login, out var secret))
        {
            return null;
        }

        // A personal access token as the password, with any user name (git clients send all sorts): never tried as a password.
        if (TokenFormat.LooksLikeToken(secret))
        {
            var token = await tokens.AuthenticateAsync(secret, ct);
            return token is null
                ? null
                : new GitCaller(token.Viewer, token.Scopes.Has(TokenScopes.GistRead), token.Scopes.Has(TokenScopes.GistWrite), IsToken: true);
        }

        var user = await accounts.VerifyPasswordAsync(login, secret, ct);
        return user is null ? null : new GitCaller(Viewer.For(user));
    }

    internal static bool TryParseBasic(string header, out string login, out string secret)
    {
        login = secret = "";
        if (!AuthenticationHeaderValue.TryParse(header, out var value) ||
            !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) ||
            string.IsNullOrEmpty(value.Parameter) || value.Parameter.Length > 4096)
        {
            return false;
        }
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(value.Parameter));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }
        login = decoded[..colon];
        secret = decoded[(colon + 1)..];
        return true;
    }
}
