namespace CasGists.App.Embeds;

/// <summary>
/// The embed's stylesheet, written inline with the gist so it shows styled at once (no second request,
/// no flash of plain text). Every rule starts at <c>.casgists-embed</c>: nothing leaks into the host page,
/// and the host's element rules (table, td, pre, a) lose to these more specific ones. Light palette only,
/// as GitHub's embeds: a host page rarely follows the reader's theme either.
/// </summary>
internal static class EmbedStyles
{
    public const string Css = """
.casgists-embed{all:initial;display:block;contain:content;margin:0 0 16px;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;color:#1f2328;text-align:left;direction:ltr}
.casgists-embed *,.casgists-embed *::before,.casgists-embed *::after{box-sizing:border-box}
.casgists-embed .cge-file{display:block;margin:0 0 16px;border:1px solid #d1d9e0;border-radius:6px;overflow:hidden;background:#fff}
.casgists-embed .cge-file:last-child{margin-bottom:0}
.casgists-embed .cge-data{display:block;margin:0;padding:0;background:#fff;overflow:auto;max-height:none;border:0}
.casgists-embed .cge-scroll{overflow-x:auto;margin:0;padding:0}
.casgists-embed table.cge-code{border-collapse:collapse;border-spacing:0;border:0;margin:0;padding:0;width:100%;min-width:0;max-width:none;background:#fff;table-layout:auto;font:12px/20px ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;color:#1f2328;tab-size:4}
.casgists-embed table.cge-code tr,.casgists-embed table.cge-code tbody{border:0;margin:0;padding:0;background:transparent}
.casgists-embed table.cge-code td{border:0;margin:0;padding:0 10px;vertical-align:top;background:transparent;font:inherit;color:inherit;text-align:left;line-height:20px}
.casgists-embed table.cge-code td.cge-ln{width:1%;min-width:50px;padding:0 10px;text-align:right;color:#59636e;white-space:nowrap;user-select:none;-webkit-user-select:none}
.casgists-embed table.cge-code td.cge-ln::before{content:attr(data-line-number)}
.casgists-embed table.cge-code td.cge-lc{white-space:pre;overflow:visible;word-wrap:normal}
.casgists-embed table.cge-code tr:first-child td{padding-top:8px}
.casgists-embed table.cge-code tr:last-child td{padding-bottom:8px}
.casgists-embed table.cge-code span{font:inherit;background:transparent;padding:0;margin:0;border:0}
.casgists-embed .hl-comment{color:#59636e;font-style:italic}
.casgists-embed .hl-string{color:#0a3069}
.casgists-embed .hl-keyword,.casgists-embed .hl-operator{color:#cf222e}
.casgists-embed .hl-number,.casgists-embed .hl-constant,.casgists-embed .hl-attribute{color:#0550ae}
.casgists-embed .hl-type{color:#953800}
.casgists-embed .hl-function{color:#8250df}
.casgists-embed .hl-variable,.casgists-embed .hl-punctuation{color:#1f2328}
.casgists-embed .hl-tag{color:#116329}
.casgists-embed .cge-empty{margin:0;padding:16px;color:#59636e;font-size:14px}
.casgists-embed .cge-markdown{padding:16px 24px;font-size:15px;line-height:1.6;word-wrap:break-word;overflow-wrap:anywhere}
.casgists-embed .cge-markdown>*:first-child{margin-top:0}
.casgists-embed .cge-markdown>*:last-child{margin-bottom:0}
.casgists-embed .cge-markdown h1,.casgists-embed .cge-markdown h2,.casgists-embed .cge-markdown h3,.casgists-embed .cge-markdown h4,.casgists-embed .cge-markdown h5,.casgists-embed .cge-markdown h6{margin:24px 0 16px;font-weight:600;line-height:1.25;color:#1f2328;font-family:inherit}
.casgists-embed .cge-markdown h1{font-size:2em;padding-bottom:.3em;border-bottom:1px solid #d1d9e0}
.casgists-embed .cge-markdown h2{font-size:1.5em;padding-bottom:.3em;border-bottom:1px solid #d1d9e0}
.casgists-embed .cge-markdown h3{font-size:1.25em}
.casgists-embed .cge-markdown p,.casgists-embed .cge-markdown ul,.casgists-embed .cge-markdown ol,.casgists-embed .cge-markdown blockquote,.casgists-embed .cge-markdown pre,.casgists-embed .cge-markdown table{margin:0 0 16px}
.casgists-embed .cge-markdown ul,.casgists-embed .cge-markdown ol{padding-left:2em}
.casgists-embed .cge-markdown blockquote{padding:0 1em;color:#59636e;border-left:.25em solid #d1d9e0}
.casgists-embed .cge-markdown code{font:85% ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eff2f5;padding:.15em .4em;border-radius:5px}
.casgists-embed .cge-markdown pre{background:#f6f8fa;border:1px solid #d1d9e0;padding:12px 16px;border-radius:6px;overflow-x:auto;line-height:1.45}
.casgists-embed .cge-markdown pre code{background:transparent;padding:0;font-size:85%}
.casgists-embed .cge-markdown img{max-width:100%}
.casgists-embed .cge-markdown table{border-collapse:collapse}
.casgists-embed .cge-markdown th,.casgists-embed .cge-markdown td{border:1px solid #d1d9e0;padding:6px 13px}
.casgists-embed a{color:#0969da;text-decoration:none;background:transparent}
.casgists-embed a:hover{text-decoration:underline}
.casgists-embed .cge-meta{display:block;margin:0;padding:10px;overflow:hidden;font:12px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;color:#59636e;background:#f6f8fa;border-top:1px solid #d1d9e0;border-radius:0}
.casgists-embed .cge-meta a{color:#59636e;font-weight:600}
.casgists-embed .cge-meta .cge-raw{float:right;margin-left:10px}
""";
}
