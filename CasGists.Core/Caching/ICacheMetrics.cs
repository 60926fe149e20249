namespace CasGists.Core.Caching;

/// <summary>Where cache hits and misses are counted; the App's Prometheus registry in production, nothing in Core alone.</summary>
public interface ICacheMetrics
{
    void Hit(string cache);

    void Miss(string cache);
}

internal sealed class NoCacheMetrics : ICacheMetrics
{
    public void Hit(string cache)
    {
    }

    public void Miss(string cache)
    {
    }
}
