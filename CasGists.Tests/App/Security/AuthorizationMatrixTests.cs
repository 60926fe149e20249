using System.Net;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Tokens;
using CasGists.Core.Gists;
using CasGists.Tests.App.Gists;
using CasGists.Tests.App.Git;
using CasGists.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Security;

/// <summary>Who looks: nobody signed in, another user, the owner, an administrator.</summary>
public enum Who { Anonymous, Other, Owner, Admin }

/// <summary>
/// Who sees what, on every surface that shows a gist: each row of <see cref="Surfaces"/> is probed by each viewer for a
/// public, an unlisted and a private gist, and must answer exactly as its expectation says. The expectations are
/// written out here, not computed by <see cref="GistAccess"/>, so a change to the rule shows up as a failure.
/// <para>A new surface (API, search, embed, feeds) is one row: a name, which rule it follows (<see cref="ByUrl"/> for
/// anything reached by the gist's address, <see cref="PublicListing"/> or <see cref="OwnerListing"/> for lists) and a
/// probe that answers "did this viewer see that gist?" — true for a 200 with the content, false for a 404 or an
/// absence from a list, and a failed assertion for anything else (a 500, a 403 that leaks existence).</para>
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.World world) : IClassFixture<AuthorizationMatrixTests.World>
{
    /// <summary>Reached by the gist's URL: public and unlisted for anyone, private for its owner and administrators.</summary>
    private static bool ByUrl(Who who, GistVisibility visibility) =>
        visibility != GistVisibility.Private || who is Who.Owner or Who.Admin;

    /// <summary>Everyone's list (home, discover, later search and feeds): public gists only, whoever looks.</summary>
    private static bool PublicListing(Who who, GistVisibility visibility) => visibility == GistVisibility.Public;

    /// <summary>A user's own list (profile): public for anyone; unlisted and private for the owner and administrators.</summary>
    private static bool OwnerListing(Who who, GistVisibility visibility) =>
        visibility == GistVisibility.Public || who is Who.Owner or Who.Admin;

    /// <summary>Embeds: public and unlisted for anyone, private never, not even for its owner (a script runs in other sites' pages).</summary>
    private static bool Embeddable(Who who, GistVisibility visibility) => visibility != GistVisibility.Private;

    public sealed record Surface(string Name, Func<Who, GistVisibility, bool> Expected, Func<World, Who, GistDetails, Task<bool>> Sees);

    public static readonly IReadOnlyList<Surface> Surfaces =
    [
        new("gist page", ByUrl, (w, who, g) => w.PageAsync(who, $"/owen/{g.Id}", g.Title)),
        new("revisions page", ByUrl, (w, who, g) => w.PageAsync(who, $"/owen/{g.Id}/revisions", g.Title)),
        new("raw file", ByUrl, (w, who, g) => w.PageAsync(who, $"/owen/{g.Id}/raw/note.txt", World.Content(g))),
        new("raw at revision", ByUrl, (w, who, g) => w.PageAsync(who, $"/owen/{g.Id}/raw/{g.HeadRevision}/note.txt", World.Content(g))),
        new("archive zip", ByUrl, (w, who, g) => w.PageAsync(who, $"/owen/{g.Id}/archive/{g.HeadRevision}.zip", null)),
        new("git clone", ByUrl, (w, who, g) => w.CloneAsync(who, g)),
        new("home listing", PublicListing, (w, who, g) => w.ListedAsync(who, "/", g)),
        new("profile listing", OwnerListing, (w, who, g) => w.ListedAsync(who, "/owen", g)),
        new("api v1 gist", ByUrl, (w, who, g) => w.PageAsync(who, $"/api/v1/gists/{g.Id}", g.Title)),
        new("api v3 gist", ByUrl, (w, who, g) => w.PageAsync(who, $"/api/v3/gists/{g.Id}", g.Title)),
        new("embed script", Embeddable, (w, who, g) => w.PageAsync(who, $"/owen/{g.Id}.js", null)),
        new("oembed", Embeddable, (w, who, g) => w.PageAsync(who, $"/oembed?url={Uri.EscapeDataString(new Uri(w.Base, $"/owen/{g.Id}").ToString())}", null)),
        // Search sees the viewer's own unlisted and private gists (and an admin everything), like the owner's list.
        new("search page", OwnerListing, (w, who, g) => w.ListedAsync(who, "/search?q=content", g)),
        new("search api", OwnerListing, (w, who, g) => w.ListedAsync(who, "/api/v1/search?q=content", g)),
        new("api v1 user gists", OwnerListing, (w, who, g) => w.ListedAsync(who, "/api/v1/users/owen/gists", g)),
    ];

    public static TheoryData<string, Who, GistVisibility> Cases()
    {
        var data = new TheoryData<string, Who, GistVisibility>();
        foreach (var surface in Surfaces)
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                foreach (var visibility in Enum.GetValues<GistVisibility>())
                {
                    data.Add(surface.Name, who, visibility);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachViewerSeesExactlyWhatTheRuleAllows(string surfaceName, Who who, GistVisibility visibility)
    {
        var surface = Surfaces.Single(s => s.Name == surfaceName);

        var sees = await surface.Sees(world, who, world.Gists[visibility]);

        Assert.True(sees == surface.Expected(who, visibility),
            $"{surface.Name}: {who} {(sees ? "sees" : "does not see")} a {visibility} gist, but should {(surface.Expected(who, visibility) ? "" : "not ")}see it.");
    }

    [Fact]
    public void EverySurfaceHasARowForEveryViewerAndVisibility() =>
        Assert.Equal(Surfaces.Count * 4 * Enum.GetValues<GistVisibility>().Length, Cases().Count);

    /// <summary>One app on a real port, with boss (admin, the first account), owen (the owner) and olga (another user), and one gist of each visibility.</summary>
    public sealed class World : IAsyncLifetime
    {
        private CasGistsAppFactory _app = null!;
        private readonly GitCli _git = new();
        private readonly Dictionary<Who, HttpClient> _clients = [];
        private readonly Dictionary<Who, string> _gitTokens = [];
        public Uri Base { get; private set; } = null!;
        public Dictionary<GistVisibility, GistDetails> Gists { get; } = [];

        public static string Content(GistDetails gist) => $"the {gist.Visibility} content\n";

        public async Task InitializeAsync()
        {
            _app = await SecurityTestApp.CreateAsync();
            Base = _app.StartKestrel();
            var users = new Dictionary<Who, User>
            {
                [Who.Admin] = await _app.UserAsync("boss"),
                [Who.Owner] = await _app.UserAsync("owen"),
                [Who.Other] = await _app.UserAsync("olga"),
            };
            Assert.True(users[Who.Admin].IsAdmin);
            foreach (var visibility in Enum.GetValues<GistVisibility>())
            {
                var gist = await _app.Services.GetRequiredService<GistService>().CreateAsync(Viewer.For(users[Who.Owner]),
                    new CreateGistInput($"The {visibility} gist", "", visibility, [new GistFileInput("note.txt", $"the {visibility} content\n")]));
                Gists[visibility] = gist;
            }
            _clients[Who.Anonymous] = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Base };
            var tokens = _app.Services.GetRequiredService<TokenService>();
            foreach (var (who, user) in users)
            {
                _clients[who] = await SignInAsync(user.UserName);
                // An administrator's token acts as one only with the admin scope.
                string[] scopes = who == Who.Admin ? [TokenScopes.Admin] : [TokenScopes.GistRead];
                _gitTokens[who] = (await tokens.CreateAsync(Viewer.For(user), new CreateTokenInput("git", scopes, null))).Secret;
            }
        }

        private async Task<HttpClient> SignInAsync(string userName)
        {
            var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = Base };
            var form = await client.GetStringAsync("/login");
            var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = UiTestData.AntiforgeryToken(form),
                ["Input.UserNameOrEmail"] = userName,
                ["Input.Password"] = UiTestData.Password,
            }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return client;
        }

        /// <summary>200 (with <paramref name="mustContain"/>) is seen, 404 is not; anything else fails the test.</summary>
        public async Task<bool> PageAsync(Who who, string path, string? mustContain)
        {
            using var response = await _clients[who].GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                if (mustContain is not null)
                {
                    Assert.DoesNotContain(mustContain.TrimEnd('\n'), body);
                }
                return false;
            }
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{who} GET {path}: {(int)response.StatusCode}");
            if (mustContain is not null)
            {
                Assert.Contains(WebUtility.HtmlEncode(mustContain).TrimEnd('\n'), body);
            }
            return true;
        }

        public async Task<bool> ListedAsync(Who who, string path, GistDetails gist)
        {
            using var response = await _clients[who].GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadAsStringAsync()).Contains(gist.Id, StringComparison.Ordinal);
        }

        /// <summary>A real clone: anonymous without credentials, the others with a token as the password.</summary>
        public async Task<bool> CloneAsync(Who who, GistDetails gist)
        {
            var url = new UriBuilder(Base) { Path = $"/owen/{gist.Id}.git" };
            if (who != Who.Anonymous)
            {
                url.UserName = "x-access-token";
                url.Password = _gitTokens[who];
            }
            var folder = _git.Folder(Guid.NewGuid().ToString("N"));
            var run = await _git.RunAsync(null, "clone", "--quiet", url.Uri.ToString(), folder);
            if (run.ExitCode == 0)
            {
                Assert.Equal(Content(gist), await File.ReadAllTextAsync(Path.Combine(folder, "note.txt")));
                return true;
            }
            // Refused the way a missing gist is (404), or asked for credentials (401): never a server error.
            Assert.DoesNotContain("500", run.Error);
            return false;
        }

        public async Task DisposeAsync()
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }
            await _app.DisposeAsync();
            _git.Dispose();
        }
    }
}
