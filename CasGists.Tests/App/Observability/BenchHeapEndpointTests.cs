using System.Net;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Observability;

public sealed class BenchHeapEndpointTests
{
    [Fact]
    public async Task TheHeapEndpointExistsOnlyWhenTheBenchAsksForIt()
    {
        await using var plain = await CasGistsAppFactory.CreateAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await plain.CreateClient().GetAsync("/bench/heap")).StatusCode);

        await using var bench = await CasGistsAppFactory.CreateAsync(a => a.Settings["Bench:HeapEndpoint"] = "true");
        var body = await bench.CreateClient().GetStringAsync("/bench/heap");
        // The whole test process's heap (every app of the run shares it), so only a floor says anything: a running
        // app keeps more than a megabyte alive, and a body that is not a byte count fails to parse.
        Assert.True(long.Parse(body, System.Globalization.CultureInfo.InvariantCulture) > 1_000_000, body);
    }
}
