using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Core.Accounts.Jwt;

public static class JwtServices
{
    /// <summary>The refresh-token store and the <c>Jwt</c> options; the App adds signing and validation.</summary>
    public static IServiceCollection AddJwtRefreshTokens(this IServiceCollection services)
    {
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RefreshTokenService>();
        return services;
    }
}
