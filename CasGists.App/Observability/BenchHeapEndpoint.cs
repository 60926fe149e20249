namespace CasGists.App.Observability;

/// <summary>
/// <c>/bench/heap</c>: the managed heap in bytes after a full, compacting collection, for <c>bench/http.sh</c>'s
/// memory-per-circuit step. A working-set delta mostly measures how far the GC let its heaps grow; this counts
/// what the circuits keep alive. Mapped only when <c>Bench:HeapEndpoint=true</c>, which only the bench sets.
/// </summary>
public static class BenchHeapEndpoint
{
    public static void MapBenchHeapEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/bench/heap", () =>
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            return Results.Text(GC.GetTotalMemory(forceFullCollection: false).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }).ExcludeFromDescription();
}
