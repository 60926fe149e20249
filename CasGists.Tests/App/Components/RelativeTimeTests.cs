using CasGists.App.Components.Shared;

namespace CasGists.Tests.App.Components;

public sealed class RelativeTimeTests
{
    private static readonly DateTime Now = new(2026, 6, 15, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(60, "1 minute ago")]
    [InlineData(59 * 60, "59 minutes ago")]
    [InlineData(3 * 3600, "3 hours ago")]
    [InlineData(30 * 3600, "yesterday")]
    [InlineData(5 * 86400, "5 days ago")]
    [InlineData(60 * 86400, "on Apr 16")]
    [InlineData(400 * 86400, "on May 11, 2025")]
    public void DescribesAgesTheWayPeopleSayThem(int secondsAgo, string expected)
    {
        Assert.Equal(expected, RelativeTime.Describe(Now.AddSeconds(-secondsAgo), Now));
    }
}
