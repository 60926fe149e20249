namespace CasGists.Core.Accounts.Tokens;

/// <summary>A new token's name, scopes and lifetime in days (null: never expires).</summary>
public sealed record CreateTokenInput(string? Name, IReadOnlyList<string>? Scopes, int? ExpiresInDays);

/// <summary>What the owner sees in the list: never the secret.</summary>
public sealed record TokenSummary(
    Guid Id,
    string Name,
    IReadOnlyList<string> Scopes,
    string DisplayPrefix,
    DateTime CreatedAt,
    DateTime? LastUsedAt,
    DateTime? ExpiresAt,
    DateTime? RevokedAt)
{
    internal static TokenSummary From(PersonalAccessToken t) =>
        new(t.Id, t.Name, [.. TokenScopes.FromStored(t.Scopes).Granted], t.DisplayPrefix, t.CreatedAt, t.LastUsedAt, t.ExpiresAt, t.RevokedAt);

    public bool IsActiveAt(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>A token just created: the secret is in here and nowhere else, ever again.</summary>
public sealed record CreatedToken(string Secret, TokenSummary Token);

/// <summary>Who a valid token speaks for. <see cref="Viewer"/> is an administrator only when the token has the <c>admin</c> scope.</summary>
public sealed record TokenIdentity(User User, Guid TokenId, string TokenName, TokenScopes Scopes)
{
    public Viewer Viewer => new(User.Id, User.UserName, User.IsAdmin && Scopes.Has(TokenScopes.Admin));
}
