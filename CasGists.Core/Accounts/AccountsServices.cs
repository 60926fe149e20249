using CasGists.Core.Accounts.Passwords;
using CasGists.Core.Accounts.SecurityLog;
using CasGists.Core.Accounts.Sessions;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Accounts.TwoFactor;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Core.Accounts;

public static class AccountsServices
{
    /// <summary>Account services. The host must register Data Protection (it protects TOTP secrets).</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SecurityLogService>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<TwoFactorService>();
        services.AddSingleton<PasswordService>();
        services.AddSingleton<PasswordResetService>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<TokenService>();
        return services;
    }
}
