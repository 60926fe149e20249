using System.Text.RegularExpressions;
using CasGists.Core.Common;
using CasGists.Core.Data;
using LibGit2Sharp;
using NotFoundException = CasGists.Core.Common.NotFoundException;

namespace CasGists.Core.Gists;

/// <summary>A file as git stores it: a name at the root of the tree and its bytes.</summary>
public sealed record GitFile(string Name, byte[] Content);

/// <summary>
/// The bare repositories: <c>&lt;data&gt;/repos/&lt;owner-id&gt;/&lt;gist-id&gt;.git</c>, one branch <c>main</c>.
/// Commits are written straight into the object database (no work tree, no index, no git
/// process), so user input never reaches a command line. Repository handles are opened per
/// call because LibGit2Sharp's are not thread-safe.
/// </summary>
public sealed partial class GitStore(DataDirectory dataDirectory)
{
    public const string Branch = "main";
    public const string BranchRef = "refs/heads/" + Branch;

    /// <summary>Where a gist's repository lives; the smart HTTP endpoint serves this folder.</summary>
    public string RepositoryPath(Guid ownerId, string gistId)
    {
        if (!GistIds.IsValid(gistId))
        {
            // The id becomes a path segment: never let anything but 32 hex characters through.
            throw new ArgumentException("Not a gist id.", nameof(gistId));
        }
        return Path.Combine(dataDirectory.Repositories, ownerId.ToString("D"), gistId + ".git");
    }

    public bool Exists(Guid ownerId, string gistId) => Directory.Exists(RepositoryPath(ownerId, gistId));

    /// <summary>Creates an empty bare repository whose HEAD names <c>refs/heads/main</c>.</summary>
    public void Create(Guid ownerId, string gistId)
    {
        var path = RepositoryPath(ownerId, gistId);
        if (Directory.Exists(path))
        {
            throw new ConflictException("A repository for this gist already exists.");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            Repository.Init(path, isBare: true);
            // libgit2 picks master (or the machine's init.defaultBranch); an unborn HEAD is just this file.
            File.WriteAllText(Path.Combine(path, "HEAD"), $"ref: {BranchRef}\n");
        }
        catch
        {
            // Half a repository is worse than none: the caller's clean-up never learns it exists.
            if (Directory.Exists(path))
            {
                DeleteFolder(path);
            }
            throw;
        }
    }

    /// <summary>
    /// Writes a commit of exactly <paramref name="files"/> (a flat tree) on top of <paramref name="parent"/>
    /// without moving any ref; returns its id. Author and committer are the user (see ADR-002).
    /// </summary>
    public string WriteCommit(Guid ownerId, string gistId, IEnumerable<GitFile> files, string userName, DateTimeOffset when, string? parent)
    {
        using var repo = Open(ownerId, gistId);
        var tree = new TreeDefinition();
        foreach (var file in files)
        {
            using var stream = new MemoryStream(file.Content, writable: false);
            // No hint path: a hint path would run attribute filters (line endings) over the bytes.
            var blob = repo.ObjectDatabase.CreateBlob(stream);
            tree.Add(file.Name, blob, Mode.NonExecutableFile);
        }
        var signature = SignatureFor(userName, when);
        var parents = parent is null ? [] : new[] { repo.Lookup<Commit>(new ObjectId(parent)) ?? throw new ConflictException("The base revision is missing.") };
        // Empty message, as GitHub writes gist revisions.
        var commit = repo.ObjectDatabase.CreateCommit(signature, signature, "", repo.ObjectDatabase.CreateTree(tree), parents, prettifyMessage: false);
        return commit.Sha;
    }

    public static Signature SignatureFor(string userName, DateTimeOffset when) =>
        new(userName, $"{userName}@users.noreply.casgists", when);

    /// <summary>
    /// Moves <c>refs/heads/main</c> from <paramref name="expected"/> (null: the branch must not exist yet)
    /// to <paramref name="target"/>, atomically; anything else there is a <see cref="ConflictException"/>.
    /// </summary>
    public void UpdateHead(Guid ownerId, string gistId, string? expected, string target)
    {
        using var repo = Open(ownerId, gistId);
        var targetId = new ObjectId(target);
        try
        {
            if (expected is null)
            {
                repo.Refs.Add(BranchRef, targetId, "casgists: create", allowOverwrite: false);
                return;
            }
            var current = repo.Refs[BranchRef];
            if (current is null || !string.Equals(current.TargetIdentifier, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new ConflictException("The gist changed in the meantime; reload it and try again.");
            }
            // libgit2 compares against the value read above and refuses if the ref moved since.
            repo.Refs.UpdateTarget(current, targetId, "casgists: update");
        }
        catch (LibGit2SharpException e) when (e is NameConflictException or LockedFileException || e.Message.Contains("match", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConflictException("The gist changed in the meantime; reload it and try again.");
        }
    }

    /// <summary>The commit id <c>main</c> points at, or null for a missing repository or an unborn branch.</summary>
    public string? GetHead(Guid ownerId, string gistId)
    {
        if (!Exists(ownerId, gistId))
        {
            return null;
        }
        using var repo = Open(ownerId, gistId);
        return repo.Refs[BranchRef]?.ResolveToDirectReference()?.TargetIdentifier;
    }

    /// <summary>
    /// The full id of the commit a user-supplied revision names, or null when it is not 4–40 hex characters,
    /// is unknown or ambiguous, or is not part of the gist's history.
    /// </summary>
    public string? ResolveRevision(Guid ownerId, string gistId, string? revision)
    {
        if (!IsRevisionSyntax(revision) || !Exists(ownerId, gistId))
        {
            return null;
        }
        using var repo = Open(ownerId, gistId);
        var head = repo.Refs[BranchRef]?.ResolveToDirectReference()?.Target as Commit;
        if (head is null)
        {
            return null;
        }
        Commit? commit;
        try
        {
            // Safe to hand to rev-parse: the syntax check above allows nothing but hex digits.
            commit = repo.Lookup(revision!.ToLowerInvariant()) as Commit;
        }
        catch (LibGit2SharpException)
        {
            return null; // ambiguous short id
        }
        if (commit is null)
        {
            return null;
        }
        // Only the gist's own history: not a dangling commit of a save that was rolled back.
        var reachable = commit.Id == head.Id || repo.ObjectDatabase.FindMergeBase(commit, head)?.Id == commit.Id;
        return reachable ? commit.Sha : null;
    }

    /// <summary>The files at the root of a commit's tree (subfolders, which a push might add, are skipped).</summary>
    public IReadOnlyList<GitFile> ReadFiles(Guid ownerId, string gistId, string commitId)
    {
        using var repo = Open(ownerId, gistId);
        var commit = repo.Lookup<Commit>(new ObjectId(commitId)) ?? throw new NotFoundException();
        return commit.Tree
            .Where(e => e.TargetType == TreeEntryTargetType.Blob)
            .Select(e => new GitFile(e.Name, ReadBlob((Blob)e.Target)))
            .ToList();
    }

    /// <summary>One file of a commit, or null.</summary>
    public GitFile? ReadFile(Guid ownerId, string gistId, string commitId, string name)
    {
        using var repo = Open(ownerId, gistId);
        var commit = repo.Lookup<Commit>(new ObjectId(commitId));
        var entry = commit?.Tree[name];
        // Tree lookups accept paths; only a direct child of the root is a gist file.
        return entry is { TargetType: TreeEntryTargetType.Blob } && entry.Path == entry.Name
            ? new GitFile(entry.Name, ReadBlob((Blob)entry.Target))
            : null;
    }

    /// <summary>How many commits lead to <paramref name="commitId"/> (the gist's revision count).</summary>
    public int CountCommits(Guid ownerId, string gistId, string commitId)
    {
        using var repo = Open(ownerId, gistId);
        return repo.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = new ObjectId(commitId) }).Count();
    }

    /// <summary>Removes a repository: first moved out of <c>repos/</c> (one rename, so it vanishes at once), then deleted.</summary>
    public void Delete(Guid ownerId, string gistId)
    {
        var path = RepositoryPath(ownerId, gistId);
        if (!Directory.Exists(path))
        {
            return;
        }
        Directory.CreateDirectory(dataDirectory.Temp);
        var trash = Path.Combine(dataDirectory.Temp, $"{TrashPrefix}{gistId}-{Guid.NewGuid():N}");
        Directory.Move(path, trash);
        DeleteFolder(trash);
    }

    internal const string TrashPrefix = "deleted-";

    /// <summary>Deletes a folder even though git writes its objects read-only.</summary>
    internal static void DeleteFolder(string path)
    {
        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }
        Directory.Delete(path, recursive: true);
    }

    /// <summary>A revision argument as users may pass it: 4 to 40 hex digits, nothing that git could read as an option or an expression.</summary>
    public static bool IsRevisionSyntax(string? revision) => revision is not null && RevisionPattern().IsMatch(revision);

    private Repository Open(Guid ownerId, string gistId)
    {
        var path = RepositoryPath(ownerId, gistId);
        if (!Directory.Exists(path))
        {
            throw new NotFoundException();
        }
        return new Repository(path);
    }

    private static byte[] ReadBlob(Blob blob)
    {
        using var stream = blob.GetContentStream();
        using var buffer = new MemoryStream((int)Math.Min(blob.Size, int.MaxValue));
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    [GeneratedRegex(@"^[0-9a-fA-F]{4,40}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RevisionPattern();
}
