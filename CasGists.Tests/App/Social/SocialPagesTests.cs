using System.Net;
using CasGists.Core.Accounts;
using CasGists.Core.Gists;
using CasGists.Core.Social;
using CasGists.Tests.App.Gists;
using CasGists.Tests.Fixtures;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Social;

/// <summary>Forks, stars and comments through the real pages and form posts, antiforgery tokens and all.</summary>
public sealed class SocialPagesTests
{
    [Fact]
    public async Task StarAndUnstarThroughTheFormsChangeTheCount()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        await app.UserAsync("bob");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Shiny");
        var bob = await app.SignedInClientAsync("bob");

        var page = await bob.GetStringAsync($"/alice/{gist.Id}");
        Assert.Contains("data-testid=\"star-count\">0<", page);
        var starred = await PostAsync(bob, $"/alice/{gist.Id}/star", page);

        Assert.Equal(HttpStatusCode.Redirect, starred.StatusCode);
        Assert.Equal($"/alice/{gist.Id}", Path(starred));
        page = await bob.GetStringAsync($"/alice/{gist.Id}");
        Assert.Contains("data-testid=\"star-count\">1<", page);
        Assert.Contains($"action=\"/alice/{gist.Id}/unstar\"", page);
        Assert.Contains("data-testid=\"star-count\">1<", await app.CreateClient().GetStringAsync($"/alice/{gist.Id}"));

        var unstarred = await PostAsync(bob, $"/alice/{gist.Id}/unstar", page);
        Assert.Equal(HttpStatusCode.Redirect, unstarred.StatusCode);
        Assert.Contains("data-testid=\"star-count\">0<", await bob.GetStringAsync($"/alice/{gist.Id}"));
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryTokenWritesNothing()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        await app.UserAsync("bob");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Shiny");
        var bob = await app.SignedInClientAsync("bob");

        var star = await bob.PostAsync($"/alice/{gist.Id}/star", new FormUrlEncodedContent(new Dictionary<string, string>()));
        var fork = await bob.PostAsync($"/alice/{gist.Id}/fork", new FormUrlEncodedContent(new Dictionary<string, string>()));
        var comment = await bob.PostAsync($"/alice/{gist.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "add-comment",
            ["body"] = "forged",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, star.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, fork.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, comment.StatusCode);
        var reread = await app.Services.GetRequiredService<GistService>().GetAsync(Viewer.Anonymous, gist.Id);
        Assert.Equal((0, 0, 0), (reread.StarCount, reread.ForkCount, reread.CommentCount));
    }

    [Fact]
    public async Task SignedOutPeopleSeeCountsAndAreSentToSignIn()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Shiny");
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetStringAsync($"/alice/{gist.Id}");
        Assert.Contains("Sign in to star, fork or comment", page);
        Assert.Contains("0 comments", page);
        Assert.Contains("0 forks", page);
        Assert.DoesNotContain("data-testid=\"star-button\"", page);
        Assert.DoesNotContain("name=\"body\"", page);

        // A stale form from before signing out: the token is valid, the person is not signed in.
        var response = await PostAsync(client, $"/alice/{gist.Id}/star", await client.GetStringAsync("/login"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/login?ReturnUrl={Uri.EscapeDataString($"/alice/{gist.Id}")}", Path(response));
        Assert.Equal(0, (await app.Services.GetRequiredService<GistService>().GetAsync(Viewer.Anonymous, gist.Id)).StarCount);
    }

    [Fact]
    public async Task ForkingThroughTheFormOpensTheForkWhichLinksBackToItsSource()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        await app.UserAsync("bob");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Original", ("notes.md", "# Notes\n"));
        var bob = await app.SignedInClientAsync("bob");
        var page = await bob.GetStringAsync($"/alice/{gist.Id}");

        var response = await PostAsync(bob, $"/alice/{gist.Id}/fork", page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = Path(response);
        Assert.Matches("^/bob/[0-9a-f]{32}$", location);
        var fork = await bob.GetStringAsync(location);
        Assert.Contains("forked from", fork);
        Assert.Contains($"href=\"/alice/{gist.Id}\">alice/Original</a>", fork);
        Assert.Contains("1 fork<", await bob.GetStringAsync($"/alice/{gist.Id}"));
        Assert.Contains(location, await app.CreateClient().GetStringAsync($"/alice/{gist.Id}/forks"));

        var again = await PostAsync(bob, $"/alice/{gist.Id}/fork", page);
        Assert.Equal(location, Path(again));
    }

    [Fact]
    public async Task TheOwnerHasNoForkButtonAndForkingOwnOrUnreadableGistsIsRefused()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        await app.UserAsync("bob");
        var open = await app.GistAsync(alice, GistVisibility.Public, "Open");
        var hidden = await app.GistAsync(alice, GistVisibility.Private, "Hidden");
        var aliceClient = await app.SignedInClientAsync("alice");
        var bob = await app.SignedInClientAsync("bob");

        var own = await aliceClient.GetStringAsync($"/alice/{open.Id}");
        Assert.DoesNotContain("data-testid=\"fork-button\"", own);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(aliceClient, $"/alice/{open.Id}/fork", own)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(bob, $"/alice/{hidden.Id}/fork", await bob.GetStringAsync($"/alice/{open.Id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(bob, $"/alice/{hidden.Id}/star", await bob.GetStringAsync($"/alice/{open.Id}"))).StatusCode);
        Assert.Equal(2, (await app.Services.GetRequiredService<GistService>().ListForUserAsync(Viewer.For(alice), "alice", 1, 10)).TotalCount);
        Assert.Equal(0, (await app.Services.GetRequiredService<GistService>().ListForUserAsync(Viewer.Anonymous, "bob", 1, 10)).TotalCount);
    }

    [Fact]
    public async Task ACommentIsPostedRenderedSafelyAndTheRedirectLandsOnIt()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        await app.UserAsync("bob");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Discuss");
        var bob = await app.SignedInClientAsync("bob");
        const string body = "**Hello** <script>alert('x')</script> [link](javascript:alert(1)) <svg onload=\"alert(2)\"></svg>";

        var response = await PostCommentAsync(bob, $"/alice/{gist.Id}", body);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var comment = (await Comments(app).ListAsync(Viewer.Anonymous, gist.Id, 1, 10)).Items.Single();
        Assert.Equal(body, comment.Body);
        Assert.Equal($"/alice/{gist.Id}#comment-{comment.Id}", Path(response));
        var page = await app.CreateClient().GetStringAsync($"/alice/{gist.Id}");
        Assert.Contains($"id=\"comment-{comment.Id}\"", page);
        Assert.Contains("<strong>Hello</strong>", page);
        Assert.Contains("1 comment<", page);
        Assert.DoesNotContain("alert('x')</script>", page);
        Assert.DoesNotContain("javascript:alert", page);
        Assert.DoesNotContain("onload=", page);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n  ")]
    public async Task ABlankCommentIsRefusedNextToTheFieldAndWritesNothing(string body)
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Discuss");
        var client = await app.SignedInClientAsync("alice");

        var response = await PostCommentAsync(client, $"/alice/{gist.Id}", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"comment-body-error\"", html);
        Assert.Contains("Write something before commenting.", html);
        Assert.Equal(0, (await Comments(app).ListAsync(Viewer.Anonymous, gist.Id, 1, 10)).TotalCount);
    }

    [Fact]
    public async Task NobodyCommentsOnAPrivateGistTheyCannotSee()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        await app.UserAsync("bob");
        var open = await app.GistAsync(alice, GistVisibility.Public, "Open");
        var hidden = await app.GistAsync(alice, GistVisibility.Private, "Hidden");
        var bob = await app.SignedInClientAsync("bob");
        var token = UiTestData.AntiforgeryToken(await bob.GetStringAsync($"/alice/{open.Id}"));

        var response = await bob.PostAsync($"/alice/{hidden.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "add-comment",
            ["__RequestVerificationToken"] = token,
            ["body"] = "peek",
        }));

        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, (await Comments(app).ListAsync(Viewer.For(alice), hidden.Id, 1, 10)).TotalCount);
    }

    [Fact]
    public async Task TheAuthorEditsTheirCommentOnTheEditPage()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var bobUser = await app.UserAsync("bob");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Discuss");
        var comment = await Comments(app).AddAsync(Viewer.For(bobUser), gist.Id, "first draft");
        var bob = await app.SignedInClientAsync("bob");
        var aliceClient = await app.SignedInClientAsync("alice");

        Assert.Contains($"/alice/{gist.Id}/comments/{comment.Id}/edit", await bob.GetStringAsync($"/alice/{gist.Id}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await aliceClient.GetAsync($"/alice/{gist.Id}/comments/{comment.Id}/edit")).StatusCode);
        var form = await bob.GetStringAsync($"/alice/{gist.Id}/comments/{comment.Id}/edit");
        Assert.Contains("first draft</textarea>", form);

        var blank = await bob.PostAsync($"/alice/{gist.Id}/comments/{comment.Id}/edit", Form(form, "edit-comment", " "));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blank.StatusCode);
        var saved = await bob.PostAsync($"/alice/{gist.Id}/comments/{comment.Id}/edit", Form(form, "edit-comment", "second *draft*"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/alice/{gist.Id}#comment-{comment.Id}", Path(saved));
        var page = await bob.GetStringAsync($"/alice/{gist.Id}");
        Assert.Contains("second <em>draft</em>", page);
        Assert.Contains("· edited", page);
    }

    [Fact]
    public async Task TheGistOwnerDeletesAnyCommentThroughTheConfirmPageButStrangersCannot()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var bobUser = await app.UserAsync("bob");
        await app.UserAsync("carol");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "Discuss");
        var comment = await Comments(app).AddAsync(Viewer.For(bobUser), gist.Id, "bob was here");
        var aliceClient = await app.SignedInClientAsync("alice");
        var carol = await app.SignedInClientAsync("carol");

        Assert.Equal(HttpStatusCode.Forbidden, (await carol.GetAsync($"/alice/{gist.Id}/comments/{comment.Id}/delete")).StatusCode);
        Assert.DoesNotContain("data-testid=\"delete-comment\"", await carol.GetStringAsync($"/alice/{gist.Id}"));
        var confirm = await aliceClient.GetStringAsync($"/alice/{gist.Id}/comments/{comment.Id}/delete");
        Assert.Contains("bob was here", confirm);

        var response = await aliceClient.PostAsync($"/alice/{gist.Id}/comments/{comment.Id}/delete", Form(confirm, "delete-comment"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/alice/{gist.Id}#comments", Path(response));
        Assert.Equal(0, (await Comments(app).ListAsync(Viewer.Anonymous, gist.Id, 1, 10)).TotalCount);
    }

    [Fact]
    public async Task BadIdsAndCommentsOfAnotherGistAreNotFound()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var gist = await app.GistAsync(alice, GistVisibility.Public, "One");
        var other = await app.GistAsync(alice, GistVisibility.Public, "Two");
        var comment = await Comments(app).AddAsync(Viewer.For(alice), other.Id, "on two");
        var client = await app.SignedInClientAsync("alice");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/alice/{gist.Id}/comments/{comment.Id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/alice/{gist.Id}/comments/{comment.Id}/delete")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/alice/{gist.Id}/comments/99999/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/alice/{gist.Id}/comments/abc/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/alice/{gist.Id.ToUpperInvariant()}/forks")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/alice/not-a-gist/forks")).StatusCode);
        var page = await client.GetStringAsync($"/alice/{gist.Id}");
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/alice/0123456789abcdef0123456789abcdef/star", page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "/alice/..%2F..%2Fetc/star", page)).StatusCode);
        Assert.Equal(1, (await Comments(app).ListAsync(Viewer.Anonymous, other.Id, 1, 10)).TotalCount);
    }

    [Fact]
    public async Task TheStarredPageShowsOthersOnlyPublicGists()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var alice = await app.UserAsync("alice");
        var bobUser = await app.UserAsync("bob");
        var open = await app.GistAsync(alice, GistVisibility.Public, "Open one");
        var unlisted = await app.GistAsync(alice, GistVisibility.Unlisted, "Unlisted one");
        var stars = app.Services.GetRequiredService<StarService>();
        await stars.StarAsync(Viewer.For(bobUser), open.Id);
        await stars.StarAsync(Viewer.For(bobUser), unlisted.Id);
        var bob = await app.SignedInClientAsync("bob");

        var anonymous = await app.CreateClient().GetStringAsync("/bob/starred");
        var own = await bob.GetStringAsync("/bob/starred");

        Assert.Contains("Open one", anonymous);
        Assert.DoesNotContain("Unlisted one", anonymous);
        Assert.Contains("Open one", own);
        Assert.Contains("Unlisted one", own);
        Assert.Contains("/bob/starred", await app.CreateClient().GetStringAsync("/bob"));
        Assert.Contains("/bob/starred", await bob.GetStringAsync("/"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/nobody/starred")).StatusCode);
    }

    private static CommentService Comments(CasGistsAppFactory app) => app.Services.GetRequiredService<CommentService>();

    private static string Path(HttpResponseMessage response) => response.Headers.Location!.OriginalString.Replace("http://localhost", "");

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string pageWithToken) =>
        client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = UiTestData.AntiforgeryToken(pageWithToken),
        }));

    private static async Task<HttpResponseMessage> PostCommentAsync(HttpClient client, string gistUrl, string body)
    {
        var page = await client.GetStringAsync(gistUrl);
        return await client.PostAsync(gistUrl, Form(page, "add-comment", body));
    }

    private static FormUrlEncodedContent Form(string pageWithToken, string handler, string? body = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = handler,
            ["__RequestVerificationToken"] = UiTestData.AntiforgeryToken(pageWithToken),
        };
        if (body is not null)
        {
            fields["body"] = body;
        }
        return new FormUrlEncodedContent(fields);
    }
}
