using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Core.Accounts;

public static class AccountsServices
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddSingleton<AccountService>();
        return services;
    }
}
