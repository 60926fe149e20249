using System.Net;
using System.Text;
using CasGists.App.Components.Pages.Gists;
using CasGists.App.Components.Shared;
using CasGists.Core.Gists;
using CasGists.Core.Rendering;

namespace CasGists.App.Embeds;

/// <summary>
/// The HTML an embed writes into someone else's page: the same highlighted lines and sanitised
/// Markdown as the gist page, under one class (<see cref="RootClass"/>) that every style rule
/// starts from, with absolute links back to the gist and its raw files.
/// </summary>
public static class EmbedHtml
{
    public const string RootClass = "casgists-embed";

    /// <summary>Renders <paramref name="files"/> (all of the gist's, or the one asked for) of <paramref name="gist"/>.</summary>
    public static string Render(FileRenderer renderer, GistDetails gist, IReadOnlyList<GistFileView> files, string baseUrl)
    {
        var html = new StringBuilder();
        html.Append("<style>").Append(EmbedStyles.Css).Append("</style>");
        html.Append("<div id=\"casgists-").Append(gist.Id).Append("\" class=\"").Append(RootClass).Append("\">");
        foreach (var file in files)
        {
            var index = IndexOf(gist, file);
            var rendered = renderer.Render(gist.HeadRevision, file);
            var gistUrl = SiteUrl.Gist(baseUrl, gist.OwnerUserName, gist.Id);
            var rawUrl = baseUrl + GistRoute.Raw(gist.OwnerUserName, gist.Id, gist.HeadRevision, file.Name);

            html.Append("<div class=\"cge-file\">");
            html.Append("<div class=\"cge-data\">");
            if (rendered.IsMarkdown)
            {
                // Sanitised by MarkdownRenderer, exactly as the gist page shows it.
                html.Append("<div class=\"cge-markdown\">").Append(rendered.MarkdownHtml).Append("</div>");
            }
            else if (rendered.Lines.Count == 0 || (rendered.Lines.Count == 1 && rendered.Lines[0].Length == 0))
            {
                html.Append("<p class=\"cge-empty\">This file is empty.</p>");
            }
            else
            {
                html.Append("<div class=\"cge-scroll\"><table class=\"cge-code\"><tbody>");
                for (var i = 0; i < rendered.Lines.Count; i++)
                {
                    // Lines are HTML the highlighter built from encoded text; numbers come from CSS so copying takes only code.
                    html.Append("<tr><td class=\"cge-ln\" data-line-number=\"").Append(i + 1).Append("\"></td><td class=\"cge-lc\">")
                        .Append(rendered.Lines[i]).Append("</td></tr>");
                }
                html.Append("</tbody></table></div>");
            }
            html.Append("</div>");
            html.Append("<div class=\"cge-meta\">");
            html.Append("<a class=\"cge-raw\" href=\"").Append(Encode(rawUrl)).Append("\">view raw</a>");
            html.Append("<a class=\"cge-name\" href=\"").Append(Encode($"{gistUrl}#{FileBox.AnchorFor(file.Name, index)}")).Append("\">")
                .Append(Encode(file.Name)).Append("</a>");
            html.Append(" hosted with &#10084; by <a href=\"").Append(Encode(baseUrl + "/")).Append("\">CasGists</a>");
            html.Append("</div>");
            html.Append("</div>");
        }
        html.Append("</div>");
        return html.ToString();
    }

    private static int IndexOf(GistDetails gist, GistFileView file)
    {
        for (var i = 0; i < gist.Files.Count; i++)
        {
            if (ReferenceEquals(gist.Files[i], file) || gist.Files[i].Name == file.Name)
            {
                return i;
            }
        }
        return 0;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
