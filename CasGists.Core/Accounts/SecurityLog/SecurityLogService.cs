using CasGists.Core.Common;
using CasGists.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CasGists.Core.Accounts.SecurityLog;

/// <summary>Where a request came from, as the security log and the devices page record it.</summary>
public sealed record ClientInfo(string? IpAddress, string? UserAgent)
{
    private static readonly AsyncLocal<ClientInfo?> Ambient = new();

    public static ClientInfo None { get; } = new(null, null);

    /// <summary>
    /// The current request's client, set once by the web host for each request, so services that are not handed a
    /// client (tokens, for one) still record where an action came from.
    /// </summary>
    public static ClientInfo? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }
}

public sealed record SecurityEventView(
    Guid Id, Guid? UserId, string? UserName, string Kind, string Description, string? IpAddress, string? UserAgent,
    DateTime OccurredAt, string? Detail);

public sealed record SecurityLogPage(IReadOnlyList<SecurityEventView> Items, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Writes and reads the security log: users see their own entries, admins everyone's.</summary>
public sealed class SecurityLogService(IDbContextFactory<CasGistsDbContext> contexts, TimeProvider clock)
{
    public const int PageSize = 50;

    public async Task RecordAsync(
        string kind, Guid? userId, string? userName, string? detail = null, ClientInfo? client = null, CancellationToken ct = default)
    {
        client ??= ClientInfo.Current ?? ClientInfo.None;
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Set<SecurityEvent>().Add(new SecurityEvent
        {
            // Time-ordered ids break ties between entries written within one clock tick.
            Id = Guid.CreateVersion7(),
            UserId = userId,
            UserName = Truncate(userName, SecurityEventConfiguration.MaxUserNameLength),
            Kind = kind,
            IpAddress = Truncate(client.IpAddress, 45),
            UserAgent = Truncate(client.UserAgent, 512),
            OccurredAt = clock.GetUtcNow().UtcDateTime,
            Detail = Truncate(detail, SecurityEventConfiguration.MaxDetailLength),
        });
        // Not the caller's token: an entry is written even when the person closed the tab mid-request.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The viewer's own entries, newest first.</summary>
    public async Task<SecurityLogPage> ListMineAsync(Viewer viewer, int page = 1, CancellationToken ct = default)
    {
        if (viewer.UserId is not { } userId)
        {
            throw new ForbiddenException("Sign in to see your security log.");
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await PageAsync(db.Set<SecurityEvent>().Where(e => e.UserId == userId), page, ct);
    }

    /// <summary>Every entry (admins only), optionally those about one user name, including failed attempts with that name.</summary>
    public async Task<SecurityLogPage> ListAllAsync(Viewer viewer, string? userName = null, int page = 1, CancellationToken ct = default)
    {
        if (!viewer.IsAdmin)
        {
            throw new ForbiddenException("Only administrators can read the whole security log.");
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.Set<SecurityEvent>().AsQueryable();
        var filter = (userName ?? "").Trim();
        if (filter.Length > 0)
        {
            if (filter.Length > SecurityEventConfiguration.MaxUserNameLength)
            {
                throw new ValidationException("user", "That user name is too long.");
            }
            var normalized = UserNameRules.Normalize(filter);
            var userId = await db.Users.Where(u => u.NormalizedUserName == normalized || u.NormalizedEmail == normalized)
                .Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
            // Entries keep the name as typed; the lower-cased comparison finds "Alice" and "alice" alike.
            query = query.Where(e => e.UserId == userId || (e.UserId == null && e.UserName!.ToLower() == normalized));
        }
        return await PageAsync(query, page, ct);
    }

    private static async Task<SecurityLogPage> PageAsync(IQueryable<SecurityEvent> query, int page, CancellationToken ct)
    {
        page = Math.Clamp(page, 1, 100_000);
        var total = await query.CountAsync(ct);
        var rows = await query.AsNoTracking()
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .ToListAsync(ct);
        return new SecurityLogPage(
            [.. rows.Select(e => new SecurityEventView(
                e.Id, e.UserId, e.UserName, e.Kind, SecurityEventKinds.Describe(e.Kind), e.IpAddress, e.UserAgent, e.OccurredAt, e.Detail))],
            page, PageSize, total);
    }

    private static string? Truncate(string? value, int length) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
