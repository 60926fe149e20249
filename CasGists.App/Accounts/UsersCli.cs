using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Passwords;
using CasGists.Core.Accounts.TwoFactor;
using CasGists.Core.Common;

namespace CasGists.App.Accounts;

/// <summary>The <c>user</c> admin commands beyond <c>create</c>, apart from the parsing so tests can call them with the app's services.</summary>
public static class UsersCli
{
    /// <summary>
    /// <c>user reset-password</c>: the new password is the first line of <paramref name="input"/> when one is given (piped
    /// stdin), otherwise a generated one, printed alone on the last line. Every session of the user ends.
    /// </summary>
    public static async Task<int> ResetPasswordAsync(
        IServiceProvider services, string userName, TextReader? input, TextWriter output, CancellationToken ct)
    {
        var user = await FindAsync(services, userName, ct);
        var typed = input is null ? null : (await input.ReadLineAsync(ct))?.TrimEnd('\r', '\n');
        if (input is not null && string.IsNullOrEmpty(typed))
        {
            throw new ValidationException("password", "No password on standard input.");
        }
        var password = await services.GetRequiredService<PasswordService>().ResetByAdminAsync(user, typed, ct);
        await output.WriteLineAsync($"Password of {user.UserName} reset; all their sessions were signed out.");
        if (typed is null)
        {
            await output.WriteLineAsync("The new password (shown only once):");
            await output.WriteLineAsync(password);
        }
        return 0;
    }

    /// <summary><c>user disable</c> / <c>user enable</c>: a disabled account cannot sign in, and its sessions and tokens stop working at once.</summary>
    public static async Task<int> SetDisabledAsync(IServiceProvider services, string userName, bool disabled, TextWriter output, CancellationToken ct)
    {
        var user = await services.GetRequiredService<AccountService>().SetDisabledAsync(userName, disabled, "an administrator (command line)", ct);
        await output.WriteLineAsync(disabled ? $"Disabled {user.UserName}; their sessions were signed out." : $"Enabled {user.UserName}.");
        return 0;
    }

    /// <summary><c>user reset-2fa</c>: turns two-factor authentication off for someone who lost their device and codes.</summary>
    public static async Task<int> ResetTwoFactorAsync(IServiceProvider services, string userName, TextWriter output, CancellationToken ct)
    {
        var user = await FindAsync(services, userName, ct);
        await services.GetRequiredService<TwoFactorService>().ResetAsync(user, ct);
        await output.WriteLineAsync($"Two-factor authentication of {user.UserName} turned off; all their sessions were signed out.");
        return 0;
    }

    private static async Task<User> FindAsync(IServiceProvider services, string userName, CancellationToken ct) =>
        await services.GetRequiredService<AccountService>().FindByUserNameAsync(userName, ct)
            ?? throw new NotFoundException($"No user named '{userName}'.");
}
