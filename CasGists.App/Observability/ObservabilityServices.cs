using System.Diagnostics;
using CasGists.App.Accounts;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Prometheus;

namespace CasGists.App.Observability;

public static class ObservabilityServices
{
    /// <summary>Metrics, health checks, request ids and the console log format.</summary>
    public static IHostApplicationBuilder AddCasGistsObservability(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section);
        services.AddSingleton<CasGistsMetrics>();
        services.AddSingleton<BusinessMetrics>();
        services.AddHostedService<DbCommandMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitMetricsHandler>());

        // Readiness: the database and the data directory. Redis plugs in here as a second "ready"
        // check once the cache (issue 7, part 1) adds a connection.
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["requestId"] = context.HttpContext.RequestId();
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
        });

        AddMetricsPort(builder);
        ConfigureConsoleLogs(builder);
        return builder;
    }

    /// <summary>JSON lines in Production (for log collectors), the readable format elsewhere.</summary>
    private static void ConfigureConsoleLogs(IHostApplicationBuilder builder)
    {
        if (!builder.Environment.IsProduction())
        {
            return;
        }
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        // AddJsonConsole sets the formatter name; a configured Logging:Console:FormatterName still wins.
        if (builder.Configuration["Logging:Console:FormatterName"] is { Length: > 0 } name)
        {
            builder.Logging.Services.Configure<ConsoleLoggerOptions>(options => options.FormatterName = name);
        }
    }

    /// <summary>With <c>Metrics:Port</c>, listen on that port as well as on the configured addresses.</summary>
    private static void AddMetricsPort(IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new();
        if (!options.Enabled || options.Port is not { } port)
        {
            return;
        }
        var urls = builder.Configuration["urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            urls = builder.Configuration["http_ports"] is { Length: > 0 } ports
                ? string.Join(';', ports.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => $"http://*:{p}"))
                : "http://localhost:5000";
        }
        builder.Configuration["urls"] = $"{urls};http://*:{port}";
    }

    /// <summary>Outermost, so every log line of the request, error handling included, carries the ids.</summary>
    public static WebApplication UseCasGistsRequestIds(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        return app;
    }

    /// <summary>Request rate and latency by route template (after routing, so the template is known).</summary>
    public static WebApplication UseCasGistsHttpMetrics(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<CasGistsMetrics>();
        app.UseHttpMetrics(options =>
        {
            options.SetMetricFactory(metrics.Factory);
            options.ReduceStatusCodeCardinality();
        });
        return app;
    }

    public static WebApplication MapCasGistsObservability(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        app.MapHealthChecks("/health", new() { ResponseWriter = HealthResponseWriter.WriteJsonAsync });
        if (app.Configuration.GetValue<bool>("Bench:HeapEndpoint"))
        {
            app.MapBenchHeapEndpoint();
        }

        var options = app.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new();
        if (!options.Enabled)
        {
            return app;
        }
        var metrics = app.Services.GetRequiredService<CasGistsMetrics>();
        var business = app.Services.GetRequiredService<BusinessMetrics>();
        metrics.Registry.AddBeforeCollectCallback(business.RefreshAsync);
        var endpoint = app.MapMetrics("/metrics", metrics.Registry);
        if (options.Port is { } port)
        {
            endpoint.RequireHost($"*:{port}");
        }
        if (options.RequireAdmin)
        {
            endpoint.RequireAuthorization(policy => policy.RequireRole(ViewerClaims.AdminRole));
        }
        return app;
    }
}
