using System.Text;

namespace CasGists.Tests.App.Api;

/// <summary>
/// Runs every row of a case table inside one test, against one app: starting an app per row cost more than the rows.
/// Each row's failure is caught, and the test fails at the end naming every failing row with its message, so one bad
/// row hides neither the others nor which one it was.
/// </summary>
public static class EveryCase
{
    /// <summary>Longest row description kept in a failure: some rows carry bodies of megabytes.</summary>
    private const int DescriptionLength = 200;

    public static async Task RunAsync<T>(IReadOnlyList<T> cases, Func<T, Task> check)
    {
        Assert.NotEmpty(cases);
        var failures = new StringBuilder();
        var failed = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            try
            {
                await check(cases[i]);
            }
            catch (Exception e)
            {
                failed++;
                failures.Append("\n--- row ").Append(i).Append(": ").Append(Describe(cases[i])).Append('\n').Append(e.Message).Append('\n');
            }
        }
        if (failed > 0)
        {
            Assert.Fail($"{failed} of {cases.Count} rows failed:{failures}");
        }
    }

    private static string Describe<T>(T row)
    {
        var text = row?.ToString() ?? "null";
        return text.Length <= DescriptionLength ? text : $"{text[..DescriptionLength]}… ({text.Length} characters)";
    }
}
