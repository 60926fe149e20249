using CasGists.Core.Accounts;
using CasGists.Core.Gists;

namespace CasGists.Tests.Core.Search;

/// <summary>
/// The shared test set: the same gists on either provider, so each search must return the same gists on both.
/// Alice and Bob each have public, unlisted and private gists; several words appear in all of them.
/// </summary>
public sealed record SearchWorld(
    Viewer Alice, Viewer Bob, Viewer Admin,
    string Dijkstra, string AliceUnlisted, string AlicePrivate, string Soup, string Rust, string BobUnlisted, string BobPrivate)
{
    public static async Task<SearchWorld> CreateAsync(SearchTestContext t)
    {
        var alice = await t.CreateUserAsync("Alice");
        var bob = await t.CreateUserAsync("bob");
        var admin = await t.CreateUserAsync("root", isAdmin: true);
        var dijkstra = await t.CreateGistAsync(alice, GistVisibility.Public, "Dijkstra in Go", "Shortest paths with a heap", ["graphs", "go"],
            new GistFileInput("dijkstra.go", "package main\n\n// shortest path with a priority queue\nfunc dijkstra(g Graph) map[int]int {\n\treturn nil\n}\n"),
            new GistFileInput("README.md", "# Graphs\nA tiny demo of <generics> & friends.\n"));
        var aliceUnlisted = await t.CreateGistAsync(alice, GistVisibility.Unlisted, "Secret sauce", "", ["cooking"],
            new GistFileInput("sauce.py", "def secret_sauce():\n    return 'tomato'\n"));
        var alicePrivate = await t.CreateGistAsync(alice, GistVisibility.Private, "Diary", "private thoughts", null,
            new GistFileInput("diary.txt", "dear diary, tomato again\n"));
        var soup = await t.CreateGistAsync(bob, GistVisibility.Public, "Tomato soup", "A warm recipe", ["cooking", "soup"],
            new GistFileInput("soup.md", "# Tomato soup\n\nBoil the tomato with basil.\n"));
        var rust = await t.CreateGistAsync(bob, GistVisibility.Public, "Hello Rust", "", null,
            new GistFileInput("main.rs", "fn main() {\n    println!(\"hello world\");\n}\n"),
            new GistFileInput("Cargo.toml", "[package]\nname = \"hello\"\n"));
        var bobUnlisted = await t.CreateGistAsync(bob, GistVisibility.Unlisted, "Bob unlisted", "graphs and soup", ["cooking", "graphs"],
            new GistFileInput("notes.txt", "tomato unlisted graphs dijkstra hello world\n"));
        var bobPrivate = await t.CreateGistAsync(bob, GistVisibility.Private, "Bob private", "", ["cooking"],
            new GistFileInput("todo.txt", "tomato private dijkstra hello\n"));
        return new SearchWorld(alice, bob, admin, dijkstra.Id, aliceUnlisted.Id, alicePrivate.Id, soup.Id, rust.Id, bobUnlisted.Id, bobPrivate.Id);
    }
}
