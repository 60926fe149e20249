using System.Diagnostics;
using CasGists.App.Observability;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Observability;

[Collection(BrowserCollection.Name)]
public sealed class CircuitMetricsBrowserTests(BrowserFixture browser)
{
    [ChromiumFact]
    public async Task SigningInAndOpeningTheEditorMoveTheSignInCounterAndTheCircuitGauge()
    {
        await using var site = await browser.StartSiteAsync();
        await site.RunAsync(async () =>
        {
            var metrics = site.Service<CasGistsMetrics>();
            Assert.Equal(0, metrics.CircuitsActive.Value);

            var page = await site.SignedInPageAsync("ada");
            Assert.Equal(1, metrics.SignIns.WithLabels("success").Value);
            await page.GotoAsync("/new");

            var clock = Stopwatch.StartNew();
            while (metrics.CircuitsActive.Value < 1 && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
            Assert.Equal(1, metrics.CircuitsActive.Value);
            using var http = new HttpClient { BaseAddress = site.BaseAddress };
            Assert.Contains("casgists_blazor_circuits_active 1", await http.GetStringAsync("/metrics"));
        });
    }
}
