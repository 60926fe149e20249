using CasGists.App.Caching;
using StackExchange.Redis;

namespace CasGists.Tests.App.Caching;

public sealed class RedisConnectionTests
{
    [Fact]
    public void ARedisUrlBecomesAConfigurationWithTheShortTimeouts()
    {
        var options = RedisConnection.Parse("redis://:s3cret%21@cache.internal:6380/2");

        Assert.True(options.EndPoints.Single() is System.Net.DnsEndPoint { Host: "cache.internal", Port: 6380 });
        Assert.Equal("s3cret!", options.Password);
        Assert.Equal(2, options.DefaultDatabase);
        Assert.False(options.AbortOnConnectFail);
        Assert.Equal(250, options.ConnectTimeout);
        Assert.Equal(250, options.SyncTimeout);
        Assert.Equal(250, options.AsyncTimeout);
        Assert.Same(BacklogPolicy.FailFast, options.BacklogPolicy);
    }

    [Fact]
    public void OptionsInAConfigurationStringWinOverTheDefaults()
    {
        var options = RedisConnection.Parse("127.0.0.1:6390,connectTimeout=2000,ssl=true");

        Assert.Equal(2000, options.ConnectTimeout);
        Assert.Equal(250, options.SyncTimeout);
        Assert.True(options.Ssl);
    }

    [Fact]
    public void ATlsUrlTurnsOnSslAndADefaultPort()
    {
        var options = RedisConnection.Parse("rediss://user:pw@example.test");

        Assert.True(options.Ssl);
        Assert.Equal("user", options.User);
        Assert.True(options.EndPoints.Single() is System.Net.DnsEndPoint { Host: "example.test", Port: 6379 });
    }
}
