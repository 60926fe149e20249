using CasGists.Core.Accounts.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Core.Accounts;

public static class AccountsServices
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<TokenService>();
        return services;
    }
}
