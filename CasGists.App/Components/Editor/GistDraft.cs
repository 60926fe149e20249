using System.Security.Cryptography;
using System.Text;
using CasGists.Core.Gists;

namespace CasGists.App.Components.Editor;

/// <summary>
/// What the New and Edit pages hold while the author types. File contents live in the browser's
/// Monaco models; .NET keeps names, order and, for a loaded gist, a hash of what was saved.
/// </summary>
public sealed class GistDraft
{
    private int _nextKey;

    public string Title { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>Topics as typed: separated by commas or spaces (<see cref="Core.Topics.TopicRules.Split"/>).</summary>
    public string Topics { get; set; } = "";
    public GistVisibility Visibility { get; set; } = GistVisibility.Public;
    public List<DraftFile> Files { get; } = [];

    /// <summary>Files that were saved before and are gone from the draft since.</summary>
    public List<DraftFile> Removed { get; } = [];

    public DraftFile AddFile(string name = "", string? savedContent = null)
    {
        var file = new DraftFile($"f{_nextKey++}") { Name = name };
        if (savedContent is not null)
        {
            file.MarkSaved(savedContent);
        }
        Files.Add(file);
        return file;
    }

    public void Remove(DraftFile file)
    {
        if (Files.Remove(file) && file.SavedHash is not null)
        {
            Removed.Add(file);
        }
    }

    /// <summary>A name the author has not used yet, as GitHub suggests for a new file.</summary>
    public string SuggestFileName()
    {
        for (var i = Files.Count + 1; ; i++)
        {
            var name = $"gistfile{i}.txt";
            if (Files.All(f => !string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                return name;
            }
        }
    }

    public static GistDraft From(GistDetails gist)
    {
        var draft = new GistDraft
        {
            Title = gist.Title, Description = gist.Description, Visibility = gist.Visibility, Topics = string.Join(", ", gist.Topics),
        };
        foreach (var file in gist.Files)
        {
            draft.AddFile(file.Name, file.Content).Language = file.Language;
        }
        return draft;
    }
}

public sealed class DraftFile(string key)
{
    /// <summary>Stable across renames: ties the tab, the Monaco model and the saved state together.</summary>
    public string Key { get; } = key;
    public string Name { get; set; } = "";

    /// <summary>The Monaco language id the editor picked from the name.</summary>
    public string Language { get; set; } = "plaintext";

    /// <summary>Name and content hash at the last save; null for a file added since.</summary>
    public string? SavedName { get; private set; }
    public byte[]? SavedHash { get; private set; }

    public void MarkSaved(string content)
    {
        SavedName = Name;
        SavedHash = Hash(content);
    }

    public bool ContentDiffersFrom(string content) => SavedHash is null || !SavedHash.AsSpan().SequenceEqual(Hash(content));

    private static byte[] Hash(string content) => SHA256.HashData(Encoding.UTF8.GetBytes(content));
}
