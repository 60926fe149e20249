using System.Runtime.CompilerServices;
using CasGists.Core.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CasGists.Tests.Fixtures;

/// <summary>
/// One Chromium (Debian's, never a downloaded one) shared by a test collection. Each test starts
/// its own <see cref="BrowserSite"/>: a fresh app on a real port and its own browser contexts.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Two shared cores and Monaco's 3 MB of script: be patient, but never sleep.
        Assertions.SetDefaultExpectTimeout(30_000);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CASGISTS_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    public async Task<BrowserSite> StartSiteAsync([CallerMemberName] string testName = "")
    {
        var app = await CasGistsAppFactory.CreateAsync();
        return new BrowserSite(this, app, app.StartKestrel(), testName);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>A running app plus the browser contexts one test opened on it; screenshots them all if the test fails.</summary>
public sealed class BrowserSite(BrowserFixture browser, CasGistsAppFactory app, Uri baseAddress, string testName) : IAsyncDisposable
{
    public const string Password = "correct-horse-battery-9";

    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _browserLog = [];

    public CasGistsAppFactory App => app;
    public Uri BaseAddress => baseAddress;

    public T Service<T>() where T : notnull => app.Services.GetRequiredService<T>();

    public async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        var n = _contexts.Count;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                lock (_browserLog) { _browserLog.Add($"[page {n}] {message.Type}: {message.Text}"); }
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lock (_browserLog) { _browserLog.Add($"[page {n}] {response.Status} {response.Request.Method} {response.Url}"); }
            }
        };
        page.PageError += (_, error) => { lock (_browserLog) { _browserLog.Add($"[page {n}] uncaught: {error}"); } };
        return page;
    }

    /// <summary>Creates the account directly (fast), then signs in through the real form so the cookie is the real one.</summary>
    public async Task<IPage> SignedInPageAsync(string userName)
    {
        if (await Service<AccountService>().FindByUserNameAsync(userName) is null)
        {
            await Service<AccountService>().RegisterAsync(new RegisterInput(userName, $"{userName}@example.test", Password));
        }
        var page = await NewPageAsync();
        await SignInAsync(page, userName);
        return page;
    }

    public static async Task SignInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Username or email").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            // Leaving /login is the sign-in; the next page's own loading is the caller's business (Commit, not Load).
            await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal),
                new() { WaitUntil = WaitUntilState.Commit, Timeout = 60_000 });
        }
        catch (TimeoutException e)
        {
            // Left /login without a navigation the wait saw (CI once timed out with the page already on /): signed in.
            if (!new Uri(page.Url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal))
            {
                return;
            }
            // Still on the form: say what it says (a refusal, a throttle) instead of only that time ran out.
            var alerts = await page.Locator("[role=alert]").AllInnerTextsAsync();
            throw new TimeoutException($"Sign-in as {userName} did not leave {page.Url}; the page says: " +
                (alerts.Count == 0 ? "(no message)" : string.Join(" | ", alerts)), e);
        }
    }

    /// <summary>Runs the test body; on failure, saves a screenshot of every open page to TestResults/ and rethrows.</summary>
    public async Task RunAsync(Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (Exception e)
        {
            await ScreenshotAllAsync();
            string log;
            lock (_browserLog) { log = string.Join(Environment.NewLine, _browserLog.TakeLast(40)); }
            // The browser's own errors usually say why; without them a timeout says little.
            throw new Xunit.Sdk.XunitException($"{e.Message}{Environment.NewLine}Browser console:{Environment.NewLine}{log}{Environment.NewLine}{e.StackTrace}");
        }
    }

    private async Task ScreenshotAllAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        var n = 0;
        foreach (var page in _contexts.SelectMany(c => c.Pages))
        {
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions
                {
                    Path = Path.Combine(folder, $"{testName}-{++n}.png"),
                    FullPage = false,
                    Timeout = 10_000,
                });
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                // A page that crashed or closed: the others' screenshots still help.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
        await app.DisposeAsync();
    }
}
