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
    private const string Id = "{id:regex(^[0-9a-f]{{32}}$)}";

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

        await using var zip = await ZipArchive.CreateAsync(response.Body, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
        foreach (var file in snapshot.Files)
        {
            var entry = zip.CreateEntry($"{folder}/{file.Name}", CompressionLevel.Fastest);
            entry.LastWriteTime = DateTimeOffset.UtcNow;
            await using var stream = await entry.OpenAsync(ct);
            await stream.WriteAsync(file.Content, ct);
        }
    }
}
