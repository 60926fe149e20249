namespace CasGists.App.Components.Editor;

/// <summary>A file handed to the browser's editor (.NET → JS has no 32 KB cap).</summary>
public sealed record EditorFile(string Key, string Name, string Content);
