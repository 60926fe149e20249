using System.Buffers;

namespace CasGists.App.Http;

/// <summary>
/// Route constraints for the ids in gist URLs: <c>{id:gistid}</c> (32 hex characters) and <c>{revision:commit}</c>
/// (a full 40-character commit id). The same rule as the <c>regex(^[0-9a-f]{32}$)</c> constraints they replace (which
/// ignored case, so this does too; the handlers decide what an upper-case id means), checked by hand: a regex constraint arms a match timeout on every evaluation, and every raw, git and archive request
/// evaluated several (6% of a raw file request).
/// </summary>
public static class HexRouteConstraints
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static IServiceCollection AddHexRouteConstraints(this IServiceCollection services) =>
        services.Configure<RouteOptions>(options =>
        {
            options.SetParameterPolicy<GistIdConstraint>("gistid");
            options.SetParameterPolicy<CommitIdConstraint>("commit");
        });

    private static bool Matches(RouteValueDictionary values, string key, int length) =>
        values.TryGetValue(key, out var value) && value is string text && text.Length == length && !text.AsSpan().ContainsAnyExcept(HexDigits);

    private sealed class GistIdConstraint : IRouteConstraint
    {
        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
            Matches(values, routeKey, 32);
    }

    private sealed class CommitIdConstraint : IRouteConstraint
    {
        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
            Matches(values, routeKey, 40);
    }
}
