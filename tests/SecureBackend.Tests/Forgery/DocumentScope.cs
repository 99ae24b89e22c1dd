using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureBackend.Tests.Infrastructure;

namespace SecureBackend.Tests.Forgery;

/// <summary>
/// Runs an analyzer the way an editor does for one open document: <see cref="CompilationWithAnalyzers"/>'s
/// document-scoped semantic analysis of that document only (no compilation-end actions, no other documents'
/// callbacks). A diagnostic returned here is shown live and gets its lightbulb fixes.
/// </summary>
internal static class DocumentScope
{
    /// <summary>Diagnostics of <paramref name="analyzer"/> for the document at <paramref name="path"/> of a compilation of <paramref name="documents"/>.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(
        DiagnosticAnalyzer analyzer, string path, OutputKind outputKind, params (string Path, string Source)[] documents)
    {
        var references = TestReferences.Framework;
        var trees = documents.Select(d => CSharpSyntaxTree.ParseText(d.Source, TestSetup.ParseOptions, d.Path)).ToImmutableArray();
        var compilation = CSharpCompilation.Create(
            "DocumentScope",
            trees,
            references.AddRange(TestReferences.Libraries),
            new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "Test source does not compile: " + string.Join(Environment.NewLine, errors.Select(e => e.ToString())));

        var exceptions = new ConcurrentQueue<Exception>();
        var withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create(analyzer),
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, _, _) => exceptions.Enqueue(exception),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false));

        var tree = trees.Single(t => t.FilePath == path);
        var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, CancellationToken.None);
        Assert.Empty(exceptions);
        return diagnostics;
    }

    /// <summary>"SB3001@(line,column)" for each diagnostic, ordered, for readable assertions (1-based positions).</summary>
    public static string[] Describe(ImmutableArray<Diagnostic> diagnostics)
        => diagnostics
            .OrderBy(d => d.Location.SourceSpan.Start)
            .Select(d =>
            {
                var position = d.Location.GetLineSpan().StartLinePosition;
                return d.Id + "@" + d.Location.SourceTree?.FilePath + "(" + (position.Line + 1) + "," + (position.Character + 1) + ")";
            })
            .ToArray();
}
