using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureBackend.Benchmarks.Corpus;

namespace SecureBackend.Benchmarks;

/// <summary>One measured run of one analyzer set (or of the compiler alone) on a fresh copy of the compilation.</summary>
/// <remarks>Diagnostics are summarised at once so no compilation outlives its run.</remarks>
internal sealed record RunSample(
    double WallMs,
    double CpuMs,
    double CallbackMs,
    IReadOnlyDictionary<string, double> PerAnalyzerMs,
    double PeakManagedMb,
    double AllocatedMb,
    double GcPauseMs,
    int Gen2Collections,
    int Diagnostics,
    IReadOnlyDictionary<string, int> ById,
    int Errors,
    IReadOnlyList<string> ErrorSamples,
    Findings.Result Findings,
    int Exceptions,
    IReadOnlyList<string> ExceptionSamples)
{
    /// <summary>Every diagnostic of an analyzer set, when the runner was asked to list them (first repetition).</summary>
    public IReadOnlyList<Finding>? Listed { get; init; }

    /// <summary>For the <c>--profile</c> set: analyzer → action → measured callback cost (see <see cref="CallbackProfile"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, ProfileEntry>>? Profile { get; init; }

    /// <summary>For the <c>--profile</c> set: methods JIT-compiled on the callback threads during the run, by namespace.</summary>
    public IReadOnlyDictionary<string, int>? JitByNamespace { get; init; }
}

/// <summary>One reported diagnostic: rule, file (relative to the measured folder), 1-based line, message.</summary>
internal sealed record Finding(string Id, string Path, int Line, string Message);

/// <summary>The results of one set on one corpus over every repetition.</summary>
internal sealed class SetMeasurement(AnalyzerSet set)
{
    public AnalyzerSet Set { get; } = set;

    public List<RunSample> Samples { get; } = new();

    public string? Note { get; set; }

    public double Median(Func<RunSample, double> selector) => Stats.Median(Samples.Select(selector));
}

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>Builds a compilation from a corpus and times the compiler and each analyzer set on fresh copies of it.</summary>
internal sealed class Runner(BenchOptions options, IReadOnlyList<SeededVulnerability> seeds)
{
    /// <summary>When set, <see cref="RunSet"/> keeps every diagnostic in <see cref="RunSample.Listed"/>.</summary>
    public bool ListFindings { get; set; }

    /// <summary>
    /// Whether every run starts from a fully collected heap (default). Per-project runs collect once before each pass
    /// over all projects instead: two compacting collections per project would dominate the run.
    /// </summary>
    public bool CollectBeforeEachRun { get; set; } = true;

    public static CSharpCompilation Compile(GeneratedCorpus corpus, ImmutableArray<MetadataReference> references, bool concurrentBuild, string assemblyName = "Bench")
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: new[] { "NET", "NET10_0", "NETCOREAPP", "RELEASE", "TRACE" });
        var trees = new SyntaxTree[corpus.Files.Count];
        Parallel.For(0, corpus.Files.Count, i =>
        {
            var file = corpus.Files[i];
            trees[i] = CSharpSyntaxTree.ParseText(file.Text, parse, file.Path);
        });
        var outputKind = trees.Any(t => t.GetRoot().ChildNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any())
            ? OutputKind.ConsoleApplication
            : OutputKind.DynamicallyLinkedLibrary;
        var compilationOptions = new CSharpCompilationOptions(
            outputKind,
            nullableContextOptions: NullableContextOptions.Enable,
            optimizationLevel: OptimizationLevel.Release,
            concurrentBuild: concurrentBuild,
            deterministic: true);
        return CSharpCompilation.Create(assemblyName, trees, references, compilationOptions);
    }

    /// <summary>The compiler alone: <see cref="Compilation.GetDiagnostics"/> on a fresh copy.</summary>
    public RunSample RunCompiler(CSharpCompilation baseline)
    {
        var compilation = baseline.WithOptions(baseline.Options);
        return Measure(false, () => compilation.GetDiagnostics());
    }

    /// <summary>
    /// One analyzer set through <see cref="CompilationWithAnalyzers"/> on a fresh copy: wall time of
    /// <c>GetAnalyzerDiagnosticsAsync</c> (which includes the compiler's own binding) and the execution time the driver
    /// logged for each analyzer's callbacks.
    /// </summary>
    public RunSample RunSet(CSharpCompilation baseline, AnalyzerSet set)
    {
        var compilation = baseline.WithOptions(baseline.Options.WithSpecificDiagnosticOptions(set.Options));
        var exceptions = new ConcurrentQueue<string>();
        var analysisOptions = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (ex, analyzer, _) => exceptions.Enqueue(analyzer.GetType().Name + ": " + ex.GetType().Name + ": " + ex.Message),
            concurrentAnalysis: options.Concurrent,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);
        CompilationWithAnalyzers? withAnalyzers = null;
        var profiled = set.Key == CallbackProfile.Key;
        if (profiled)
        {
            CallbackProfile.Reset();
        }

        var sample = Measure(ListFindings, () =>
        {
            withAnalyzers = compilation.WithAnalyzers(set.Analyzers, analysisOptions);
            return withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        });

        var perAnalyzer = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var analyzer in set.Analyzers)
        {
            var telemetry = withAnalyzers!.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult();
            var name = AnalyzerName(analyzer);
            perAnalyzer[name] = perAnalyzer.GetValueOrDefault(name) + telemetry.ExecutionTime.TotalMilliseconds;
        }

        var ad0001 = sample.ById.GetValueOrDefault("AD0001");
        return sample with
        {
            CallbackMs = perAnalyzer.Values.Sum(),
            PerAnalyzerMs = perAnalyzer,
            Exceptions = exceptions.Count + ad0001,
            ExceptionSamples = exceptions.Take(5).Concat(sample.ExceptionSamples).ToList(),
            Profile = profiled ? CallbackProfile.Snapshot() : null,
            JitByNamespace = profiled ? CallbackProfile.JitByNamespace() : null,
        };
    }

    public static string AnalyzerName(DiagnosticAnalyzer analyzer)
        => analyzer switch
        {
            FloorAnalyzer floor => "floor(" + floor.Mirrors + ")",
            ProfilingAnalyzer profiling => profiling.Name,
            _ => analyzer.GetType().Name,
        };

    public static void CollectFully()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>
    /// The runs of one set over several compilations (the projects of a tree) as one sample: times, allocations, GC
    /// pauses, diagnostics and errors add up; the peak heap is the highest of the runs.
    /// </summary>
    public static RunSample Sum(IReadOnlyList<RunSample> samples)
    {
        var perAnalyzer = new Dictionary<string, double>(StringComparer.Ordinal);
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        var byKind = Enum.GetValues<VulnerabilityKind>().ToDictionary(k => k, _ => 0);
        foreach (var sample in samples)
        {
            foreach (var (name, ms) in sample.PerAnalyzerMs)
            {
                perAnalyzer[name] = perAnalyzer.GetValueOrDefault(name) + ms;
            }

            foreach (var (id, count) in sample.ById)
            {
                byId[id] = byId.GetValueOrDefault(id) + count;
            }

            foreach (var (kind, count) in sample.Findings.FoundByKind)
            {
                byKind[kind] = byKind.GetValueOrDefault(kind) + count;
            }
        }

        return new RunSample(
            samples.Sum(s => s.WallMs),
            samples.Sum(s => s.CpuMs),
            samples.Sum(s => s.CallbackMs),
            perAnalyzer,
            samples.Count == 0 ? 0 : samples.Max(s => s.PeakManagedMb),
            samples.Sum(s => s.AllocatedMb),
            samples.Sum(s => s.GcPauseMs),
            samples.Sum(s => s.Gen2Collections),
            samples.Sum(s => s.Diagnostics),
            byId,
            samples.Sum(s => s.Errors),
            samples.SelectMany(s => s.ErrorSamples).Take(10).ToList(),
            new Findings.Result(byKind, samples.Sum(s => s.Findings.Matched), samples.Sum(s => s.Findings.Unmatched)),
            samples.Sum(s => s.Exceptions),
            samples.SelectMany(s => s.ExceptionSamples).Take(5).ToList())
        {
            Listed = samples.Any(s => s.Listed is null) ? null : samples.SelectMany(s => s.Listed!).ToList(),
            Profile = samples.Any(s => s.Profile is null) ? null : SumProfiles(samples.Select(s => s.Profile!)),
            JitByNamespace = samples.Any(s => s.JitByNamespace is null) ? null : samples.SelectMany(s => s.JitByNamespace!).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal),
        };
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, ProfileEntry>> SumProfiles(IEnumerable<IReadOnlyDictionary<string, IReadOnlyDictionary<string, ProfileEntry>>> profiles)
    {
        var sum = new Dictionary<string, Dictionary<string, ProfileEntry>>(StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            foreach (var (analyzer, actions) in profile)
            {
                if (!sum.TryGetValue(analyzer, out var target))
                {
                    sum[analyzer] = target = new Dictionary<string, ProfileEntry>(StringComparer.Ordinal);
                }

                foreach (var (action, entry) in actions)
                {
                    target[action] = target.TryGetValue(action, out var existing) ? existing + entry : entry;
                }
            }
        }

        return sum.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, ProfileEntry>)p.Value, StringComparer.Ordinal);
    }

    private RunSample Measure(bool list, Func<ImmutableArray<Diagnostic>> action)
    {
        if (CollectBeforeEachRun)
        {
            CollectFully();
        }

        using var sampler = new MemorySampler();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var pauseBefore = GC.GetTotalPauseDuration();
        var gen2Before = GC.CollectionCount(2);
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var stopwatch = Stopwatch.StartNew();
        var diagnostics = action();
        stopwatch.Stop();
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var pause = GC.GetTotalPauseDuration() - pauseBefore;
        var gen2 = GC.CollectionCount(2) - gen2Before;
        var peak = sampler.Stop();
        var byId = diagnostics.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var reported = diagnostics.Where(d => d.Id != "AD0001").ToList();
        return new RunSample(
            stopwatch.Elapsed.TotalMilliseconds,
            cpu.TotalMilliseconds,
            0,
            new Dictionary<string, double>(),
            peak / 1048576.0,
            allocated / 1048576.0,
            pause.TotalMilliseconds,
            gen2,
            reported.Count,
            byId,
            errors.Count,
            errors.Take(10).Select(d => d.ToString()).ToList(),
            Findings.Match(seeds, reported),
            0,
            diagnostics.Where(d => d.Id == "AD0001").Take(5).Select(d => d.GetMessage()).ToList())
        {
            Listed = list ? diagnostics.Where(d => d.Severity != DiagnosticSeverity.Error || d.Id == "AD0001").Select(ToFinding).ToList() : null,
        };
    }

    private static Finding ToFinding(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var path = diagnostic.Location.IsInSource ? span.Path : "(no location)";
        return new Finding(diagnostic.Id, path, span.StartLinePosition.Line + 1, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).ReplaceLineEndings(" "));
    }
}

/// <summary>Samples the managed heap size on a background thread; the highest value seen is the peak.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _peak;

    public MemorySampler()
    {
        _peak = GC.GetTotalMemory(forceFullCollection: false);
        _thread = new Thread(Loop) { IsBackground = true, Priority = ThreadPriority.AboveNormal, Name = "memory sampler" };
        _thread.Start();
    }

    public long Stop()
    {
        _stop = true;
        _thread.Join();
        Observe();
        return Interlocked.Read(ref _peak);
    }

    public void Dispose()
    {
        if (!_stop)
        {
            Stop();
        }
    }

    private void Loop()
    {
        while (!_stop)
        {
            Observe();
            Thread.Sleep(20);
        }
    }

    private void Observe()
    {
        var current = GC.GetTotalMemory(forceFullCollection: false);
        long peak;
        do
        {
            peak = Interlocked.Read(ref _peak);
            if (current <= peak)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _peak, current, peak) != peak);
    }
}
