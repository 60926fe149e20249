namespace CasGists.Core.Accounts.Sessions;

/// <summary>
/// "Firefox on Linux" from a User-Agent header: enough for a person to recognise their own device. Deliberately
/// small; the order of checks matters because every browser claims to be several others.
/// </summary>
public static class UserAgentSummary
{
    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "Unknown browser";
        }
        var browser = Browser(userAgent);
        var system = System(userAgent);
        return system is null ? browser : $"{browser} on {system}";
    }

    private static string Browser(string ua) =>
        Has(ua, "Edg/") ? "Edge" :
        Has(ua, "OPR/") || Has(ua, "Opera") ? "Opera" :
        Has(ua, "Firefox/") ? "Firefox" :
        Has(ua, "Chromium/") ? "Chromium" :
        Has(ua, "Chrome/") || Has(ua, "CriOS/") ? "Chrome" :
        Has(ua, "Safari/") ? "Safari" :
        Has(ua, "git/") ? "git" :
        Has(ua, "curl/") ? "curl" :
        "Unknown browser";

    private static string? System(string ua) =>
        Has(ua, "Android") ? "Android" :
        Has(ua, "iPhone") || Has(ua, "iPad") ? "iOS" :
        Has(ua, "Windows") ? "Windows" :
        Has(ua, "Mac OS X") || Has(ua, "Macintosh") ? "macOS" :
        Has(ua, "CrOS") ? "ChromeOS" :
        Has(ua, "Linux") ? "Linux" :
        null;

    private static bool Has(string ua, string part) => ua.Contains(part, StringComparison.OrdinalIgnoreCase);
}
