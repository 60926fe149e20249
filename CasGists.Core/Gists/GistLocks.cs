namespace CasGists.Core.Gists;

/// <summary>
/// One in-process lock per gist id, so two saves of the same gist on this server queue up instead of
/// racing for the ref. (Across servers, the ref's compare-and-swap and the row's concurrency token decide.)
/// </summary>
public sealed class GistLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string gistId, CancellationToken ct = default)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(gistId, out entry!))
            {
                _entries[gistId] = entry = new Entry();
            }
            entry.Users++;
        }
        try
        {
            await entry.Gate.WaitAsync(ct);
        }
        catch
        {
            Leave(gistId, entry, entered: false);
            throw;
        }
        return new Releaser(this, gistId, entry);
    }

    private void Leave(string gistId, Entry entry, bool entered)
    {
        lock (_entries)
        {
            if (entered)
            {
                entry.Gate.Release();
            }
            // Forget idle gists so the table holds only gists being written right now.
            if (--entry.Users == 0)
            {
                _entries.Remove(gistId);
                entry.Gate.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public int Users { get; set; }
    }

    private sealed class Releaser(GistLocks owner, string gistId, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Leave(gistId, entry, entered: true);
            }
        }
    }
}
