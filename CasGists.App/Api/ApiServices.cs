using CasGists.App.Api.V1;
using CasGists.App.Api.V3;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace CasGists.App.Api;

/// <summary>Wiring for both APIs, the OpenAPI document and its reference page.</summary>
public static class ApiServices
{
    public const string DocsPath = "/api/docs";

    public static IServiceCollection AddCasGistsApi(this IServiceCollection services)
    {
        services.AddScoped<V3GistReader>();
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOpenApi("v1", options =>
        {
            // v3 follows GitHub's documentation, not ours; the page, raw, git and health endpoints are not the API.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "CasGists API";
                document.Info.Version = "v1";
                document.Info.Description =
                    "Gists, revisions and users. Send a personal access token as `Authorization: Bearer cgp_…`; public and " +
                    "unlisted gists can be read without one. Lists take `page` and `per_page` (1–100, default 30) and answer " +
                    "with `Link` and `X-Total-Count`; reads carry an `ETag`. Errors are RFC 9457 problem details.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["token"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal access token (Settings → Tokens).",
                };
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapCasGistsApi(this WebApplication app)
    {
        app.MapApiV1();
        app.MapApiV3();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference(DocsPath, options => options
            .WithTitle("CasGists API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddDocument("v1", "CasGists API v1")
            // Served from the package's own bundle: no fonts, telemetry or scripts from elsewhere.
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent());
        if (app.Configuration.GetValue<bool>("Bench:BareEndpoint"))
        {
            app.MapBareBenchEndpoint();
        }
        return app;
    }
}
