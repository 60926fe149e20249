using System.Collections.Immutable;

namespace CasGists.Core.Accounts.Tokens;

/// <summary>
/// What a personal access token may do. Write implies read within its area, and <c>admin</c> implies
/// everything (and lets an administrator's token act as an administrator; without it the token acts as a plain user).
/// </summary>
public sealed class TokenScopes
{
    public const string GistRead = "gist:read";
    public const string GistWrite = "gist:write";
    public const string UserRead = "user:read";
    public const string UserWrite = "user:write";
    public const string Admin = "admin";

    /// <summary>Every scope with the one-line explanation the settings page shows, in display order.</summary>
    public static IReadOnlyList<(string Scope, string Description)> Known { get; } =
    [
        (GistRead, "Read your gists, including private ones, and clone them with git."),
        (GistWrite, "Create, edit and delete your gists, and push to them with git (includes gist:read)."),
        (UserRead, "Read your profile and account details."),
        (UserWrite, "Change your profile (includes user:read)."),
        (Admin, "Act as an administrator: everything above, for every account (administrators only)."),
    ];

    private TokenScopes(ImmutableSortedSet<string> granted) => Granted = granted;

    /// <summary>The scopes as granted, without the implied ones.</summary>
    public ImmutableSortedSet<string> Granted { get; }

    public static bool IsKnown(string scope) => Known.Any(k => k.Scope == scope);

    /// <summary>Parses a comma- or space-separated list; false when it is empty or names an unknown scope.</summary>
    public static bool TryParse(string? text, out TokenScopes scopes, out string? error) =>
        TryCreate((text ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), out scopes, out error);

    public static bool TryCreate(IEnumerable<string?>? names, out TokenScopes scopes, out string? error)
    {
        scopes = new TokenScopes([]);
        var list = (names ?? []).Select(n => (n ?? "").Trim().ToLowerInvariant()).Where(n => n.Length > 0).ToList();
        if (list.Count == 0)
        {
            error = "Choose at least one scope.";
            return false;
        }
        var unknown = list.Where(n => !IsKnown(n)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            error = $"Unknown scope{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Select(Shorten))}. Known: {string.Join(", ", Known.Select(k => k.Scope))}.";
            return false;
        }
        error = null;
        scopes = new TokenScopes(list.ToImmutableSortedSet(StringComparer.Ordinal));
        return true;
    }

    /// <summary>Reads the stored form; unknown names (from a newer version) are ignored rather than granted.</summary>
    public static TokenScopes FromStored(string stored) =>
        new(stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(IsKnown).ToImmutableSortedSet(StringComparer.Ordinal));

    public bool Has(string scope) =>
        Granted.Contains(scope) || Granted.Contains(Admin) ||
        (scope == GistRead && Granted.Contains(GistWrite)) ||
        (scope == UserRead && Granted.Contains(UserWrite));

    /// <summary>The stored form: sorted, comma-separated.</summary>
    public override string ToString() => string.Join(',', Granted);

    private static string Shorten(string name) => name.Length <= 40 ? name : name[..40] + "…";
}
