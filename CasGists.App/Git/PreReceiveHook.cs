using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using CasGists.Core.Data;
using CasGists.Core.Gists;

namespace CasGists.App.Git;

/// <summary>
/// The push checks, run by <c>git receive-pack</c> as its pre-receive hook before any ref moves (ADR-006).
/// The hook is a two-line script CasGists writes to <c>&lt;data&gt;/hooks</c>; receive-pack is started with
/// <c>core.hooksPath</c> pointing there, so hooks inside a repository never run. The script execs this binary
/// (<c>CasGists hook pre-receive</c>), which lists the pushed head with git — inside receive-pack's quarantine, whose
/// variables it inherits — and applies <see cref="PushValidator"/>. What it writes to stderr, git shows as <c>remote: …</c>.
/// </summary>
public static partial class PreReceiveHook
{
    public const string HooksFolder = "hooks";

    private const string HostVariable = "CASGISTS_HOOK_HOST";
    private const string EntryVariable = "CASGISTS_HOOK_ENTRY";
    private const string MaxFilesVariable = "CASGISTS_HOOK_MAX_FILES";
    private const string MaxFileBytesVariable = "CASGISTS_HOOK_MAX_FILE_BYTES";
    private const string MaxTotalBytesVariable = "CASGISTS_HOOK_MAX_TOTAL_BYTES";

    // No paths in the script: the data directory may be shared by servers installed in different places.
    private const string Script = """
        #!/bin/sh
        # Written by CasGists; any change is overwritten at the next push. See docs/decisions/ADR-006-push-validation.md.
        if [ -n "$CASGISTS_HOOK_ENTRY" ]; then exec "$CASGISTS_HOOK_HOST" "$CASGISTS_HOOK_ENTRY" hook pre-receive; fi
        exec "$CASGISTS_HOOK_HOST" hook pre-receive

        """;

    public static bool IsInvocation(string[] args) => args is ["hook", "pre-receive"];

    /// <summary>Writes the hook script (when missing or different) and returns the folder to use as <c>core.hooksPath</c>.</summary>
    public static string Install(DataDirectory dataDirectory)
    {
        var folder = Path.Combine(dataDirectory.Root, HooksFolder);
        var path = Path.Combine(folder, "pre-receive");
        var script = Script.Replace("\r\n", "\n");
        if (File.Exists(path) && File.ReadAllText(path) == script)
        {
            return folder;
        }
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".pre-receive-{Guid.NewGuid():N}");
        File.WriteAllText(temp, script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        File.Move(temp, path, overwrite: true);
        return folder;
    }

    /// <summary>What receive-pack passes on to the hook: how to start this binary, and the limits to enforce.</summary>
    public static Dictionary<string, string> Environment(GistOptions options)
    {
        var (host, entry) = ResolveHost();
        var environment = new Dictionary<string, string>
        {
            [HostVariable] = host,
            [MaxFilesVariable] = options.MaxFiles.ToString(CultureInfo.InvariantCulture),
            [MaxFileBytesVariable] = options.MaxFileBytes.ToString(CultureInfo.InvariantCulture),
            [MaxTotalBytesVariable] = options.MaxTotalBytes.ToString(CultureInfo.InvariantCulture),
        };
        if (entry is not null)
        {
            environment[EntryVariable] = entry;
        }
        return environment;
    }

    /// <summary>The hook itself: reads receive-pack's <c>old new ref</c> lines; 0 lets the push through.</summary>
    public static async Task<int> RunAsync(TextReader input, TextWriter error)
    {
        if (!TryReadOptions(out var options))
        {
            // Started some other way than by CasGists' receive-pack: refuse rather than guess the limits.
            await error.WriteLineAsync("CasGists: push checks are not configured; push refused.");
            return 1;
        }
        var errors = new List<string>();
        while (await input.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ');
            if (parts.Length != 3 || !ObjectIdPattern().IsMatch(parts[0]) || !ObjectIdPattern().IsMatch(parts[1]))
            {
                errors.Add("Unexpected update from git.");
                continue;
            }
            if (PushValidator.CheckRefUpdate(parts[2], parts[1]) is { } refError)
            {
                errors.Add(PushValidator.Printable(refError));
                continue;
            }
            try
            {
                errors.AddRange(await CheckCommitAsync(parts[1], options));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or IOException)
            {
                // No stack trace on the pusher's terminal: it would show server paths. Refuse; the server log has git's side.
                errors.Add("The push could not be checked; try again later.");
            }
        }
        if (errors.Count == 0)
        {
            return 0;
        }
        await error.WriteLineAsync("CasGists refused this push:");
        foreach (var message in errors)
        {
            await error.WriteLineAsync("  " + message);
        }
        await error.FlushAsync();
        return 1;
    }

    private static async Task<IReadOnlyList<string>> CheckCommitAsync(string commitId, GistOptions options)
    {
        var type = Encoding.UTF8.GetString(await RunGitAsync(["cat-file", "-t", commitId], null)).Trim();
        if (type != "commit")
        {
            return ["The pushed head is not a commit."];
        }
        var listing = await RunGitAsync(["ls-tree", "-z", "-l", commitId], null);
        var entries = ParseTree(listing);
        var errors = PushValidator.CheckTree(entries.Select(e => e.Entry).ToList(), options);
        if (errors.Count > 0)
        {
            return errors;
        }

        // Sizes are within the limits now, so reading every blob is bounded by MaxTotalBytes.
        var request = string.Concat(entries.Select(e => e.ObjectId + "\n"));
        var batch = await RunGitAsync(["cat-file", "--batch"], Encoding.ASCII.GetBytes(request));
        var contentErrors = new List<string>();
        var position = 0;
        foreach (var (entry, _) in entries)
        {
            var headerEnd = Array.IndexOf(batch, (byte)'\n', position);
            var header = Encoding.ASCII.GetString(batch, position, headerEnd - position).Split(' ');
            var size = int.Parse(header[2], CultureInfo.InvariantCulture);
            var content = batch.AsSpan(headerEnd + 1, size);
            position = headerEnd + 1 + size + 1;
            if (PushValidator.CheckContent(PushValidator.DecodeName(entry.RawName)!, content) is { } contentError)
            {
                contentErrors.Add(contentError);
            }
        }
        return contentErrors;
    }

    private static List<(PushTreeEntry Entry, string ObjectId)> ParseTree(byte[] listing)
    {
        var entries = new List<(PushTreeEntry, string)>();
        var start = 0;
        while (start < listing.Length)
        {
            var end = Array.IndexOf(listing, (byte)0, start);
            if (end < 0)
            {
                end = listing.Length;
            }
            var tab = Array.IndexOf(listing, (byte)'\t', start, end - start);
            // "<mode> <type> <object> <size>\t<name>": the name is raw bytes and may contain anything but NUL.
            var meta = Encoding.ASCII.GetString(listing, start, tab - start).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var name = listing.AsSpan(tab + 1, end - tab - 1).ToArray();
            long? size = long.TryParse(meta[3], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
            entries.Add((new PushTreeEntry(meta[0], meta[1], name, size), meta[2]));
            start = end + 1;
        }
        return entries;
    }

    /// <summary>Runs git in the hook's environment (the repository and receive-pack's quarantine), returning stdout.</summary>
    private static async Task<byte[]> RunGitAsync(string[] arguments, byte[]? input)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("git did not start.");
        var writing = Task.Run(async () =>
        {
            if (input is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(input);
            }
            process.StandardInput.Close();
        });
        using var output = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(output);
        await writing;
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output.ToArray() : throw new InvalidOperationException($"git {arguments[0]} failed.");
    }

    private static bool TryReadOptions(out GistOptions options)
    {
        options = new GistOptions();
        if (!int.TryParse(System.Environment.GetEnvironmentVariable(MaxFilesVariable), CultureInfo.InvariantCulture, out var maxFiles) ||
            !int.TryParse(System.Environment.GetEnvironmentVariable(MaxFileBytesVariable), CultureInfo.InvariantCulture, out var maxFileBytes) ||
            !long.TryParse(System.Environment.GetEnvironmentVariable(MaxTotalBytesVariable), CultureInfo.InvariantCulture, out var maxTotalBytes))
        {
            return false;
        }
        options.MaxFiles = maxFiles;
        options.MaxFileBytes = maxFileBytes;
        options.MaxTotalBytes = maxTotalBytes;
        return true;
    }

    /// <summary>
    /// How the hook starts this binary: through the <c>dotnet</c> host with CasGists.dll when there is one
    /// (also under the test host), else the application host itself (a self-contained install).
    /// </summary>
    private static (string Host, string? Entry) ResolveHost()
    {
        var entry = typeof(PreReceiveHook).Assembly.Location;
        var processPath = System.Environment.ProcessPath ?? "dotnet";
        var muxerName = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (string.IsNullOrEmpty(entry))
        {
            return (processPath, null); // single-file: the process is CasGists itself
        }
        if (string.Equals(Path.GetFileName(processPath), muxerName, StringComparison.OrdinalIgnoreCase))
        {
            return (processPath, entry);
        }
        var muxer = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", muxerName));
        return File.Exists(muxer) ? (muxer, entry) : (processPath, null);
    }

    [GeneratedRegex("^([0-9a-f]{40}|[0-9a-f]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectIdPattern();
}
