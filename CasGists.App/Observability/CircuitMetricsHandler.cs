using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CasGists.App.Observability;

/// <summary>Counts open circuits: each one holds server memory, so this is the gauge to watch for capacity.</summary>
public sealed class CircuitMetricsHandler(CasGistsMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken ct)
    {
        metrics.CircuitsActive.Inc();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken ct)
    {
        metrics.CircuitsActive.Dec();
        return Task.CompletedTask;
    }
}
