using System.IO.Compression;
using CasGists.App.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Gists;
using CasGists.Core.Gists.Revisions;

namespace CasGists.App.Gists;

/// <summary>
/// <c>/{user}/{id}/archive/{revision}.zip</c>: the files at a revision (a commit id, or HEAD / main)
/// in a folder <c>{id}-{shortsha}/</c>, written straight into the response.
/// </summary>
public static class ArchiveEndpoints
{
    private const string Id = "{id:hex(32)}";

    public static IEndpointRouteBuilder MapArchives(this IEndpointRouteBuilder app)
    {
        app.MapGet($"/{{user}}/{Id}/archive/{{revision}}.zip", ServeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task ServeAsync(HttpContext context, GistHistoryService history, string id, string revision, CancellationToken ct)
    {
        GistSnapshot snapshot;
        try
        {
            // The service checks the revision's shape and resolves it within the gist's history; the text never reaches git.
            snapshot = await history.GetSnapshotAsync(context.User.ToViewer(), id, revision, ct);
        }
        catch (NotFoundException)
        {
            // Missing, private and unknown revisions answer alike, so a private gist's existence does not leak.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("Not found.\n", ct);
            return;
        }

        var folder = $"{snapshot.Gist.Id}-{snapshot.ShortRevision}";
        var response = context.Response;
        response.ContentType = "application/zip";
        response.Headers.ContentDisposition = $"attachment; filename=\"{folder}.zip\"";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-cache";

        // ZipArchive still closes entry streams synchronously, which Kestrel refuses; so each entry is
        // compressed into a buffer and sent before the next: memory holds one file, not the whole archive.
        var buffer = new EntryBuffer();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in snapshot.Files)
            {
                var entry = zip.CreateEntry($"{folder}/{file.Name}", CompressionLevel.Fastest);
                entry.LastWriteTime = snapshot.Time;
                using (var stream = entry.Open())
                {
                    stream.Write(file.Content);
                }
                await buffer.SendAsync(response.Body, ct);
            }
        }
        await buffer.SendAsync(response.Body, ct);
    }

    /// <summary>A write-only stream that collects bytes until <see cref="SendAsync"/> passes them on.</summary>
    private sealed class EntryBuffer : Stream
    {
        private readonly MemoryStream _pending = new();
        private long _sent;

        public async Task SendAsync(Stream destination, CancellationToken ct)
        {
            _sent += _pending.Length;
            await destination.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), ct);
            _pending.SetLength(0);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _sent + _pending.Length; set => throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
