using System.Security.Cryptography;
using CasGists.App.Security;
using CasGists.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.Fixtures;

/// <summary>
/// The whole app in-process on its own database and data directory. <see cref="StartServerAsync"/>
/// binds Kestrel to a free loopback port for the real git client and the browser.
/// </summary>
public sealed class CasGistsAppFactory : WebApplicationFactory<Program>
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Call CreateAsync first.");

    static CasGistsAppFactory()
    {
        // A host watches appsettings.json through a FileSystemWatcher that nothing stops when the host is disposed; its
        // thread holds the execution context the host was built in, and with it the whole app. One app per process (a
        // real server) does not care; a test run that starts a thousand apps kept every one of them (4-5 GB of heap).
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }

    /// <summary>Settings to add (configuration keys such as <c>Gists:MaxFiles</c>).</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    public static async Task<CasGistsAppFactory> CreateAsync(Action<CasGistsAppFactory>? configure = null)
    {
        var factory = new CasGistsAppFactory { _database = await TestDatabase.CreateAsync() };
        GiveJwtSigningKey(factory._database.DataDirectory);
        // The cheapest Argon2 the options allow (a test may ask for more): the default costs ~0.1 s of CPU per
        // registration and sign-in, and the suite registers thousands of users.
        factory.Settings["Accounts:Argon2MemoryKiB"] = "7168";
        factory.Settings["Accounts:Argon2Iterations"] = "1";
        configure?.Invoke(factory);
        return factory;
    }

    // Generating a 2048-bit RSA key costs 0.1-1 s of CPU, and a test run starts about a thousand apps: each gets a copy
    // of one key made once per process, as if its data folder had run before. JwtKeysTests still generate their own.
    private static readonly Lazy<string> JwtSigningKeyPem = new(() =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    });

    private static void GiveJwtSigningKey(DataDirectory data)
    {
        var directory = Path.Combine(data.Keys, "jwt");
        var path = Path.Combine(directory, JwtKeys.SigningKeyFile);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, JwtSigningKeyPem.Value);
            return;
        }
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII,
            new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
        writer.Write(JwtSigningKeyPem.Value);
    }

    /// <summary>Starts a real Kestrel server on a free loopback port and returns its base address (for git and Chromium).</summary>
    public Uri StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting($"{DataOptions.Section}:Directory", Database.DataDirectory.Root);
        builder.UseSetting($"{DataOptions.Section}:Postgres",
            Database.Provider == DatabaseProvider.Postgres ? Database.Settings.ConnectionString : "");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
