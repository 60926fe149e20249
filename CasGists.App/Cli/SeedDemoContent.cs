using System.Text;

namespace CasGists.App.Cli;

/// <summary>One generated gist: a title, a description, 1–5 files in several languages and a few topics.</summary>
public sealed record DemoGist(string Title, string Description, IReadOnlyList<(string Name, string Content)> Files, List<string> Topics);

/// <summary>
/// Makes plausible gists from templates: code in Python, Go, Rust, JavaScript, C#, SQL, shell, YAML, and Markdown
/// notes, with common programming words, a sprinkling of rarer ones, and one "lexNNNN" word per gist (10,000 of
/// them) so that a benchmark has words that appear in about one gist in ten thousand.
/// </summary>
public sealed class DemoContent(Random random)
{
    private static readonly string[] Nouns =
    [
        "cache", "queue", "parser", "client", "server", "token", "config", "router", "buffer", "stream", "worker", "logger",
        "session", "widget", "matrix", "vector", "graph", "node", "edge", "tree", "heap", "stack", "socket", "request",
        "response", "handler", "schema", "migration", "backup", "image", "thumbnail", "invoice", "order", "customer", "payment",
        "report", "metric", "counter", "timer", "retry", "batch", "index", "search", "filter", "sorter", "encoder", "decoder",
    ];

    private static readonly string[] Verbs =
    [
        "load", "save", "parse", "render", "fetch", "merge", "split", "sort", "filter", "encode", "decode", "resize", "compress",
        "validate", "format", "sync", "retry", "schedule", "compute", "hash", "sign", "verify", "upload", "download", "export",
    ];

    private static readonly string[] Rare =
    [
        "quaternion", "levenshtein", "bloom", "trie", "fibonacci", "mandelbrot", "dijkstra", "kruskal", "huffman", "rot13",
        "bresenham", "catmull", "sierpinski", "knapsack", "memoize", "debounce", "throttle", "hyperloglog", "consistent", "raft",
    ];

    private static readonly string[] TopicPool =
    [
        "algorithms", "devops", "python", "golang", "rust", "javascript", "dotnet", "sql", "shell", "docker", "kubernetes",
        "testing", "performance", "security", "web", "cli", "data", "notes", "snippets", "graphics",
    ];

    private string Pick(string[] words) => words[random.Next(words.Length)];

    private string Name() => Pick(Verbs) + "_" + Pick(Nouns);

    public DemoGist Next()
    {
        var noun = Pick(Nouns);
        var verb = Pick(Verbs);
        var rare = random.Next(4) == 0 ? " " + Pick(Rare) : "";
        var lex = $"lex{random.Next(10_000)}";
        var title = $"{char.ToUpperInvariant(verb[0])}{verb[1..]} a {noun}{rare}";
        var description = $"How to {verb} a {noun} with a hash map and a {Pick(Nouns)}; see {lex}.";
        var count = 1 + random.Next(5);
        var files = new List<(string, string)>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < count; i++)
        {
            var (name, content) = random.Next(9) switch
            {
                0 => ($"{Name()}.py", Python()),
                1 => ($"{Name()}.go", Go()),
                2 => ($"{Name()}.rs", Rust()),
                3 => ($"{Name()}.js", JavaScript()),
                4 => ($"{Name()}.cs", CSharp()),
                5 => ($"{Name()}.sql", Sql()),
                6 => ($"{Name()}.sh", Shell()),
                7 => ($"{Name()}.yaml", Yaml()),
                _ => ($"{(i == 0 ? "README" : Name())}.md", Markdown(title, lex)),
            };
            if (used.Add(name))
            {
                files.Add((name, content));
            }
        }
        var topics = Enumerable.Range(0, random.Next(4)).Select(_ => Pick(TopicPool)).Distinct().ToList();
        return new DemoGist(title, description, files, topics);
    }

    private string Lines(Func<string> line, int min, int max)
    {
        var sb = new StringBuilder();
        var n = random.Next(min, max);
        for (var i = 0; i < n; i++)
        {
            sb.Append(line()).Append('\n');
        }
        return sb.ToString();
    }

    private string Python() =>
        $"import json\nfrom collections import defaultdict\n\n\ndef {Name()}({Pick(Nouns)}, {Pick(Nouns)}=None):\n    \"\"\"{Pick(Verbs)} the {Pick(Nouns)} and return it.\"\"\"\n"
        + Lines(() => $"    {Pick(Nouns)} = {Pick(Verbs)}_{Pick(Nouns)}({Pick(Nouns)}, retry={random.Next(10)})", 5, 30)
        + $"    return {Pick(Nouns)}\n";

    private string Go() =>
        $"package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\n// {Name()} keeps a hash map of {Pick(Nouns)} entries.\nfunc {Pick(Verbs)}{Pick(Nouns)}(m map[string]int) error {{\n"
        + Lines(() => $"\tif err := {Pick(Verbs)}(m[\"{Pick(Nouns)}\"]); err != nil {{\n\t\treturn fmt.Errorf(\"{Pick(Verbs)} {Pick(Nouns)}: %w\", err)\n\t}}", 3, 15)
        + "\treturn nil\n}\n";

    private string Rust() =>
        $"use std::collections::HashMap;\n\n/// {Pick(Verbs)} every {Pick(Nouns)}.\npub fn {Name()}(input: &str) -> Result<HashMap<String, usize>, String> {{\n    let mut map = HashMap::new();\n"
        + Lines(() => $"    map.insert(\"{Pick(Nouns)}\".to_string(), input.len() * {random.Next(100)});", 3, 20)
        + "    Ok(map)\n}\n";

    private string JavaScript() =>
        $"export async function {Pick(Verbs)}{char.ToUpperInvariant(Pick(Nouns)[0])}x(url) {{\n  const response = await fetch(url);\n"
        + Lines(() => $"  const {Pick(Nouns)} = await {Pick(Verbs)}(response, {{ retry: {random.Next(5)} }});", 3, 20)
        + "  return response.json();\n}\n";

    private string CSharp() =>
        $"namespace Demo;\n\npublic sealed class {char.ToUpperInvariant(Pick(Nouns)[0])}{Pick(Nouns)}Service\n{{\n    private readonly Dictionary<string, int> _map = new();\n\n    public int {char.ToUpperInvariant(Pick(Verbs)[0])}{Pick(Verbs)}(string key)\n    {{\n"
        + Lines(() => $"        _map[\"{Pick(Nouns)}\"] = key.Length + {random.Next(100)};", 3, 20)
        + "        return _map.Count;\n    }\n}\n";

    private string Sql() =>
        $"-- {Pick(Verbs)} {Pick(Nouns)} rows\nCREATE TABLE {Pick(Nouns)}s (id bigint primary key, name text not null);\n"
        + Lines(() => $"SELECT id, name FROM {Pick(Nouns)}s WHERE name LIKE '%{Pick(Nouns)}%' ORDER BY id LIMIT {random.Next(1, 100)};", 2, 12);

    private string Shell() =>
        $"#!/usr/bin/env bash\nset -euo pipefail\n# {Pick(Verbs)} the {Pick(Nouns)}\n"
        + Lines(() => $"{Pick(Verbs)}_{Pick(Nouns)} --{Pick(Nouns)} \"${{{Pick(Nouns).ToUpperInvariant()}:-{random.Next(100)}}}\"", 3, 15);

    private string Yaml() =>
        $"name: {Pick(Verbs)}-{Pick(Nouns)}\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        + Lines(() => $"      - run: make {Pick(Verbs)}-{Pick(Nouns)}", 2, 10);

    private string Markdown(string title, string lex) =>
        $"# {title}\n\nNotes on how to {Pick(Verbs)} a {Pick(Nouns)} quickly ({lex}).\n\n"
        + Lines(() => $"- {Pick(Verbs)} the {Pick(Nouns)} before you {Pick(Verbs)} the {Pick(Nouns)}", 3, 15)
        + $"\n```\n{Pick(Verbs)} {Pick(Nouns)} --fast\n```\n";
}
