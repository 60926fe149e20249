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
        Assert.InRange(long.Parse(body), 1_000_000, 4_000_000_000);
    }
}
