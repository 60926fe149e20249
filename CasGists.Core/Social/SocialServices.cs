using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Core.Social;

public static class SocialServices
{
    /// <summary>Forks, stars and comments. Needs the gist services and the Markdown renderer (<c>AddRendering</c>).</summary>
    public static IServiceCollection AddSocial(this IServiceCollection services)
    {
        services.AddSingleton<ForkService>();
        services.AddSingleton<StarService>();
        services.AddSingleton<CommentService>();
        return services;
    }
}
