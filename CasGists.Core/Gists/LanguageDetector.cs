namespace CasGists.Core.Gists;

/// <summary>
/// The display language of a file, from its name alone (as GitHub Gist does for new files):
/// special names first (<c>Dockerfile</c>, <c>.gitignore</c>), then the extension, ignoring case.
/// </summary>
public static class LanguageDetector
{
    public const string PlainText = "Text";

    private static readonly Dictionary<string, string> FileNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Dockerfile"] = "Dockerfile",
        ["Containerfile"] = "Dockerfile",
        ["Makefile"] = "Makefile",
        ["GNUmakefile"] = "Makefile",
        ["CMakeLists.txt"] = "CMake",
        ["Rakefile"] = "Ruby",
        ["Gemfile"] = "Ruby",
        ["Vagrantfile"] = "Ruby",
        ["Jenkinsfile"] = "Groovy",
        ["Justfile"] = "Just",
        ["go.mod"] = "Go Module",
        ["go.sum"] = "Text",
        ["Cargo.lock"] = "TOML",
        [".bashrc"] = "Shell",
        [".bash_profile"] = "Shell",
        [".bash_aliases"] = "Shell",
        [".profile"] = "Shell",
        [".zshrc"] = "Shell",
        [".zprofile"] = "Shell",
        [".envrc"] = "Shell",
        [".gitignore"] = "Ignore List",
        [".dockerignore"] = "Ignore List",
        [".npmignore"] = "Ignore List",
        [".prettierignore"] = "Ignore List",
        [".eslintignore"] = "Ignore List",
        [".gitattributes"] = "Git Attributes",
        [".gitconfig"] = "Git Config",
        [".gitmodules"] = "Git Config",
        [".editorconfig"] = "EditorConfig",
        [".env"] = "Dotenv",
        [".vimrc"] = "Vim Script",
        [".npmrc"] = "INI",
        [".babelrc"] = "JSON",
        [".eslintrc"] = "JSON",
        [".prettierrc"] = "JSON",
    };

    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cs"] = "C#", ["csx"] = "C#", ["razor"] = "Razor", ["cshtml"] = "Razor",
        ["csproj"] = "XML", ["props"] = "XML", ["targets"] = "XML", ["sln"] = "Text",
        ["fs"] = "F#", ["fsi"] = "F#", ["fsx"] = "F#",
        ["vb"] = "Visual Basic .NET",
        ["js"] = "JavaScript", ["mjs"] = "JavaScript", ["cjs"] = "JavaScript", ["jsx"] = "JavaScript",
        ["ts"] = "TypeScript", ["mts"] = "TypeScript", ["cts"] = "TypeScript", ["tsx"] = "TypeScript",
        ["py"] = "Python", ["pyw"] = "Python", ["pyi"] = "Python", ["ipynb"] = "Jupyter Notebook",
        ["go"] = "Go",
        ["rs"] = "Rust",
        ["java"] = "Java",
        ["kt"] = "Kotlin", ["kts"] = "Kotlin",
        ["c"] = "C", ["h"] = "C",
        ["cpp"] = "C++", ["cc"] = "C++", ["cxx"] = "C++", ["c++"] = "C++", ["hpp"] = "C++", ["hh"] = "C++", ["hxx"] = "C++",
        ["m"] = "Objective-C", ["mm"] = "Objective-C",
        ["sh"] = "Shell", ["bash"] = "Shell", ["zsh"] = "Shell", ["ksh"] = "Shell", ["fish"] = "Fish",
        ["ps1"] = "PowerShell", ["psm1"] = "PowerShell", ["psd1"] = "PowerShell",
        ["bat"] = "Batchfile", ["cmd"] = "Batchfile",
        ["sql"] = "SQL",
        ["json"] = "JSON", ["jsonc"] = "JSON", ["json5"] = "JSON", ["geojson"] = "JSON",
        ["yml"] = "YAML", ["yaml"] = "YAML",
        ["toml"] = "TOML",
        ["xml"] = "XML", ["xsd"] = "XML", ["xsl"] = "XML", ["xslt"] = "XML", ["plist"] = "XML", ["svg"] = "SVG", ["xaml"] = "XML",
        ["html"] = "HTML", ["htm"] = "HTML", ["xhtml"] = "HTML",
        ["css"] = "CSS", ["scss"] = "SCSS", ["sass"] = "Sass", ["less"] = "Less",
        ["md"] = "Markdown", ["markdown"] = "Markdown", ["mdx"] = "MDX",
        ["rst"] = "reStructuredText", ["adoc"] = "AsciiDoc", ["tex"] = "TeX",
        ["dockerfile"] = "Dockerfile",
        ["mk"] = "Makefile", ["mak"] = "Makefile",
        ["rb"] = "Ruby", ["erb"] = "HTML+ERB", ["gemspec"] = "Ruby",
        ["php"] = "PHP",
        ["swift"] = "Swift",
        ["lua"] = "Lua",
        ["r"] = "R",
        ["dart"] = "Dart",
        ["hs"] = "Haskell", ["lhs"] = "Haskell",
        ["ex"] = "Elixir", ["exs"] = "Elixir",
        ["erl"] = "Erlang", ["hrl"] = "Erlang",
        ["scala"] = "Scala", ["sc"] = "Scala",
        ["pl"] = "Perl", ["pm"] = "Perl",
        ["ini"] = "INI", ["cfg"] = "INI", ["conf"] = "INI", ["properties"] = "INI",
        ["diff"] = "Diff", ["patch"] = "Diff",
        ["vue"] = "Vue",
        ["svelte"] = "Svelte",
        ["graphql"] = "GraphQL", ["gql"] = "GraphQL",
        ["proto"] = "Protocol Buffers",
        ["tf"] = "Terraform (HCL)", ["tfvars"] = "Terraform (HCL)", ["hcl"] = "Terraform (HCL)",
        ["nix"] = "Nix",
        ["zig"] = "Zig",
        ["ml"] = "OCaml", ["mli"] = "OCaml",
        ["clj"] = "Clojure", ["cljs"] = "Clojure", ["cljc"] = "Clojure", ["edn"] = "Clojure",
        ["groovy"] = "Groovy", ["gradle"] = "Groovy",
        ["jl"] = "Julia",
        ["nim"] = "Nim",
        ["v"] = "V",
        ["asm"] = "Assembly", ["s"] = "Assembly",
        ["vim"] = "Vim Script",
        ["el"] = "Emacs Lisp",
        ["lisp"] = "Common Lisp",
        ["scm"] = "Scheme",
        ["rkt"] = "Racket",
        ["elm"] = "Elm",
        ["sol"] = "Solidity",
        ["cmake"] = "CMake",
        ["csv"] = "CSV", ["tsv"] = "TSV",
        ["log"] = "Text", ["txt"] = "Text", ["text"] = "Text",
    };

    public static string Detect(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return PlainText;
        }
        if (FileNames.TryGetValue(fileName, out var byName))
        {
            return byName;
        }
        // "Dockerfile.dev", "Makefile.linux"
        var stem = fileName.Split('.', 2)[0];
        if (stem.Length > 0 && FileNames.TryGetValue(stem, out var byStem))
        {
            return byStem;
        }
        if (fileName.StartsWith(".env.", StringComparison.OrdinalIgnoreCase))
        {
            return "Dotenv";
        }
        var dot = fileName.LastIndexOf('.');
        if (dot >= 0 && dot < fileName.Length - 1 && Extensions.TryGetValue(fileName[(dot + 1)..], out var byExtension))
        {
            return byExtension;
        }
        return PlainText;
    }
}
