using System.Net;
using System.Text.RegularExpressions;
using CasGists.App.Observability;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Observability;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task RequestMetricsAreLabelledByRouteTemplateNeverByGistId()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var ada = await app.UserAsync("ada");
        var gist = await app.GistAsync(ada, GistVisibility.Public, "Hello");
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/ada/{gist.Id}")).StatusCode);

        var text = await client.GetStringAsync("/metrics");

        Assert.Matches(new Regex("""http_request_duration_seconds_count\{code="2xx",method="GET",.*endpoint="/\{UserName\}/\{Id\}"\} 1"""), text);
        Assert.Contains("http_requests_in_progress", text);
        Assert.DoesNotContain(gist.Id, text);
        Assert.Matches(new Regex("""casgists_db_command_duration_seconds_count\{operation="select"\} [1-9]"""), text);
        Assert.Contains("casgists_blazor_circuits_active 0", text);
        Assert.Contains("casgists_signins_total{result=\"failure\"} 0", text);
        Assert.Contains("casgists_users 1", text);
        Assert.Contains("casgists_gists{visibility=\"public\"} 1", text);
        Assert.Contains("casgists_gists{visibility=\"private\"} 0", text);
        Assert.Contains("casgists_gist_revisions 1", text);
    }

    [PromtoolFact]
    public async Task PromtoolAcceptsTheExposition()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var client = app.CreateClient();
        await client.GetAsync("/health/live");
        await client.GetAsync("/no/such/page/here");

        var (exitCode, output) = await Promtool.CheckMetricsAsync(await client.GetStringAsync("/metrics"));

        Assert.True(exitCode == 0, output);
        Assert.Equal("", output.Trim());
    }

    [Fact]
    public async Task SignInsAreCountedBySuccessAndFailure()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        await app.UserAsync("ada");
        await app.SignedInClientAsync("ada");
        var stranger = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = await stranger.GetStringAsync("/login");
        var failed = await stranger.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = UiTestData.AntiforgeryToken(form),
            ["Input.UserNameOrEmail"] = "ada",
            ["Input.Password"] = "not the password",
        }));
        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);

        var text = await app.CreateClient().GetStringAsync("/metrics");

        Assert.Contains("casgists_signins_total{result=\"success\"} 1", text);
        Assert.Contains("casgists_signins_total{result=\"failure\"} 1", text);
    }

    [Fact]
    public async Task TheCircuitGaugeFollowsOpenedAndClosedCircuits()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var metrics = app.Services.GetRequiredService<CasGistsMetrics>();
        await using var scope = app.Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>()
            .OfType<CircuitMetricsHandler>().Single();

        // The framework passes the circuit; the gauge never looks at it.
        await handler.OnCircuitOpenedAsync(null!, default);
        await handler.OnCircuitOpenedAsync(null!, default);
        await handler.OnCircuitClosedAsync(null!, default);

        Assert.Equal(1, metrics.CircuitsActive.Value);
        Assert.Contains("casgists_blazor_circuits_active 1", await app.CreateClient().GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task BusinessCountsAreReadOnceForABurstOfScrapes()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var client = app.CreateClient();
        var business = app.Services.GetRequiredService<BusinessMetrics>();

        for (var i = 0; i < 5; i++)
        {
            await client.GetStringAsync("/metrics");
        }
        await app.UserAsync("ada");
        var text = await client.GetStringAsync("/metrics");

        Assert.Equal(1, business.Queries);
        Assert.Contains("casgists_users 0", text);
    }

    [Fact]
    public async Task WithAPortMetricsAnswerOnlyOnThatPort()
    {
        await using var app = await CasGistsAppFactory.CreateAsync(a => a.Settings["Metrics:Port"] = "9464");
        var client = app.CreateClient();

        var main = await client.GetAsync("/metrics");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Host = "localhost:9464";
        var metricsPort = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, main.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metricsPort.StatusCode);
        Assert.Contains("casgists_users", await metricsPort.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WithRequireAdminOnlyAnAdministratorReadsMetrics()
    {
        await using var app = await CasGistsAppFactory.CreateAsync(a => a.Settings["Metrics:RequireAdmin"] = "true");
        await app.UserAsync("grace", admin: true);
        await app.UserAsync("ada");
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var asAnonymous = await anonymous.GetAsync("/metrics");
        var asUser = await (await app.SignedInClientAsync("ada")).GetAsync("/metrics");
        var asAdmin = await (await app.SignedInClientAsync("grace")).GetAsync("/metrics");

        Assert.NotEqual(HttpStatusCode.OK, asAnonymous.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, asUser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Contains("casgists_users 2", await asAdmin.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DisabledMetricsAreNotServed()
    {
        await using var app = await CasGistsAppFactory.CreateAsync(a => a.Settings["Metrics:Enabled"] = "false");

        var response = await app.CreateClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("SELECT 1", "select")]
    [InlineData("  insert INTO x", "insert")]
    [InlineData("UPDATE \"Gists\" SET", "update")]
    [InlineData("DELETE FROM x", "delete")]
    [InlineData("WITH t AS (SELECT 1) SELECT * FROM t", "select")]
    [InlineData("-- comment\nSELECT 1", "select")]
    [InlineData("PRAGMA journal_mode", "other")]
    [InlineData("", "other")]
    [InlineData(null, "other")]
    public void DatabaseCommandsAreLabelledByStatementKind(string? sql, string expected) =>
        Assert.Equal(expected, DbCommandMetrics.OperationOf(sql));
}
