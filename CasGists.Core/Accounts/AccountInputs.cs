using CasGists.Core.Accounts.SecurityLog;

namespace CasGists.Core.Accounts;

public sealed record RegisterInput(string UserName, string Email, string Password);

public sealed record SignInInput(string UserNameOrEmail, string Password, string? IpAddress, string? UserAgent)
{
    public ClientInfo Client => new(IpAddress, UserAgent);
}

public sealed record ProfileInput(string? DisplayName, string? Email);

/// <summary>A new session: <see cref="Token"/> goes into the cookie, only its hash is stored.</summary>
public sealed record SignInResult(User User, Guid SessionId, string Token);

/// <summary>
/// The password was right and the account has two-factor authentication on: nothing is granted yet. The web host
/// keeps this in a short-lived protected cookie until the code step; the stamp ends it if credentials change meanwhile.
/// </summary>
public sealed record PendingSignIn(Guid UserId, string SecurityStamp, DateTime ExpiresAt);

/// <summary>How a sign-in step ended.</summary>
public abstract record SignInOutcome
{
    private SignInOutcome()
    {
    }

    public sealed record Succeeded(SignInResult Session) : SignInOutcome;

    public sealed record SecondFactorRequired(PendingSignIn Pending) : SignInOutcome;

    /// <summary>Wrong name, password or code, or a disabled account: one generic answer.</summary>
    public sealed record Failed(string Message) : SignInOutcome;

    public sealed record Throttled(TimeSpan RetryAfter) : SignInOutcome
    {
        public string Message => SignInMessages.TooManyAttempts(RetryAfter);
    }
}
