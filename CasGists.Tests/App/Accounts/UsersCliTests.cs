using CasGists.App.Accounts;
using CasGists.Core.Accounts;
using CasGists.Core.Accounts.SecurityLog;
using CasGists.Core.Common;
using CasGists.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CasGists.Tests.App.Accounts;

public sealed class UsersCliTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private CasGistsAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _app = await CasGistsAppFactory.CreateAsync(f =>
        {
            f.Settings["Accounts:Argon2MemoryKiB"] = "8192";
            f.Settings["Accounts:Argon2Iterations"] = "1";
        });
        _ = _app.Services;
        await Accounts.RegisterAsync(new RegisterInput("alice", "alice@example.com", Password));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private AccountService Accounts => _app.Services.GetRequiredService<AccountService>();

    private async Task<SignInOutcome> SignInAsync(string password) =>
        await Accounts.SignInAsync(new SignInInput("alice", password, null, null));

    [Fact]
    public async Task ResetPasswordWithoutInputPrintsAGeneratedPasswordOnTheLastLineAndEndsSessions()
    {
        var session = Assert.IsType<SignInOutcome.Succeeded>(await SignInAsync(Password)).Session;
        var output = new StringWriter();

        Assert.Equal(0, await UsersCli.ResetPasswordAsync(_app.Services, "alice", null, output, default));

        var generated = output.ToString().TrimEnd().Split('\n')[^1].Trim();
        Assert.Equal(20, generated.Length);
        Assert.IsType<SignInOutcome.Succeeded>(await SignInAsync(generated));
        Assert.Null(await Accounts.ValidateSessionAsync(session.Token));
    }

    [Fact]
    public async Task ResetPasswordReadsThePasswordFromStandardInputAndDoesNotEchoIt()
    {
        var output = new StringWriter();

        await UsersCli.ResetPasswordAsync(_app.Services, "alice", new StringReader("piped in passphrase\n"), output, default);

        Assert.DoesNotContain("piped in passphrase", output.ToString());
        Assert.IsType<SignInOutcome.Succeeded>(await SignInAsync("piped in passphrase"));
    }

    [Fact]
    public async Task ResetPasswordRefusesACommonPasswordAndAnUnknownUser()
    {
        await Assert.ThrowsAsync<ValidationException>(
            () => UsersCli.ResetPasswordAsync(_app.Services, "alice", new StringReader("password123\n"), TextWriter.Null, default));
        await Assert.ThrowsAsync<NotFoundException>(
            () => UsersCli.ResetPasswordAsync(_app.Services, "nobody", null, TextWriter.Null, default));
        Assert.IsType<SignInOutcome.Succeeded>(await SignInAsync(Password));
    }

    [Fact]
    public async Task DisableAndEnableAreLoggedAsAdminActions()
    {
        await UsersCli.SetDisabledAsync(_app.Services, "alice", true, TextWriter.Null, default);
        Assert.IsType<SignInOutcome.Failed>(await SignInAsync(Password));
        await UsersCli.SetDisabledAsync(_app.Services, "alice", false, TextWriter.Null, default);
        Assert.IsType<SignInOutcome.Succeeded>(await SignInAsync(Password));

        await using var db = await _app.Database.Contexts.CreateDbContextAsync();
        var kinds = await db.Set<SecurityEvent>().Where(e => e.Detail == "By an administrator (command line).").Select(e => e.Kind).ToListAsync();
        Assert.Contains(SecurityEventKinds.UserDisabled, kinds);
        Assert.Contains(SecurityEventKinds.UserEnabled, kinds);
    }
}
