using System.Net;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Security;

/// <summary>
/// Test-only front of the pipeline: gives each request the client IP named in <c>X-Test-Client-Ip</c> (the test
/// server has none), and answers <c>/__probe/{policy}</c> by authenticating with the app's default scheme and asking
/// the app's authorization service — so scope policies are checked through the real header parsing before any API
/// endpoint uses them.
/// </summary>
public sealed class ProbeStartupFilter : IStartupFilter
{
    public const string IpHeader = "X-Test-Client-Ip";
    public const string ProbePrefix = "/__probe";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, nextMiddleware) =>
        {
            http.Connection.RemoteIpAddress = IPAddress.Parse(http.Request.Headers[IpHeader].FirstOrDefault() ?? "192.0.2.1");
            if (http.Request.Path.StartsWithSegments(ProbePrefix, out var rest))
            {
                var policy = Uri.UnescapeDataString(rest.Value!.TrimStart('/'));
                var result = await http.AuthenticateAsync();
                if (!result.Succeeded)
                {
                    http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
                var authorized = await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(result.Principal, policy);
                http.Response.StatusCode = authorized.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden;
                return;
            }
            await nextMiddleware(http);
        });
        next(app);
    };

    /// <summary>The app with this filter in front. Use only the returned factory (the base one would start a second host).</summary>
    public static WebApplicationFactory<Program> With(CasGistsAppFactory app) =>
        app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, ProbeStartupFilter>()));
}
