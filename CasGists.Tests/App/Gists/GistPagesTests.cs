using System.Net;
using CasGists.Core.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CasGists.Tests.App.Gists;

public sealed class GistPagesTests
{
    [Fact]
    public async Task HomeListsPublicGistsButNotUnlistedOrPrivateOnes()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        await app.GistAsync(alice, GistVisibility.Public, "Shown to everyone");
        await app.GistAsync(alice, GistVisibility.Unlisted, "Only by link");
        await app.GistAsync(alice, GistVisibility.Private, "Only for alice");

        var home = await app.CreateClient().GetStringAsync("/");

        Assert.Contains("Shown to everyone", home);
        Assert.DoesNotContain("Only by link", home);
        Assert.DoesNotContain("Only for alice", home);
    }

    [Fact]
    public async Task HomeWithoutGistsInvitesToCreateOne()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();

        var home = await app.CreateClient().GetStringAsync("/");

        Assert.Contains("No gists yet — create your first one", home);
    }

    [Fact]
    public async Task ProfileShowsThePrivateGistOnlyToItsOwner()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        await app.UserAsync("bob");
        await app.GistAsync(alice, GistVisibility.Public, "Alice public");
        await app.GistAsync(alice, GistVisibility.Private, "Alice secret");

        var anonymous = await app.CreateClient().GetStringAsync("/alice");
        var bob = await (await app.SignedInClientAsync("bob")).GetStringAsync("/alice");
        var owner = await (await app.SignedInClientAsync("alice")).GetStringAsync("/alice");

        Assert.Contains("Alice public", anonymous);
        Assert.DoesNotContain("Alice secret", anonymous);
        Assert.DoesNotContain("Alice secret", bob);
        Assert.Contains("Alice secret", owner);
        Assert.Contains("Private", owner);
    }

    [Fact]
    public async Task UnknownUserIsA404()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();

        var response = await app.CreateClient().GetAsync("/nobody-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("may have been deleted", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PrivateGistIsA404ForAnonymousAndVisibleToItsOwner()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Private, "Secret plan", ("plan.txt", "step one\n"));

        var anonymous = await app.CreateClient().GetAsync($"/alice/{gist.Id}");
        var owner = await (await app.SignedInClientAsync("alice")).GetAsync($"/alice/{gist.Id}");

        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.DoesNotContain("Secret plan", await anonymous.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Contains("step one", await owner.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MalformedAndUnknownIdsAre404()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        await app.UserAsync("alice");
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/alice/not-a-gist-id")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/alice/{new string('0', 32)}")).StatusCode);
    }

    [Fact]
    public async Task GistUnderAnotherUserNameRedirectsToTheCanonicalUrl()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Hello");
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync($"/someone-else/{gist.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/alice/{gist.Id}", response.Headers.Location?.OriginalString.Replace("http://localhost", ""));
    }

    [Fact]
    public async Task TitleWithScriptIsShownEncoded()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "<script>alert('x')</script>", ("x.html", "<script>alert('y')</script>\n"));
        var client = app.CreateClient();

        var page = await client.GetStringAsync($"/alice/{gist.Id}");
        var home = await client.GetStringAsync("/");

        Assert.DoesNotContain("<script>alert(", page);
        Assert.Contains("&lt;script&gt;alert(", page);
        Assert.DoesNotContain("<script>alert(", home);
    }

    [Fact]
    public async Task GistPageShowsFilesHighlightedWithRawLinksAndOwnerActions()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Demo", ("Program.cs", "public class P { }\n"), ("README.md", "# Read me\n"));

        var anonymous = await app.CreateClient().GetStringAsync($"/alice/{gist.Id}");
        var owner = await (await app.SignedInClientAsync("alice")).GetStringAsync($"/alice/{gist.Id}");

        Assert.Contains("<span class=\"hl-keyword\">public</span>", anonymous);
        Assert.Contains($"/alice/{gist.Id}/raw/{gist.HeadRevision}/Program.cs", anonymous);
        Assert.Contains("id=\"user-content-read-me\"", anonymous);
        Assert.DoesNotContain($"/alice/{gist.Id}/edit", anonymous);
        Assert.Contains($"/alice/{gist.Id}/edit", owner);
        Assert.Contains($"/alice/{gist.Id}/delete", owner);
    }

    [Fact]
    public async Task OwnerDeletesThroughTheConfirmFormAndSeesAConfirmation()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Doomed gist");
        var client = await app.SignedInClientAsync("alice");

        var confirm = await client.GetStringAsync($"/alice/{gist.Id}/delete");
        Assert.Contains("Doomed gist", confirm);
        var response = await client.PostAsync($"/alice/{gist.Id}/delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "delete-gist",
            ["__RequestVerificationToken"] = UiTestData.AntiforgeryToken(confirm),
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/alice?deleted=", location.Replace("http://localhost", ""));
        Assert.Contains("Deleted “Doomed gist”", await client.GetStringAsync(location));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/alice/{gist.Id}")).StatusCode);
    }

    [Fact]
    public async Task OthersCannotDeleteAGist()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        await app.UserAsync("mallory");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Keep me");
        var client = await app.SignedInClientAsync("mallory");

        var confirm = await client.GetAsync($"/alice/{gist.Id}/delete");

        Assert.Equal(HttpStatusCode.Forbidden, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync($"/alice/{gist.Id}")).StatusCode);
    }

    [Fact]
    public async Task ThemeToggleSetsTheCookieAndGoesBackOnlyToLocalPages()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var foreign = await client.GetAsync("/theme/light?returnUrl=%2F%2Fevil.example");
        var local = await client.GetAsync("/theme/dark?returnUrl=%2Falice");

        Assert.Equal("/alice", local.Headers.Location?.OriginalString);
        Assert.Contains(local.Headers.GetValues("Set-Cookie"), c => c.StartsWith("theme=dark"));
        Assert.Equal("/", foreign.Headers.Location?.OriginalString);
        Assert.Contains("cg-dark", await client.GetStringAsync("/"));
    }
}
