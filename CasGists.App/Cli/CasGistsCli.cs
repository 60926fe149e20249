using System.CommandLine;
using CasGists.App.Accounts;
using CasGists.App.Hosting;
using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using Microsoft.EntityFrameworkCore;

namespace CasGists.App.Cli;

/// <summary>
/// The admin commands of the one binary. With no command it serves; any argument it does not
/// know (such as <c>--urls</c>) goes to the web host.
/// </summary>
public static class CasGistsCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("CasGists: a self-hosted gist service. With no command it serves.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction(async (_, ct) =>
        {
            await CasGistsHost.Build(args).RunAsync(ct);
            return 0;
        });

        var migrate = new Command("migrate", "Apply pending database migrations and exit.");
        migrate.SetAction((_, ct) => WithServicesAsync(async services =>
        {
            var applied = await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            Console.WriteLine(applied.Count == 0 ? "The database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return 0;
        }));
        root.Subcommands.Add(migrate);

        var reindex = new Command("reindex", "Rebuild the database index of every gist from its git repository.");
        reindex.SetAction((_, ct) => WithServicesAsync(async services =>
        {
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            var count = await services.GetRequiredService<GistIndexer>().ReindexAllAsync(ct);
            Console.WriteLine($"Reindexed {count} gist(s).");
            return 0;
        }));
        root.Subcommands.Add(reindex);

        root.Subcommands.Add(UserCommand());
        root.Subcommands.Add(TokenCommand());
        root.Subcommands.Add(SeedDemoCommand());
        root.Subcommands.Add(BenchSearchCommand());

        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    private static Command UserCommand()
    {
        var user = new Command("user", "Manage accounts.");

        var userName = new Option<string>("--username") { Description = "The new user's name.", Required = true };
        var email = new Option<string>("--email") { Description = "The new user's email address.", Required = true };
        var password = new Option<string>("--password") { Description = "The new user's password.", Required = true };
        var admin = new Option<bool>("--admin") { Description = "Make the user an administrator." };
        var create = new Command("create", "Create an account.") { userName, email, password, admin };
        create.SetAction((result, ct) => WithServicesAsync(async services =>
        {
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            var created = await services.GetRequiredService<AccountService>().RegisterAsync(
                new RegisterInput(result.GetValue(userName)!, result.GetValue(email)!, result.GetValue(password)!),
                result.GetValue(admin),
                ct);
            Console.WriteLine($"Created {(created.IsAdmin ? "admin" : "user")} {created.UserName}.");
            return 0;
        }));
        user.Subcommands.Add(create);

        var target = new Option<string>("--username") { Description = "The user's name.", Required = true };
        var resetPassword = new Command("reset-password",
            "Set a new password and sign the user out everywhere. Reads the password from piped standard input; with none, prints a generated one.")
        { target };
        resetPassword.SetAction((result, ct) => WithServicesAsync(async services =>
        {
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            return await UsersCli.ResetPasswordAsync(services, result.GetValue(target)!, Console.IsInputRedirected ? Console.In : null, Console.Out, ct);
        }));
        user.Subcommands.Add(resetPassword);

        foreach (var (name, disabled, description) in new[]
                 {
                     ("disable", true, "Disable an account: it cannot sign in, and its sessions and tokens stop working."),
                     ("enable", false, "Enable a disabled account again."),
                 })
        {
            var who = new Option<string>("--username") { Description = "The user's name.", Required = true };
            var command = new Command(name, description) { who };
            command.SetAction((result, ct) => WithServicesAsync(async services =>
            {
                await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
                return await UsersCli.SetDisabledAsync(services, result.GetValue(who)!, disabled, Console.Out, ct);
            }));
            user.Subcommands.Add(command);
        }

        var resetTwoFactorUser = new Option<string>("--username") { Description = "The user's name.", Required = true };
        var resetTwoFactor = new Command("reset-2fa", "Turn two-factor authentication off for a user who lost their device and recovery codes.")
        { resetTwoFactorUser };
        resetTwoFactor.SetAction((result, ct) => WithServicesAsync(async services =>
        {
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            return await UsersCli.ResetTwoFactorAsync(services, result.GetValue(resetTwoFactorUser)!, Console.Out, ct);
        }));
        user.Subcommands.Add(resetTwoFactor);
        return user;
    }

    private static Command TokenCommand()
    {
        var token = new Command("token", "Manage personal access tokens.");
        var userName = new Option<string>("--username") { Description = "The user the token acts for.", Required = true };
        var name = new Option<string>("--name") { Description = "A name to recognise the token by (unique per user).", Required = true };
        var scopes = new Option<string>("--scopes") { Description = "Comma-separated: gist:read, gist:write, user:read, user:write, admin.", Required = true };
        var expires = new Option<int?>("--expires") { Description = "Days until it expires; omit for a token that never expires." };
        var create = new Command("create", "Create a token and print it (alone, on the last line).") { userName, name, scopes, expires };
        create.SetAction((result, ct) => WithServicesAsync(async services =>
        {
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            return await TokensCli.CreateAsync(services, result.GetValue(userName)!, result.GetValue(name)!, result.GetValue(scopes)!,
                result.GetValue(expires), Console.Out, ct);
        }));
        token.Subcommands.Add(create);
        return token;
    }

    private static Command SeedDemoCommand()
    {
        var users = new Option<int>("--users") { Description = "How many demo users to create.", DefaultValueFactory = _ => 10 };
        var gists = new Option<int>("--gists") { Description = "How many demo gists to create.", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same data.", DefaultValueFactory = _ => 1 };
        var command = new Command("seed-demo", "Create demo users and realistic gists quickly (for trying search and for benchmarks).") { users, gists, seed };
        command.SetAction((result, ct) => WithServicesAsync(async services =>
        {
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            var seeder = new SeedDemo(services.GetRequiredService<IDbContextFactory<CasGistsDbContext>>(), services.GetRequiredService<GitStore>(),
                services.GetRequiredService<PasswordHasher>(), Console.Out);
            return await seeder.RunAsync(result.GetValue(users), result.GetValue(gists), result.GetValue(seed), ct);
        }));
        return command;
    }

    private static Command BenchSearchCommand()
    {
        var runs = new Option<int>("--runs") { Description = "Timed runs per query.", DefaultValueFactory = _ => 50 };
        var only = new Option<string?>("--only") { Description = "Time only the queries whose name or text contains this." };
        var command = new Command("bench-search", "Time the search benchmark's query mix through the service and directly (after seed-demo).") { runs, only };
        command.SetAction((result, ct) => WithServicesAsync(services => new SeedDemoBench(services.GetRequiredService<Core.Search.GistSearchService>(),
            services.GetRequiredService<DatabaseSettings>(), Console.Out)
            .RunAsync(result.GetValue(runs), ct, result.GetValue(only))));
        return command;
    }

    /// <summary>Runs a command against the same services the server uses; domain errors become a message and exit code 1.</summary>
    private static async Task<int> WithServicesAsync(Func<IServiceProvider, Task<int>> command)
    {
        await using var app = CasGistsHost.Build([]);
        try
        {
            return await command(app.Services);
        }
        catch (DomainException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
