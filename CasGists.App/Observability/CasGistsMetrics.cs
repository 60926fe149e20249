using Prometheus;

namespace CasGists.App.Observability;

/// <summary>
/// The app's Prometheus collectors, in a registry of its own so two hosts in one process (the
/// tests) never mix their numbers; <c>/metrics</c> serves exactly this registry.
/// </summary>
public sealed class CasGistsMetrics
{
    public CasGistsMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        Factory = Metrics.WithCustomRegistry(Registry);
        // Exemplars (a trace id beside a sample) reach only OpenMetrics scrapes, and recording them was a fifth of
        // the HTTP metrics' cost on every request.
        Factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();

        SignIns = Factory.CreateCounter("casgists_signins_total", "Sign-in attempts through the form, by result.",
            new CounterConfiguration { LabelNames = ["result"] });
        // Both series exist from the start, so a rate over failures works before the first failure.
        SignIns.WithLabels("success");
        SignIns.WithLabels("failure");
        CircuitsActive = Factory.CreateGauge("casgists_blazor_circuits_active", "Blazor Server circuits currently open.");
        DbCommandDuration = Factory.CreateHistogram("casgists_db_command_duration_seconds",
            "Database command execution time, by statement kind.",
            new HistogramConfiguration
            {
                LabelNames = ["operation"],
                Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
            });
        DbCommandErrors = Factory.CreateCounter("casgists_db_command_errors_total", "Database commands that failed, by statement kind.",
            new CounterConfiguration { LabelNames = ["operation"] });
        Users = Factory.CreateGauge("casgists_users", "Registered accounts.");
        Gists = Factory.CreateGauge("casgists_gists", "Gists by visibility.", new GaugeConfiguration { LabelNames = ["visibility"] });
        Revisions = Factory.CreateGauge("casgists_gist_revisions", "Revisions across all gists.");
    }

    public CollectorRegistry Registry { get; }
    public IMetricFactory Factory { get; }
    public Counter SignIns { get; }
    public Gauge CircuitsActive { get; }
    public Histogram DbCommandDuration { get; }
    public Counter DbCommandErrors { get; }
    public Gauge Users { get; }
    public Gauge Gists { get; }
    public Gauge Revisions { get; }

    public void SignInSucceeded() => SignIns.WithLabels("success").Inc();
    public void SignInFailed() => SignIns.WithLabels("failure").Inc();
}
