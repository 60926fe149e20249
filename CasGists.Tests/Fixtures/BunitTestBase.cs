using Bunit;
using CasGists.Core.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace CasGists.Tests.Fixtures;

/// <summary>
/// One place that prepares a bUnit context the way the app does: MudBlazor services, loose JS
/// interop (Mud components call JS we do not need to assert on), the renderers and a fixed clock.
/// </summary>
public abstract class BunitTestBase : BunitContext, IAsyncLifetime
{
    /// <summary>"Now" for every component under test: 2026-06-15 12:00 UTC.</summary>
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero));

    protected BunitTestBase()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddRendering();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
