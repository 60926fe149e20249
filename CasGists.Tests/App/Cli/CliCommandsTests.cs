using System.Diagnostics;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using CasGists.Tests.Core.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace CasGists.Tests.App.Cli;

/// <summary>
/// The admin commands of the real binary, run as a separate process the way an operator runs them,
/// configured only through the documented environment variables.
/// </summary>
public sealed class CliCommandsTests
{
    [Fact]
    public async Task MigrateCreatesTheSchemaThenReportsItUpToDate()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);

        var first = await RunAsync(database, "migrate");
        var second = await RunAsync(database, "migrate");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Applied", first.Output);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("up to date", second.Output);
        await using var db = await database.Contexts.CreateDbContextAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task UserCreateMakesAnAdminWhoCanSignIn()
    {
        await using var database = await TestDatabase.CreateAsync();

        var run = await RunAsync(database, "user", "create", "--username", "Grace", "--email", "grace@example.test",
            "--password", "a long enough password", "--admin");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Created admin Grace", run.Output);
        await using var db = await database.Contexts.CreateDbContextAsync();
        var user = await db.Users.SingleAsync();
        Assert.True(user.IsAdmin);
        Assert.StartsWith("$argon2id$", user.PasswordHash);
    }

    [Fact]
    public async Task UserCreateWithAReservedNameFailsWithAMessageAndCreatesNothing()
    {
        await using var database = await TestDatabase.CreateAsync();

        var run = await RunAsync(database, "user", "create", "--username", "admin", "--email", "a@example.test",
            "--password", "a long enough password");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error:", run.Error.Trim());
        await using var db = await database.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public async Task ReindexRebuildsAWipedFileIndexFromTheRepositories()
    {
        await using var context = await GistTestContext.CreateAsync();
        var owner = await context.CreateUserAsync("ada");
        var gist = await context.CreateGistAsync(owner, files: [new GistFileInput("a.txt", "alpha\n"), new GistFileInput("b.py", "print(1)\n")]);
        await using (var db = await context.Database.Contexts.CreateDbContextAsync())
        {
            await db.GistFiles.Where(f => f.GistId == gist.Id).ExecuteDeleteAsync();
        }

        var run = await RunAsync(context.Database, "reindex");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Reindexed 1 gist(s)", run.Output);
        var restored = await context.Gists.GetAsync(owner, gist.Id);
        Assert.Equal(["a.txt", "b.py"], restored.Files.Select(f => f.Name));
        Assert.Equal("Python", restored.Files[1].Language);
    }

    /// <summary>Runs <c>dotnet CasGists.dll …</c> with the database chosen by CASGISTS_DATA_DIR / CASGISTS_DATABASE_URL.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(TestDatabase database, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = database.DataDirectory.Root,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CasGists.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["CASGISTS_DATA_DIR"] = database.DataDirectory.Root;
        info.Environment["CASGISTS_DATABASE_URL"] = database.Provider == DatabaseProvider.Postgres ? database.Settings.ConnectionString : "";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
