using CasGists.Core.Search;

namespace CasGists.Tests.Core.Search;

public sealed class SearchQueryParserTests
{
    internal static SearchQuery Parsed(string input)
    {
        var result = SearchQueryParser.Parse(input);
        Assert.True(result.Succeeded, $"'{input}' was refused: {result.Error}");
        return result.Query;
    }

    private static SearchTerm W(string text) => new(text);

    private static SearchTerm P(string text) => new(text, IsPhrase: true);

    [Theory]
    [InlineData("hello world", "hello world")]
    [InlineData("  hello \t  world  ", "hello world")]
    [InlineData("\"exact   phrase\"", "\"exact phrase\"")]
    [InlineData("-foo", "-foo")]
    [InlineData("-\"foo  bar\"", "-\"foo bar\"")]
    [InlineData("a b OR c", "a b OR c")]
    [InlineData("a OR b OR c", "a OR b OR c")]
    [InlineData("language:go USER:Alice", "user:alice language:go")]
    [InlineData("Language:\"Objective-C\"", "language:objective-c")]
    [InlineData("filename:\"my  file.txt\"", "filename:\"my file.txt\"")]
    [InlineData("extension:.CS", "extension:cs")]
    [InlineData("extension:cs", "extension:cs")]
    [InlineData("title:Hello description:World topic:Dev-Ops", "title:Hello description:World topic:dev-ops")]
    [InlineData("IS:Starred is:MINE", "is:starred is:mine")]
    [InlineData("-is:starred -is:mine", "-is:starred -is:mine")]
    [InlineData("visibility:Private", "visibility:private")]
    [InlineData("-visibility:public", "-visibility:public")]
    [InlineData("visibility:public -visibility:public", "-visibility:public -visibility:unlisted -visibility:private")]
    [InlineData("sort:STARS", "sort:stars")]
    [InlineData("sort:stars sort:stars", "sort:stars")]
    [InlineData("user:a user:a", "user:a")]
    [InlineData("-language:go language:rust", "language:rust -language:go")]
    [InlineData("std::vector http://example.com 12:30 :x", "std::vector http://example.com 12:30 :x")]
    [InlineData("foo\"bar  baz\"", "foo \"bar baz\"")]
    [InlineData("sort:updated hello is:mine", "hello is:mine sort:updated")]
    [InlineData("", "")]
    [InlineData("\"\"", "")]
    public void ParsesToTheCanonicalText(string input, string canonical)
    {
        Assert.Equal(canonical, Parsed(input).ToString());
    }

    [Fact]
    public void FreeWordsAreEachARequiredClause()
    {
        var query = Parsed("hello world");

        Assert.Equal([SearchClause.Of(W("hello")), SearchClause.Of(W("world"))], query.Clauses);
        Assert.True(query.Filters.IsEmpty);
        Assert.Equal(SearchSort.BestMatch, query.Sort);
    }

    [Fact]
    public void AQuotedPhraseIsOneTermWithItsWhitespaceCollapsed()
    {
        Assert.Equal([SearchClause.Of(P("exact phrase here"))], Parsed("  \"exact\tphrase   here\" ").Clauses);
    }

    [Fact]
    public void AQuotedSingleWordStaysAPhrase()
    {
        Assert.Equal([SearchClause.Of(P("foo"))], Parsed("\"foo\"").Clauses);
    }

    [Fact]
    public void ExcludedWordsAndPhrasesBecomeExcludedClauses()
    {
        var query = Parsed("keep -drop -\"drop this\"");

        Assert.Equal([SearchClause.Of(W("keep")), SearchClause.Not(W("drop")), SearchClause.Not(P("drop this"))], query.Clauses);
        Assert.Equal([SearchClause.Of(W("keep"))], query.RequiredClauses);
        Assert.Equal([W("drop"), P("drop this")], query.ExcludedTerms);
    }

    [Theory]
    [InlineData("a b OR c", new[] { "a" }, new[] { "b", "c" })]
    [InlineData("a OR b c", new[] { "a", "b" }, new[] { "c" })]
    [InlineData("a OR b c OR d", new[] { "a", "b" }, new[] { "c", "d" })]
    public void OrBindsTighterThanTheImplicitAnd(string input, string[] first, string[] second)
    {
        var clauses = Parsed(input).Clauses;

        Assert.Equal(2, clauses.Count);
        Assert.Equal(first, clauses[0].AnyOf.Select(t => t.Text));
        Assert.Equal(second, clauses[1].AnyOf.Select(t => t.Text));
    }

    [Fact]
    public void OrJoinsPhrasesAndWordsAlike()
    {
        Assert.Equal([SearchClause.Of(P("hello world"), W("hi"), P("hey"))], Parsed("\"hello world\" OR hi OR \"hey\"").Clauses);
    }

    [Theory]
    [InlineData("a or b")]
    [InlineData("a Or b")]
    public void OnlyUpperCaseOrIsTheOperator(string input)
    {
        Assert.Equal(3, Parsed(input).Clauses.Count);
    }

    [Theory]
    [InlineData("AND", "AND")]
    [InlineData("NOT", "NOT")]
    [InlineData("--", "--")]
    [InlineData("-", "-")]
    [InlineData("---x", "---x")]
    [InlineData("(a)", "(a)")]
    public void OperatorsOfOtherEnginesAreOrdinaryWords(string input, string text)
    {
        Assert.Equal([SearchClause.Of(W(text))], Parsed(input).Clauses);
    }

    [Fact]
    public void AnExcludedOrIsAnExcludedWord()
    {
        Assert.Equal([SearchClause.Not(W("OR"))], Parsed("-OR").Clauses);
    }

    [Theory]
    [InlineData("user:alice", SearchField.User, "alice")]
    [InlineData("USER:Alice", SearchField.User, "alice")]
    [InlineData("language:go", SearchField.Language, "go")]
    [InlineData("language:\"objective-c\"", SearchField.Language, "objective-c")]
    [InlineData("Language:\"Objective-C\"", SearchField.Language, "objective-c")]
    [InlineData("language:\"visual  basic\"", SearchField.Language, "visual basic")]
    [InlineData("filename:Program.cs", SearchField.Filename, "Program.cs")]
    [InlineData("filename:\"read me.md\"", SearchField.Filename, "read me.md")]
    [InlineData("extension:.md", SearchField.Extension, "md")]
    [InlineData("extension:MD", SearchField.Extension, "md")]
    [InlineData("extension:tar.gz", SearchField.Extension, "tar.gz")]
    [InlineData("title:Setup", SearchField.Title, "Setup")]
    [InlineData("description:\"how to\"", SearchField.Description, "how to")]
    [InlineData("topic:Dev-Ops", SearchField.Topic, "dev-ops")]
    [InlineData("user::x", SearchField.User, ":x")]
    public void FieldFiltersAreRecordedWithNormalisedValues(string input, SearchField field, string value)
    {
        var query = Parsed(input);

        Assert.Empty(query.Clauses);
        Assert.Equal([new SearchFilter(field, value)], query.Filters.Fields);
        Assert.Equal([value], query.Filters.Required(field));
        Assert.Empty(query.Filters.Excluded(field));
    }

    [Theory]
    [InlineData("-language:go", SearchField.Language, "go")]
    [InlineData("-user:\"Bob\"", SearchField.User, "bob")]
    [InlineData("-topic:spam", SearchField.Topic, "spam")]
    [InlineData("-filename:.env", SearchField.Filename, ".env")]
    public void NegatedFiltersAreRecordedAsExcluded(string input, SearchField field, string value)
    {
        var filters = Parsed(input).Filters;

        Assert.Equal([new SearchFilter(field, value, Excluded: true)], filters.Fields);
        Assert.Equal([value], filters.Excluded(field));
        Assert.Empty(filters.Required(field));
    }

    [Fact]
    public void RepeatedFiltersAllApplyAndSortTheSameWhateverTheOrder()
    {
        var a = Parsed("language:rust topic:cli language:go -user:bob");
        var b = Parsed("-user:bob language:go topic:cli language:rust");

        Assert.Equal(a, b);
        Assert.Equal(["go", "rust"], a.Filters.Required(SearchField.Language));
    }

    [Fact]
    public void WordsAndFiltersMixFreely()
    {
        var query = Parsed("http client language:go -\"old api\" user:alice is:starred sort:updated");

        Assert.Equal([SearchClause.Of(W("http")), SearchClause.Of(W("client")), SearchClause.Not(P("old api"))], query.Clauses);
        Assert.Equal([new SearchFilter(SearchField.User, "alice"), new SearchFilter(SearchField.Language, "go")], query.Filters.Fields);
        Assert.True(query.Filters.Starred);
        Assert.Null(query.Filters.Mine);
        Assert.Equal(SearchSort.Updated, query.Sort);
    }

    [Theory]
    [InlineData("is:starred", true, null)]
    [InlineData("-is:starred", false, null)]
    [InlineData("is:mine", null, true)]
    [InlineData("-is:mine", null, false)]
    [InlineData("is:starred is:mine is:starred", true, true)]
    [InlineData("is:\"STARRED\"", true, null)]
    public void IsFiltersAreTriState(string input, bool? starred, bool? mine)
    {
        var filters = Parsed(input).Filters;

        Assert.Equal(starred, filters.Starred);
        Assert.Equal(mine, filters.Mine);
    }

    [Theory]
    [InlineData("", SearchVisibility.All)]
    [InlineData("visibility:public", SearchVisibility.Public)]
    [InlineData("visibility:UNLISTED", SearchVisibility.Unlisted)]
    [InlineData("visibility:private", SearchVisibility.Private)]
    [InlineData("-visibility:private", SearchVisibility.Public | SearchVisibility.Unlisted)]
    [InlineData("-visibility:private -visibility:unlisted", SearchVisibility.Public)]
    [InlineData("visibility:public visibility:private", SearchVisibility.None)]
    public void VisibilityIsRecordedForTheBackendToApply(string input, SearchVisibility expected)
    {
        Assert.Equal(expected, Parsed("x " + input).Filters.Visibility);
    }

    [Theory]
    [InlineData("", SearchSort.BestMatch)]
    [InlineData("sort:updated", SearchSort.Updated)]
    [InlineData("sort:Created", SearchSort.Created)]
    [InlineData("SORT:stars", SearchSort.Stars)]
    public void SortIsRecorded(string input, SearchSort expected)
    {
        Assert.Equal(expected, Parsed("x " + input).Sort);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("\0\u0001")]
    [InlineData("\u200E\u202E")]
    public void AnEmptySearchGivesTheEmptyQuery(string? input)
    {
        var result = SearchQueryParser.Parse(input);

        Assert.True(result.Succeeded);
        Assert.True(result.Query.IsEmpty);
        Assert.Equal(SearchQuery.Empty, result.Query);
    }

    [Theory]
    [InlineData("sort:stars")]
    [InlineData("user:alice")]
    [InlineData("-foo")]
    [InlineData("is:starred")]
    public void ASearchWithOnlyFiltersOrExclusionsIsNotEmpty(string input)
    {
        Assert.False(Parsed(input).IsEmpty);
    }

    [Theory]
    [InlineData("\"", "A quotation mark is not closed.")]
    [InlineData("foo \"bar", "A quotation mark is not closed.")]
    [InlineData("\"a\" \"b", "A quotation mark is not closed.")]
    [InlineData("-\"", "A quotation mark is not closed.")]
    [InlineData("language:\"objective-c", "A quotation mark is not closed.")]
    [InlineData("foo:bar", "Unknown filter 'foo:'. Known filters: user:, language:, filename:, extension:, title:, description:, topic:, is:, visibility:, sort:.")]
    [InlineData("langauge:go", "Unknown filter 'langauge:'.")]
    [InlineData("-foo:bar", "Unknown filter 'foo:'.")]
    [InlineData("localhost:8080", "put it in quotes")]
    [InlineData("x:", "Unknown filter 'x:'.")]
    [InlineData("user:", "The filter 'user:' needs a value.")]
    [InlineData("user:\"\"", "The filter 'user:' needs a value.")]
    [InlineData("language:\"  \"", "The filter 'language:' needs a value.")]
    [InlineData("extension:.", "needs a value")]
    [InlineData("is:pinned", "Unknown value 'is:pinned'. Use is:starred or is:mine.")]
    [InlineData("visibility:secret", "Unknown value 'visibility:secret'.")]
    [InlineData("sort:random", "Unknown value 'sort:random'. Use sort:updated, sort:created or sort:stars.")]
    [InlineData("-sort:stars", "A sort can't be excluded")]
    [InlineData("sort:stars sort:created", "Use only one sort: in a search.")]
    [InlineData("is:starred -is:starred", "both is:starred and -is:starred")]
    [InlineData("OR", "OR needs a word or phrase on each side")]
    [InlineData("a OR", "OR needs a word or phrase on each side")]
    [InlineData("OR a", "OR needs a word or phrase on each side")]
    [InlineData("a OR OR b", "OR needs a word or phrase on each side")]
    [InlineData("a OR \"\"", "OR needs a word or phrase on each side")]
    [InlineData("a OR user:x", "OR joins words and phrases, not filters")]
    [InlineData("sort:stars OR a", "OR joins words and phrases, not filters")]
    [InlineData("a OR -b", "OR can't join an excluded term")]
    [InlineData("-a OR b", "OR can't join an excluded term")]
    public void MistakesGiveAFriendlyMessage(string input, string message)
    {
        var result = SearchQueryParser.Parse(input);

        Assert.False(result.Succeeded);
        Assert.Null(result.Query);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public void TheUnknownFilterMessageShowsHowToSearchForTheTextItself()
    {
        Assert.Equal(
            "Unknown filter 'foo:'. Known filters: user:, language:, filename:, extension:, title:, description:, topic:, is:, visibility:, sort:. "
            + "To search for \"foo:bar\" as text, put it in quotes.",
            SearchQueryParser.Parse("a foo:bar").Error);
        Assert.Equal([SearchClause.Of(P("foo:bar"))], Parsed("\"foo:bar\"").Clauses);
    }
}
