using System.Text.Json;
using CasGists.Core.Accounts;
using Microsoft.AspNetCore.DataProtection;

namespace CasGists.App.Accounts;

/// <summary>
/// The half-way state between the password and the 2FA code: a short-lived, data-protected cookie read only by the
/// code step. It is not an authentication cookie, so it grants nothing anywhere else.
/// </summary>
public sealed class PendingSignInCookie(IDataProtectionProvider protection)
{
    public const string CookieName = "casgists_2fa";
    private const string CookiePath = "/login";

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("CasGists.Accounts.PendingSignIn.v1").ToTimeLimitedDataProtector();

    public void Write(HttpContext http, PendingSignIn pending)
    {
        var lifetime = pending.ExpiresAt - DateTime.UtcNow;
        var value = _protector.Protect(JsonSerializer.Serialize(pending), lifetime > TimeSpan.Zero ? lifetime : TimeSpan.FromSeconds(1));
        http.Response.Cookies.Append(CookieName, value, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = CookiePath,
            MaxAge = lifetime > TimeSpan.Zero ? lifetime : TimeSpan.FromSeconds(1),
            IsEssential = true,
        });
    }

    /// <summary>The pending sign-in, or null when there is none, it expired, or it was tampered with.</summary>
    public PendingSignIn? Read(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value) || value.Length > 4096)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<PendingSignIn>(_protector.Unprotect(value));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null;
        }
    }

    public void Delete(HttpContext http) =>
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = CookiePath, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict });
}
