namespace CasGists.Core.Gists;

public enum GistVisibility
{
    /// <summary>Listed on the home page and in search.</summary>
    Public = 0,

    /// <summary>Anyone with the URL; never listed or searchable by others.</summary>
    Unlisted = 1,

    /// <summary>The owner and admins only, on every surface.</summary>
    Private = 2,
}
