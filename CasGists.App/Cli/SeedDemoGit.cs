using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CasGists.Core.Gists;

namespace CasGists.App.Cli;

/// <summary>
/// Writes a demo gist's repository (one commit of a flat tree on <see cref="GitStore.BranchRef"/>) as plain
/// files: the same objects, ids and branch that <see cref="GitStore"/> writes, without libgit2, in one pack.
/// </summary>
/// <remarks>
/// Why not <see cref="GitStore"/>: a new repository through libgit2 costs about 400 system calls (it probes
/// the file system for symlinks, file modes and case, writes sample hooks, and a loose object is a folder, a
/// temporary file and a rename), which made the git half of seeding 100,000 gists take most of an hour on two
/// cores; a profile showed the kernel allocating inodes for new folders as the biggest cost. This writes four
/// folders and five files per gist: <c>HEAD</c>, <c>config</c>, <c>packed-refs</c> and a pack with its index
/// (objects zlib-wrapped without compression: demo files are small, and a pack is what a clone sends anyway).
/// Tests check that the commit id equals GitStore's, that <c>git fsck</c> accepts the repository, and that
/// GitStore can read and write it afterwards (libgit2 adds loose objects and refs next to the pack).
/// </remarks>
public static class SeedDemoGit
{
    // What libgit2 writes for a bare repository (the rest of its template is optional to git).
    private const string Config = "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n";

    private const byte Commit = 1, Tree = 2, Blob = 3;

    /// <summary>Creates the repository at <paramref name="path"/> (which must not exist) and returns the commit id.</summary>
    public static string Write(string path, IReadOnlyList<GitFile> files, string userName, DateTimeOffset when)
    {
        var objects = new List<(byte Type, byte[] Id, byte[] Content)>();
        byte[] Add(byte type, byte[] content)
        {
            var id = Id(type, content);
            if (!objects.Any(o => o.Id.AsSpan().SequenceEqual(id)))
            {
                objects.Add((type, id, content));
            }
            return id;
        }

        // Git orders a tree by the bytes of the names (a flat tree has no folders to sort as "name/").
        var entries = files
            .Select(f => (Name: Encoding.UTF8.GetBytes(f.Name), Id: Add(Blob, f.Content)))
            .OrderBy(e => e.Name, ByteOrder.Instance)
            .ToList();
        var tree = new MemoryStream();
        foreach (var (name, id) in entries)
        {
            tree.Write("100644 "u8);
            tree.Write(name);
            tree.WriteByte(0);
            tree.Write(id);
        }
        var treeId = Add(Tree, tree.ToArray());

        var signature = GitStore.SignatureFor(userName, when);
        var person = $"{signature.Name} <{signature.Email}> {when.ToUnixTimeSeconds()} {Offset(when.Offset)}";
        // An empty message, as GitStore writes gist revisions.
        var commitText = $"tree {Convert.ToHexStringLower(treeId)}\nauthor {person}\ncommitter {person}\n\n";
        var commitId = Convert.ToHexStringLower(Add(Commit, Encoding.UTF8.GetBytes(commitText)));

        var packs = Path.Combine(path, "objects", "pack");
        Directory.CreateDirectory(packs);
        Directory.CreateDirectory(Path.Combine(path, "refs"));
        var (pack, index, packId) = Pack(objects);
        File.WriteAllBytes(Path.Combine(packs, $"pack-{packId}.pack"), pack);
        File.WriteAllBytes(Path.Combine(packs, $"pack-{packId}.idx"), index);
        File.WriteAllText(Path.Combine(path, "packed-refs"), $"# pack-refs with: peeled fully-peeled sorted \n{commitId} {GitStore.BranchRef}\n");
        File.WriteAllText(Path.Combine(path, "config"), Config);
        // Last: a folder with HEAD is what git and libgit2 take for a repository.
        File.WriteAllText(Path.Combine(path, "HEAD"), $"ref: {GitStore.BranchRef}\n");
        return commitId;
    }

    private static string Offset(TimeSpan offset) =>
        $"{(offset < TimeSpan.Zero ? '-' : '+')}{Math.Abs(offset.Hours):00}{Math.Abs(offset.Minutes):00}";

    private static string TypeName(byte type) => type switch { Commit => "commit", Tree => "tree", _ => "blob" };

    /// <summary>An object's id: the SHA-1 of "type size\0content".</summary>
    private static byte[] Id(byte type, byte[] content)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(Encoding.ASCII.GetBytes($"{TypeName(type)} {content.Length}\0"));
        sha.AppendData(content);
        return sha.GetHashAndReset();
    }

    /// <summary>A version 2 pack of whole (undeltified) objects and its version 2 index.</summary>
    private static (byte[] Pack, byte[] Index, string PackId) Pack(List<(byte Type, byte[] Id, byte[] Content)> objects)
    {
        var pack = new MemoryStream();
        pack.Write("PACK"u8);
        WriteUInt32(pack, 2);
        WriteUInt32(pack, (uint)objects.Count);
        var entries = new List<(byte[] Id, uint Crc, uint Offset)>();
        foreach (var (type, id, content) in objects)
        {
            var start = (int)pack.Position;
            // Type and size: 3 bits of type and 4 of size, then 7 bits of size a byte, high bit "more follows".
            var size = (long)content.Length;
            var header = (byte)((type << 4) | (int)(size & 0x0F));
            size >>= 4;
            while (size > 0)
            {
                pack.WriteByte((byte)(header | 0x80));
                header = (byte)(size & 0x7F);
                size >>= 7;
            }
            pack.WriteByte(header);
            WriteStoredZlib(pack, content);
            entries.Add((id, Crc32(pack.GetBuffer().AsSpan(start, (int)pack.Position - start)), (uint)start));
        }
        var packHash = SHA1.HashData(pack.GetBuffer().AsSpan(0, (int)pack.Position));
        pack.Write(packHash);

        entries.Sort((a, b) => a.Id.AsSpan().SequenceCompareTo(b.Id));
        var index = new MemoryStream();
        index.Write([0xFF, (byte)'t', (byte)'O', (byte)'c']);
        WriteUInt32(index, 2);
        for (var first = 0; first < 256; first++)
        {
            WriteUInt32(index, (uint)entries.Count(e => e.Id[0] <= first));
        }
        entries.ForEach(e => index.Write(e.Id));
        entries.ForEach(e => WriteUInt32(index, e.Crc));
        entries.ForEach(e => WriteUInt32(index, e.Offset));
        index.Write(packHash);
        index.Write(SHA1.HashData(index.GetBuffer().AsSpan(0, (int)index.Position)));
        return (pack.ToArray(), index.ToArray(), Convert.ToHexStringLower(packHash));
    }

    /// <summary>A zlib stream of "stored" deflate blocks: valid for every reader, and no compressor to set up per object.</summary>
    private static void WriteStoredZlib(Stream output, byte[] data)
    {
        output.Write([0x78, 0x01]);
        var offset = 0;
        Span<byte> lengths = stackalloc byte[4];
        do
        {
            var length = Math.Min(65535, data.Length - offset);
            var last = offset + length == data.Length;
            output.WriteByte(last ? (byte)1 : (byte)0);
            BinaryPrimitives.WriteUInt16LittleEndian(lengths, (ushort)length);
            BinaryPrimitives.WriteUInt16LittleEndian(lengths[2..], (ushort)~length);
            output.Write(lengths);
            output.Write(data, offset, length);
            offset += length;
        }
        while (offset < data.Length);
        WriteUInt32(output, Adler32(data));
    }

    private static void WriteUInt32(Stream output, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        output.Write(bytes);
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        foreach (var value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }
        return (b << 16) | a;
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return c;
    }).ToArray();

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFF;
        foreach (var value in data)
        {
            crc = CrcTable[(crc ^ value) & 0xFF] ^ (crc >> 8);
        }
        return crc ^ 0xFFFFFFFF;
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
