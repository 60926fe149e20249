using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CasGists.Tests.Browser;

/// <summary>The New and Edit pages as a test drives them: fields by label, Monaco through its own models.</summary>
internal sealed class GistEditorPage(IPage page)
{
    // The active file's model: the editor tags its container with the key, models carry it in their URI.
    private const string ActiveModel = """
        () => {
            const host = document.querySelector('[data-testid=code-editor]');
            return monaco.editor.getModels().find(m => m.uri.path.endsWith('/' + host.dataset.activeKey));
        }
        """;

    public IPage Page => page;
    public ILocator Editor => page.Locator("[data-testid=code-editor][data-ready=true]");
    public ILocator Submit => page.GetByTestId("submit");
    public ILocator Title => page.GetByLabel("Title", new() { Exact = true });
    public ILocator FileName => page.GetByLabel("File name");
    public ILocator FileBar => page.Locator(".gist-file-bar");
    public ILocator Language => page.GetByTestId("file-language");

    public ILocator Tab(string name) => page.GetByRole(AriaRole.Tab, new() { Name = name });

    public async Task OpenAsync(string path)
    {
        await page.GotoAsync(path);
        await WaitReadyAsync();
    }

    /// <summary>Monaco is on the page and the files are loaded into it (the Create/Save button enables then).</summary>
    public async Task WaitReadyAsync()
    {
        await Expect(Editor.Locator(".monaco-editor[role=code]")).ToBeVisibleAsync();
        await Expect(Submit).ToBeEnabledAsync();
    }

    /// <summary>Adds a file and waits, as a person would, until its tab is there and its name field shows it.</summary>
    public async Task AddFileAsync()
    {
        var tabs = await page.GetByRole(AriaRole.Tab).CountAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add file" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Tab)).ToHaveCountAsync(tabs + 1);
        await Expect(FileName).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^gistfile\d+\.txt$"));
    }

    public async Task TypeAsync(string text)
    {
        await Editor.Locator(".view-lines").First.ClickAsync();
        await page.Keyboard.PressAsync("Control+End");
        await page.Keyboard.TypeAsync(text);
    }

    public Task<string> ContentAsync() => page.EvaluateAsync<string>($"() => ({ActiveModel})().getValue()");

    /// <summary>For contents too large to type: sets the active model's text as a paste would.</summary>
    public Task SetContentAsync(string text) => page.EvaluateAsync($"text => ({ActiveModel})().setValue(text)", text);

    public Task<string> ModelLanguageAsync() => page.EvaluateAsync<string>($"() => ({ActiveModel})().getLanguageId()");
}
