namespace CasGists.Core.Accounts;

/// <summary>The words shown for sign-in failures, shared by the pages and the services that throw them.</summary>
public static class SignInMessages
{
    /// <summary>One message for an unknown user, a wrong password and a disabled account, so none can be told apart.</summary>
    public const string Failed = "Incorrect user name or password.";

    public const string WrongCode = "That code is not right, or it was already used.";

    public static string TooManyAttempts(TimeSpan wait)
    {
        var minutes = (int)Math.Ceiling(wait.TotalMinutes);
        return minutes <= 1
            ? "Too many attempts. Try again in 1 minute."
            : $"Too many attempts. Try again in {minutes} minutes.";
    }
}
