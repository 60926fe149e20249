namespace CasGists.App.Components.Layout;

/// <summary>The light/dark toggle: a plain link that sets a cookie and goes back, so it works with JavaScript off.</summary>
public static class ThemeEndpoints
{
    public static IEndpointRouteBuilder MapThemeSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/theme/{mode:regex(^(light|dark)$)}", (HttpContext context, string mode, string? returnUrl) =>
        {
            context.Response.Cookies.Append(CasGistsTheme.CookieName, mode, new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                SameSite = SameSiteMode.Lax,
                HttpOnly = true,
                Secure = context.Request.IsHttps,
                IsEssential = true,
            });
            // Only ever back to our own pages: an open redirect would lend our name to phishing links.
            var target = IsLocal(returnUrl) ? returnUrl! : "/";
            return Results.Redirect(target);
        }).ExcludeFromDescription();
        return app;
    }

    internal static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' &&
        (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
