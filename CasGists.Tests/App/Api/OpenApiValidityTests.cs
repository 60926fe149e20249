using System.Net;
using Microsoft.OpenApi;

namespace CasGists.Tests.App.Api;

/// <summary>The document read back by the OpenAPI library itself: it parses without errors and passes the default rules.</summary>
public sealed class OpenApiValidityTests : ApiTestContext
{
    [Fact]
    public async Task TheDocumentParsesAndValidatesWithoutErrors()
    {
        var response = await Client().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();

        var read = OpenApiDocument.Parse(text, "json");
        Assert.Empty(read.Diagnostic!.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        var document = read.Document!;
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(e => $"{e.Pointer}: {e.Message}"));

        Assert.Equal("CasGists API", document.Info.Title);
        Assert.NotNull(document.Components?.SecuritySchemes?["token"]);
        foreach (var (path, item) in document.Paths)
        {
            Assert.StartsWith("/api/v1/", path);
            foreach (var (method, operation) in item.Operations!)
            {
                Assert.True(operation.Responses is { Count: > 0 }, $"{method} {path} has no responses");
                // Every {name} in the path is a declared path parameter.
                foreach (var name in System.Text.RegularExpressions.Regex.Matches(path, @"\{([^}]+)\}").Select(m => m.Groups[1].Value))
                {
                    Assert.True(operation.Parameters?.Any(p => p.In == ParameterLocation.Path && p.Name == name) == true ||
                        item.Parameters?.Any(p => p.In == ParameterLocation.Path && p.Name == name) == true,
                        $"{method} {path} does not declare {{{name}}}");
                }
            }
        }
    }
}
