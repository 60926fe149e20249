using System.Text.Encodings.Web;

namespace CasGists.App.Embeds;

/// <summary>
/// Wraps HTML in the one statement an embed runs: <c>document.write("…")</c>. The string literal is
/// ASCII only: quotes, backslashes, <c>&lt;</c> and <c>&gt;</c> (so no <c>&lt;/script&gt;</c> or
/// <c>&lt;!--</c> can end or change the script element), line and paragraph separators and every
/// other non-ASCII character are <c>\uXXXX</c> escapes, so the host page's charset cannot garble it either.
/// </summary>
public static class EmbedScript
{
    public static string DocumentWrite(string html) => $"document.write(\"{Literal(html)}\");\n";

    /// <summary>The body of a double-quoted JavaScript string literal holding <paramref name="text"/>.</summary>
    public static string Literal(string text) => JavaScriptEncoder.Default.Encode(text);
}
