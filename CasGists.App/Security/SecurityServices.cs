namespace CasGists.App.Security;

/// <summary>The security wiring the composition root calls: JWT, scope policies, rate limits, CORS, proxies, headers.</summary>
public static class SecurityServices
{
    /// <summary>Call after the cookie and token authentication are added.</summary>
    public static IHostApplicationBuilder AddCasGistsSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddJwtAuthentication();
        services.AddScopePolicies();
        services.AddCasGistsRateLimits();
        services.AddApiCors(builder.Configuration);
        services.AddForwardedHeadersFromSettings(builder.Configuration);
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    /// <summary>First in the pipeline: proxies, then headers, HSTS and the circuit's origin check, before anything answers.</summary>
    public static WebApplication UseCasGistsSecurityHeaders(this WebApplication app)
    {
        app.UseForwardedHeadersFromSettings(app.Configuration);
        app.UseSecurityHeaders();
        // Only over HTTPS, and never for localhost (HstsMiddleware's own rules).
        app.UseHsts();
        app.UseCircuitOriginCheck();
        app.UseApiCors();
        // Generate (or load) the signing key at start-up, not on the first API call.
        _ = app.Services.GetRequiredService<JwtKeys>();
        return app;
    }

    /// <summary>After UseAuthentication: tokens kept to the API, git, raw and archives; then the API rate limits, per user.</summary>
    public static WebApplication UseCasGistsTokenRules(this WebApplication app)
    {
        app.UseTokenSurfaceGuard();
        app.UseCasGistsRateLimits();
        return app;
    }
}
