using System.Globalization;
using CasGists.App.Components.Shared;

namespace CasGists.App.Accounts;

public static class LoginThrottling
{
    /// <summary>Answers a throttled sign-in form with 429 and <c>Retry-After</c> (seconds), still rendering the page with its message.</summary>
    public static void Refuse(HttpContext http, TimeSpan retryAfter)
    {
        HttpStatus.Set(http, StatusCodes.Status429TooManyRequests);
        if (!http.Response.HasStarted)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
    }
}
