using System.Buffers;

namespace CasGists.App.Http;

/// <summary>
/// <c>{id:hex(32)}</c> (a gist id) and <c>{revision:hex(40)}</c> (a full commit id): exactly that many hex digits. The
/// same rule as the <c>regex(^[0-9a-f]{32}$)</c> constraints they replace (which ignored case, so this does too; the
/// handlers decide what an upper-case id means), checked by hand: a regex constraint arms a match timeout on every
/// evaluation, and every raw, git and archive request evaluated several (6% of a raw file request).
/// </summary>
public static class HexRouteConstraints
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static IServiceCollection AddHexRouteConstraints(this IServiceCollection services) =>
        services.Configure<RouteOptions>(options => options.SetParameterPolicy<HexConstraint>("hex"));

    private sealed class HexConstraint(int length) : IRouteConstraint
    {
        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
            values.TryGetValue(routeKey, out var value) && value is string text && text.Length == length && !text.AsSpan().ContainsAnyExcept(HexDigits);
    }
}
