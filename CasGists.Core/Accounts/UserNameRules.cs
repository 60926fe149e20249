using System.Net.Mail;
using System.Text.RegularExpressions;

namespace CasGists.Core.Accounts;

/// <summary>What a username and an email address may look like. Usernames become the first URL segment.</summary>
public static partial class UserNameRules
{
    public const int MaxUserNameLength = 39;
    public const int MaxEmailLength = 254;

    /// <summary>
    /// Names that are, or may become, top-level routes or would confuse people; a user owning
    /// <c>/api</c> or <c>/admin</c> would shadow them.
    /// </summary>
    public static IReadOnlySet<string> Reserved { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "about", "account", "accounts", "admin", "administrator", "anonymous", "api", "app", "archive", "assets",
        "auth", "avatar", "avatars", "blog", "cdn", "config", "contact", "css", "dashboard", "debug", "default",
        "delete", "discover", "docs", "download", "downloads", "edit", "embed", "explore", "favicon.ico", "feed",
        "feeds", "files", "fonts", "forgot-password", "forks", "gist", "gists", "git", "graphql", "guest", "health",
        "help", "home", "images", "img", "import", "index", "info", "js", "lib", "login", "logout", "mail",
        "manifest.json", "me", "metrics", "new", "none", "notifications", "null", "oauth", "openapi", "org",
        "orgs", "owner", "password", "ping", "privacy", "profile", "public", "raw", "ready", "register",
        "reset-password", "revisions", "robots.txt", "root", "rss", "search", "security", "session", "sessions",
        "settings", "signin", "sign-in", "signout", "sign-out", "signup", "sign-up", "sitemap.xml", "snippets",
        "starred", "stars", "static", "status", "support", "swagger", "system", "team", "teams", "terms",
        "topics", "undefined", "upload", "uploads", "user", "users", "webhooks", "www", "_blazor", "_content",
        "_framework", ".well-known",
    };

    /// <summary>Letters, digits and single hyphens between them (GitHub's rule).</summary>
    [GeneratedRegex("^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();

    public static string Normalize(string value) => value.ToLowerInvariant();

    public static string? CheckUserName(string userName)
    {
        if (userName.Length == 0)
        {
            return "Username is required.";
        }
        if (userName.Length > MaxUserNameLength)
        {
            return $"Username must be at most {MaxUserNameLength} characters.";
        }
        if (!UserNamePattern().IsMatch(userName))
        {
            return "Username may only contain letters, digits and single hyphens, and cannot begin or end with a hyphen.";
        }
        return Reserved.Contains(userName) ? $"The username \"{userName}\" is reserved." : null;
    }

    public static string? CheckEmail(string email)
    {
        if (email.Length == 0)
        {
            return "Email is required.";
        }
        if (email.Length > MaxEmailLength)
        {
            return $"Email must be at most {MaxEmailLength} characters.";
        }
        // A sanity check, not a proof: one @, a dot in the domain, no display name or spaces.
        var at = email.IndexOf('@');
        var valid = at > 0 && at == email.LastIndexOf('@') && email.IndexOf('.', at) > at + 1 && !email.EndsWith('.') &&
                    !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) &&
                    MailAddress.TryCreate(email, out var parsed) && parsed.Address == email;
        return valid ? null : "Enter a valid email address.";
    }
}
