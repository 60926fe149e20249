using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace CasGists.Core.Accounts.Passwords;

/// <summary>
/// OWASP ASVS 2.1: a length window and a list of common breached passwords, and no composition rules
/// (they push people to <c>Password1!</c>). The list is the zxcvbn project's frequency list (MIT), shipped inside
/// the assembly, so no lookup leaves the server.
/// </summary>
public sealed class PasswordPolicy(IOptions<AccountOptions> options)
{
    private const string ListResource = "CasGists.Core.Accounts.Passwords.common-passwords.txt";

    private static readonly Lazy<FrozenSet<string>> CommonPasswords = new(LoadList);

    private readonly AccountOptions _options = options.Value;

    public int MinLength => _options.MinPasswordLength;
    public int MaxLength => _options.MaxPasswordLength;

    /// <summary>How many passwords the shipped list holds (for the README and tests).</summary>
    public static int CommonPasswordCount => CommonPasswords.Value.Count;

    /// <summary>The reason a new password is refused, or null when it is acceptable.</summary>
    public string? Check(string? password, string? userName = null, string? email = null)
    {
        password ??= "";
        if (password.Length < _options.MinPasswordLength)
        {
            return $"Password must be at least {_options.MinPasswordLength} characters.";
        }
        if (password.Length > _options.MaxPasswordLength)
        {
            return $"Password must be at most {_options.MaxPasswordLength} characters.";
        }
        if (IsCommon(password))
        {
            return "This password is on a list of commonly used passwords; choose another.";
        }
        if (SameAs(password, userName) || SameAs(password, email))
        {
            return "Password must not be your username or email address.";
        }
        return null;
    }

    public static bool IsCommon(string password) => CommonPasswords.Value.Contains(password.Trim());

    private static bool SameAs(string password, string? other) =>
        !string.IsNullOrEmpty(other) && string.Equals(password.Trim(), other.Trim(), StringComparison.OrdinalIgnoreCase);

    private static FrozenSet<string> LoadList()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream(ListResource)
            ?? throw new InvalidOperationException($"The embedded resource {ListResource} is missing.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                words.Add(line);
            }
        }
        return words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
