using System.Globalization;

namespace CasGists.App.Components.Shared;

/// <summary>
/// A page number from the query string, read as text: Blazor's own binding of <c>?page=</c> to an <c>int?</c>
/// throws on <c>?page=abc</c>, <c>?page=2?x=1</c> or a number past <c>int.MaxValue</c>, and a hand-edited or
/// mangled link got a 500. Anything that is not a whole number reads as no page (the first one).
/// </summary>
public static class PageQuery
{
    public static int? Parse(string? text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var page) ? page : null;
}
