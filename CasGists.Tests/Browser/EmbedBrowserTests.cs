using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CasGists.Tests.Browser;

/// <summary>The embed script in a real browser, on a host page of another origin with its own clashing styles.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EmbedBrowserTests(BrowserFixture browser)
{

    [Fact]
    public async Task TheEmbedScriptWritesTheHighlightedGistIntoAnotherSitesPage()
    {
        await using var site = await browser.StartSiteAsync();
        await site.RunAsync(async () =>
        {
            var owner = await site.Service<AccountService>().RegisterAsync(new RegisterInput("alice", "alice@example.test", BrowserSite.Password));
            var gist = await site.Service<GistService>().CreateAsync(Viewer.For(owner), new CreateGistInput("Embedded", "", GistVisibility.Unlisted,
            [
                new GistFileInput("greet.py", "def greet(name):\n    return f\"hi {name}\"  # </script><script>window.pwned = 1</script>\n"),
                new GistFileInput("README.md", "# Embedded readme\n"),
            ]));
            var script = new Uri(site.BaseAddress, $"/alice/{gist.Id}.js");
            // The host page's own rules would break a naive embed (and must keep working themselves).
            var host = $$"""
                <!DOCTYPE html><html><head><style>
                  body { font-family: serif; line-height: 3; color: green; }
                  table td { padding: 40px; color: red; border: 5px solid black; }
                  span { color: orange; }
                </style></head><body>
                <p id="before">Before the gist.</p>
                <script src="{{script}}"></script>
                <table id="host-table"><tr><td>host cell</td></tr></table>
                </body></html>
                """;
            var page = await site.NewPageAsync();
            var dialogs = 0;
            page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
            // Another origin on loopback (Chromium keeps public pages from loading loopback scripts at all).
            using var hostSite = HostPageServer.Start(host);

            await page.GotoAsync(hostSite.Url);

            var embed = page.Locator(".casgists-embed");
            await Expect(embed).ToBeVisibleAsync();
            await Expect(embed).ToContainTextAsync("def greet(name):");
            await Expect(embed).ToContainTextAsync("</script><script>window.pwned = 1</script>");
            await Expect(embed.Locator(".cge-markdown h1")).ToHaveTextAsync("Embedded readme");
            await Expect(embed.Locator(".cge-meta a.cge-raw").First).ToHaveAttributeAsync("href", $"{site.BaseAddress.ToString().TrimEnd('/')}/alice/{gist.Id}/raw/{gist.HeadRevision}/greet.py");
            // Highlighted with the embed's own colours, not the host's "span { orange }" or "td { red }".
            var keyword = embed.Locator(".hl-keyword", new() { HasText = "def" }).First;
            Assert.Equal("rgb(207, 34, 46)", await keyword.EvaluateAsync<string>("e => getComputedStyle(e).color"));
            var cell = embed.Locator("td.cge-lc").First;
            Assert.Equal("0px", await cell.EvaluateAsync<string>("e => getComputedStyle(e).borderTopWidth"));
            Assert.Equal("0px", await cell.EvaluateAsync<string>("e => getComputedStyle(e).paddingTop === '8px' ? '0px' : getComputedStyle(e).paddingTop"));
            // The embed's rules stay inside it: the host's table keeps its look.
            var hostCell = page.Locator("#host-table td");
            Assert.Equal("40px", await hostCell.EvaluateAsync<string>("e => getComputedStyle(e).paddingLeft"));
            Assert.Equal("rgb(255, 0, 0)", await hostCell.EvaluateAsync<string>("e => getComputedStyle(e).color"));
            // The gist sits where its script tag was, and the hostile line stayed text.
            Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('#before').compareDocumentPosition(document.querySelector('.casgists-embed')) & Node.DOCUMENT_POSITION_FOLLOWING"));
            Assert.True(await page.EvaluateAsync<bool>("() => window.pwned === undefined"));
            Assert.Equal(0, dialogs);
        });
    }
}

/// <summary>Serves one HTML page from its own loopback port: a different origin from the app's.</summary>
internal sealed class HostPageServer : IDisposable
{
    private readonly System.Net.HttpListener _listener = new();

    public string Url { get; }

    private HostPageServer(string html)
    {
        var port = FreePort();
        Url = $"http://localhost:{port}/post.html";
        _listener.Prefixes.Add($"http://localhost:{port}/");
        _listener.Start();
        _ = ServeAsync(System.Text.Encoding.UTF8.GetBytes(html));
    }

    public static HostPageServer Start(string html) => new(html);

    private async Task ServeAsync(byte[] body)
    {
        while (_listener.IsListening)
        {
            System.Net.HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is System.Net.HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose() => _listener.Close();
}
