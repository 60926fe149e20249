using System.Net;
using System.Net.Sockets;

namespace CasGists.Tests.Fixtures;

public class ServiceRequirementsTests
{
    [Fact]
    public void AMissingServiceSkipsOutsideCiButNotInCi()
    {
        Assert.Contains("Redis is down", ServiceRequirements.SkipReason("Redis is down", inCi: false));
        Assert.Null(ServiceRequirements.SkipReason("Redis is down", inCi: true));
        Assert.Null(ServiceRequirements.SkipReason(null, inCi: false));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void CiIsRecognisedFromTheCiVariable(string? value, bool expected)
    {
        Assert.Equal(expected, ServiceRequirements.IsCi(value));
    }

    [Fact]
    public void APortWithNothingListeningIsReportedAsUnreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        Assert.Contains($"127.0.0.1:{port}", ServiceRequirements.ProbeRedis($"127.0.0.1:{port}"));
    }

    [RedisFact]
    public void TheTestRedisAnswersPing()
    {
        var configuration = ServiceRequirements.RequireRedis();

        Assert.Null(ServiceRequirements.ProbeRedis(configuration));
    }

    [ChromiumFact]
    public void TheTestChromiumIsInstalled()
    {
        Assert.True(File.Exists(ServiceRequirements.RequireChromium()));
    }
}
