using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using CasGists.Core.Data;
using CasGists.Core.Gists;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CasGists.App.Git;

/// <summary>
/// Clone, fetch and push over git's smart HTTP protocol at <c>/{user}/{id}.git</c>, served by the real
/// <c>git upload-pack</c> / <c>git receive-pack</c> in <c>--stateless-rpc</c> mode. Access follows <see cref="GistAccess"/>;
/// pushes are checked before refs move (<see cref="PreReceiveHook"/>, ADR-006) and reindexed after, under the gist's lock.
/// </summary>
public static partial class GitHttpEndpoints
{
    private const string UploadPack = "git-upload-pack";
    private const string ReceivePack = "git-receive-pack";
    private const string Realm = "Basic realm=\"CasGists\", charset=\"UTF-8\"";

    /// <summary>Wants and haves of a gist's fetch are a few KB; this only stops abuse.</summary>
    private const long UploadRequestLimit = 10 * 1024 * 1024;

    public static IEndpointRouteBuilder MapGitHttp(this IEndpointRouteBuilder app)
    {
        var repository = app.MapGroup("/{user}/{id:hex(32)}.git");
        repository.MapGet("/info/refs", AdvertiseAsync);
        repository.MapPost("/" + UploadPack, (HttpContext http, string user, string id) => ServeAsync(http, user, id, UploadPack));
        repository.MapPost("/" + ReceivePack, (HttpContext http, string user, string id) => ServeAsync(http, user, id, ReceivePack));
        return app;
    }

    /// <summary>The largest receive-pack body accepted: twice the largest gist (a pack can hold the old and new version) plus room for history.</summary>
    public static long ReceiveRequestLimit(GistOptions options) => options.MaxTotalBytes * 2 + 10 * 1024 * 1024;

    private static async Task AdvertiseAsync(HttpContext http, string user, string id)
    {
        var service = http.Request.Query["service"].ToString();
        if (service is not (UploadPack or ReceivePack))
        {
            // Only the smart protocol: no dumb HTTP, and nothing else ever reaches a command line.
            await PlainAsync(http, StatusCodes.Status400BadRequest, "Unsupported service; use a git client that speaks smart HTTP.");
            return;
        }
        var target = await AuthorizeAsync(http, user, id, service);
        if (target is null)
        {
            return;
        }

        var protocol = ProtocolHeader(http);
        http.Response.ContentType = $"application/x-{service}-advertisement";
        NoCache(http.Response);
        // Protocol v2 starts with its capability list; v0 needs the "# service=" line first (as git http-backend does).
        if (!(service == UploadPack && protocol is not null && protocol.Contains("version=2", StringComparison.Ordinal)))
        {
            await http.Response.Body.WriteAsync(PktLine($"# service={service}\n"));
            await http.Response.Body.WriteAsync("0000"u8.ToArray());
        }
        var info = GitProcess.StartInfo(Arguments(http, service, target.Value.Path, advertise: true), Environment(http, service, protocol));
        var result = await GitProcess.RunAsync(info, input: null, 0, () => http.Response.Body, http.RequestAborted);
        LogFailure(http, service, result);
    }

    private static async Task ServeAsync(HttpContext http, string user, string id, string service)
    {
        if (!string.Equals(http.Request.ContentType, $"application/x-{service}-request", StringComparison.OrdinalIgnoreCase))
        {
            await PlainAsync(http, StatusCodes.Status415UnsupportedMediaType, $"Expected application/x-{service}-request.");
            return;
        }
        var options = http.RequestServices.GetRequiredService<IOptions<GistOptions>>().Value;
        var limit = service == ReceivePack ? ReceiveRequestLimit(options) : UploadRequestLimit;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }
        if (http.Request.ContentLength > limit)
        {
            await PlainAsync(http, StatusCodes.Status413PayloadTooLarge, $"The push is too large (the limit is {limit:N0} bytes).");
            return;
        }
        var target = await AuthorizeAsync(http, user, id, service);
        if (target is null)
        {
            return;
        }

        Stream body = http.Request.Body;
        var encoding = http.Request.Headers.ContentEncoding.ToString();
        if (encoding is "gzip" or "x-gzip")
        {
            // Bounded after decompression too (GitProcess counts what it copies), so a gzip bomb stops at the same limit.
            body = new GZipStream(body, CompressionMode.Decompress);
        }
        else if (encoding.Length > 0)
        {
            await PlainAsync(http, StatusCodes.Status415UnsupportedMediaType, "Unsupported Content-Encoding.");
            return;
        }

        http.Response.ContentType = $"application/x-{service}-result";
        NoCache(http.Response);
        var info = GitProcess.StartInfo(Arguments(http, service, target.Value.Path, advertise: false), Environment(http, service, ProtocolHeader(http)));
        if (service == UploadPack)
        {
            var result = await GitProcess.RunAsync(info, body, limit, () => http.Response.Body, http.RequestAborted);
            await FinishAsync(http, service, result, limit);
            return;
        }

        // A push holds the gist's lock from before git reads the pack until the index follows the new head,
        // so a save from the UI never sees the repository ahead of its row.
        var gist = target.Value.Gist;
        var git = http.RequestServices.GetRequiredService<GitStore>();
        using (await http.RequestServices.GetRequiredService<GistLocks>().AcquireAsync(gist.Id, http.RequestAborted))
        {
            var before = git.GetHead(gist.OwnerId, gist.Id);
            var result = await GitProcess.RunAsync(info, body, limit, () => http.Response.Body, http.RequestAborted);
            var after = git.GetHead(gist.OwnerId, gist.Id);
            if (after is not null && !string.Equals(before, after, StringComparison.Ordinal))
            {
                // Not the request's token: the ref has moved, so the index must follow even if the client has gone.
                await http.RequestServices.GetRequiredService<GistIndexer>().ReindexAfterPushAsync(gist.Id, CancellationToken.None);
                Logger(http).LogInformation("Gist {GistId} pushed from {Before} to {After}", gist.Id, before, after);
            }
            await FinishAsync(http, service, result, limit);
        }
    }

    /// <summary>
    /// The gist and its repository when the caller may use <paramref name="service"/> on it; otherwise writes
    /// 401 (no or wrong credentials, so git prompts), 404 (missing, or private and not theirs) or 403 (a push by a reader).
    /// </summary>
    private static async Task<(GistOwnership Gist, string Path)?> AuthorizeAsync(HttpContext http, string user, string id, string service)
    {
        var ct = http.RequestAborted;
        var gist = await http.RequestServices.GetRequiredService<GistService>().FindOwnershipAsync(id, ct);
        if (gist is null || !string.Equals(gist.OwnerUserName, user, StringComparison.OrdinalIgnoreCase))
        {
            await PlainAsync(http, StatusCodes.Status404NotFound, "Repository not found.");
            return null;
        }
        var caller = await http.RequestServices.GetRequiredService<GitCredentials>().AuthenticateAsync(http.Request, ct);
        var push = service == ReceivePack;
        var anonymousRead = !push && GistAccess.CanRead(GitCaller.Anonymous.Viewer, gist.OwnerId, gist.Visibility);
        if (caller is null || (!caller.Viewer.IsAuthenticated && !anonymousRead))
        {
            http.Response.Headers.WWWAuthenticate = Realm;
            await PlainAsync(http, StatusCodes.Status401Unauthorized, "Authentication required.");
            return null;
        }
        if (!anonymousRead && !(caller.MayRead && GistAccess.CanRead(caller.Viewer, gist.OwnerId, gist.Visibility)))
        {
            await PlainAsync(http, StatusCodes.Status404NotFound, "Repository not found.");
            return null;
        }
        if (push && !(caller.MayWrite && GistAccess.CanWrite(caller.Viewer, gist.OwnerId)))
        {
            await PlainAsync(http, StatusCodes.Status403Forbidden, caller.IsToken && !caller.MayWrite
                ? "This token cannot push: it lacks the gist:write scope."
                : "Only the owner can push to this gist.");
            return null;
        }
        var store = http.RequestServices.GetRequiredService<GitStore>();
        if (!store.Exists(gist.OwnerId, gist.Id))
        {
            await PlainAsync(http, StatusCodes.Status404NotFound, "Repository not found.");
            return null;
        }
        return (gist, store.RepositoryPath(gist.OwnerId, gist.Id));
    }

    /// <summary>
    /// Every argument is chosen here; the only outside value is the repository path GitStore built from a checked id.
    /// Force-pushes and deletions are refused by git itself; the hooks folder is CasGists' own, never the repository's.
    /// </summary>
    private static List<string> Arguments(HttpContext http, string service, string repositoryPath, bool advertise)
    {
        var arguments = new List<string>();
        if (service == ReceivePack)
        {
            var hooks = PreReceiveHook.Install(http.RequestServices.GetRequiredService<DataDirectory>());
            var options = http.RequestServices.GetRequiredService<IOptions<GistOptions>>().Value;
            arguments.AddRange([
                "-c", "core.hooksPath=" + hooks,
                "-c", "receive.denyNonFastForwards=true",
                "-c", "receive.denyDeletes=true",
                "-c", "receive.fsckObjects=true",
                "-c", "receive.advertisePushOptions=false",
                "-c", "receive.maxInputSize=" + ReceiveRequestLimit(options),
                "receive-pack",
            ]);
        }
        else
        {
            arguments.Add("upload-pack");
            arguments.Add("--strict");
        }
        arguments.Add("--stateless-rpc");
        if (advertise)
        {
            arguments.Add("--advertise-refs");
        }
        arguments.Add(repositoryPath);
        return arguments;
    }

    private static Dictionary<string, string> Environment(HttpContext http, string service, string? protocol)
    {
        var environment = service == ReceivePack
            ? PreReceiveHook.Environment(http.RequestServices.GetRequiredService<IOptions<GistOptions>>().Value)
            : [];
        if (protocol is not null)
        {
            environment["GIT_PROTOCOL"] = protocol;
        }
        return environment;
    }

    /// <summary>The <c>Git-Protocol</c> header when it looks like one (<c>version=2</c>, colon-separated); otherwise ignored.</summary>
    private static string? ProtocolHeader(HttpContext http)
    {
        var value = http.Request.Headers["Git-Protocol"].ToString();
        return value.Length is > 0 and <= 256 && ProtocolPattern().IsMatch(value) ? value : null;
    }

    private static async Task FinishAsync(HttpContext http, string service, GitProcessResult result, long limit)
    {
        if (result.InputTooLarge)
        {
            Logger(http).LogWarning("Refused a {Service} request larger than {Limit} bytes", service, limit);
            if (!http.Response.HasStarted)
            {
                http.Response.Headers.CacheControl = default;
                await PlainAsync(http, StatusCodes.Status413PayloadTooLarge, $"The request is too large (the limit is {limit:N0} bytes).");
            }
            return;
        }
        LogFailure(http, service, result);
        if (result.ExitCode != 0 && !http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            await PlainAsync(http, StatusCodes.Status500InternalServerError, "git failed.");
        }
    }

    private static void LogFailure(HttpContext http, string service, GitProcessResult result)
    {
        if (result.ExitCode != 0 && !http.RequestAborted.IsCancellationRequested)
        {
            Logger(http).LogWarning("{Service} exited with {ExitCode}: {Error}", service, result.ExitCode, result.Error);
        }
    }

    private static async Task PlainAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(message + "\n");
    }

    private static void NoCache(HttpResponse response)
    {
        response.Headers.CacheControl = "no-cache, max-age=0, must-revalidate";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "Fri, 01 Jan 1980 00:00:00 GMT";
    }

    private static byte[] PktLine(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        return [.. Encoding.ASCII.GetBytes((payload.Length + 4).ToString("x4")), .. payload];
    }

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GitHttpEndpoints).FullName!);

    [GeneratedRegex("^[0-9A-Za-z=:._,-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ProtocolPattern();
}
