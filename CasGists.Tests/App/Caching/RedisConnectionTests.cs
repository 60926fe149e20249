using CasGists.App.Caching;
using StackExchange.Redis;

namespace CasGists.Tests.App.Caching;

public sealed class RedisConnectionTests
{
    [Fact]
    public void ARedisUrlBecomesAConfigurationWithTheShortTimeouts()
    {
        var options = RedisConnection.Parse("redis://:s3cret%21@cache.internal:6380/2");

        Assert.Equal("cache.internal:6380", options.EndPoints.Single().ToString()!.Replace("Unspecified/", ""));
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
        Assert.EndsWith(":6379", options.EndPoints.Single().ToString());
    }
}
