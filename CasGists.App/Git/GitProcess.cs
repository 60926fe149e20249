using System.Diagnostics;
using System.Text;

namespace CasGists.App.Git;

/// <summary>How a git process ended: its exit code, the start of its stderr, and whether the request body was cut off at the limit.</summary>
public sealed record GitProcessResult(int ExitCode, string Error, bool InputTooLarge);

/// <summary>
/// Runs the real <c>git</c> binary with an argument list (never a shell) and a clean environment:
/// the server's own <c>GIT_*</c> variables are dropped so nothing but the arguments chosen here decides what git does.
/// </summary>
public static class GitProcess
{
    private const int MaxErrorChars = 8 * 1024;

    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        return info;
    }

    /// <summary>
    /// Streams <paramref name="input"/> (at most <paramref name="inputLimit"/> bytes) into git's stdin while git's stdout
    /// streams into <paramref name="output"/>, which <paramref name="openOutput"/> supplies on the first byte (so a caller
    /// can still choose a status code when git fails before answering). Kills git when the request is aborted.
    /// </summary>
    public static async Task<GitProcessResult> RunAsync(
        ProcessStartInfo info, Stream? input, long inputLimit, Func<Stream> openOutput, CancellationToken ct)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException("git did not start.");
        var inputTooLarge = false;
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await using var killOnAbort = abort.Token.Register(() => Kill(process));

        var errorTask = ReadErrorAsync(process.StandardError);
        var outputTask = CopyOutputAsync(process.StandardOutput.BaseStream, openOutput, abort.Token);
        try
        {
            if (input is not null)
            {
                inputTooLarge = !await CopyBoundedAsync(input, process.StandardInput.BaseStream, inputLimit, abort.Token);
                if (inputTooLarge)
                {
                    // Half a pack must never reach git: stop it before it reads the end of what it has.
                    abort.Cancel();
                }
            }
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            // Kestrel's body size limit (or a malformed body): same as too large.
            inputTooLarge = true;
            abort.Cancel();
        }
        catch (IOException)
        {
            // git closed stdin early (it refused the request); its stderr and exit code say why.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
            }
        }

        try
        {
            await outputTask;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client went away or git was stopped; the exit code below tells the caller.
        }
        await process.WaitForExitAsync(CancellationToken.None);
        return new GitProcessResult(process.ExitCode, await errorTask, inputTooLarge);
    }

    /// <summary>Copies at most <paramref name="limit"/> bytes; false when the source had more.</summary>
    private static async Task<bool> CopyBoundedAsync(Stream source, Stream destination, long limit, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > limit)
            {
                return false;
            }
            await destination.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        await destination.FlushAsync(ct);
        return true;
    }

    private static async Task CopyOutputAsync(Stream stdout, Func<Stream> openOutput, CancellationToken ct)
    {
        var buffer = new byte[81920];
        Stream? output = null;
        int read;
        while ((read = await stdout.ReadAsync(buffer, ct)) > 0)
        {
            output ??= openOutput();
            await output.WriteAsync(buffer.AsMemory(0, read), ct);
            // git writes sideband progress and the report in small pieces; the client waits for each.
            await output.FlushAsync(ct);
        }
    }

    private static async Task<string> ReadErrorAsync(StreamReader stderr)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await stderr.ReadAsync(buffer)) > 0)
        {
            // Keep the start for the log; drain the rest so git never blocks on a full pipe.
            text.Append(buffer, 0, Math.Min(read, Math.Max(0, MaxErrorChars - text.Length)));
        }
        return text.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
