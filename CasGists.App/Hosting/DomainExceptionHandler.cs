using CasGists.Core.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CasGists.App.Hosting;

/// <summary>The one place that turns Core's domain errors into RFC 9457 ProblemDetails.</summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not DomainException domain)
        {
            return false;
        }

        var problem = ToProblem(domain);
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new() { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails ToProblem(DomainException exception) => exception switch
    {
        ValidationException v => new ValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The input is invalid.",
            Detail = v.Message,
        },
        NotFoundException => new() { Status = StatusCodes.Status404NotFound, Title = "Not found.", Detail = exception.Message },
        ForbiddenException => new() { Status = StatusCodes.Status403Forbidden, Title = "Forbidden.", Detail = exception.Message },
        ConflictException => new() { Status = StatusCodes.Status409Conflict, Title = "Conflict.", Detail = exception.Message },
        _ => new() { Status = StatusCodes.Status400BadRequest, Title = "Bad request.", Detail = exception.Message },
    };
}
