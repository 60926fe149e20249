using System.Net;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Observability;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task LiveAndReadyAnswerOkWhenTheDatabaseIsUp()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        var summary = await client.GetStringAsync("/health");
        Assert.Contains("\"database\"", summary);
    }

    [Fact]
    public async Task KestrelServesOnARealLoopbackPort()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var baseAddress = app.StartKestrel();
        using var http = new HttpClient { BaseAddress = baseAddress };

        var response = await http.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(0, baseAddress.Port);
    }
}

public sealed class HealthWithTheDatabaseDownTests
{
    [Fact]
    public async Task ReadinessFailsWith503WhileLivenessStaysUp()
    {
        // A PostgreSQL address where nothing listens: the database is unreachable on either provider.
        await using var app = await CasGistsAppFactory.CreateAsync(a =>
        {
            a.Settings["Data:MigrateOnStartup"] = "false";
            a.Settings["Data:Postgres"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=nothing;Timeout=2";
        });
        var client = app.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");
        var summary = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, summary.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await summary.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task MetricsStillAnswerWhileTheDatabaseIsDown()
    {
        await using var app = await CasGistsAppFactory.CreateAsync(a =>
        {
            a.Settings["Data:MigrateOnStartup"] = "false";
            a.Settings["Data:Postgres"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=nothing;Timeout=2";
        });

        var response = await app.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("casgists_users 0", await response.Content.ReadAsStringAsync());
    }
}
