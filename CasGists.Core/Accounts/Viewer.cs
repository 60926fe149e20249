namespace CasGists.Core.Accounts;

/// <summary>Who is asking. Every read and write in Core takes one, so every surface applies the same rule.</summary>
public sealed record Viewer(Guid? UserId, string? UserName, bool IsAdmin)
{
    public static Viewer Anonymous { get; } = new(null, null, false);

    public bool IsAuthenticated => UserId is not null;

    public static Viewer For(User user) => new(user.Id, user.UserName, user.IsAdmin);
}
