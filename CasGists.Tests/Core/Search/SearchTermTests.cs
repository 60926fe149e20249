using CasGists.Core.Search;
using Microsoft.Data.Sqlite;

namespace CasGists.Tests.Core.Search;

public sealed class SearchTermTests
{
    [Theory]
    [InlineData("foo", "\"foo\"")]
    [InlineData("foo bar", "\"foo bar\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("NEAR(", "\"NEAR(\"")]
    [InlineData("*", "\"*\"")]
    [InlineData("col:x", "\"col:x\"")]
    [InlineData("'; --", "\"'; --\"")]
    public void FtsLiteralDoublesQuotesAndWrapsTheTerm(string text, string literal)
    {
        Assert.Equal(literal, new SearchTerm(text).ToFtsLiteral());
    }

    [Theory]
    [InlineData("foo", new[] { "foo" })]
    [InlineData("foo.bar(baz)", new[] { "foo", "bar", "baz" })]
    [InlineData("snake_case", new[] { "snake_case" })]
    [InlineData("don't", new[] { "don", "t" })]
    [InlineData("^*:;'--", new string[0])]
    [InlineData("café 42", new[] { "café", "42" })]
    [InlineData("🦀rust", new[] { "🦀rust" })]
    [InlineData("👨‍👩‍👧", new[] { "👨‍👩‍👧" })]
    [InlineData("שלום, עולם", new[] { "שלום", "עולם" })]
    public void WordsSplitOnPunctuation(string text, string[] words)
    {
        Assert.Equal(words, new SearchTerm(text).Words());
    }

    [Fact]
    public void PostgresHelpersNeverCarryOperators()
    {
        var term = new SearchTerm("a or -b \"c\" & d|e !f <-> g:*", IsPhrase: true);

        Assert.Equal("a or b c d e f g", term.ToTsQueryText());
        Assert.Equal("\"a or b c d e f g\"", term.ToWebSearchLiteral());
        Assert.Equal("", new SearchTerm("*").ToWebSearchLiteral());
    }

    [Theory]
    [InlineData("OR", false, "\"OR\"")]
    [InlineData("-x", false, "\"-x\"")]
    [InlineData("user:x", false, "\"user:x\"")]
    [InlineData("a b", false, "\"a b\"")]
    [InlineData("-x", true, "-\"-x\"")]
    [InlineData("OR", true, "-OR")]
    [InlineData("--", false, "--")]
    [InlineData("-", false, "-")]
    public void AHandBuiltWordThatWouldReadAsSyntaxIsWrittenAsAPhrase(string text, bool excluded, string written)
    {
        var clause = excluded ? SearchClause.Not(new SearchTerm(text)) : SearchClause.Of(new SearchTerm(text));

        Assert.Equal(written, clause.ToString());
    }

    [Fact]
    public void EveryHostileTermIsAValidFts5Literal()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE VIRTUAL TABLE docs USING fts5(body)");
        Execute(connection, "INSERT INTO docs(body) VALUES ('near foo bar select drop table gists say hi')");
        var terms = ((IEnumerable<object[]>)SearchQueryParserBadInputTests.HostileInputs())
            .Select(row => SearchQueryParser.Parse((string)row[0]))
            .Where(r => r.Succeeded)
            .SelectMany(r => r.Query!.Clauses.SelectMany(c => c.AnyOf))
            .Append(new SearchTerm("say \"hi\""))
            .ToList();
        Assert.True(terms.Count > 30);

        foreach (var term in terms)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM docs WHERE docs MATCH $q";
            command.Parameters.AddWithValue("$q", term.ToFtsLiteral());
            command.ExecuteScalar();
        }
        Assert.Equal(1L, Match(connection, new SearchTerm("NEAR(")));
        Assert.Equal(1L, Match(connection, new SearchTerm("DROP TABLE", IsPhrase: true)));
        Assert.Equal(1L, Match(connection, new SearchTerm("say \"hi\"")));
        // Inside a literal `*` is not a prefix operator.
        Assert.Equal(1L, Match(connection, new SearchTerm("foo*")));
        Assert.Equal(0L, Match(connection, new SearchTerm("fo*")));
    }

    private static long Match(SqliteConnection connection, SearchTerm term)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM docs WHERE docs MATCH $q";
        command.Parameters.AddWithValue("$q", term.ToFtsLiteral());
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
