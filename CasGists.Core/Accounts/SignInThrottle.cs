using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CasGists.Core.Accounts;

/// <summary>
/// Counts failed sign-ins (password and second step) in a sliding window per account and per client IP, and
/// refuses further attempts while either is over its limit. Only failures count, so a person who types their
/// password right is never held up by others. In memory: on several servers each keeps its own count, so the
/// effective limit is multiplied by the server count; a shared store (Redis) would make it exact.
/// </summary>
public sealed class SignInThrottle(IOptions<AccountOptions> options, TimeProvider clock)
{
    /// <summary>Above this many keys, expired windows are swept on the next failure, so the map cannot grow without end.</summary>
    private const int SweepThreshold = 10_000;

    private readonly AccountOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>How long until another attempt is allowed, or null when one is allowed now.</summary>
    public TimeSpan? RetryAfter(string account, string? ip)
    {
        var now = clock.GetUtcNow();
        var byAccount = Wait(AccountKey(account), _options.FailuresPerAccount, now);
        var byIp = ip is null ? null : Wait(IpKey(ip), _options.FailuresPerIp, now);
        return byAccount is null ? byIp : byIp is null ? byAccount : byAccount > byIp ? byAccount : byIp;
    }

    public void RecordFailure(string account, string? ip)
    {
        var now = clock.GetUtcNow();
        if (_windows.Count > SweepThreshold)
        {
            Sweep(now);
        }
        _windows.GetOrAdd(AccountKey(account), _ => new Window()).Add(now, _options.ThrottleWindow);
        if (ip is not null)
        {
            _windows.GetOrAdd(IpKey(ip), _ => new Window()).Add(now, _options.ThrottleWindow);
        }
    }

    /// <summary>A right answer clears the account's count (not the IP's, which may be shared with an attacker).</summary>
    public void Reset(string account) => _windows.TryRemove(AccountKey(account), out _);

    private TimeSpan? Wait(string key, int limit, DateTimeOffset now) =>
        _windows.TryGetValue(key, out var window) ? window.Wait(now, _options.ThrottleWindow, limit) : null;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, window) in _windows)
        {
            if (window.IsEmpty(now, _options.ThrottleWindow))
            {
                _windows.TryRemove(key, out _);
            }
        }
    }

    private static string AccountKey(string account) => "a:" + account.Trim().ToLowerInvariant();

    private static string IpKey(string ip) => "ip:" + ip;

    private sealed class Window
    {
        private readonly Queue<DateTimeOffset> _failures = new();

        public void Add(DateTimeOffset now, TimeSpan length)
        {
            lock (_failures)
            {
                Trim(now, length);
                _failures.Enqueue(now);
            }
        }

        public TimeSpan? Wait(DateTimeOffset now, TimeSpan length, int limit)
        {
            lock (_failures)
            {
                Trim(now, length);
                if (_failures.Count < limit)
                {
                    return null;
                }
                // The attempt that would fall out of the window first, once enough have to drop below the limit.
                var freeing = _failures.ElementAt(_failures.Count - limit);
                return freeing + length - now;
            }
        }

        public bool IsEmpty(DateTimeOffset now, TimeSpan length)
        {
            lock (_failures)
            {
                Trim(now, length);
                return _failures.Count == 0;
            }
        }

        private void Trim(DateTimeOffset now, TimeSpan length)
        {
            while (_failures.Count > 0 && _failures.Peek() <= now - length)
            {
                _failures.Dequeue();
            }
            // More than any limit needs; keeps one busy key from holding thousands of timestamps.
            while (_failures.Count > 100_000)
            {
                _failures.Dequeue();
            }
        }
    }
}
