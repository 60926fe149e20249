using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CasGists.Core.Data;

/// <summary>
/// Maps the SQLite file into memory (up to <see cref="MmapBytes"/>) on every connection EF Core opens. Without it each
/// page a query touches is copied out of the OS cache through a read call into a 2 MB page cache per connection; a search
/// at 100,000 gists touches tens of thousands of pages (docs/performance.md, "SQLite memory map"). Pages stay in the OS
/// cache shared by every connection, so this costs no heap. The pragma only changes a limit, so running it on a pooled
/// connection that already has it is cheap.
/// </summary>
public sealed class SqliteConnectionPragmas : DbConnectionInterceptor
{
    public const long MmapBytes = 1L << 30;

    public static readonly SqliteConnectionPragmas Instance = new();

    private static readonly string Pragmas = $"PRAGMA mmap_size = {MmapBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
