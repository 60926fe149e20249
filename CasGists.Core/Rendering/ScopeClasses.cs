namespace CasGists.Core.Rendering;

/// <summary>
/// Maps TextMate scopes to a dozen CSS classes. A theme per grammar would be exact but heavy;
/// a small fixed palette keeps light and dark consistent and the markup small.
/// </summary>
internal static class ScopeClasses
{
    // Checked in order against each scope, innermost first; the first prefix that matches wins.
    private static readonly (string Prefix, string Class)[] Rules =
    [
        ("comment", "hl-comment"),
        ("punctuation.definition.comment", "hl-comment"),
        ("string.regexp", "hl-string"),
        ("string", "hl-string"),
        ("punctuation.definition.string", "hl-string"),
        ("constant.numeric", "hl-number"),
        ("constant.character.escape", "hl-constant"),
        ("constant", "hl-constant"),
        ("support.constant", "hl-constant"),
        ("variable.language", "hl-constant"),
        ("keyword.operator", "hl-operator"),
        ("keyword", "hl-keyword"),
        ("storage.type", "hl-keyword"),
        ("storage", "hl-keyword"),
        ("entity.name.tag", "hl-tag"),
        ("entity.other.attribute-name", "hl-attribute"),
        ("support.type.property-name", "hl-attribute"),
        ("entity.name.function", "hl-function"),
        ("support.function", "hl-function"),
        ("entity.name.type", "hl-type"),
        ("entity.name.class", "hl-type"),
        ("entity.name.namespace", "hl-type"),
        ("entity.other.inherited-class", "hl-type"),
        ("support.type", "hl-type"),
        ("support.class", "hl-type"),
        ("markup.heading", "hl-keyword"),
        ("markup.bold", "hl-keyword"),
        ("markup.italic", "hl-variable"),
        ("markup.inline.raw", "hl-string"),
        ("markup.underline.link", "hl-function"),
        ("markup.inserted", "hl-string"),
        ("markup.deleted", "hl-tag"),
        ("variable", "hl-variable"),
        ("support.variable", "hl-variable"),
        ("entity.name", "hl-variable"),
        ("punctuation", "hl-punctuation"),
        ("meta.brace", "hl-punctuation"),
    ];

    public static string? For(IReadOnlyList<string> scopes)
    {
        // Inside a comment or a string everything takes that colour (except interpolations).
        for (var i = scopes.Count - 1; i >= 0; i--)
        {
            var scope = scopes[i];
            if (scope.StartsWith("meta.interpolation", StringComparison.Ordinal) ||
                scope.StartsWith("meta.embedded", StringComparison.Ordinal) ||
                scope.StartsWith("meta.template.expression", StringComparison.Ordinal))
            {
                break;
            }
            if (scope.StartsWith("comment", StringComparison.Ordinal))
            {
                return "hl-comment";
            }
            if (scope.StartsWith("string", StringComparison.Ordinal) && !scope.StartsWith("string.unquoted", StringComparison.Ordinal))
            {
                return "hl-string";
            }
        }

        for (var i = scopes.Count - 1; i >= 0; i--)
        {
            foreach (var (prefix, cssClass) in Rules)
            {
                if (Matches(scopes[i], prefix))
                {
                    return cssClass;
                }
            }
        }
        return null;
    }

    private static bool Matches(string scope, string prefix) =>
        scope.StartsWith(prefix, StringComparison.Ordinal) &&
        (scope.Length == prefix.Length || scope[prefix.Length] == '.');
}
