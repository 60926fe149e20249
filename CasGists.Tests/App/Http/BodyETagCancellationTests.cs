using System.Collections.Concurrent;
using CasGists.App.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace CasGists.Tests.App.Http;

/// <summary>A client that leaves while a page is rendered or sent is not an error of the server.</summary>
public sealed class BodyETagCancellationTests
{
    [Fact]
    public async Task ARenderCancelledBecauseTheClientLeftEndsQuietly()
    {
        using var aborted = new CancellationTokenSource();
        var context = PageRequest(aborted.Token);
        var middleware = new BodyETagMiddleware(_ =>
        {
            aborted.Cancel();
            throw new OperationCanceledException(aborted.Token);
        });

        await middleware.InvokeAsync(context);

        Assert.Equal(0, context.Response.Body.Length);
    }

    [Fact]
    public async Task APageWhoseReaderLeftBeforeItWasSentEndsQuietly()
    {
        using var aborted = new CancellationTokenSource();
        var context = PageRequest(aborted.Token);
        var middleware = new BodyETagMiddleware(async c =>
        {
            await c.Response.WriteAsync("<p>page</p>");
            aborted.Cancel();
        });

        await middleware.InvokeAsync(context);
    }

    [Fact]
    public async Task AConnectionThatBreaksWhileThePageIsSentEndsQuietly()
    {
        var context = PageRequest(CancellationToken.None);
        context.Response.Body = new BrokenConnection();
        var middleware = new BodyETagMiddleware(c => c.Response.WriteAsync("<p>page</p>"));

        await middleware.InvokeAsync(context);
    }

    [Fact]
    public async Task ACancellationWhileTheClientIsStillThereIsStillAnError()
    {
        var context = PageRequest(CancellationToken.None);
        var middleware = new BodyETagMiddleware(_ => throw new OperationCanceledException());

        await Assert.ThrowsAsync<OperationCanceledException>(() => middleware.InvokeAsync(context));
    }

    [Fact]
    public async Task AClientThatDisconnectsMidPageLeavesNoErrorInTheLog()
    {
        var logs = new ConcurrentQueue<(LogLevel Level, string Category, string Message)>();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        // A provider's own rule outranks the app's "Microsoft.AspNetCore: Warning", so every level is seen.
        builder.Logging.ClearProviders().AddProvider(new CapturingLoggerProvider(logs)).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
        await using var app = builder.Build();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rendering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            finally
            {
                finished.TrySetResult();
            }
        });
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = _ => Task.CompletedTask });
        app.UseRouting();
        app.UseMiddleware<BodyETagMiddleware>();
        app.MapGet("/page", async (HttpContext context) =>
        {
            await context.Response.WriteAsync("<p>half a page");
            rendering.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }).WithMetadata(new BodyETagAttribute());
        await app.StartAsync();

        using var leave = new CancellationTokenSource();
        var request = app.GetTestClient().GetAsync("/page", leave.Token);
        await rendering.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await finished.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await app.StopAsync();

        Assert.DoesNotContain(logs, l => l.Level >= LogLevel.Error);
        // Not even the exception handler's own "request aborted" note: the page middleware stopped before it.
        Assert.DoesNotContain(logs, l => l.Category.Contains("ExceptionHandler", StringComparison.Ordinal));
    }

    private static DefaultHttpContext PageRequest(CancellationToken aborted)
    {
        var context = new DefaultHttpContext { RequestAborted = aborted };
        context.Request.Method = HttpMethods.Get;
        context.Response.Body = new MemoryStream();
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new BodyETagAttribute()), "page"));
        return context;
    }

    private sealed class BrokenConnection : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("Connection reset by peer"));

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromException(new IOException("Connection reset by peer"));
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<(LogLevel, string, string)> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, logs);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(LogLevel, string, string)> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Enqueue((logLevel, category, formatter(state, exception) + (exception is null ? "" : " " + exception.GetType().Name)));
        }
    }
}
