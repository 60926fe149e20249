namespace CasGists.Core.Accounts;

/// <summary>Registration, sign-in with Argon2id and server-side sessions.</summary>
public sealed class AccountService
{
    /// <summary>The first account becomes admin. Throws a validation error for a taken or reserved name.</summary>
    public Task<User> RegisterAsync(RegisterInput input, bool isAdmin = false, CancellationToken ct = default) =>
        throw new NotImplementedException();

    /// <summary>Null for an unknown user, a wrong password or a disabled account (one generic failure).</summary>
    public Task<SignInResult?> SignInAsync(SignInInput input, CancellationToken ct = default) =>
        throw new NotImplementedException();

    /// <summary>The live session for a cookie token, or null; refreshes its last-seen time.</summary>
    public Task<(User User, UserSession Session)?> ValidateSessionAsync(string token, CancellationToken ct = default) =>
        throw new NotImplementedException();

    public Task SignOutAsync(string token, CancellationToken ct = default) =>
        throw new NotImplementedException();

    public Task<User?> FindByUserNameAsync(string userName, CancellationToken ct = default) =>
        throw new NotImplementedException();
}
