using CasGists.Core.Accounts.SecurityLog;

namespace CasGists.App.Accounts;

public static class ClientInfoMiddleware
{
    /// <summary>
    /// Makes the request's IP and user agent known to Core for the security log (<see cref="ClientInfo.Current"/>), so
    /// services called from anywhere in the request record where it came from.
    /// </summary>
    public static IApplicationBuilder UseClientInfo(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            ClientInfo.Current = http.Client();
            return next(http);
        });

    public static ClientInfo Client(this HttpContext http) => new(http.ClientIp(), http.UserAgent());
}
