using CasGists.Core.Accounts;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace CasGists.App.Accounts;

public static class AccountsAuthentication
{
    /// <summary>Cookie sign-in backed by server-side sessions, plus authorization and the circuit's auth state.</summary>
    public static IServiceCollection AddCasGistsAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(SessionCookie.Scheme)
            .AddCookie(SessionCookie.Scheme, options =>
            {
                options.Cookie.Name = SessionCookie.CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // The server-side session decides the lifetime; the cookie never extends it.
                options.SlidingExpiration = false;
                options.LoginPath = "/login";
                options.LogoutPath = "/logout";
                options.ReturnUrlParameter = "ReturnUrl";
                options.EventsType = typeof(SessionCookieEvents);
                // __Host-casgists_session over HTTPS, casgists_session over plain HTTP.
                options.CookieManager = new Security.HostPrefixCookieManager();
            });
        services.AddOptions<CookieAuthenticationOptions>(SessionCookie.Scheme)
            .Configure<IOptions<AccountOptions>>((cookie, accounts) => cookie.ExpireTimeSpan = accounts.Value.SessionAbsoluteTimeout);
        services.AddScoped<SessionCookieEvents>();
        services.AddSingleton<PendingSignInCookie>();
        services.AddAuthorization();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingStateProvider>();
        return services;
    }

    /// <summary>
    /// Authentication for requests that carry a credential. Running the handlers costs a noticeable share of a
    /// cheap request (a raw file, a cached page) even when there is nothing to read; every scheme here reads
    /// either the <c>Authorization</c> header or the session cookie, so a request with neither is anonymous
    /// whatever the handlers would say. An endpoint that requires sign-in still challenges it as usual.
    /// </summary>
    public static WebApplication UseCasGistsAuthentication(this WebApplication app)
    {
        app.UseWhen(CarriesCredentials, branch => branch.UseAuthentication());
        // The branch records its UseAuthentication on its own copy of the properties; without this mark on the
        // app itself, WebApplication would add a second, unconditional one at the front of the pipeline.
        ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
        return app;
    }

    internal static bool CarriesCredentials(HttpContext context) =>
        context.Request.Headers.Authorization.Count > 0 || Security.SessionCookieNames.IsPresent(context.Request);
}
