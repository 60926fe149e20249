using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Core.Rendering;

public static class RenderingServices
{
    public static IServiceCollection AddRendering(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<CodeHighlighter>();
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<FileRenderer>();
        return services;
    }
}
