namespace CasGists.App.Security;

/// <summary>Section <c>Cors</c>: origins whose pages may call the API from a browser. Empty (the default): none may.</summary>
public sealed class CorsSettings
{
    public const string Section = "Cors";

    /// <summary>Exact origins such as <c>https://tools.example.com</c>; <c>*</c> allows any.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}

/// <summary>
/// CORS for <c>/api</c> only, off unless <c>Cors:AllowedOrigins</c> names origins. Credentials (cookies) are never
/// allowed cross-origin: a page on another site calls the API with a token in the <c>Authorization</c> header.
/// </summary>
public static class ApiCors
{
    public const string Policy = "api";

    public static IServiceCollection AddApiCors(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(CorsSettings.Section).Get<CorsSettings>() ?? new CorsSettings();
        var origins = settings.AllowedOrigins.Select(o => o.Trim().TrimEnd('/')).Where(o => o.Length > 0).ToArray();
        services.AddCors(options =>
        {
            if (origins.Length == 0)
            {
                return;
            }
            options.AddPolicy(Policy, policy =>
            {
                if (origins.Contains("*"))
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins(origins);
                }
                policy.AllowAnyHeader()
                    .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                    .WithExposedHeaders("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After", "Link")
                    .SetPreflightMaxAge(TimeSpan.FromHours(1));
            });
        });
        return services;
    }

    public static IApplicationBuilder UseApiCors(this IApplicationBuilder app)
    {
        var policies = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>>().Value;
        if (policies.GetPolicy(Policy) is null)
        {
            return app;
        }
        return app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseCors(Policy));
    }
}
