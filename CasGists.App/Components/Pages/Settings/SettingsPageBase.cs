using CasGists.App.Accounts;
using CasGists.Core.Accounts;
using CasGists.Core.Common;
using Microsoft.AspNetCore.Components;

namespace CasGists.App.Components.Pages.Settings;

/// <summary>
/// What every settings page shares: the request, the signed-in viewer and their session, a redirect to sign in for
/// anyone else, and the errors of the last failed form.
/// </summary>
public abstract class SettingsPageBase : ComponentBase
{
    [CascadingParameter] protected HttpContext HttpContext { get; set; } = default!;

    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    protected Viewer Viewer { get; private set; } = Viewer.Anonymous;

    /// <summary>The session the browser is signed in with; null for a token (which cannot manage settings).</summary>
    protected Guid? CurrentSessionId { get; private set; }

    protected IReadOnlyDictionary<string, string[]> Errors { get; set; } = new Dictionary<string, string[]>();

    /// <summary>False (and a redirect to sign in under way) when no browser session is signed in.</summary>
    protected bool RequireSignIn(string path)
    {
        Viewer = HttpContext.User.ToViewer();
        CurrentSessionId = Guid.TryParse(HttpContext.User.FindFirst(ViewerClaims.SessionId)?.Value, out var id) ? id : null;
        if (!Viewer.IsAuthenticated || TokenAuthentication.TokenScopesOf(HttpContext.User) is not null)
        {
            // Settings are managed with a signed-in browser only: a token must not change credentials.
            Navigation.NavigateTo($"/login?ReturnUrl={Uri.EscapeDataString(path)}");
            return false;
        }
        return true;
    }

    /// <summary>Shows a failed form's errors and answers 400.</summary>
    protected void Fail(ValidationException e)
    {
        Errors = e.Errors;
        Components.Shared.HttpStatus.Set(HttpContext, StatusCodes.Status400BadRequest);
    }

    /// <summary>A response holding a secret (recovery codes, a new key) must not be kept by any cache.</summary>
    protected void NoStore()
    {
        if (!HttpContext.Response.HasStarted)
        {
            HttpContext.Response.Headers.CacheControl = "no-store";
        }
    }

    protected string Form(string name) => HttpContext.Request.HasFormContentType ? HttpContext.Request.Form[name].ToString() : "";
}
