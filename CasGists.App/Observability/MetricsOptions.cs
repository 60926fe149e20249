namespace CasGists.App.Observability;

/// <summary>The <c>Metrics</c> section: whether and where <c>/metrics</c> is served.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    public bool Enabled { get; set; } = true;

    /// <summary>When set, <c>/metrics</c> answers only on this port (an extra listening address), never on the main one.</summary>
    public int? Port { get; set; }

    /// <summary>When true, <c>/metrics</c> needs an administrator's session.</summary>
    public bool RequireAdmin { get; set; }
}
