using System.Text.RegularExpressions;
using CasGists.Core.Accounts;
using CasGists.Core.Common;
using Microsoft.Extensions.Options;

namespace CasGists.Tests.Core.Accounts;

public sealed class PasswordHasherTests
{
    private static PasswordHasher Hasher(Action<AccountOptions>? configure = null)
    {
        var options = new AccountOptions();
        configure?.Invoke(options);
        return new PasswordHasher(Options.Create(options));
    }

    [Fact]
    public async Task HashIsAPhcArgon2idStringWithTheConfiguredParameters()
    {
        using var hasher = Hasher();

        var hash = await hasher.HashAsync("correct horse battery staple");

        var match = Regex.Match(hash, @"^\$argon2id\$v=19\$m=19456,t=2,p=1\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$");
        Assert.True(match.Success, hash);
        Assert.Equal(16, Convert.FromBase64String(match.Groups[1].Value + "==").Length);
        Assert.Equal(32, Convert.FromBase64String(match.Groups[2].Value + "=").Length);
        Assert.NotEqual(hash, await hasher.HashAsync("correct horse battery staple"));
    }

    [Fact]
    public async Task TheRightPasswordVerifiesAndAWrongOneFails()
    {
        using var hasher = Hasher();
        var hash = await hasher.HashAsync("correct horse battery staple");

        Assert.Equal(PasswordVerification.Success, await hasher.VerifyAsync("correct horse battery staple", hash));
        Assert.Equal(PasswordVerification.Failed, await hasher.VerifyAsync("correct horse battery stapler", hash));
        Assert.Equal(PasswordVerification.Failed, await hasher.VerifyAsync("correct horse battery staple", "not a hash"));
    }

    [Fact]
    public async Task VerifyReadsTheParametersFromTheHashAndAsksForARehashWhenTheyAreWeaker()
    {
        using var weak = Hasher(o => { o.Argon2MemoryKiB = 8192; o.Argon2Iterations = 1; });
        using var strong = Hasher();
        var weakHash = await weak.HashAsync("s3cret-password");
        Assert.Contains("$m=8192,t=1,p=1$", weakHash);

        Assert.Equal(PasswordVerification.SuccessRehashNeeded, await strong.VerifyAsync("s3cret-password", weakHash));
        Assert.Equal(PasswordVerification.Success, await weak.VerifyAsync("s3cret-password", weakHash));
        Assert.Equal(PasswordVerification.Failed, await strong.VerifyAsync("wrong-password", weakHash));
        Assert.True(strong.IsWeakerThanConfigured(weakHash));
        Assert.False(strong.IsWeakerThanConfigured(await strong.HashAsync("s3cret-password")));
    }

    [Fact]
    public async Task AnOverLongPasswordIsRefusedWithoutHashing()
    {
        using var hasher = Hasher(o => o.MaxPasswordLength = 20);
        var hash = await hasher.HashAsync(new string('a', 20));
        var before = hasher.HashesComputed;

        var error = await Assert.ThrowsAsync<ValidationException>(() => hasher.HashAsync(new string('a', 21)));
        Assert.Equal(PasswordVerification.Failed, await hasher.VerifyAsync(new string('a', 21), hash));

        Assert.True(error.Errors.ContainsKey("password"));
        Assert.Equal(before, hasher.HashesComputed);
    }

    [Fact]
    public async Task ConcurrentHashesBeyondTheBoundQueue()
    {
        using var hasher = Hasher(o => { o.MaxConcurrentHashes = 1; o.Argon2MemoryKiB = 8192; o.Argon2Iterations = 1; });
        var firstInside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = 0;
        hasher.OnHashingForTesting = async () =>
        {
            if (Interlocked.Increment(ref entered) == 1)
            {
                firstInside.SetResult();
                await releaseFirst.Task;
            }
        };

        var first = Task.Run(() => hasher.HashAsync("password-one"));
        await firstInside.Task;
        var second = Task.Run(() => hasher.HashAsync("password-two"));
        // Give the second hash every chance to get in; with the bound it stays queued.
        for (var i = 0; i < 50 && Volatile.Read(ref entered) < 2; i++)
        {
            await Task.Delay(10);
        }
        Assert.Equal(1, Volatile.Read(ref entered));
        Assert.Equal(1, hasher.ActiveHashes);

        releaseFirst.SetResult();
        await Task.WhenAll(first, second);

        Assert.Equal(2, entered);
        Assert.Equal(1, hasher.PeakActiveHashes);
    }

    [Fact]
    public async Task TheBoundLetsThatManyHashesRunTogether()
    {
        using var hasher = Hasher(o => { o.MaxConcurrentHashes = 2; o.Argon2MemoryKiB = 8192; o.Argon2Iterations = 1; });
        var bothInside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = 0;
        hasher.OnHashingForTesting = async () =>
        {
            if (Interlocked.Increment(ref entered) == 2)
            {
                bothInside.SetResult();
            }
            await bothInside.Task.WaitAsync(TimeSpan.FromSeconds(10));
        };

        await Task.WhenAll(Task.Run(() => hasher.HashAsync("password-one")), Task.Run(() => hasher.HashAsync("password-two")));

        Assert.Equal(2, hasher.PeakActiveHashes);
    }
}
