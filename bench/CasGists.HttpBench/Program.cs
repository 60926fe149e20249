using System.Text;
using System.Text.RegularExpressions;
using CasGists.Core;
using CasGists.Core.Accounts;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

// Helpers for bench/http.sh:
//   seed <data-dir> <raw-file-out>      a user "bench" (password below) and 50 public gists; prints "gist <id>" lines
//   circuits <base-url> <pid> <count>  opens <count> editor pages (one circuit each) in Chromium, prints the working-set delta
const string Password = "bench-password-123";

return args switch
{
    ["seed", var dataDir, var rawOut] => await SeedAsync(dataDir, rawOut),
    ["circuits", var baseUrl, var pid, var count] => await CircuitsAsync(new Uri(baseUrl), int.Parse(pid), int.Parse(count)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: seed <data-dir> <raw-file-out> | circuits <base-url> <pid> <count>");
    return 2;
}

static async Task<int> SeedAsync(string dataDir, string rawOut)
{
    await using var services = new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Data:Directory"] = dataDir, ["Data:Postgres"] = "" })
            .Build())
        .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
        // Two-factor secrets are protected; the seeded user has none, so throwaway keys are enough.
        .AddDataProtection().Services
        .AddCasGistsCore()
        .BuildServiceProvider();
    await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    var user = await services.GetRequiredService<AccountService>().RegisterAsync(new RegisterInput("bench", "bench@example.test", Password));
    var gists = services.GetRequiredService<GistService>();
    // ~4 KB of C, the size of a typical snippet; the raw benchmark serves this file.
    var code = new StringBuilder();
    for (var line = 0; code.Length < 4096; line++)
    {
        code.Append($"static int step_{line}(int x) {{ return x * {line} + {line % 7}; }} /* line {line} */\n");
    }
    for (var i = 0; i < 50; i++)
    {
        var gist = await gists.CreateAsync(Viewer.For(user), new CreateGistInput($"Benchmark gist {i}", "Seeded by bench/http.sh", GistVisibility.Public,
        [
            new GistFileInput("main.c", code.ToString()),
            new GistFileInput("README.md", $"# Gist {i}\n\nSome *Markdown* with a [link](https://example.test) and a list:\n\n- one\n- two\n"),
            new GistFileInput("notes.txt", string.Concat(Enumerable.Repeat($"note {i}: plain text line\n", 40))),
        ]));
        Console.WriteLine($"gist {gist.Id}");
    }
    await File.WriteAllTextAsync(rawOut, code.ToString());
    return 0;
}

static async Task<int> CircuitsAsync(Uri baseUrl, int pid, int count)
{
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Environment.GetEnvironmentVariable("CASGISTS_CHROMIUM") ?? "/usr/bin/chromium",
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString() });
    // A sign-in hashes with Argon2 and Monaco is 3 MB of script: on a busy machine both take a while.
    context.SetDefaultTimeout(300_000);
    context.SetDefaultNavigationTimeout(300_000);
    var login = await context.NewPageAsync();
    await login.GotoAsync("/login");
    await login.FillAsync("#login-name", "bench");
    await login.FillAsync("#login-password", Password);
    // The app bar has a search form too: press the sign-in form's own button.
    await login.ClickAsync("form:has(#login-name) button[type=submit]");
    await login.WaitForURLAsync(url => !url.Contains("/login"), new PageWaitForURLOptions { Timeout = 120_000 });
    await login.CloseAsync();

    // One editor opened and closed first, so the delta is circuits, not first-use JIT and caches.
    var warm = await OpenEditorAsync(context);
    await warm.CloseAsync();
    await SettleAsync();
    var before = WorkingSetKiB(pid);
    var heapBefore = await HeapBytesAsync(baseUrl);
    var pages = new List<IPage>();
    for (var i = 0; i < count; i++)
    {
        pages.Add(await OpenEditorAsync(context));
    }
    await SettleAsync();
    var after = WorkingSetKiB(pid);
    var heapAfter = await HeapBytesAsync(baseUrl);
    var circuits = await CircuitGaugeAsync(baseUrl);
    Console.WriteLine($"circuits {count} open (gauge {circuits}); managed heap after a full GC {heapBefore / 1048576.0:0.0} MiB -> "
        + $"{heapAfter / 1048576.0:0.0} MiB = {(heapAfter - heapBefore) / 1024.0 / count:0} KiB per circuit; working set {before / 1024.0:0.0} MiB -> "
        + $"{after / 1024.0:0.0} MiB = {(after - before) / (double)count:0} KiB per circuit");
    foreach (var page in pages)
    {
        await page.CloseAsync();
    }
    return 0;

    static async Task SettleAsync() => await Task.Delay(TimeSpan.FromSeconds(8));
}

static async Task<IPage> OpenEditorAsync(IBrowserContext context)
{
    var page = await context.NewPageAsync();
    var console = new List<string>();
    page.Console += (_, message) => { if (message.Type is "error" or "warning") console.Add(message.Text); };
    page.PageError += (_, error) => console.Add(error);
    await page.GotoAsync("/new", new PageGotoOptions { Timeout = 300_000 });
    // The file-name field becomes usable once the circuit is up and the island interactive.
    try
    {
        await page.Locator(".monaco-editor").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
    }
    catch (TimeoutException)
    {
        throw new InvalidOperationException($"No editor at {page.Url}: {await page.TitleAsync()}; browser console: {string.Join(" | ", console)}");
    }
    return page;
}

static long WorkingSetKiB(int pid)
{
    var status = File.ReadAllText($"/proc/{pid}/status");
    return long.Parse(Regex.Match(status, @"VmRSS:\s+(\d+)").Groups[1].Value);
}

static async Task<long> HeapBytesAsync(Uri baseUrl)
{
    using var http = new HttpClient { BaseAddress = baseUrl };
    return long.Parse(await http.GetStringAsync("/bench/heap"));
}

static async Task<string> CircuitGaugeAsync(Uri baseUrl)
{
    using var http = new HttpClient { BaseAddress = baseUrl };
    var metrics = await http.GetStringAsync("/metrics");
    return Regex.Match(metrics, @"^casgists_blazor_circuits_active (\S+)", RegexOptions.Multiline).Groups[1].Value;
}
