using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureBackend.Benchmarks;
using SecureBackend.Benchmarks.Corpus;

var options = BenchOptions.Parse(args);
if (options is null)
{
    return 0;
}

var environment = BenchEnvironment.Describe(options);
Console.WriteLine(environment.Summary);
foreach (var warning in environment.Warnings)
{
    Console.WriteLine("warning: " + warning);
}

var ours = AnalyzerSets.Ours(options.OursPath);
var peers = new List<AnalyzerSet>();
if (options.Sets.Contains("securitycodescan"))
{
    peers.Add(AnalyzerSets.SecurityCodeScan());
}

if (options.Sets.Contains("netanalyzers"))
{
    peers.Add(AnalyzerSets.NetAnalyzersSecurity());
}

Console.WriteLine($"SecureBackend analyzers: {ours.Analyzers.Length}" + (ours.IsEmpty ? " (none found: the SecureBackend row is skipped and the floor uses typical registrations)" : string.Empty));
foreach (var peer in peers)
{
    Console.WriteLine($"{peer.Label}: {peer.Analyzers.Length} analyzers");
}

if (options.Warmup)
{
    Console.WriteLine("warm-up: one pass over a small generated app (not reported)");
    var warm = WebAppGenerator.Generate(3_000, options.Seed + 1);
    Workload.Run(options, "warm-up", warm, References.Web, ours, peers, quiet: true, repetitions: 1);
}

var results = new List<WorkloadResult>();
FindingsOutput.Reset(options);
foreach (var size in options.Sizes)
{
    var corpus = WebAppGenerator.Generate(size, options.Seed);
    Emit(options, "web-" + size, corpus);
    var result = Workload.Run(options, "web", corpus, References.Web, ours, peers, quiet: false, options.Repetitions);
    results.Add(result);
    FindingsOutput.Write(options, result);
}

foreach (var size in options.PlainSizes)
{
    var corpus = PlainLibraryGenerator.Generate(size, options.Seed);
    Emit(options, "plain-" + size, corpus);
    var result = Workload.Run(options, "plain", corpus, References.Plain, ours, peers, quiet: false, options.Repetitions);
    results.Add(result);
    FindingsOutput.Write(options, result);
}

foreach (var source in options.Sources)
{
    var references = options.ReferenceDirectories.Aggregate(References.Web, (all, dir) => all.AddRange(References.FromDirectory(dir)));
    if (options.WholeTree)
    {
        var corpus = SourceFolder.Load(source, options.Include);
        var result = Workload.Run(options, "src", corpus, references, ours, peers, quiet: false, options.Repetitions);
        results.Add(result);
        FindingsOutput.Write(options, result);
    }

    if (options.PerProject)
    {
        var tree = ProjectTree.Load(source, options.Include);
        var result = Workload.RunProjects(options, tree, references, ours, peers, options.Repetitions);
        results.Add(result);
        FindingsOutput.Write(options, result);
    }
}

var markdown = Report.Markdown(environment, results);
Console.WriteLine();
Console.WriteLine(Report.Scaling(results));
Directory.CreateDirectory(Path.GetDirectoryName(options.MarkdownPath)!);
File.WriteAllText(options.MarkdownPath, markdown);
Directory.CreateDirectory(Path.GetDirectoryName(options.JsonPath)!);
File.WriteAllText(options.JsonPath, JsonSerializer.Serialize(Report.Json(environment, results), new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"Markdown: {options.MarkdownPath}");
Console.WriteLine($"JSON:     {options.JsonPath}");
return results.Any(r => r.Sets.Any(s => s.Samples.Any(x => x.Exceptions > 0))) ? 2 : 0;

static void Emit(BenchOptions options, string name, GeneratedCorpus corpus)
{
    if (options.EmitDirectory is null)
    {
        return;
    }

    var root = Path.Combine(options.EmitDirectory, name);
    foreach (var file in corpus.Files)
    {
        var path = Path.Combine(root, file.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, file.Text);
    }

    var json = new JsonSerializerOptions { WriteIndented = true };
    json.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
    File.WriteAllText(Path.Combine(root, "seeds.json"), JsonSerializer.Serialize(corpus.Seeds, json));
}

namespace SecureBackend.Benchmarks
{
    /// <summary>Everything measured on one corpus.</summary>
    internal sealed record WorkloadResult(
        string Kind,
        GeneratedCorpus Corpus,
        SetMeasurement Compiler,
        IReadOnlyList<SetMeasurement> Sets,
        string FloorDescription,
        IReadOnlyDictionary<string, string> RuleOwners)
    {
        /// <summary>Per-project rows of a per-project run (first repetition); null for one compilation.</summary>
        public IReadOnlyList<ProjectResult>? Projects { get; init; }

        /// <summary>Skipped test projects and files outside any project, for a per-project run.</summary>
        public string? TreeNote { get; init; }
    }

    /// <summary>One project of a per-project run: size, references, compiler errors and each set's diagnostics.</summary>
    internal sealed record ProjectResult(
        string Name,
        string ProjectFile,
        int Files,
        int Lines,
        IReadOnlyList<string> DirectReferences,
        int ReferencedProjects,
        int Errors,
        IReadOnlyList<string> ErrorSamples,
        IReadOnlyDictionary<string, int> DiagnosticsBySet);

    internal static class Workload
    {
        public static WorkloadResult Run(
            BenchOptions options,
            string kind,
            GeneratedCorpus corpus,
            ImmutableArray<MetadataReference> references,
            AnalyzerSet ours,
            IReadOnlyList<AnalyzerSet> peers,
            bool quiet,
            int repetitions)
        {
            if (!quiet)
            {
                Console.WriteLine();
                Console.WriteLine($"== {kind}: {corpus.Description}: {corpus.LineCount:N0} lines in {corpus.Files.Count:N0} files, {corpus.Seeds.Count} seeded vulnerabilities ==");
            }

            var parse = Stopwatch.StartNew();
            var baseline = Runner.Compile(corpus, references, options.Concurrent);
            parse.Stop();

            // What our analyzers register on this compilation (recorded on a throw-away copy), mirrored with empty callbacks.
            var probe = baseline.WithOptions(baseline.Options);
            var registrations = ours.IsEmpty
                ? new List<Registrations> { Registrations.Typical() }
                : ours.Analyzers.Select(a => Registrations.Record(a, probe)).ToList();
            var floor = new AnalyzerSet(
                "floor",
                ours.IsEmpty ? "floor (typical registrations, no SB analyzers)" : "floor (SB registrations, empty callbacks)",
                registrations.Select(r => (DiagnosticAnalyzer)new FloorAnalyzer(r)).ToImmutableArray(),
                ImmutableDictionary<string, ReportDiagnostic>.Empty);
            var floorDescription = string.Join("\n", registrations.Select(r => r.Analyzer + ": " + r));

            var sets = new List<SetMeasurement>();
            if (options.Sets.Contains("floor"))
            {
                sets.Add(new SetMeasurement(floor));
            }

            if (options.Sets.Contains("securebackend"))
            {
                sets.Add(new SetMeasurement(ours) { Note = ours.IsEmpty ? "no analyzers found" : null });
            }

            if (options.Profile && !ours.IsEmpty)
            {
                sets.Add(new SetMeasurement(CallbackProfile.Wrap(ours)));
            }

            var peersSkipped = corpus.LineCount > options.PeerMaxLines;
            sets.AddRange(peers.Select(p => new SetMeasurement(p) { Note = peersSkipped ? "skipped above --peer-max-lines" : null }));
            var compiler = new SetMeasurement(new AnalyzerSet("compiler", "compiler (GetDiagnostics)", ImmutableArray<DiagnosticAnalyzer>.Empty, ImmutableDictionary<string, ReportDiagnostic>.Empty));
            var runner = new Runner(options, corpus.Seeds);
            for (var rep = 1; rep <= repetitions; rep++)
            {
                runner.ListFindings = rep == 1;
                var sample = runner.RunCompiler(baseline);
                compiler.Samples.Add(sample);
                Progress(quiet, rep, compiler, sample);
                if (rep == 1 && sample.Errors > 0 && !quiet)
                {
                    Console.WriteLine($"  warning: the corpus has {sample.Errors} compiler errors; first ones:");
                    foreach (var error in sample.ErrorSamples)
                    {
                        Console.WriteLine("    " + error);
                    }
                }

                // The analyzer sets run in an order that rotates with each repetition, so no set always runs right
                // after the compiler pass (whose heap the first set inherits).
                for (var index = 0; index < sets.Count; index++)
                {
                    var set = sets[(index + rep - 1) % sets.Count];
                    if (set.Set.IsEmpty || set.Note is not null)
                    {
                        continue;
                    }

                    var result = runner.RunSet(baseline, set.Set);
                    set.Samples.Add(result);
                    Progress(quiet, rep, set, result);
                }
            }

            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var analyzer in ours.Analyzers)
            {
                foreach (var descriptor in analyzer.SupportedDiagnostics)
                {
                    owners.TryAdd(descriptor.Id, analyzer.GetType().Name);
                }
            }

            var workload = new WorkloadResult(kind, corpus, compiler, sets, floorDescription, owners);
            if (!quiet)
            {
                Console.WriteLine($"  (parse + compilation setup {parse.Elapsed.TotalMilliseconds:N0} ms, not included)");
                Console.WriteLine();
                Console.WriteLine(Report.Workload(workload));
            }

            return workload;
        }

        /// <summary>
        /// A tree of projects, one compilation each, referenced projects as compilation references (see
        /// <see cref="ProjectTree"/>). Each repetition runs the compiler and then each set (order rotating) over every
        /// project; a set's sample is the sum over the projects.
        /// </summary>
        public static WorkloadResult RunProjects(
            BenchOptions options,
            ProjectTree tree,
            ImmutableArray<MetadataReference> references,
            AnalyzerSet ours,
            IReadOnlyList<AnalyzerSet> peers,
            int repetitions)
        {
            var corpus = tree.Combined;
            var note = $"{tree.Projects.Count} projects; {tree.SkippedTestProjects.Count} test projects skipped; {tree.UnassignedFiles} .cs files outside any project not compiled";
            Console.WriteLine();
            Console.WriteLine($"== projects: {corpus.Description}: {corpus.LineCount:N0} lines in {corpus.Files.Count:N0} files, {corpus.Seeds.Count} seeded vulnerabilities ==");
            Console.WriteLine("  " + note);

            var parse = Stopwatch.StartNew();
            var compilations = new Dictionary<string, CSharpCompilation>(StringComparer.Ordinal);
            var floors = new Dictionary<string, AnalyzerSet>(StringComparer.Ordinal);
            string? floorDescription = null;
            foreach (var project in tree.Projects)
            {
                var projectReferences = references.AddRange(project.References.Select(name => compilations[name].ToMetadataReference()));
                var compilation = Runner.Compile(project.Corpus, projectReferences, options.Concurrent, project.Name);

                // Declarations bound once on the baseline, which referencing projects see like metadata.
                compilation.GetDeclarationDiagnostics();
                compilations[project.Name] = compilation;
                var probe = compilation.WithOptions(compilation.Options);
                var registrations = ours.IsEmpty
                    ? new List<Registrations> { Registrations.Typical() }
                    : ours.Analyzers.Select(a => Registrations.Record(a, probe)).ToList();
                floors[project.Name] = new AnalyzerSet(
                    "floor",
                    ours.IsEmpty ? "floor (typical registrations, no SB analyzers)" : "floor (SB registrations, empty callbacks)",
                    registrations.Select(r => (DiagnosticAnalyzer)new FloorAnalyzer(r)).ToImmutableArray(),
                    ImmutableDictionary<string, ReportDiagnostic>.Empty);
                floorDescription ??= project.Name + ":\n" + string.Join("\n", registrations.Select(r => r.Analyzer + ": " + r));
            }

            parse.Stop();
            var sets = new List<SetMeasurement>();
            if (options.Sets.Contains("floor"))
            {
                sets.Add(new SetMeasurement(floors[tree.Projects[0].Name]));
            }

            if (options.Sets.Contains("securebackend"))
            {
                sets.Add(new SetMeasurement(ours) { Note = ours.IsEmpty ? "no analyzers found" : null });
            }

            if (options.Profile && !ours.IsEmpty)
            {
                sets.Add(new SetMeasurement(CallbackProfile.Wrap(ours)));
            }

            var peersSkipped = corpus.LineCount > options.PeerMaxLines;
            sets.AddRange(peers.Select(p => new SetMeasurement(p) { Note = peersSkipped ? "skipped above --peer-max-lines" : null }));
            var compiler = new SetMeasurement(new AnalyzerSet("compiler", "compiler (GetDiagnostics)", ImmutableArray<DiagnosticAnalyzer>.Empty, ImmutableDictionary<string, ReportDiagnostic>.Empty));
            var runner = new Runner(options, corpus.Seeds) { CollectBeforeEachRun = false };
            var firstErrors = new Dictionary<string, RunSample>(StringComparer.Ordinal);
            var firstBySet = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
            for (var rep = 1; rep <= repetitions; rep++)
            {
                runner.ListFindings = rep == 1;
                Runner.CollectFully();
                var perProject = new List<RunSample>();
                foreach (var project in tree.Projects)
                {
                    var projectSample = runner.RunCompiler(compilations[project.Name]);
                    perProject.Add(projectSample);
                    if (rep == 1)
                    {
                        firstErrors[project.Name] = projectSample;
                    }
                }

                var sample = Runner.Sum(perProject);
                compiler.Samples.Add(sample);
                Progress(false, rep, compiler, sample);
                for (var index = 0; index < sets.Count; index++)
                {
                    var set = sets[(index + rep - 1) % sets.Count];
                    if (set.Set.IsEmpty || set.Note is not null)
                    {
                        continue;
                    }

                    Runner.CollectFully();
                    perProject.Clear();
                    foreach (var project in tree.Projects)
                    {
                        var analyzers = set.Set.Key == "floor" ? floors[project.Name] : set.Set;
                        var projectSample = runner.RunSet(compilations[project.Name], analyzers);
                        perProject.Add(projectSample);
                        if (rep == 1)
                        {
                            if (!firstBySet.TryGetValue(project.Name, out var counts))
                            {
                                firstBySet[project.Name] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
                            }

                            counts[set.Set.Key] = projectSample.Diagnostics;
                        }
                    }

                    var result = Runner.Sum(perProject);
                    set.Samples.Add(result);
                    Progress(false, rep, set, result);
                }
            }

            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var analyzer in ours.Analyzers)
            {
                foreach (var descriptor in analyzer.SupportedDiagnostics)
                {
                    owners.TryAdd(descriptor.Id, analyzer.GetType().Name);
                }
            }

            var projects = tree.Projects.Select(p => new ProjectResult(
                p.Name,
                p.ProjectFile,
                p.Corpus.Files.Count,
                p.Corpus.LineCount,
                p.DirectReferences,
                p.References.Count,
                firstErrors[p.Name].Errors,
                firstErrors[p.Name].ErrorSamples,
                firstBySet.GetValueOrDefault(p.Name) ?? new Dictionary<string, int>())).ToList();
            var workload = new WorkloadResult("projects", corpus, compiler, sets, floorDescription ?? string.Empty, owners) { Projects = projects, TreeNote = note };
            Console.WriteLine($"  (parse + compilation setup + declaration binding {parse.Elapsed.TotalMilliseconds:N0} ms, not included)");
            Console.WriteLine();
            Console.WriteLine(Report.Workload(workload));
            return workload;
        }

        private static void Progress(bool quiet, int rep, SetMeasurement set, RunSample sample)
        {
            if (quiet)
            {
                return;
            }

            var callbacks = set.Set.Key == "compiler" ? string.Empty : $", callbacks {sample.CallbackMs,9:N0} ms";
            Console.WriteLine($"  rep {rep} {set.Set.Label,-48} wall {sample.WallMs,9:N0} ms, CPU {sample.CpuMs,9:N0} ms{callbacks}, diagnostics {sample.Diagnostics,6}, peak {sample.PeakManagedMb,6:N0} MB, GC pauses {sample.GcPauseMs,7:N0} ms ({sample.Gen2Collections} gen2)");
            if (sample.Profile is { } profile)
            {
                var actions = profile.SelectMany(a => a.Value.Select(e => (Analyzer: a.Key, Action: e.Key, Entry: e.Value))).ToList();
                Console.WriteLine($"    profiled callbacks: CPU {actions.Sum(a => a.Entry.CpuMs):N0} ms, allocated {actions.Sum(a => a.Entry.AllocatedMb):N0} MB, JIT {actions.Sum(a => a.Entry.JitMs):N0} ms, {actions.Sum(a => a.Entry.Calls):N0} calls (measuring overhead {CallbackProfile.OverheadNs:N0} ns per call subtracted); costliest:");
                if (sample.JitByNamespace is { Count: > 0 } jit)
                {
                    Console.WriteLine("    methods JIT-compiled on the callback threads: " + string.Join(", ", jit.OrderByDescending(p => p.Value).Select(p => p.Key + " " + p.Value)));
                }

                foreach (var (analyzer, action, entry) in actions.OrderByDescending(a => a.Entry.CpuMs).Take(12))
                {
                    Console.WriteLine($"      {analyzer + " " + action,-70} CPU {entry.CpuMs,8:N1} ms, {entry.AllocatedMb,7:N1} MB, JIT {entry.JitMs,6:N1} ms, {entry.Calls,9:N0} calls");
                }
            }
        }
    }

    internal sealed record BenchEnvironment(string Summary, IReadOnlyList<string> Warnings, IReadOnlyDictionary<string, string> Facts)
    {
        public static BenchEnvironment Describe(BenchOptions options)
        {
            var roslyn = typeof(CSharpCompilation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
            var facts = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
                ["os"] = RuntimeInformation.OSDescription,
                ["cpu"] = Environment.ProcessorCount + " logical cores",
                ["runtime"] = RuntimeInformation.FrameworkDescription,
                ["roslyn"] = roslyn.Split('+')[0],
                ["netcore-ref"] = References.NetCoreDirectory,
                ["aspnetcore-ref"] = References.AspNetCoreDirectory,
                ["mode"] = options.Concurrent ? "concurrent build and analysis" : "single-threaded build and analysis",
                ["repetitions"] = options.Repetitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["arguments"] = string.Join(' ', options.Arguments),
            };
            var warnings = new List<string>();
            if (IsDebug(typeof(BenchOptions).Assembly) || IsDebug(typeof(SecureBackend.Analyzers.Rules).Assembly))
            {
                warnings.Add("built in Debug: run with -c Release for meaningful numbers");
            }

            var summary = $"SecureBackend benchmark — {facts["date"]}, {facts["os"]}, {facts["cpu"]}, {facts["runtime"]}, Roslyn {facts["roslyn"]}, {facts["mode"]}, {options.Repetitions} repetitions";
            return new BenchEnvironment(summary, warnings, facts);
        }

        private static bool IsDebug(Assembly assembly)
            => assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true;
    }
}
