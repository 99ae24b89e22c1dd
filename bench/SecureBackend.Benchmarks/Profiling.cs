using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.Tracing;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureBackend.Benchmarks;

/// <summary>What the callbacks of one analyzer for one kind of action cost in one run (or the sum over projects).</summary>
internal sealed record ProfileEntry(long Calls, double CpuMs, double AllocatedMb, double JitMs, int JitMethods)
{
    public static ProfileEntry operator +(ProfileEntry a, ProfileEntry b)
        => new(a.Calls + b.Calls, a.CpuMs + b.CpuMs, a.AllocatedMb + b.AllocatedMb, a.JitMs + b.JitMs, a.JitMethods + b.JitMethods);
}

/// <summary>
/// The <c>--profile</c> set: every SecureBackend analyzer wrapped so that each callback is measured on its own thread
/// (thread CPU time, bytes allocated on the thread, time and methods the JIT compiled on the thread), per analyzer and
/// per action (compilation start, each operation kind, each symbol kind, operation block, compilation end). Thread CPU
/// time does not count waiting for a core, so on a loaded machine it is the steadier figure; the measuring itself adds
/// two system calls per callback, which is why this is a set of its own beside the unwrapped SecureBackend set.
/// </summary>
internal static class CallbackProfile
{
    public const string Key = "sb-profile";

    private static ConcurrentDictionary<(string Analyzer, string Action), Counter> s_current = new();

    public static AnalyzerSet Wrap(AnalyzerSet ours)
        => new(Key, "SecureBackend, profiled callbacks", ours.Analyzers.Select(a => (DiagnosticAnalyzer)new ProfilingAnalyzer(a)).ToImmutableArray(), ours.Options);

    /// <summary>
    /// The thread CPU time one measurement adds inside its own window (mostly one <c>clock_gettime</c> system call),
    /// measured on an empty callback at every <see cref="Reset"/> and subtracted from every call.
    /// </summary>
    public static double OverheadNs { get; private set; }

    private static readonly ConcurrentDictionary<long, bool> s_callbackThreads = new();
    private static JitListener? s_jit;

    [ThreadStatic]
    private static bool t_registered;

    public static void Reset()
    {
        s_current = new ConcurrentDictionary<(string, string), Counter>();
        OverheadNs = Calibrate();
        s_jit ??= new JitListener();
        s_jit.Clear();
    }

    /// <summary>
    /// Methods the JIT compiled during the run on the threads that ran SecureBackend callbacks (the analyzer driver's
    /// threads: the callbacks and the driver's own code between them), by the namespace of their type: which code the
    /// first, cold pass compiles.
    /// </summary>
    public static IReadOnlyDictionary<string, int> JitByNamespace()
    {
        if (s_jit is null)
        {
            return new Dictionary<string, int>();
        }

        Thread.Sleep(500); // the runtime delivers its events to listeners asynchronously
        return s_jit.Snapshot(s_callbackThreads);
    }

    private static void RegisterThread()
    {
        if (!t_registered && OperatingSystem.IsLinux())
        {
            t_registered = true;
            s_callbackThreads.TryAdd(gettid(), true);
        }
    }

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int gettid();

    /// <summary>Records the runtime's method-jitting events (thread and type namespace).</summary>
    private sealed class JitListener : EventListener
    {
        private readonly ConcurrentQueue<(long Thread, string Namespace)> _events = new();

        public void Clear() => _events.Clear();

        public IReadOnlyDictionary<string, int> Snapshot(ConcurrentDictionary<long, bool> threads)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (thread, ns) in _events)
            {
                if (threads.ContainsKey(thread))
                {
                    var group = Group(ns);
                    counts[group] = counts.GetValueOrDefault(group) + 1;
                }
            }

            return counts;
        }

        private static string Group(string ns)
        {
            foreach (var prefix in new[] { "SecureBackend.Analyzers", "Microsoft.CodeAnalysis.CSharp", "Microsoft.CodeAnalysis", "System.Collections.Immutable", "System.Linq", "System.Collections", "System" })
            {
                if (ns.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return prefix;
                }
            }

            return "other";
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x10); // JIT keyword
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName is not "MethodJittingStarted_V1" || eventData.Payload is null || eventData.PayloadNames is null)
            {
                return;
            }

            var index = eventData.PayloadNames.IndexOf("MethodNamespace");
            if (index >= 0 && eventData.Payload[index] is string ns)
            {
                _events.Enqueue((eventData.OSThreadId, ns));
            }
        }
    }

    private static double Calibrate()
    {
        Action<int> empty = static _ => { };
        var best = double.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var counter = new Counter();
            for (var i = 0; i < 5_000; i++)
            {
                counter.Run(empty, i);
            }

            best = Math.Min(best, counter.RawCpuNs / 5_000.0);
        }

        return best;
    }

    /// <summary>analyzer → action → cost, for the run since the last <see cref="Reset"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, ProfileEntry>> Snapshot()
        => s_current.GroupBy(p => p.Key.Analyzer, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, ProfileEntry>)g.ToDictionary(p => p.Key.Action, p => p.Value.ToEntry(), StringComparer.Ordinal),
            StringComparer.Ordinal);

    public static Counter For(string analyzer, string action) => s_current.GetOrAdd((analyzer, action), _ => new Counter());

    /// <summary>Current thread's CPU time in nanoseconds (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>; 0 elsewhere).</summary>
    public static long ThreadCpuNs()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        clock_gettime(3, out var time);
        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    internal sealed class Counter
    {
        private long _calls;
        private long _cpuNs;
        private long _allocated;
        private long _jitTicks;
        private int _jitMethods;

        public void Run<T>(Action<T> action, T context)
        {
            RegisterThread();
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime(currentThread: true).Ticks;
            var methodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true);
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = ThreadCpuNs();
            try
            {
                action(context);
            }
            finally
            {
                var cpu = ThreadCpuNs() - cpuBefore;
                var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                Interlocked.Add(ref _cpuNs, cpu);
                Interlocked.Add(ref _allocated, allocated);
                Interlocked.Add(ref _jitTicks, System.Runtime.JitInfo.GetCompilationTime(currentThread: true).Ticks - jitBefore);
                Interlocked.Add(ref _jitMethods, (int)(System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true) - methodsBefore));
                Interlocked.Increment(ref _calls);
            }
        }

        public long RawCpuNs => Interlocked.Read(ref _cpuNs);

        /// <summary>The measured cost, less the calibrated measuring overhead of each call.</summary>
        public ProfileEntry ToEntry()
            => new(_calls, Math.Max(0, _cpuNs - (_calls * OverheadNs)) / 1e6, _allocated / 1048576.0, TimeSpan.FromTicks(_jitTicks).TotalMilliseconds, _jitMethods);
    }
}

/// <summary>Runs one analyzer with every callback it registers measured by <see cref="CallbackProfile"/>.</summary>
#pragma warning disable RS1001 // Built by the benchmark, never loaded by a compiler host.
#pragma warning disable RS1012, RS1025, RS1026 // The wrapped analyzer configures itself through the forwarded context.
internal sealed class ProfilingAnalyzer(DiagnosticAnalyzer inner) : DiagnosticAnalyzer
{
    public string Name { get; } = inner.GetType().Name;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => inner.SupportedDiagnostics;

    public override void Initialize(AnalysisContext context) => inner.Initialize(new Context(context, Name));

    private static string Label(OperationKind kind) => "operation " + kind;

    private static string Label(SymbolKind kind) => "symbol " + kind;

    /// <summary>Per-kind counters of one registration, looked up once per kind rather than per callback.</summary>
    private sealed class ByKind<TKind>(string analyzer, Func<TKind, string> label)
        where TKind : struct, Enum
    {
        private readonly CallbackProfile.Counter?[] _counters = new CallbackProfile.Counter?[256];

        public CallbackProfile.Counter Get(TKind kind)
        {
            var index = Convert.ToInt32(kind, System.Globalization.CultureInfo.InvariantCulture) & 255;
            return _counters[index] ??= CallbackProfile.For(analyzer, label(kind));
        }
    }

    private sealed class Context(AnalysisContext inner, string analyzer) : AnalysisContext
    {
        public override void EnableConcurrentExecution() => inner.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => inner.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
            => inner.RegisterCompilationStartAction(c => CallbackProfile.For(analyzer, "compilation start").Run(x => action(new StartContext(x, analyzer)), c));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action)
            => inner.RegisterCompilationAction(c => CallbackProfile.For(analyzer, "compilation").Run(action, c));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action)
        {
            var counter = CallbackProfile.For(analyzer, "semantic model");
            inner.RegisterSemanticModelAction(c => counter.Run(action, c));
        }

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
        {
            var counters = new ByKind<SymbolKind>(analyzer, Label);
            inner.RegisterSymbolAction(c => counters.Get(c.Symbol.Kind).Run(action, c), symbolKinds);
        }

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
        {
            var counter = CallbackProfile.For(analyzer, "symbol start " + symbolKind);
            inner.RegisterSymbolStartAction(c => counter.Run(action, c), symbolKind);
        }

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
        {
            var counter = CallbackProfile.For(analyzer, "code block start");
            inner.RegisterCodeBlockStartAction<TLanguageKindEnum>(c => counter.Run(action, c));
        }

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action)
        {
            var counter = CallbackProfile.For(analyzer, "code block");
            inner.RegisterCodeBlockAction(c => counter.Run(action, c));
        }

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action)
        {
            var counter = CallbackProfile.For(analyzer, "syntax tree");
            inner.RegisterSyntaxTreeAction(c => counter.Run(action, c));
        }

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
        {
            var counter = CallbackProfile.For(analyzer, "syntax node");
            inner.RegisterSyntaxNodeAction(c => counter.Run(action, c), syntaxKinds);
        }

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
        {
            var counters = new ByKind<OperationKind>(analyzer, Label);
            inner.RegisterOperationAction(c => counters.Get(c.Operation.Kind).Run(action, c), operationKinds);
        }

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
        {
            var counter = CallbackProfile.For(analyzer, "operation block start");
            inner.RegisterOperationBlockStartAction(c => counter.Run(action, c));
        }

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action)
        {
            var counter = CallbackProfile.For(analyzer, "operation block");
            inner.RegisterOperationBlockAction(c => counter.Run(action, c));
        }
    }

    /// <summary>Forwards every registration of a compilation-start callback with its callback measured.</summary>
    private sealed class StartContext(CompilationStartAnalysisContext inner, string analyzer)
        : CompilationStartAnalysisContext(inner.Compilation, inner.Options, inner.CancellationToken)
    {
        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action)
        {
            var counter = CallbackProfile.For(analyzer, "compilation end");
            inner.RegisterCompilationEndAction(c => counter.Run(action, c));
        }

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action)
        {
            var counter = CallbackProfile.For(analyzer, "semantic model");
            inner.RegisterSemanticModelAction(c => counter.Run(action, c));
        }

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
        {
            var counters = new ByKind<SymbolKind>(analyzer, Label);
            inner.RegisterSymbolAction(c => counters.Get(c.Symbol.Kind).Run(action, c), symbolKinds);
        }

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
        {
            var counter = CallbackProfile.For(analyzer, "symbol start " + symbolKind);
            inner.RegisterSymbolStartAction(c => counter.Run(action, c), symbolKind);
        }

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
        {
            var counter = CallbackProfile.For(analyzer, "code block start");
            inner.RegisterCodeBlockStartAction<TLanguageKindEnum>(c => counter.Run(action, c));
        }

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action)
        {
            var counter = CallbackProfile.For(analyzer, "code block");
            inner.RegisterCodeBlockAction(c => counter.Run(action, c));
        }

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action)
        {
            var counter = CallbackProfile.For(analyzer, "syntax tree");
            inner.RegisterSyntaxTreeAction(c => counter.Run(action, c));
        }

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
        {
            var counter = CallbackProfile.For(analyzer, "syntax node");
            inner.RegisterSyntaxNodeAction(c => counter.Run(action, c), syntaxKinds);
        }

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
        {
            var counters = new ByKind<OperationKind>(analyzer, Label);
            inner.RegisterOperationAction(c => counters.Get(c.Operation.Kind).Run(action, c), operationKinds);
        }

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
        {
            var counter = CallbackProfile.For(analyzer, "operation block start");
            inner.RegisterOperationBlockStartAction(c => counter.Run(action, c));
        }

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action)
        {
            var counter = CallbackProfile.For(analyzer, "operation block");
            inner.RegisterOperationBlockAction(c => counter.Run(action, c));
        }
    }
}
#pragma warning restore RS1012, RS1025, RS1026
#pragma warning restore RS1001
