using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Api;

public sealed partial class OpenApiTests : ApiTestContext
{
    [Fact]
    public async Task TheDocumentIsOpenApi3AndListsEveryV1RouteTheAppServes()
    {
        var response = await Client().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await ReadJsonAsync(response);
        Assert.StartsWith("3.", (string)document["openapi"]!);
        var paths = document["paths"]!.AsObject().ToDictionary(p => p.Key.TrimEnd('/'), p => p.Value);

        var served = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true && !e.RoutePattern.RawText.Contains("**"))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(m => (Path: Normalize(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .ToList();
        Assert.True(served.Count >= 20, $"only {served.Count} v1 routes");
        foreach (var (path, method) in served)
        {
            Assert.True(paths.ContainsKey(path), $"{path} is not in the document");
            Assert.NotNull(paths[path]![method]);
        }
        Assert.Equal(served.Select(s => s.Path).Distinct().Order(), paths.Keys.Order());
    }

    [Fact]
    public async Task OperationsDescribeTheirBodiesAndResponsesWithSchemas()
    {
        var document = await ReadJsonAsync(await Client().GetAsync("/openapi/v1.json"));
        var create = document["paths"]!["/api/v1/gists"]!["post"]!;
        Assert.NotNull(create["requestBody"]!["content"]!["application/json"]!["schema"]);
        Assert.NotNull(create["responses"]!["201"]);
        var schemas = document["components"]!["schemas"]!.AsObject();
        Assert.True(schemas.ContainsKey("GistResponse"));
        Assert.True(schemas.ContainsKey("CreateGistRequest"));
        Assert.NotNull(schemas["GistResponse"]!["properties"]!["files"]);
        Assert.NotNull(document["paths"]!["/api/v1/gists/{id}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]);
    }

    [Theory]
    [InlineData("GistResponse")]
    [InlineData("GistSummaryResponse")]
    [InlineData("GistAtRevisionResponse")]
    [InlineData("CreateGistRequest")]
    [InlineData("UpdateGistRequest")]
    public async Task GistSchemasDescribeTopicsAsAnArrayOfStrings(string schema)
    {
        var document = await ReadJsonAsync(await Client().GetAsync("/openapi/v1.json"));
        var topics = document["components"]!["schemas"]![schema]!["properties"]!["topics"];
        Assert.NotNull(topics);
        Assert.Contains("array", topics["type"]!.ToJsonString());
        Assert.Equal("string", (string)topics["items"]!["type"]!);
    }

    [Fact]
    public async Task TheReferencePageServesItsScriptsItselfAndTheFooterLinksToIt()
    {
        var page = await Client().GetAsync("/api/docs");
        for (var hops = 0; hops < 3 && page.Headers.Location is { } location; hops++)
        {
            page = await Client().GetAsync(new Uri(page.RequestMessage!.RequestUri!, location));
        }
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var scripts = ScriptSources().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.DoesNotContain(scripts, s => s.StartsWith("http", StringComparison.OrdinalIgnoreCase) || s.StartsWith("//", StringComparison.Ordinal));
        foreach (var script in scripts)
        {
            var url = new Uri(page.RequestMessage!.RequestUri!, script);
            var asset = await Client().GetAsync(url);
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)asset.StatusCode}; page {page.RequestMessage.RequestUri}; scripts {string.Join(", ", scripts)}");
        }
        Assert.DoesNotContain("cdn.jsdelivr", html);
        Assert.DoesNotContain("fonts.scalar.com", html);

        var home = await Client().GetStringAsync("/");
        Assert.Contains("href=\"/api/docs\"", home);
    }

    private static string Normalize(string route) => RouteConstraint().Replace(route, "{$1}").TrimEnd('/');

    [GeneratedRegex(@"\{([a-zA-Z]+)(:[^}]+)?\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"")]
    private static partial Regex ScriptSources();
}
