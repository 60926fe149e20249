using System.Runtime.CompilerServices;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Hosting;

/// <summary>
/// A stopped app must leave nothing running that holds it: a timer, a watcher thread or a background loop started
/// while the host was built keeps that host's execution context, and through it the whole app. Twice found so far
/// (the framework's rate-limiting middleware and the settings file watcher); each made a full test run keep every app
/// it started (4–5 GB of heap by the end).
/// </summary>
public sealed class StoppedAppTests
{
    [Fact]
    public async Task StoppedAppsAreCollected()
    {
        var apps = new List<WeakReference>();
        for (var i = 0; i < 4; i++)
        {
            apps.Add(await StartServeAndStopAsync(kestrel: i % 2 == 0));
        }
        for (var i = 0; i < 5 && apps.Any(a => a.IsAlive); i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            await Task.Delay(200);
        }
        // Library statics (prometheus-net's default registry, EF Core's service provider cache) keep whatever was
        // current when they were first touched: at most one app per process, whichever came first.
        Assert.True(apps.Count(a => a.IsAlive) <= 1, $"{apps.Count(a => a.IsAlive)} of {apps.Count} stopped apps are still in memory");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> StartServeAndStopAsync(bool kestrel)
    {
        var app = await CasGistsAppFactory.CreateAsync();
        if (kestrel)
        {
            app.StartKestrel();
        }
        (await app.CreateClient().GetAsync("/")).EnsureSuccessStatusCode();
        (await app.CreateClient().GetAsync("/api/v1/gists/public")).EnsureSuccessStatusCode();
        var services = new WeakReference(app.Services);
        await app.DisposeAsync();
        return services;
    }
}
