using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Common;

namespace CasGists.App.Accounts;

/// <summary><c>token create</c>: the work behind the command, apart from the parsing so tests can call it with the app's services.</summary>
public static class TokensCli
{
    /// <summary>
    /// Creates a token for <paramref name="userName"/> and writes a summary, then the token alone on the last line
    /// (so <c>| tail -n1</c> captures it). The user's admin flag decides whether <c>admin</c> may be granted.
    /// </summary>
    public static async Task<int> CreateAsync(
        IServiceProvider services, string userName, string name, string scopes, int? expiresInDays, TextWriter output, CancellationToken ct)
    {
        var user = await services.GetRequiredService<AccountService>().FindByUserNameAsync(userName, ct)
            ?? throw new NotFoundException($"No user named '{userName}'.");
        if (user.IsDisabled)
        {
            throw new ForbiddenException($"The account '{user.UserName}' is disabled; its tokens would not work.");
        }
        var created = await services.GetRequiredService<TokenService>().CreateAsync(
            Viewer.For(user),
            new CreateTokenInput(name, scopes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), expiresInDays),
            ct);
        var token = created.Token;
        await output.WriteLineAsync($"Created token '{token.Name}' for {user.UserName} with scopes {string.Join(", ", token.Scopes)}, " +
            (token.ExpiresAt is { } expires ? $"expiring {expires:yyyy-MM-dd HH:mm} UTC." : "never expiring."));
        await output.WriteLineAsync("It is shown only once; store it now.");
        await output.WriteLineAsync(created.Secret);
        return 0;
    }
}
