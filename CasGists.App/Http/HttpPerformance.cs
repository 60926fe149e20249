using System.IO.Compression;
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
        app.UseOutputCache();
        app.UseMiddleware<BodyETagMiddleware>();
        return app;
    }
}
