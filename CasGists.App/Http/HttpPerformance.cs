using System.IO.Compression;
using CasGists.Core.Caching;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;

namespace CasGists.App.Http;

public static class HttpPerformance
{
    /// <summary>Brotli and gzip compression for HTML, JSON and raw text; the anonymous page cache.</summary>
    public static IServiceCollection AddCasGistsHttp(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            // HTTPS too: SelectiveCompressionProvider keeps secret-bearing responses uncompressed (BREACH).
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/problem+json", "image/svg+xml"]);
        });
        // Fastest: on a small server the CPU spent per response matters more than the last few percent.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.AddSingleton<IResponseCompressionProvider, SelectiveCompressionProvider>();

        services.AddOutputCache(options =>
        {
            options.SizeLimit = 64 * 1024 * 1024;
            options.AddPolicy(OutputCachePolicies.AnonymousPage, new AnonymousPagePolicy());
        });
        return services;
    }

    /// <summary>Compression outermost (it compresses what the caches hand out), the page cache after sign-in is known.</summary>
    public static WebApplication UseCasGistsCompression(this WebApplication app)
    {
        app.UseResponseCompression();
        return app;
    }

    public static WebApplication UseCasGistsPageCache(this WebApplication app)
    {
        // Created now, so /metrics lists every cache's series from the first scrape.
        app.Services.GetRequiredService<ICacheMetrics>();
        app.UseOutputCache();
        app.UseMiddleware<BodyETagMiddleware>();
        return app;
    }
}

public static class CacheablePages
{
    /// <summary>
    /// Pages under the anonymous page cache render no interactive island, so they carry no persisted
    /// component state. Without this, Blazor persists state for the app's render mode on every page, and
    /// that state holds a fresh antiforgery token: a new cookie, <c>no-store</c> and a different body on
    /// every request, which defeats the page cache, ETags and compression alike.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder WithCacheablePages(this RazorComponentsEndpointConventionBuilder builder)
    {
        // The metadata type is internal to ASP.NET Core; the page cache tests fail loudly if it ever moves.
        var metadataType = typeof(RazorComponentsEndpointConventionBuilder).Assembly
            .GetType("Microsoft.AspNetCore.Components.Endpoints.ConfiguredRenderModesMetadata", throwOnError: true)!;
        var noRenderModes = Activator.CreateInstance(metadataType,
            BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, null, [Array.Empty<IComponentRenderMode>()], null)!;
        builder.Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<OutputCacheAttribute>().Any(a => a.PolicyName == OutputCachePolicies.AnonymousPage))
            {
                endpoint.Metadata.Add(noRenderModes);
            }
        });
        return builder;
    }
}
