using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using SecureBackend.Benchmarks.Corpus;

namespace SecureBackend.Benchmarks;

/// <summary>Tables (Markdown, also printed to the console) and the JSON document for tracking.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Markdown(BenchEnvironment environment, IReadOnlyList<WorkloadResult> results)
    {
        var text = new StringBuilder();
        text.Append("Measured ").Append(environment.Facts["date"]).Append(" on ").Append(environment.Facts["os"]).Append(", ")
            .Append(environment.Facts["cpu"]).Append(", ").Append(environment.Facts["runtime"]).Append(", Roslyn ").Append(environment.Facts["roslyn"])
            .Append("; ").Append(environment.Facts["mode"]).Append("; medians of ").Append(environment.Facts["repetitions"]).Append(" repetitions.\n\n");
        foreach (var result in results)
        {
            text.Append(Workload(result)).Append('\n');
        }

        text.Append(Scaling(results));
        return text.ToString();
    }

    public static string Workload(WorkloadResult result)
    {
        var text = new StringBuilder();
        var corpus = result.Corpus;
        var compilerMs = result.Compiler.Median(s => s.WallMs);
        var first = result.Compiler.Samples[0];
        text.Append("### ").Append(result.Kind).Append(": ").Append(corpus.Description).Append(", ")
            .Append(corpus.LineCount.ToString("N0", Invariant)).Append(" lines, ").Append(corpus.Files.Count.ToString("N0", Invariant)).Append(" files");
        if (corpus.Seeds.Count > 0)
        {
            text.Append(", ").Append(corpus.Seeds.Count).Append(" seeded vulnerabilities");
        }

        text.Append("\n\n");
        if (result.TreeNote is not null)
        {
            text.Append("One compilation per project, referenced projects as compilation references; ").Append(result.TreeNote)
                .Append(". Times are sums over the projects.\n\n");
        }

        if (first.Errors > 0)
        {
            text.Append("> The compilation has ").Append(first.Errors).Append(" compiler errors: unresolved code is analysed less completely.\n\n");
        }

        var compilerCpu = result.Compiler.Median(s => s.CpuMs);
        text.Append("| Analyzer set | Analyzers | Wall ms | CPU ms | Wall × compiler | CPU × compiler | Callbacks ms | Callbacks % of compiler | Diagnostics | Seeded found | Outside seeded lines | Peak managed MB | GC pauses ms | Analyzer exceptions |\n");
        text.Append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        text.Append("| ").Append(result.Compiler.Set.Label).Append(" | – | ").Append(Ms(compilerMs)).Append(" | ").Append(Ms(compilerCpu)).Append(" | 1.00× | 1.00× | – | – | ")
            .Append(first.Errors).Append(" errors, ").Append(first.ById.Sum(p => p.Value) - first.Errors).Append(" warnings | – | – | ")
            .Append(Mb(result.Compiler.Median(s => s.PeakManagedMb))).Append(" | ").Append(Ms(result.Compiler.Median(s => s.GcPauseMs))).Append(" | – |\n");
        foreach (var set in result.Sets)
        {
            text.Append("| ").Append(set.Set.Label).Append(" | ").Append(set.Set.Analyzers.Length).Append(" | ");
            if (set.Samples.Count == 0)
            {
                text.Append(set.Note ?? "not run").Append(" | | | | | | | | | | | |\n");
                continue;
            }

            var wall = set.Median(s => s.WallMs);
            var callbacks = set.Median(s => s.CallbackMs);
            var last = set.Samples[^1];
            var found = corpus.Seeds.Count == 0 ? "–" : last.Findings.FoundByKind.Values.Sum() + "/" + corpus.Seeds.Count;
            var outside = corpus.Seeds.Count == 0 ? last.Diagnostics.ToString(Invariant) : last.Findings.Unmatched.ToString(Invariant);
            var cpu = set.Median(s => s.CpuMs);
            text.Append(Ms(wall)).Append(" | ").Append(Ms(cpu)).Append(" | ").Append(Ratio(wall / compilerMs)).Append(" | ").Append(Ratio(cpu / compilerCpu)).Append(" | ")
                .Append(Ms(callbacks)).Append(" | ").Append((100 * callbacks / compilerMs).ToString("0.0", Invariant)).Append(" % | ").Append(last.Diagnostics).Append(" | ")
                .Append(found).Append(" | ").Append(outside).Append(" | ").Append(Mb(set.Median(s => s.PeakManagedMb))).Append(" | ").Append(Ms(set.Median(s => s.GcPauseMs))).Append(" | ")
                .Append(set.Samples.Sum(s => s.Exceptions)).Append(" |\n");
        }

        var ours = result.Sets.FirstOrDefault(s => s.Set.Key == "securebackend" && s.Samples.Count > 0);
        if (ours is not null)
        {
            text.Append('\n');
            foreach (var other in result.Sets.Where(s => s != ours && s.Samples.Count > 0))
            {
                text.Append("- SecureBackend ÷ ").Append(other.Set.Label).Append(": wall ")
                    .Append(Ratio(ours.Median(s => s.WallMs) / other.Median(s => s.WallMs))).Append(", CPU ")
                    .Append(Ratio(ours.Median(s => s.CpuMs) / other.Median(s => s.CpuMs))).Append(", callbacks ")
                    .Append(Ratio(ours.Median(s => s.CallbackMs) / other.Median(s => s.CallbackMs))).Append('\n');
            }
        }

        var finders = result.Sets.Where(s => s.Set.Key != "floor" && s.Samples.Count > 0).ToList();
        if (corpus.Seeds.Count > 0 && finders.Count > 0)
        {
            text.Append("\n| Seeded vulnerability | Seeded | ").Append(string.Join(" | ", finders.Select(f => f.Set.Label))).Append(" |\n");
            text.Append("|---|--:|").Append(string.Concat(finders.Select(_ => "--:|"))).Append('\n');
            foreach (var kind in Enum.GetValues<VulnerabilityKind>())
            {
                var seeded = corpus.Seeds.Count(s => s.Kind == kind);
                if (seeded == 0)
                {
                    continue;
                }

                text.Append("| ").Append(kind).Append(" | ").Append(seeded).Append(" | ")
                    .Append(string.Join(" | ", finders.Select(f => f.Samples[^1].Findings.FoundByKind[kind]))).Append(" |\n");
            }
        }

        text.Append(ColdWarm(result));
        if (ours is not null)
        {
            var last = ours.Samples[^1];
            var warm = ours.Samples.Count > 1;
            text.Append(warm
                ? "\n| SecureBackend analyzer | Callbacks ms, median | % of compiler | Cold (rep 1) ms | Warm median ms | Warm min–max ms | Diagnostics |\n|---|--:|--:|--:|--:|--:|--:|\n"
                : "\n| SecureBackend analyzer | Callbacks ms | % of compiler | Diagnostics |\n|---|--:|--:|--:|\n");
            foreach (var name in last.PerAnalyzerMs.Keys.Order(StringComparer.Ordinal))
            {
                var ms = ours.Median(s => s.PerAnalyzerMs[name]);
                var diagnostics = last.ById.Where(p => result.RuleOwners.TryGetValue(p.Key, out var owner) && owner == name).Sum(p => p.Value);
                text.Append("| ").Append(name).Append(" | ").Append(ms.ToString("N1", Invariant)).Append(" | ")
                    .Append((100 * ms / compilerMs).ToString("0.00", Invariant)).Append(" % | ");
                if (warm)
                {
                    var warmValues = ours.Samples.Skip(1).Select(s => s.PerAnalyzerMs.GetValueOrDefault(name)).ToList();
                    text.Append(ours.Samples[0].PerAnalyzerMs.GetValueOrDefault(name).ToString("N1", Invariant)).Append(" | ")
                        .Append(Stats.Median(warmValues).ToString("N1", Invariant)).Append(" | ")
                        .Append(warmValues.Min().ToString("N1", Invariant)).Append("–").Append(warmValues.Max().ToString("N1", Invariant)).Append(" | ");
                }

                text.Append(diagnostics).Append(" |\n");
            }
        }

        text.Append(Ratios(result));
        text.Append(Profile(result));
        text.Append(PerRule(result));
        text.Append(PerProject(result));

        foreach (var peer in result.Sets.Where(s => s.Set.Key is "securitycodescan" or "netanalyzers" && s.Samples.Count > 0))
        {
            text.Append("\n| ").Append(peer.Set.Label).Append(": slowest analyzers | Callbacks ms | % of compiler |\n|---|--:|--:|\n");
            foreach (var (name, ms) in peer.Samples[0].PerAnalyzerMs.Keys
                .Select(n => (Name: n, Ms: peer.Median(s => s.PerAnalyzerMs[n])))
                .OrderByDescending(p => p.Ms)
                .Take(5))
            {
                text.Append("| ").Append(name).Append(" | ").Append(ms.ToString("N1", Invariant)).Append(" | ")
                    .Append((100 * ms / compilerMs).ToString("0.00", Invariant)).Append(" % |\n");
            }

            var ids = peer.Samples[^1].ById.Where(p => p.Key != "AD0001").OrderByDescending(p => p.Value).Take(8)
                .Select(p => p.Key + " ×" + p.Value).ToList();
            if (ids.Count > 0)
            {
                text.Append("\nMost frequent ").Append(peer.Set.Label).Append(" diagnostics: ").Append(string.Join(", ", ids)).Append('\n');
            }
        }

        foreach (var set in result.Sets.Where(s => s.Samples.Any(x => x.Exceptions > 0)))
        {
            text.Append("\nAnalyzer exceptions in ").Append(set.Set.Label).Append(":\n");
            foreach (var message in set.Samples.SelectMany(s => s.ExceptionSamples).Distinct().Take(5))
            {
                text.Append("- ").Append(message.ReplaceLineEndings(" ")).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// With two or more repetitions: the first (cold) repetition apart from the others (warm), with the warm median and
    /// the spread (min–max) of wall, CPU and callback times.
    /// </summary>
    private static string ColdWarm(WorkloadResult result)
    {
        var rows = new[] { result.Compiler }.Concat(result.Sets).Where(s => s.Samples.Count > 1).ToList();
        if (rows.Count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder("\n| Set | Cold wall ms | Cold CPU ms | Cold callbacks ms | Warm reps | Warm wall ms, median (min–max) | Warm CPU ms, median (min–max) | Warm callbacks ms, median (min–max) | Warm wall × warm compiler |\n");
        text.Append("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        var compilerWarm = Stats.Median(result.Compiler.Samples.Skip(1).Select(s => s.WallMs));
        foreach (var set in rows)
        {
            var cold = set.Samples[0];
            var warm = set.Samples.Skip(1).ToList();
            var isCompiler = set == result.Compiler;
            text.Append("| ").Append(set.Set.Label).Append(" | ").Append(Ms(cold.WallMs)).Append(" | ").Append(Ms(cold.CpuMs)).Append(" | ")
                .Append(isCompiler ? "–" : Ms(cold.CallbackMs)).Append(" | ").Append(warm.Count).Append(" | ")
                .Append(Spread(warm.Select(s => s.WallMs))).Append(" | ").Append(Spread(warm.Select(s => s.CpuMs))).Append(" | ")
                .Append(isCompiler ? "–" : Spread(warm.Select(s => s.CallbackMs))).Append(" | ")
                .Append(Ratio(Stats.Median(warm.Select(s => s.WallMs)) / compilerWarm)).Append(" |\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// Each set against the compiler pass of the same repetition, as ratios: the first (cold) repetition, then the warm
    /// median and the spread (min–max) of the per-repetition ratios. Read these rather than absolute times on a shared
    /// machine: both sides of each ratio ran within minutes of each other.
    /// </summary>
    private static string Ratios(WorkloadResult result)
    {
        var sets = result.Sets.Where(s => s.Samples.Count > 0 && s.Samples.Count == result.Compiler.Samples.Count).ToList();
        if (sets.Count == 0)
        {
            return string.Empty;
        }

        var compiler = result.Compiler.Samples;
        var text = new StringBuilder("\n| Set ÷ compiler, same repetition | Wall × compiler, cold | warm median (min–max) | CPU × compiler, cold | warm median (min–max) | Callbacks % of compiler wall, cold | warm median (min–max) |\n");
        text.Append("|---|--:|--:|--:|--:|--:|--:|\n");
        foreach (var set in sets)
        {
            text.Append("| ").Append(set.Set.Label).Append(" | ")
                .Append(RatioSpread(set, i => set.Samples[i].WallMs / compiler[i].WallMs, Ratio)).Append(" | ")
                .Append(RatioSpread(set, i => set.Samples[i].CpuMs / compiler[i].CpuMs, Ratio)).Append(" | ")
                .Append(RatioSpread(set, i => 100 * set.Samples[i].CallbackMs / compiler[i].WallMs, Percent)).Append(" |\n");
        }

        return text.ToString();
    }

    private static string RatioSpread(SetMeasurement set, Func<int, double> ratio, Func<double, string> format)
    {
        var cold = format(ratio(0));
        var warm = Enumerable.Range(1, set.Samples.Count - 1).Select(ratio).ToList();
        return warm.Count == 0
            ? cold + " | –"
            : cold + " | " + format(Stats.Median(warm)) + " (" + format(warm.Min()) + "–" + format(warm.Max()) + ")";
    }

    private static string Percent(double value) => double.IsFinite(value) ? value.ToString("0.00", Invariant) + " %" : "–";

    /// <summary>
    /// The <c>--profile</c> set: per analyzer, thread CPU time inside its callbacks as a share of the compiler's CPU time
    /// in the same repetition (cold, warm median and spread), allocations, and the JIT time of the first repetition;
    /// then the costliest actions (analyzer and operation/symbol kind) with their cost per call.
    /// </summary>
    private static string Profile(WorkloadResult result)
    {
        var set = result.Sets.FirstOrDefault(s => s.Set.Key == CallbackProfile.Key && s.Samples.Count > 0 && s.Samples.All(x => x.Profile is not null));
        if (set is null || set.Samples.Count != result.Compiler.Samples.Count)
        {
            return string.Empty;
        }

        var compiler = result.Compiler.Samples;
        var reps = set.Samples.Count;
        double Cpu(int rep, string analyzer) => set.Samples[rep].Profile!.TryGetValue(analyzer, out var a) ? a.Values.Sum(e => e.CpuMs) : 0;
        double Alloc(int rep, string analyzer) => set.Samples[rep].Profile!.TryGetValue(analyzer, out var a) ? a.Values.Sum(e => e.AllocatedMb) : 0;
        var analyzers = set.Samples.SelectMany(s => s.Profile!.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var text = new StringBuilder("\nProfiled callbacks (thread CPU time inside each analyzer's callbacks ÷ the compiler pass's CPU time in the same repetition; allocations on the callback's thread; JIT time and methods compiled inside callbacks; the measuring overhead, calibrated on an empty callback before each run, subtracted from every call):\n\n");
        text.Append("| SecureBackend analyzer | Calls | CPU % of compiler, cold | warm median (min–max) | Allocated MB, cold | warm median | JIT ms, cold (methods) | JIT ms, warm median |\n");
        text.Append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
        var rows = analyzers.Select(a => (Name: a, Cold: Cpu(0, a), Warm: reps > 1 ? Stats.Median(Enumerable.Range(1, reps - 1).Select(i => Cpu(i, a))) : Cpu(0, a)))
            .OrderByDescending(r => r.Warm).ToList();
        foreach (var (name, _, _) in rows)
        {
            var last = set.Samples[^1].Profile!.GetValueOrDefault(name);
            var first = set.Samples[0].Profile!.GetValueOrDefault(name);
            text.Append("| ").Append(name).Append(" | ").Append(last?.Values.Sum(e => e.Calls).ToString("N0", Invariant) ?? "0").Append(" | ")
                .Append(RatioSpread(set, i => 100 * Cpu(i, name) / compiler[i].CpuMs, Percent)).Append(" | ")
                .Append(Alloc(0, name).ToString("N1", Invariant)).Append(" | ")
                .Append(reps > 1 ? Stats.Median(Enumerable.Range(1, reps - 1).Select(i => Alloc(i, name))).ToString("N1", Invariant) : "–").Append(" | ")
                .Append((first?.Values.Sum(e => e.JitMs) ?? 0).ToString("N1", Invariant)).Append(" (").Append(first?.Values.Sum(e => e.JitMethods) ?? 0).Append(") | ")
                .Append(reps > 1 ? Stats.Median(Enumerable.Range(1, reps - 1).Select(i => set.Samples[i].Profile!.GetValueOrDefault(name)?.Values.Sum(e => e.JitMs) ?? 0)).ToString("N1", Invariant) : "–").Append(" |\n");
        }

        double Total(int rep) => set.Samples[rep].Profile!.Values.SelectMany(a => a.Values).Sum(e => e.CpuMs);
        text.Append("| **all** | ").Append(set.Samples[^1].Profile!.Values.SelectMany(a => a.Values).Sum(e => e.Calls).ToString("N0", Invariant)).Append(" | ")
            .Append(RatioSpread(set, i => 100 * Total(i) / compiler[i].CpuMs, Percent)).Append(" | ")
            .Append(analyzers.Sum(a => Alloc(0, a)).ToString("N1", Invariant)).Append(" | ")
            .Append(reps > 1 ? Stats.Median(Enumerable.Range(1, reps - 1).Select(i => analyzers.Sum(a => Alloc(i, a)))).ToString("N1", Invariant) : "–").Append(" | ")
            .Append(set.Samples[0].Profile!.Values.SelectMany(a => a.Values).Sum(e => e.JitMs).ToString("N1", Invariant)).Append(" (")
            .Append(set.Samples[0].Profile!.Values.SelectMany(a => a.Values).Sum(e => e.JitMethods)).Append(") | – |\n");

        if (set.Samples[0].JitByNamespace is { Count: > 0 } jit)
        {
            text.Append("\nMethods JIT-compiled on the threads that ran the callbacks (the driver's threads: callbacks and the driver between them), cold repetition: ")
                .Append(string.Join(", ", jit.OrderByDescending(p => p.Value).Select(p => p.Key + " " + p.Value)));
            if (reps > 1 && set.Samples[^1].JitByNamespace is { } warmJit)
            {
                text.Append("; last repetition: ").Append(warmJit.Values.Sum());
            }

            text.Append(".\n");
        }

        // The costliest actions, warm (last repetition), with cost per call.
        var lastProfile = set.Samples[^1].Profile!;
        var lastCompiler = compiler[^1].CpuMs;
        text.Append("\n| Analyzer | Action | Calls | CPU % of compiler (last rep) | ns per call | bytes per call | Allocated MB |\n|---|---|--:|--:|--:|--:|--:|\n");
        foreach (var (analyzer, action, entry) in lastProfile.SelectMany(a => a.Value.Select(e => (a.Key, e.Key, e.Value))).OrderByDescending(t => t.Value.CpuMs).Take(25))
        {
            text.Append("| ").Append(analyzer).Append(" | ").Append(action).Append(" | ").Append(entry.Calls.ToString("N0", Invariant)).Append(" | ")
                .Append(Percent(100 * entry.CpuMs / lastCompiler)).Append(" | ")
                .Append(entry.Calls == 0 ? "–" : (entry.CpuMs * 1e6 / entry.Calls).ToString("N0", Invariant)).Append(" | ")
                .Append(entry.Calls == 0 ? "–" : (entry.AllocatedMb * 1048576 / entry.Calls).ToString("N0", Invariant)).Append(" | ")
                .Append(entry.AllocatedMb.ToString("N1", Invariant)).Append(" |\n");
        }

        return text.ToString();
    }

    /// <summary>Every rule any set reported, with its count per set (last repetition).</summary>
    private static string PerRule(WorkloadResult result)
    {
        var finders = result.Sets.Where(s => s.Set.Key != "floor" && s.Samples.Count > 0).ToList();
        if (result.Corpus.Seeds.Count > 0 || finders.Count == 0 || result.Kind is "web" or "plain")
        {
            return string.Empty;
        }

        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var descriptor in finders.SelectMany(f => f.Set.Analyzers).SelectMany(a => a.SupportedDiagnostics))
        {
            titles.TryAdd(descriptor.Id, descriptor.Title.ToString(Invariant));
        }

        var text = new StringBuilder("\n| Rule | Title | ").Append(string.Join(" | ", finders.Select(f => f.Set.Label))).Append(" |\n|---|---|");
        text.Append(string.Concat(finders.Select(_ => "--:|"))).Append('\n');
        var ids = finders.SelectMany(f => f.Samples[^1].ById.Keys).Distinct().Order(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            text.Append("| ").Append(id).Append(" | ").Append(titles.GetValueOrDefault(id, string.Empty).Replace("|", "/", StringComparison.Ordinal)).Append(" | ")
                .Append(string.Join(" | ", finders.Select(f => f.Samples[^1].ById.TryGetValue(id, out var n) ? n.ToString(Invariant) : "–"))).Append(" |\n");
        }

        return text.ToString();
    }

    /// <summary>Per-project rows of a per-project run: size, referenced projects, compiler errors, diagnostics per set.</summary>
    private static string PerProject(WorkloadResult result)
    {
        if (result.Projects is null)
        {
            return string.Empty;
        }

        var sets = result.Sets.Where(s => s.Samples.Count > 0).ToList();
        var text = new StringBuilder("\n| Project | Files | Lines | References (direct; all) | Compiler errors | ")
            .Append(string.Join(" | ", sets.Select(s => s.Set.Key == "floor" ? "floor" : s.Set.Label))).Append(" |\n|---|--:|--:|---|--:|")
            .Append(string.Concat(sets.Select(_ => "--:|"))).Append('\n');
        foreach (var project in result.Projects)
        {
            text.Append("| ").Append(project.Name).Append(" | ").Append(project.Files).Append(" | ").Append(project.Lines.ToString("N0", Invariant)).Append(" | ")
                .Append(string.Join(", ", project.DirectReferences)).Append("; ").Append(project.ReferencedProjects).Append(" | ").Append(project.Errors).Append(" | ")
                .Append(string.Join(" | ", sets.Select(s => project.DiagnosticsBySet.TryGetValue(s.Set.Key, out var n) ? n.ToString(Invariant) : "–"))).Append(" |\n");
        }

        return text.ToString();
    }

    private static string Spread(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "–" : Ms(Stats.Median(list)) + " (" + Ms(list.Min()) + "–" + Ms(list.Max()) + ")";
    }

    public static string Scaling(IReadOnlyList<WorkloadResult> results)
    {
        var rows = results.Where(r => r.Kind is "web" or "plain").ToList();
        if (rows.Count == 0)
        {
            return string.Empty;
        }

        var labels = rows.SelectMany(r => r.Sets.Where(s => s.Samples.Count > 0).Select(s => s.Set.Label)).Distinct().ToList();
        var text = new StringBuilder("### Scaling: ms per 1,000 lines, wall / CPU (SecureBackend: callbacks ms per 1,000 lines in brackets)\n\n");
        text.Append("| Corpus | Lines | compiler | ").Append(string.Join(" | ", labels)).Append(" |\n");
        text.Append("|---|--:|--:|").Append(string.Concat(labels.Select(_ => "--:|"))).Append('\n');
        foreach (var row in rows)
        {
            var perK = row.Corpus.LineCount / 1000.0;
            text.Append("| ").Append(row.Kind).Append(" | ").Append(row.Corpus.LineCount.ToString("N0", Invariant)).Append(" | ")
                .Append(PerK(row.Compiler, perK)).Append(" |");
            foreach (var label in labels)
            {
                var set = row.Sets.FirstOrDefault(s => s.Set.Label == label && s.Samples.Count > 0);
                text.Append(' ');
                if (set is not null)
                {
                    text.Append(PerK(set, perK));
                    if (set.Set.Key == "securebackend")
                    {
                        text.Append(" (").Append((set.Median(s => s.CallbackMs) / perK).ToString("0.000", Invariant)).Append(')');
                    }
                    else if (set.Set.Key == CallbackProfile.Key && set.Samples.All(s => s.Profile is not null))
                    {
                        text.Append(" (callback CPU ").Append((set.Median(s => s.Profile!.Values.SelectMany(a => a.Values).Sum(e => e.CpuMs)) / perK).ToString("0.000", Invariant))
                            .Append(", ").Append(Percent(100 * set.Median(s => s.Profile!.Values.SelectMany(a => a.Values).Sum(e => e.CpuMs)) / row.Compiler.Median(s => s.CpuMs))).Append(" of compiler CPU)");
                    }
                }

                text.Append(" |");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public static object Json(BenchEnvironment environment, IReadOnlyList<WorkloadResult> results) => new
    {
        environment = environment.Facts,
        workloads = results.Select(r => new
        {
            kind = r.Kind,
            description = r.Corpus.Description,
            lines = r.Corpus.LineCount,
            files = r.Corpus.Files.Count,
            seeded = Enum.GetValues<VulnerabilityKind>().ToDictionary(k => k.ToString(), k => r.Corpus.Seeds.Count(s => s.Kind == k)),
            compiler = Set(r.Compiler, r.Corpus),
            floorRegistrations = r.FloorDescription,
            sets = r.Sets.Select(s => Set(s, r.Corpus)).ToList(),
            treeNote = r.TreeNote,
            projects = r.Projects,
        }).ToList(),
    };

    private static object Set(SetMeasurement set, GeneratedCorpus corpus)
    {
        var last = set.Samples.Count > 0 ? set.Samples[^1] : null;
        return new
        {
            key = set.Set.Key,
            label = set.Set.Label,
            analyzers = set.Set.Analyzers.Length,
            note = set.Note,
            wallMs = new { median = Round(set.Median(s => s.WallMs)), samples = set.Samples.Select(s => Round(s.WallMs)).ToList() },
            cpuMs = new { median = Round(set.Median(s => s.CpuMs)), samples = set.Samples.Select(s => Round(s.CpuMs)).ToList() },
            callbacksMs = new { median = Round(set.Median(s => s.CallbackMs)), samples = set.Samples.Select(s => Round(s.CallbackMs)).ToList() },
            peakManagedMb = Round(set.Median(s => s.PeakManagedMb)),
            allocatedMb = Round(set.Median(s => s.AllocatedMb)),
            gcPauseMs = Round(set.Median(s => s.GcPauseMs)),
            gen2Collections = Round(set.Median(s => s.Gen2Collections)),
            coldPerAnalyzerMs = set.Samples.Count > 1 ? set.Samples[0].PerAnalyzerMs : null,
            warmPerAnalyzerMs = set.Samples.Count > 1 ? last?.PerAnalyzerMs.Keys.Order(StringComparer.Ordinal).ToDictionary(n => n, n => Round(Stats.Median(set.Samples.Skip(1).Select(s => s.PerAnalyzerMs.GetValueOrDefault(n))))) : null,
            perAnalyzerMs = last?.PerAnalyzerMs.Keys.Order(StringComparer.Ordinal).ToDictionary(n => n, n => Round(set.Median(s => s.PerAnalyzerMs[n]))),
            diagnostics = last?.Diagnostics,
            diagnosticsById = last?.ById,
            errors = last?.Errors,
            seededFound = corpus.Seeds.Count == 0 || last is null ? null : last.Findings.FoundByKind.Where(p => corpus.Seeds.Any(s => s.Kind == p.Key)).ToDictionary(p => p.Key.ToString(), p => p.Value),
            outsideSeededLines = last?.Findings.Unmatched,
            exceptions = set.Samples.Sum(s => s.Exceptions),
            exceptionSamples = set.Samples.SelectMany(s => s.ExceptionSamples).Distinct().Take(10).ToList(),
            profile = set.Samples.Any(s => s.Profile is null) ? null : set.Samples.Select(s => s.Profile).ToList(),
            jitByNamespace = set.Samples.Any(s => s.JitByNamespace is null) ? null : set.Samples.Select(s => s.JitByNamespace).ToList(),
        };
    }

    private static string PerK(SetMeasurement set, double perK)
        => (set.Median(s => s.WallMs) / perK).ToString("0.0", Invariant) + " / " + (set.Median(s => s.CpuMs) / perK).ToString("0.0", Invariant);

    private static double Round(double value) => double.IsNaN(value) ? 0 : Math.Round(value, 2);

    private static string Ms(double value) => value.ToString("N0", Invariant);

    private static string Mb(double value) => value.ToString("N0", Invariant);

    private static string Ratio(double value) => double.IsFinite(value) ? value.ToString("0.00", Invariant) + "×" : "–";
}
