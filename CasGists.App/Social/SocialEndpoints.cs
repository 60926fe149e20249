using CasGists.App.Accounts;
using CasGists.App.Components.Pages.Gists;
using CasGists.Core.Accounts;
using CasGists.Core.Social;
using Microsoft.AspNetCore.Mvc;

namespace CasGists.App.Social;

/// <summary>
/// Star, unstar and fork as plain form POSTs from the gist page, so they work with JavaScript off. Binding a form
/// field makes ASP.NET Core check the antiforgery token; each action then redirects (POST, redirect, GET).
/// Comments are Blazor forms on the pages themselves, because a refused comment is shown next to the text typed.
/// </summary>
public static class SocialEndpoints
{
    public static IEndpointRouteBuilder MapSocialActions(this IEndpointRouteBuilder app)
    {
        // Handed over as Delegate, so these stay on the runtime request delegate factory: it answers a missing or bad
        // antiforgery token with 400 before it binds the form, where the build-time generator (the App's
        // EnableRequestDelegateGenerator) reads the form first and fails with 500 (AntiforgeryTests).
        Delegate star = async (HttpContext http, string user, string id, [FromForm] string? returnUrl, StarService stars) =>
            await SignedIn(http, user, id, async viewer =>
            {
                await stars.StarAsync(viewer, id, http.RequestAborted);
                return Back(returnUrl, user, id);
            });
        Delegate unstar = async (HttpContext http, string user, string id, [FromForm] string? returnUrl, StarService stars) =>
            await SignedIn(http, user, id, async viewer =>
            {
                await stars.UnstarAsync(viewer, id, http.RequestAborted);
                return Back(returnUrl, user, id);
            });
        Delegate fork = async (HttpContext http, string user, string id, [FromForm] string? returnUrl, ForkService forks) =>
            await SignedIn(http, user, id, async viewer =>
            {
                var fork = await forks.ForkAsync(viewer, id, http.RequestAborted);
                return Results.Redirect(GistRoute.View(fork.OwnerUserName, fork.Id));
            });
#pragma warning disable RDG002 // "generated at runtime": the point, see above.
        app.MapPost("/{user}/{id}/star", star);
        app.MapPost("/{user}/{id}/unstar", unstar);
        app.MapPost("/{user}/{id}/fork", fork);
#pragma warning restore RDG002
        return app;
    }

    /// <summary>Signed-out people are sent to sign in and come back to the gist; the action is not replayed.</summary>
    private static async Task<IResult> SignedIn(HttpContext http, string user, string id, Func<Viewer, Task<IResult>> action)
    {
        var viewer = http.User.ToViewer();
        if (!viewer.IsAuthenticated)
        {
            var back = GistRoute.IsGistId(id) ? GistRoute.View(user, id) : "/";
            return Results.Redirect($"/login?ReturnUrl={Uri.EscapeDataString(back)}");
        }
        return await action(viewer);
    }

    private static IResult Back(string? returnUrl, string user, string id) =>
        Results.Redirect(LocalUrl.IsLocal(returnUrl) ? returnUrl! : GistRoute.View(user, id));
}
