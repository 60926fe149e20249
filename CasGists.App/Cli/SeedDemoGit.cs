using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using CasGists.Core.Gists;

namespace CasGists.App.Cli;

/// <summary>
/// Writes a demo gist's repository (one commit of a flat tree on <see cref="GitStore.BranchRef"/>) as plain
/// files: the same objects, ids and ref that <see cref="GitStore"/> writes, without libgit2.
/// </summary>
/// <remarks>
/// Why not <see cref="GitStore"/>: a new repository through libgit2 costs about 400 system calls (it probes
/// the file system for symlinks, file modes and case, writes sample hooks, locks and renames every file),
/// which made the git half of seeding 100,000 gists take most of an hour on two cores. This writes about
/// twenty files and folders per gist. Tests check that the commit id equals GitStore's for the same input
/// and that <c>git fsck</c> accepts the repository.
/// </remarks>
public static class SeedDemoGit
{
    // What libgit2 writes for a bare repository (the rest of its template is optional to git).
    private const string Config = "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n";

    /// <summary>Creates the repository at <paramref name="path"/> (which must not exist) and returns the commit id.</summary>
    public static string Write(string path, IReadOnlyList<GitFile> files, string userName, DateTimeOffset when)
    {
        var objects = Path.Combine(path, "objects");
        Directory.CreateDirectory(objects);
        Directory.CreateDirectory(Path.Combine(path, "refs", "heads"));
        Directory.CreateDirectory(Path.Combine(path, "refs", "tags"));
        File.WriteAllText(Path.Combine(path, "HEAD"), $"ref: {GitStore.BranchRef}\n");
        File.WriteAllText(Path.Combine(path, "config"), Config);

        // Git orders a tree by the bytes of the names (a flat tree has no folders to sort as "name/").
        var entries = files
            .Select(f => (Name: Encoding.UTF8.GetBytes(f.Name), Id: WriteObject(objects, "blob", f.Content)))
            .OrderBy(e => e.Name, ByteOrder.Instance)
            .ToList();
        using var tree = new MemoryStream();
        foreach (var (name, id) in entries)
        {
            tree.Write("100644 "u8);
            tree.Write(name);
            tree.WriteByte(0);
            tree.Write(id);
        }
        var treeId = WriteObject(objects, "tree", tree.ToArray());

        var signature = GitStore.SignatureFor(userName, when);
        var person = $"{signature.Name} <{signature.Email}> {when.ToUnixTimeSeconds()} {Offset(when.Offset)}";
        // An empty message, as GitStore writes gist revisions.
        var commit = $"tree {Convert.ToHexStringLower(treeId)}\nauthor {person}\ncommitter {person}\n\n";
        var commitId = Convert.ToHexStringLower(WriteObject(objects, "commit", Encoding.UTF8.GetBytes(commit)));
        File.WriteAllText(Path.Combine(path, "refs", "heads", GitStore.Branch), commitId + "\n");
        return commitId;
    }

    private static string Offset(TimeSpan offset) =>
        $"{(offset < TimeSpan.Zero ? '-' : '+')}{Math.Abs(offset.Hours):00}{Math.Abs(offset.Minutes):00}";

    /// <summary>A loose object: zlib of "type size\0content" at objects/xx/yyyy…, named by the SHA-1 of that text.</summary>
    private static byte[] WriteObject(string objects, string type, byte[] content)
    {
        var header = Encoding.ASCII.GetBytes($"{type} {content.Length}\0");
        var raw = new byte[header.Length + content.Length];
        header.CopyTo(raw, 0);
        content.CopyTo(raw, header.Length);
        var id = SHA1.HashData(raw);
        var hex = Convert.ToHexStringLower(id);
        var folder = Path.Combine(objects, hex[..2]);
        Directory.CreateDirectory(folder);
        using (var file = new FileStream(Path.Combine(folder, hex[2..]), FileMode.Create, FileAccess.Write, FileShare.None, 4096))
        using (var zlib = new ZLibStream(file, CompressionLevel.Fastest))
        {
            zlib.Write(raw);
        }
        return id;
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
