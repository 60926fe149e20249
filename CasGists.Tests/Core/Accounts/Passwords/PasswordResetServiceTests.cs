using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Passwords;
using CasGists.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace CasGists.Tests.Core.Accounts.Passwords;

public sealed class PasswordResetServiceTests : IAsyncLifetime
{
    private const string NewPassword = "reset to something new";
    private AccountsTestContext _t = null!;

    public async Task InitializeAsync() => _t = await AccountsTestContext.CreateAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    [Fact]
    public async Task ATokenIsStoredOnlyAsItsHash()
    {
        await _t.RegisterAsync("alice");

        var ticket = await _t.Resets.CreateTokenAsync("alice@example.com");

        await using var db = await _t.Database.Contexts.CreateDbContextAsync();
        var row = await db.Set<PasswordResetToken>().SingleAsync();
        Assert.NotNull(ticket);
        Assert.Equal(64, row.TokenHash.Length);
        Assert.DoesNotContain(ticket.Token, row.TokenHash);
        Assert.Equal(AccountService.HashToken(ticket.Token), row.TokenHash);
        Assert.Equal(_t.Clock.GetUtcNow().UtcDateTime.AddHours(1), row.ExpiresAt);
    }

    [Fact]
    public async Task ATokenResetsThePasswordOnceAndEndsEverySession()
    {
        var alice = await _t.RegisterAsync("alice");
        var session = await _t.SignInAsync("alice");
        var ticket = (await _t.Resets.CreateTokenAsync("alice"))!;

        await _t.Resets.ResetAsync(ticket.Token, NewPassword);
        var again = await Assert.ThrowsAsync<ValidationException>(() => _t.Resets.ResetAsync(ticket.Token, "yet another passphrase"));

        Assert.Equal(["token"], again.Errors.Keys);
        Assert.Null(await _t.Accounts.ValidateSessionAsync(session.Token));
        Assert.IsType<SignInOutcome.Succeeded>(await _t.Accounts.SignInAsync(new SignInInput("alice", NewPassword, null, null)));
        Assert.Equal(alice.Id, ticket.UserId);
    }

    [Fact]
    public async Task AnExpiredTokenIsRefused()
    {
        await _t.RegisterAsync("alice");
        var ticket = (await _t.Resets.CreateTokenAsync("alice"))!;

        _t.Clock.Advance(TimeSpan.FromHours(1));

        await Assert.ThrowsAsync<ValidationException>(() => _t.Resets.ResetAsync(ticket.Token, NewPassword));
        Assert.IsType<SignInOutcome.Succeeded>(await _t.Accounts.SignInAsync(new SignInInput("alice", AccountsTestContext.Password, null, null)));
    }

    [Fact]
    public async Task AWeakPasswordDoesNotSpendTheToken()
    {
        await _t.RegisterAsync("alice");
        var ticket = (await _t.Resets.CreateTokenAsync("alice"))!;

        var weak = await Assert.ThrowsAsync<ValidationException>(() => _t.Resets.ResetAsync(ticket.Token, "baseball"));
        await _t.Resets.ResetAsync(ticket.Token, NewPassword);

        Assert.Equal(["newPassword"], weak.Errors.Keys);
    }

    [Fact]
    public async Task AnyPasswordChangeVoidsOpenTokens()
    {
        var alice = await _t.RegisterAsync("alice");
        var first = (await _t.Resets.CreateTokenAsync("alice"))!;
        var second = (await _t.Resets.CreateTokenAsync("alice"))!;

        await _t.Resets.ResetAsync(first.Token, NewPassword);

        await Assert.ThrowsAsync<ValidationException>(() => _t.Resets.ResetAsync(second.Token, "another fine passphrase"));
        Assert.NotNull(alice);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("made-up-token")]
    [InlineData("over-long")]
    public async Task AnUnknownOrMalformedTokenIsRefused(string? token) =>
        await Assert.ThrowsAsync<ValidationException>(
            () => _t.Resets.ResetAsync(token == "over-long" ? new string('x', 1024 * 1024) : token, NewPassword));

    [Fact]
    public async Task UnknownAndDisabledAccountsGetNoToken()
    {
        await _t.RegisterAsync("alice");
        await _t.Accounts.SetDisabledAsync("alice", true, "a test");

        Assert.Null(await _t.Resets.CreateTokenAsync("nobody@example.com"));
        Assert.Null(await _t.Resets.CreateTokenAsync("alice"));
    }
}
