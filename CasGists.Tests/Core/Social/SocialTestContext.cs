using CasGists.Core.Rendering;
using CasGists.Core.Social;
using CasGists.Tests.Core.Gists;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace CasGists.Tests.Core.Social;

/// <summary>The gist test context plus the real fork, star and comment services over the same database.</summary>
public sealed class SocialTestContext : IAsyncDisposable
{
    private SocialTestContext(GistTestContext gists)
    {
        G = gists;
        var contexts = gists.Database.Contexts;
        Forks = new ForkService(contexts, gists.Git, gists.Locks, gists.Gists, gists.Changes, gists.Time, NullLogger<ForkService>.Instance);
        Stars = new StarService(contexts, gists.Gists, gists.Changes, gists.Time);
        Comments = new CommentService(contexts, new MarkdownRenderer(new CodeHighlighter(NullLogger<CodeHighlighter>.Instance)),
            new MemoryCache(new MemoryCacheOptions()), gists.Changes, gists.Time, NullLogger<CommentService>.Instance);
    }

    public GistTestContext G { get; }
    public ForkService Forks { get; }
    public StarService Stars { get; }
    public CommentService Comments { get; }

    public static async Task<SocialTestContext> CreateAsync() => new(await GistTestContext.CreateAsync());

    public ValueTask DisposeAsync() => G.DisposeAsync();
}
