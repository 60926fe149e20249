using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CasGists.App.Observability;

/// <summary>
/// Times every EF Core command through its DiagnosticListener, so Core's context configuration
/// needs no interceptor. The listener is process-wide: with several hosts in one process (the
/// tests) each one sees the others' commands too, which only matters to tests that count exactly.
/// </summary>
public sealed class DbCommandMetrics(CasGistsMetrics metrics) : IHostedService, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly List<IDisposable> _subscriptions = [];
    private IDisposable? _all;

    public Task StartAsync(CancellationToken ct)
    {
        _all = DiagnosticListener.AllListeners.Subscribe(this);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct)
    {
        _all?.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
            _subscriptions.Clear();
        }
        return Task.CompletedTask;
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this, IsCommandEvent));
            }
        }
    }

    private static bool IsCommandEvent(string name) =>
        name == RelationalEventId.CommandExecuted.Name || name == RelationalEventId.CommandError.Name;

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> pair)
    {
        switch (pair.Value)
        {
            case CommandExecutedEventData executed:
                metrics.DbCommandDuration.WithLabels(OperationOf(executed.Command.CommandText)).Observe(executed.Duration.TotalSeconds);
                break;
            case CommandErrorEventData failed:
                var operation = OperationOf(failed.Command.CommandText);
                metrics.DbCommandDuration.WithLabels(operation).Observe(failed.Duration.TotalSeconds);
                metrics.DbCommandErrors.WithLabels(operation).Inc();
                break;
        }
    }

    /// <summary>The statement's leading keyword, from a fixed set so the label's cardinality stays bounded.</summary>
    public static string OperationOf(string? sql)
    {
        var text = (sql ?? "").AsSpan().TrimStart();
        // EF prefixes some batches with comments or CTEs; WITH … SELECT is still a read.
        while (text.StartsWith("--"))
        {
            var newline = text.IndexOf('\n');
            text = newline < 0 ? [] : text[(newline + 1)..].TrimStart();
        }
        var end = 0;
        while (end < text.Length && char.IsAsciiLetter(text[end]))
        {
            end++;
        }
        var keyword = text[..end];
        foreach (var known in (ReadOnlySpan<string>)["select", "insert", "update", "delete"])
        {
            if (keyword.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }
        return keyword.Equals("with", StringComparison.OrdinalIgnoreCase) ? "select" : "other";
    }

    void IObserver<DiagnosticListener>.OnCompleted() { }
    void IObserver<DiagnosticListener>.OnError(Exception error) { }
    void IObserver<KeyValuePair<string, object?>>.OnCompleted() { }
    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error) { }
}
