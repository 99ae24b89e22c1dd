using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace SecureBackend.Tests.Infrastructure;

/// <summary>
/// Runs analyzers over a compilation outside the verifiers, the way a build does, and keeps what tests need to check
/// that nothing went wrong: analyzer exceptions (captured, and AD0001 in the output) and each analyzer's telemetry.
/// </summary>
public static class AnalyzerRunner
{
    public static async Task<AnalyzerRun> RunAsync(
        Compilation compilation,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        AnalyzerOptions? options = null,
        bool includeCompilerDiagnostics = false,
        CancellationToken cancellationToken = default)
    {
        if (analyzers.IsDefaultOrEmpty)
        {
            var compilerOnly = includeCompilerDiagnostics ? compilation.GetDiagnostics(cancellationToken) : ImmutableArray<Diagnostic>.Empty;
            return new AnalyzerRun(compilerOnly, ImmutableArray<string>.Empty, ImmutableDictionary<DiagnosticAnalyzer, AnalyzerTelemetryInfo>.Empty);
        }

        var exceptions = new ConcurrentQueue<string>();
        var withAnalyzers = compilation.WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(
                options ?? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, _) => exceptions.Enqueue(analyzer.GetType().Name + " threw " + exception),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: true,
                reportSuppressedDiagnostics: false));
        var diagnostics = includeCompilerDiagnostics
            ? await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken).ConfigureAwait(false)
            : await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var telemetry = ImmutableDictionary.CreateBuilder<DiagnosticAnalyzer, AnalyzerTelemetryInfo>();
        foreach (var analyzer in analyzers)
        {
            telemetry[analyzer] = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
        }

        return new AnalyzerRun(diagnostics, exceptions.ToImmutableArray(), telemetry.ToImmutable());
    }
}

/// <summary>The outcome of <see cref="AnalyzerRunner.RunAsync"/>.</summary>
public sealed record AnalyzerRun(
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<string> Exceptions,
    ImmutableDictionary<DiagnosticAnalyzer, AnalyzerTelemetryInfo> Telemetry)
{
    /// <summary>Analyzer exceptions: the captured ones and any AD0001 the driver reported.</summary>
    public IEnumerable<string> Failures => Exceptions.Concat(Diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()));

    /// <summary>SecureBackend diagnostics (our analyzers report nothing else).</summary>
    public IEnumerable<Diagnostic> Reported => Diagnostics.Where(d => d.Id.StartsWith("SB", StringComparison.Ordinal));

    public IEnumerable<Diagnostic> CompilerErrors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("SB", StringComparison.Ordinal) && d.Id != "AD0001");

    /// <summary>
    /// Whether <paramref name="analyzer"/> did work on this compilation: it registered actions beyond its
    /// compilation-start action (so its relevance check passed and it subscribed to code) and its callbacks took time.
    /// </summary>
    public bool WasActive(DiagnosticAnalyzer analyzer)
    {
        if (!Telemetry.TryGetValue(analyzer, out var info))
        {
            return false;
        }

        var registered = info.CompilationActionsCount + info.CompilationEndActionsCount + info.SyntaxTreeActionsCount
            + info.SemanticModelActionsCount + info.SymbolActionsCount + info.SymbolStartActionsCount + info.SymbolEndActionsCount
            + info.SyntaxNodeActionsCount + info.CodeBlockStartActionsCount + info.CodeBlockEndActionsCount + info.CodeBlockActionsCount
            + info.OperationActionsCount + info.OperationBlockStartActionsCount + info.OperationBlockEndActionsCount + info.OperationBlockActionsCount
            + info.AdditionalFileActionsCount;
        return registered > 0 && info.ExecutionTime > TimeSpan.Zero;
    }
}
