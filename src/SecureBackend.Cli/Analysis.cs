using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureBackend.Analyzers.Infrastructure.Baseline;
using SecureBackend.CodeFixes;

namespace SecureBackend.Cli;

/// <summary>One SecureBackend finding, located in a file of the scanned folder.</summary>
internal sealed record Finding(
    string RuleId,
    DiagnosticSeverity Severity,
    string Message,
    string FilePath,
    string RelativePath,
    int Line,
    int Column,
    int EndLine,
    int EndColumn,
    string Fingerprint)
{
    public bool Baselined { get; init; }

    public BaselineEntry Entry => new(RuleId, RelativePath, Fingerprint);
}

/// <summary>The outcome of analysing a codebase.</summary>
internal sealed record AnalysisResult(IReadOnlyList<Finding> Findings, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<string> Notes);

/// <summary>
/// The SecureBackend analyzers and code fixes, from the assemblies the tool ships (the same ones the package ships), and
/// running them over every C# project of a solution with the project's own options and .editorconfig severities.
/// </summary>
internal static class Analysis
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(BaselineSuppressor).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !typeof(DiagnosticSuppressor).IsAssignableFrom(t)
            && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t, nonPublic: true)!)
        .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> CodeFixes { get; } = typeof(CodeFixAssemblyMarker).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t, nonPublic: true)!)
        .ToImmutableArray();

    /// <summary>Every SecureBackend rule, by ID.</summary>
    public static IReadOnlyDictionary<string, DiagnosticDescriptor> Rules { get; } = Analyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .Where(d => d.Id.StartsWith("SB", StringComparison.Ordinal))
        .GroupBy(d => d.Id, StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    /// <summary>
    /// Analyses every C# project of <paramref name="solution"/>; findings in files outside the scanned folder keep
    /// their full path. A file compiled by several projects (multi-targeting) reports each finding once.
    /// </summary>
    public static async Task<AnalysisResult> RunAsync(
        Solution solution, Func<Project, bool> inScope, string root, Action<int, int, string> progress, CancellationToken cancellationToken)
    {
        var projects = solution.Projects.Where(inScope).ToList();
        var findings = new List<Finding>();
        var diagnostics = new List<Diagnostic>();
        var notes = new List<string>();
        var seen = new HashSet<(string, string, int, int)>();
        for (var i = 0; i < projects.Count; i++)
        {
            var project = projects[i];
            progress(i, projects.Count, project.Name);
            var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null)
            {
                continue;
            }

            var failures = new List<string>();
            var options = new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions,
                onAnalyzerException: (exception, analyzer, _) =>
                {
                    lock (failures)
                    {
                        failures.Add(analyzer.GetType().Name + ": " + exception.GetType().Name + ": " + exception.Message);
                    }
                },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false);
            var results = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var failure in failures.Distinct(StringComparer.Ordinal))
            {
                notes.Add("warning: an analyzer failed in " + project.Name + ": " + Program.OneLine(failure));
            }

            var errors = compilation.GetDeclarationDiagnostics(cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
            if (errors > 0)
            {
                notes.Add("note: " + project.Name + " has " + errors + " compiler error" + (errors == 1 ? string.Empty : "s")
                    + " in declarations (a reference that did not resolve: a restore not run, or for a folder of sources a library beyond the .NET and ASP.NET Core reference packs); findings in code that does not compile may be missing");
            }

            foreach (var diagnostic in results)
            {
                if (!diagnostic.Id.StartsWith("SB", StringComparison.Ordinal) || diagnostic.Severity == DiagnosticSeverity.Hidden
                    || diagnostic.Location.SourceTree is not { } tree || !diagnostic.Location.IsInSource || !File.Exists(tree.FilePath))
                {
                    continue;
                }

                var span = diagnostic.Location.GetLineSpan();
                if (!seen.Add((diagnostic.Id, tree.FilePath, diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.End)))
                {
                    continue;
                }

                diagnostics.Add(diagnostic);
                findings.Add(new Finding(
                    diagnostic.Id,
                    diagnostic.Severity,
                    diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
                    tree.FilePath,
                    BaselineFile.RelativePath(root, tree.FilePath),
                    span.StartLinePosition.Line + 1,
                    span.StartLinePosition.Character + 1,
                    span.EndLinePosition.Line + 1,
                    span.EndLinePosition.Character + 1,
                    BaselineFingerprint.For(diagnostic, cancellationToken) ?? string.Empty));
            }
        }

        progress(projects.Count, projects.Count, string.Empty);
        var order = findings
            .Select((f, i) => (f, d: diagnostics[i]))
            .OrderBy(x => x.f.RuleId, StringComparer.Ordinal)
            .ThenBy(x => x.f.RelativePath, StringComparer.Ordinal)
            .ThenBy(x => x.f.Line)
            .ThenBy(x => x.f.Column)
            .ToList();
        return new AnalysisResult(order.Select(x => x.f).ToList(), order.Select(x => x.d).ToList(), notes);
    }
}
