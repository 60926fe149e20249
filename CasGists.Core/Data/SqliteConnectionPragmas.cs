using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CasGists.Core.Data;

/// <summary>
/// Maps the SQLite file into memory (up to <see cref="MmapBytes"/>) on every database connection EF Core uses. Without
/// it each page a query touches is copied out of the OS cache through a read call into a 2 MB page cache per connection;
/// a search at 100,000 gists touches tens of thousands of pages (docs/performance.md). Pages stay in the OS cache shared
/// by every connection, so this costs no heap.
/// </summary>
/// <remarks>
/// A pooled connection keeps its native handle across opens, and the setting lives on the handle: it is applied once
/// per handle, not on every open of every request.
/// </remarks>
public sealed class SqliteConnectionPragmas : DbConnectionInterceptor
{
    public const long MmapBytes = 1L << 30;

    public static readonly SqliteConnectionPragmas Instance = new();

    private static readonly string Pragmas = $"PRAGMA mmap_size = {MmapBytes.ToString(CultureInfo.InvariantCulture)};";

    private readonly ConditionalWeakTable<object, object> _applied = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsPragmas(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ApplyAsync(connection, cancellationToken);

    /// <summary>The settings, for a connection opened without EF Core (the search's own, <c>DatabaseSettings.OpenAsync</c>).</summary>
    public async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        if (NeedsPragmas(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    // True the first time this open SQLite handle is seen (TryAdd is atomic; a handle is used by one connection at a
    // time); false for any other connection, so a caller need not know the provider.
    private bool NeedsPragmas(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && _applied.TryAdd(handle, handle);
}
