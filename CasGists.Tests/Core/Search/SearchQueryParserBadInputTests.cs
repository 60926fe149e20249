using System.Text;
using CasGists.Core.Search;

namespace CasGists.Tests.Core.Search;

/// <summary>The "Bad input" list of issue 6: always a query or a message, never an exception.</summary>
public sealed class SearchQueryParserBadInputTests
{
    public static TheoryData<string> HostileInputs() =>
    [
        "\"",
        "\"\"\"",
        "*",
        "foo*",
        "NEAR(",
        "NEAR(a b, 3)",
        ":",
        "a:b",
        "^",
        "^foo",
        "col:",
        "{a b}",
        "'",
        "';",
        "'; DROP TABLE gists; --",
        "1' OR '1'='1",
        "Robert'); DROP TABLE Students;--",
        "\"; DROP TABLE users; --",
        "\" OR 1=1 --\"",
        "a AND b NOT c",
        "-- comment",
        "/* x */",
        "$1 %s %n {0}",
        "\\",
        "\\\"",
        "🦀 rust 👨‍👩‍👧",
        "שלום עולם",
        "مرحبا بالعالم",
        "\u202Eevil\u202C text",
        "\0\u0001\u001F\u007F",
        "\uFFFD\uFFFE\uFFFF",
        "\uFFFD",
        "\uD800",
        "abc\uDC00def",
        "end\uDBFF",
        "ok\uD83E\uDD80ok",
        "a\r\nb",
    ];

    // Not enumerated at discovery: serialising the data would replace lone surrogates with U+FFFD.
    [Theory]
    [MemberData(nameof(HostileInputs), DisableDiscoveryEnumeration = true)]
    public void HostileInputGivesAQueryOrAMessageAndRoundTrips(string input)
    {
        var result = SearchQueryParser.Parse(input);

        if (result.Succeeded)
        {
            Assert.Equal(result.Query, SearchQueryParser.Parse(result.Query.ToString()).Query);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Error));
        }
    }

    [Theory]
    [InlineData("*", "*")]
    [InlineData("NEAR(", "NEAR(")]
    [InlineData("^foo", "^foo")]
    [InlineData(":", ":")]
    [InlineData("std::vector", "std::vector")]
    [InlineData("'", "'")]
    [InlineData(";", ";")]
    [InlineData("--", "--")]
    [InlineData("1=1", "1=1")]
    public void EngineOperatorsComeOutAsLiteralWords(string input, string text)
    {
        var query = SearchQueryParserTests.Parsed(input);

        Assert.Equal(new SearchTerm(text), Assert.Single(Assert.Single(query.Clauses).AnyOf));
    }

    [Fact]
    public void AnSqlInjectionAttemptIsJustWords()
    {
        var query = SearchQueryParserTests.Parsed("'; DROP TABLE gists; --");

        Assert.Equal(["';", "DROP", "TABLE", "gists;", "--"], query.Clauses.Select(c => c.AnyOf.Single().Text));
    }

    [Fact]
    public void ATenKilobyteQueryIsRefusedAsTooLong()
    {
        var result = SearchQueryParser.Parse(new string('a', 10 * 1024));

        Assert.Equal("The search is too long: at most 1,024 characters.", result.Error);
    }

    [Fact]
    public void AQueryAtTheLengthLimitIsAccepted()
    {
        Assert.Single(SearchQueryParserTests.Parsed(new string('a', SearchQueryParser.MaxLength)).Clauses);
    }

    [Fact]
    public void FiveHundredTermsAreRefusedAsTooMany()
    {
        var result = SearchQueryParser.Parse(string.Join(' ', Enumerable.Repeat("a", 500)));

        Assert.Equal("The search has too many terms: at most 50.", result.Error);
    }

    [Fact]
    public void FiltersCountTowardsTheTermLimitButOrDoesNot()
    {
        Assert.Equal(50, SearchQueryParserTests.Parsed(string.Join(" OR ", Enumerable.Repeat("a", 50))).Clauses[0].AnyOf.Count);
        Assert.False(SearchQueryParser.Parse(string.Join(' ', Enumerable.Repeat("user:a", 51))).Succeeded);
    }

    [Fact]
    public void UnpairedSurrogatesAndNonCharactersAreRefused()
    {
        // Built in code rather than InlineData, which would turn lone surrogates into U+FFFD.
        string[] inputs = ["\uD800", "abc\uDC00def", "end\uDBFF", "\uDC00\uD800", "a \uFFFF", "\uFFFE"];

        Assert.All(inputs, input =>
            Assert.Equal("The search contains characters that are not valid text.", SearchQueryParser.Parse(input).Error));
        Assert.True(SearchQueryParser.Parse("ok\uD83E\uDD80ok \uFFFD").Succeeded);
    }

    [Fact]
    public void EmojiAreOrdinaryWords()
    {
        var query = SearchQueryParserTests.Parsed("🦀 \"👨‍👩‍👧 family\" -💩");

        Assert.Equal(
            [SearchClause.Of(new SearchTerm("🦀")), SearchClause.Of(new SearchTerm("👨‍👩‍👧 family", IsPhrase: true)), SearchClause.Not(new SearchTerm("💩"))],
            query.Clauses);
    }

    [Fact]
    public void RightToLeftTextIsOrdinaryWords()
    {
        var query = SearchQueryParserTests.Parsed("שלום \"مرحبا بالعالم\" user:דוד");

        Assert.Equal(["שלום", "مرحبا بالعالم"], query.Clauses.Select(c => c.AnyOf.Single().Text));
        Assert.Equal(["דוד"], query.Filters.Required(SearchField.User));
    }

    [Fact]
    public void InvisibleDirectionMarksAreDroppedSoLookalikesAreEqual()
    {
        Assert.Equal(SearchQueryParserTests.Parsed("evil text"), SearchQueryParserTests.Parsed("\u202Eevil\u202C \u200Btext\uFEFF"));
    }

    [Fact]
    public void ControlCharactersSeparateWords()
    {
        Assert.Equal(SearchQueryParserTests.Parsed("foo bar baz"), SearchQueryParserTests.Parsed("foo\0bar\u0007baz\u007F"));
    }

    [Fact]
    public void TextIsNormalisedSoComposedAndDecomposedAccentsAreEqual()
    {
        Assert.Equal(SearchQueryParserTests.Parsed("caf\u00E9"), SearchQueryParserTests.Parsed("cafe\u0301"));
    }

    [Fact]
    public void RandomInputNeverThrowsAndEveryQueryRoundTrips()
    {
        string[] pieces =
        [
            "a", "b", "OR", "or", "-", "--", "\"", " ", " ", "  ", ":", "::", "/", "user:", "language:", "is:", "sort:",
            "visibility:", "foo:", "starred", "mine", "stars", "private", "*", "^", "NEAR(", ")", "'", ";", ".", "\t",
            "\0", "🦀", "\uD83E", "\uDD80", "ש", "\u202E", "é", "e\u0301", "\u200D", "x",
        ];
        var random = new Random(6);
        var succeeded = 0;
        for (var i = 0; i < 5000; i++)
        {
            var sb = new StringBuilder();
            var count = random.Next(1, 16);
            for (var j = 0; j < count; j++)
            {
                sb.Append(pieces[random.Next(pieces.Length)]);
            }
            var input = sb.ToString();

            var result = SearchQueryParser.Parse(input);

            if (result.Succeeded)
            {
                succeeded++;
                var again = SearchQueryParser.Parse(result.Query.ToString());
                Assert.True(again.Succeeded, $"canonical text of '{input}' was refused: {again.Error}");
                Assert.Equal(result.Query, again.Query);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(result.Error));
            }
        }
        // The generator must exercise both paths, or the test proves little.
        Assert.InRange(succeeded, 500, 4500);
    }
}
