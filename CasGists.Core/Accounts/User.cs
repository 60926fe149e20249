namespace CasGists.Core.Accounts;

public sealed class User
{
    public Guid Id { get; set; }

    /// <summary>The name as the user typed it; shown in URLs and on pages.</summary>
    public required string UserName { get; set; }

    /// <summary>Lower-case form, unique: two accounts may not differ only by case.</summary>
    public required string NormalizedUserName { get; set; }

    public required string Email { get; set; }
    public required string NormalizedEmail { get; set; }
    public string? DisplayName { get; set; }
    public required string PasswordHash { get; set; }
    public bool IsAdmin { get; set; }
    public bool IsDisabled { get; set; }

    /// <summary>Changes whenever credentials change, so older sessions can be told apart.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
