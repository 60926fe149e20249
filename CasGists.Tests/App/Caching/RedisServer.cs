using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CasGists.Tests.App.Caching;

/// <summary>
/// A redis-server of the test's own on a free loopback port, to stop and start under a running app
/// (the shared one from <c>CASGISTS_TEST_REDIS</c> must keep running for everyone else).
/// </summary>
public sealed class RedisServer : IDisposable
{
    private Process? _process;

    public int Port { get; } = FreePort();

    public string Configuration => $"127.0.0.1:{Port}";

    public static RedisServer Reserve() => new();

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            info.ArgumentList.Add(argument);
        }
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"redis-server did not start on port {Port}");
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
