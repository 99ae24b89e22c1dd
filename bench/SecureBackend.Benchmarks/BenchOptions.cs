using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SecureBackend.Benchmarks;

internal sealed class BenchOptions
{
    public const string Usage = """
        SecureBackend benchmark: analyzer cost next to the compiler, the driver's floor and the peer security analyzers.

          dotnet run -c Release --project bench/SecureBackend.Benchmarks [-- options]

        With no options: generated ASP.NET Core app at 10k, 100k and 500k lines, plain class library at 100k lines,
        3 repetitions, every analyzer set.

          --sizes LIST        generated ASP.NET Core app sizes, e.g. 10k,100k,500k (none: skip)
          --plain-sizes LIST  plain class library sizes (default 100k; none: skip)
          --plain             plain class library at every --sizes size as well
          --src DIR           measure a folder of .cs files as one compilation (repeatable; skips generated sizes
                              unless --sizes is given); `// expect: SBxxxx` markers count as seeded vulnerabilities
          --per-project       compile each --src folder one compilation per project: every non-test *.csproj,
                              each .cs file in its nearest project, referenced projects passed as compilation
                              references (findings reported once, in the owning project); with --whole-tree both
          --whole-tree        with --per-project: also measure each --src folder as one compilation
          --include LIST      only these sub-folders of each --src folder, e.g. src,bitwarden_license/src
          --ref DIR           extra reference assemblies for --src (every *.dll in DIR; repeatable)
          --reps N            repetitions per measurement, median reported (default 3, minimum 1)
          --sets LIST         any of floor,securebackend,securitycodescan,netanalyzers (default: all)
          --peer-max-lines N  run the peer sets only on corpora up to N lines (default 100k: Security Code Scan alone
                              costs about ten times the compiler, an hour at 500k on 2 cores); 0 = no limit
          --ours PATH         SecureBackend.Analyzers.dll (or its folder) to measure instead of the referenced project
          --concurrent        concurrent build and concurrent analysis (default off, for repeatable timing)
          --seed N            generator seed (default 20251124)
          --emit DIR          also write the generated sources and seeds.json to DIR
          --json PATH         results as JSON (default artifacts/bench/results.json)
          --markdown PATH     results as Markdown tables (default artifacts/bench/results.md)
          --no-warmup         skip the warm-up pass over a small corpus
          --profile           add a set of the SecureBackend analyzers with every callback measured on its thread
                              (thread CPU time, allocated bytes, JIT time) per analyzer and per action
          --diagnostics PATH  list every diagnostic the SecureBackend set reports (`SBxxxx file:line: message`, file
                              relative to the --src folder; first repetition; a `# corpus` line before each corpus)
          --peer-diagnostics PATH  the same for the peer sets (`[set] ID file:line: message`)
          --triage PATH       Markdown of the SecureBackend findings grouped by rule, each with 3 lines of source
        """;

    public List<int> Sizes { get; } = new() { 10_000, 100_000, 500_000 };

    public List<int> PlainSizes { get; } = new() { 100_000 };

    public List<string> Sources { get; } = new();

    public List<string> ReferenceDirectories { get; } = new();

    public List<string> Include { get; } = new();

    public bool PerProject { get; private set; }

    public bool WholeTree { get; private set; } = true;

    public string? PeerDiagnosticsPath { get; private set; }

    public string? TriagePath { get; private set; }

    public int Repetitions { get; private set; } = 3;

    public HashSet<string> Sets { get; } = new(StringComparer.OrdinalIgnoreCase) { "floor", "securebackend", "securitycodescan", "netanalyzers" };

    public string? OursPath { get; private set; }

    public int PeerMaxLines { get; private set; } = 125_000;

    public bool Concurrent { get; private set; }

    public ulong Seed { get; private set; } = 20251124;

    public string? EmitDirectory { get; private set; }

    public string? DiagnosticsPath { get; private set; }

    public string JsonPath { get; private set; } = Path.Combine(RepositoryRoot, "artifacts", "bench", "results.json");

    public string MarkdownPath { get; private set; } = Path.Combine(RepositoryRoot, "artifacts", "bench", "results.md");

    public bool Warmup { get; private set; } = true;

    /// <summary>Adds the set of SecureBackend analyzers with every callback profiled (see <see cref="CallbackProfile"/>).</summary>
    public bool Profile { get; private set; }

    public IReadOnlyList<string> Arguments { get; private set; } = Array.Empty<string>();

    public static string RepositoryRoot { get; } = FindRoot();

    public static BenchOptions? Parse(string[] args)
    {
        var options = new BenchOptions { Arguments = args };
        var sizesGiven = false;
        var wholeTreeGiven = false;
        var plain = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("missing value after " + args[i]);
            switch (args[i])
            {
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    return null;
                case "--sizes":
                    Replace(options.Sizes, ParseSizes(Value()));
                    sizesGiven = true;
                    break;
                case "--plain-sizes":
                    Replace(options.PlainSizes, ParseSizes(Value()));
                    break;
                case "--plain":
                    plain = true;
                    break;
                case "--src":
                    options.Sources.Add(Path.GetFullPath(Value()));
                    break;
                case "--per-project":
                    options.PerProject = true;
                    break;
                case "--whole-tree":
                    wholeTreeGiven = true;
                    break;
                case "--include":
                    options.Include.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--peer-diagnostics":
                    options.PeerDiagnosticsPath = Path.GetFullPath(Value());
                    break;
                case "--triage":
                    options.TriagePath = Path.GetFullPath(Value());
                    break;
                case "--ref":
                    options.ReferenceDirectories.Add(Path.GetFullPath(Value()));
                    break;
                case "--reps":
                    options.Repetitions = Math.Max(1, int.Parse(Value(), CultureInfo.InvariantCulture));
                    break;
                case "--sets":
                    options.Sets.Clear();
                    options.Sets.UnionWith(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--peer-max-lines":
                    var limit = ParseSizes(Value()).Single();
                    options.PeerMaxLines = limit <= 0 ? int.MaxValue : limit + (limit / 4); // generated sizes overshoot by up to one module
                    break;
                case "--ours":
                    options.OursPath = Path.GetFullPath(Value());
                    break;
                case "--concurrent":
                    options.Concurrent = true;
                    break;
                case "--seed":
                    options.Seed = ulong.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--emit":
                    options.EmitDirectory = Path.GetFullPath(Value());
                    break;
                case "--json":
                    options.JsonPath = Path.GetFullPath(Value());
                    break;
                case "--markdown":
                    options.MarkdownPath = Path.GetFullPath(Value());
                    break;
                case "--diagnostics":
                    options.DiagnosticsPath = Path.GetFullPath(Value());
                    break;
                case "--profile":
                    options.Profile = true;
                    break;
                case "--no-warmup":
                    options.Warmup = false;
                    break;
                default:
                    throw new ArgumentException("unknown option " + args[i] + "\n\n" + Usage);
            }
        }

        if (options.Sources.Count > 0 && !sizesGiven)
        {
            options.Sizes.Clear();
            options.PlainSizes.Clear();
        }

        options.WholeTree = !options.PerProject || wholeTreeGiven;
        if (plain)
        {
            Replace(options.PlainSizes, options.Sizes);
        }

        return options;
    }

    private static void Replace(List<int> target, IEnumerable<int> values)
    {
        var copy = values.ToList();
        target.Clear();
        target.AddRange(copy);
    }

    private static IEnumerable<int> ParseSizes(string text)
    {
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var multiplier = 1;
            var number = part;
            if (part.EndsWith('k') || part.EndsWith('K'))
            {
                multiplier = 1000;
                number = part[..^1];
            }

            yield return (int)(double.Parse(number, CultureInfo.InvariantCulture) * multiplier);
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SecureBackend.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
