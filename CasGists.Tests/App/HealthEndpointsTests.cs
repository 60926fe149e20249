using System.Net;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App;

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
