using CasGists.Core.Accounts;
using CasGists.Core.Accounts.Passwords;
using Microsoft.Extensions.Options;

namespace CasGists.Tests.Core.Accounts.Passwords;

public sealed class PasswordPolicyTests
{
    private readonly PasswordPolicy _policy = new(Options.Create(new AccountOptions()));

    [Theory]
    [InlineData("password")]
    [InlineData("PASSWORD")]
    [InlineData("12345678")]
    [InlineData("qwertyuiop")]
    [InlineData("Trustno1")]
    [InlineData("iloveyou")]
    public void CommonPasswordsAreRefusedWhateverTheirCase(string password) =>
        Assert.Contains("commonly used", _policy.Check(password));

    [Fact]
    public void TheShippedListHoldsThousandsOfPasswordsOfEightOrMoreCharacters() =>
        Assert.InRange(PasswordPolicy.CommonPasswordCount, 10_000, 30_000);

    [Fact]
    public void SevenCharactersAreTooFewAndEightAreEnough()
    {
        Assert.Equal("Password must be at least 8 characters.", _policy.Check("xkcd-93"));
        Assert.Null(_policy.Check("xkcd-936"));
    }

    [Fact]
    public void SixtyFourCharactersAndMoreAreAllowedUpToTheMaximum()
    {
        Assert.Null(_policy.Check(new string('a', 60) + "b7c9"));
        Assert.Null(_policy.Check(string.Concat(Enumerable.Repeat("tree", 32))));
        Assert.Equal("Password must be at most 128 characters.", _policy.Check(new string('q', 129)));
    }

    [Fact]
    public void NoCompositionRulesApply()
    {
        Assert.Null(_policy.Check("all lower case words"));
        Assert.Null(_policy.Check("ünïcödé pässphrase ✓"));
    }

    [Fact]
    public void ThePasswordMayNotBeTheUserNameOrEmail()
    {
        Assert.NotNull(_policy.Check("Alice-in-chains", "alice-in-chains", "a@example.com"));
        Assert.NotNull(_policy.Check("a@example.com", "alice", "A@example.com"));
        Assert.Null(_policy.Check("something else entirely", "alice", "a@example.com"));
    }
}
