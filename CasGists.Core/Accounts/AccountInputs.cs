namespace CasGists.Core.Accounts;

public sealed record RegisterInput(string UserName, string Email, string Password);

public sealed record SignInInput(string UserNameOrEmail, string Password, string? IpAddress, string? UserAgent);

/// <summary>A new session: <see cref="Token"/> goes into the cookie, only its hash is stored.</summary>
public sealed record SignInResult(User User, Guid SessionId, string Token);
