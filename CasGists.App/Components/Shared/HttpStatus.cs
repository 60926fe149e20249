using Microsoft.AspNetCore.Diagnostics;

namespace CasGists.App.Components.Shared;

/// <summary>Sets an error status on a static page while keeping the page's own friendly body.</summary>
public static class HttpStatus
{
    public static void Set(HttpContext? context, int statusCode)
    {
        if (context is null || context.Response.HasStarted)
        {
            return;
        }
        context.Response.StatusCode = statusCode;
        // The status-code-pages middleware would replace the rendered page with a bare ProblemDetails body.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
    }
}
