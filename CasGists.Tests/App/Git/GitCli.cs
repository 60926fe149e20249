using System.Diagnostics;

namespace CasGists.Tests.App.Git;

/// <summary>Debian's real git client with an empty home, no system config and no prompts (a wrong password fails instead of asking).</summary>
public sealed class GitCli : IDisposable
{
    public GitCli()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Home);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "casgists-git-tests", Guid.NewGuid().ToString("N"));
    private string Home => Path.Combine(Root, "home");

    /// <summary>A fresh folder under this client's root.</summary>
    public string Folder(string name) => Path.Combine(Root, name);

    public async Task<GitRun> RunAsync(string? workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory ?? Root,
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
        info.Environment["HOME"] = Home;
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_AUTHOR_NAME"] = info.Environment["GIT_COMMITTER_NAME"] = "Tester";
        info.Environment["GIT_AUTHOR_EMAIL"] = info.Environment["GIT_COMMITTER_EMAIL"] = "tester@example.test";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new GitRun(process.ExitCode, await output, await error);
    }

    /// <summary>Runs git and fails the test when it fails.</summary>
    public async Task<string> MustAsync(string? workingDirectory, params string[] arguments)
    {
        var run = await RunAsync(workingDirectory, arguments);
        Assert.True(run.ExitCode == 0, $"git {string.Join(' ', arguments)} failed ({run.ExitCode}): {run.Error}");
        return run.Output;
    }

    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed record GitRun(int ExitCode, string Output, string Error);
