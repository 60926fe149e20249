namespace CasGists.App.Components.Pages.Social;

/// <summary>What the gist page knows about the viewer's relation to a gist, for its star and fork buttons.</summary>
public sealed record SocialState(bool SignedIn, bool IsOwner, bool IsStarred);

/// <summary>URLs of the social pages and actions, beside GistRoute's.</summary>
public static class SocialRoute
{
    public static string Star(string owner, string id) => $"/{owner}/{id}/star";

    public static string Unstar(string owner, string id) => $"/{owner}/{id}/unstar";

    public static string Fork(string owner, string id) => $"/{owner}/{id}/fork";

    public static string Forks(string owner, string id) => $"/{owner}/{id}/forks";

    public static string Starred(string user) => $"/{user}/starred";

    public static string Comment(string owner, string id, long commentId, int page = 1) =>
        $"/{owner}/{id}{(page > 1 ? $"?comments={page}" : "")}#comment-{commentId}";

    public static string EditComment(string owner, string id, long commentId) => $"/{owner}/{id}/comments/{commentId}/edit";

    public static string DeleteComment(string owner, string id, long commentId) => $"/{owner}/{id}/comments/{commentId}/delete";

    public static string SignIn(string owner, string id) => $"/login?ReturnUrl={Uri.EscapeDataString($"/{owner}/{id}")}";

    public static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n} {many}";
}
