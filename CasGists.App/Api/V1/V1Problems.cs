using CasGists.App.Hosting;
using CasGists.Core.Common;
using Microsoft.AspNetCore.Mvc;

namespace CasGists.App.Api.V1;

/// <summary>
/// The v1 group's errors as RFC 9457 ProblemDetails: Core's domain errors as the app maps them everywhere, the API's
/// own (unreadable body, bad page number, missing credential) with the same <c>errors: { field: [...] }</c> shape.
/// </summary>
public static class V1Problems
{
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DomainException e)
        {
            return TypedResults.Problem(DomainExceptionHandler.ToProblem(e));
        }
        catch (ApiException e)
        {
            if (e.Status == StatusCodes.Status401Unauthorized)
            {
                context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"CasGists\"";
            }
            return TypedResults.Problem(ToProblem(e));
        }
    }

    public static ProblemDetails ToProblem(ApiException e)
    {
        var problem = e.Errors.Count > 0
            ? new ValidationProblemDetails(e.Errors.ToDictionary(x => x.Key, x => x.Value))
            : new ProblemDetails();
        problem.Status = e.Status;
        problem.Title = e.Status switch
        {
            StatusCodes.Status400BadRequest => "The request is malformed.",
            StatusCodes.Status401Unauthorized => "Authentication required.",
            StatusCodes.Status403Forbidden => "Forbidden.",
            StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
            StatusCodes.Status415UnsupportedMediaType => "Unsupported media type.",
            _ => "The request failed.",
        };
        problem.Detail = e.Message;
        return problem;
    }
}
