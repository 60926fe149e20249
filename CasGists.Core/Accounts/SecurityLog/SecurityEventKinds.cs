namespace CasGists.Core.Accounts.SecurityLog;

/// <summary>The kinds of entry in the security log, stored as these short strings so old rows stay readable.</summary>
public static class SecurityEventKinds
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignInThrottled = "sign-in-throttled";
    public const string SecondFactorFailed = "two-factor-failed";
    public const string TwoFactorEnabled = "two-factor-enabled";
    public const string TwoFactorDisabled = "two-factor-disabled";
    public const string TwoFactorReset = "two-factor-reset";
    public const string RecoveryCodeUsed = "recovery-code-used";
    public const string RecoveryCodesRegenerated = "recovery-codes-regenerated";
    public const string PasswordChanged = "password-changed";
    public const string PasswordReset = "password-reset";
    public const string PasswordResetRequested = "password-reset-requested";
    public const string SessionRevoked = "session-revoked";
    public const string SignedOut = "signed-out";
    public const string TokenCreated = "token-created";
    public const string TokenRevoked = "token-revoked";
    public const string UserCreated = "user-created";
    public const string UserDisabled = "user-disabled";
    public const string UserEnabled = "user-enabled";
    public const string ProfileChanged = "profile-changed";

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        [SignIn] = "Signed in",
        [SignInFailed] = "Failed sign-in",
        [SignInThrottled] = "Sign-in refused: too many attempts",
        [SecondFactorFailed] = "Wrong two-factor code",
        [TwoFactorEnabled] = "Two-factor authentication enabled",
        [TwoFactorDisabled] = "Two-factor authentication disabled",
        [TwoFactorReset] = "Two-factor authentication reset by an administrator",
        [RecoveryCodeUsed] = "Recovery code used",
        [RecoveryCodesRegenerated] = "New recovery codes generated",
        [PasswordChanged] = "Password changed",
        [PasswordReset] = "Password reset",
        [PasswordResetRequested] = "Password reset requested",
        [SessionRevoked] = "Sessions signed out",
        [SignedOut] = "Signed out",
        [TokenCreated] = "Access token created",
        [TokenRevoked] = "Access token revoked",
        [UserCreated] = "Account created",
        [UserDisabled] = "Account disabled",
        [UserEnabled] = "Account enabled",
        [ProfileChanged] = "Profile changed",
    };

    public static string Describe(string kind) => Descriptions.GetValueOrDefault(kind, kind);
}
