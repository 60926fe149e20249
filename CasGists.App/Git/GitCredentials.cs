using System.Net.Http.Headers;
using System.Text;
using CasGists.Core.Accounts;

namespace CasGists.App.Git;

/// <summary>
/// Who sent a git request, and what the credential allows. A password allows everything its user may do;
/// a personal access token (later) will narrow it to its scopes: <c>gist:read</c> to clone, <c>gist:write</c> to push.
/// </summary>
public sealed record GitCaller(Viewer Viewer, bool MayRead = true, bool MayWrite = true)
{
    public static GitCaller Anonymous { get; } = new(Viewer.Anonymous);
}

/// <summary>HTTP Basic for git clients, which send no cookies: user name (or e-mail) and password on every request.</summary>
public sealed class GitCredentials(AccountService accounts)
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

        // SEAM — personal access tokens: when `secret` has the token format, look the token up here (by its hash),
        // check it belongs to `login` and is not expired or revoked, and return
        // new GitCaller(Viewer.For(tokenUser), MayRead: scopes has gist:read, MayWrite: scopes has gist:write)
        // without trying it as a password. Everything downstream already honours MayRead/MayWrite.

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
