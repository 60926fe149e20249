using System.Net;
using System.Text.Json;
using CasGists.App.Observability;
using CasGists.Tests.Fixtures;

namespace CasGists.Tests.App.Observability;

public sealed class RequestIdTests
{
    [Fact]
    public async Task ASaneIncomingRequestIdIsEchoed()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Request-Id", "support-ticket_42.a");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal("support-ticket_42.a", Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("has space")]
    [InlineData("<script>")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task AMissingOrUnsafeRequestIdIsReplacedByANewOne(string? incoming)
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        if (incoming is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Request-Id", incoming);
        }

        var response = await app.CreateClient().SendAsync(request);

        var echoed = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Matches("^[0-9a-f]{32}$", echoed);
    }

    [Fact]
    public async Task EachRequestGetsItsOwnId()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        var client = app.CreateClient();

        var first = (await client.GetAsync("/health/live")).Headers.GetValues("X-Request-Id").Single();
        var second = (await client.GetAsync("/health/live")).Headers.GetValues("X-Request-Id").Single();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task ProblemDetailsCarryTheRequestIdAndTheW3CTraceId()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/page/here");
        request.Headers.Add("X-Request-Id", "report-7");
        request.Headers.Add("Accept", "application/json");
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("report-7", problem.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", problem.RootElement.GetProperty("traceId").GetString());
        Assert.Equal("report-7", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("A-Z_a.z-09", true)]
    [InlineData("", false)]
    [InlineData("a/b", false)]
    [InlineData("a\nb", false)]
    [InlineData("ü", false)]
    public void OnlyShortPlainTokensAreSane(string value, bool sane) =>
        Assert.Equal(sane, RequestIdMiddleware.IsSane(value));

    [Fact]
    public void SixtyFourCharactersIsTheLimit()
    {
        Assert.True(RequestIdMiddleware.IsSane(new string('a', 64)));
        Assert.False(RequestIdMiddleware.IsSane(new string('a', 65)));
    }
}

public sealed class NotFoundPageRequestIdTests
{
    [Fact]
    public async Task TheNotFoundPageShowsTheRequestId()
    {
        await using var app = await CasGistsAppFactory.CreateAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/nobody/0123456789abcdef0123456789abcdef");
        request.Headers.Add("X-Request-Id", "lost-gist-1");
        request.Headers.Add("Accept", "text/html");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Request id: <code>lost-gist-1</code>", await response.Content.ReadAsStringAsync());
    }
}
