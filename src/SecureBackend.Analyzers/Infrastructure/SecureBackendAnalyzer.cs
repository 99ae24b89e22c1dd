using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>
/// Base class of every SecureBackend analyzer: concurrent, skips generated code (see <see cref="GeneratedCode"/>),
/// resolves the types it needs once per compilation and registers nothing when the library it protects is not referenced.
/// </summary>
public abstract class SecureBackendAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // Callbacks never run on generated code; reports are kept out of it by GeneratedCode.Report. A rule that
        // reports in Razor views sees generated code too, and keeps to the spans mapped into .cshtml/.razor files.
        context.ConfigureGeneratedCodeAnalysis(AnalyzesRazorGeneratedCode
            ? GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics
            : GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.Get(start.Compilation);
            if (IsRelevant(types))
            {
                OnCompilationStart(start, types);
            }
        });
    }

    /// <summary>
    /// Whether the analyzer's callbacks also run on generated code, so that it can report in the C# the Razor source
    /// generator writes for <c>.cshtml</c> and <c>.razor</c> files. Such an analyzer returns early for any generated
    /// span that <see cref="GeneratedCode.IsSourceOrRazor"/> rejects and reports through
    /// <see cref="GeneratedCode.ReportInSourceOrRazor"/>. False for every other rule.
    /// </summary>
    protected virtual bool AnalyzesRazorGeneratedCode => false;

    /// <summary>Whether the compilation references any API this analyzer looks at. Cheap: type lookups only.</summary>
    protected abstract bool IsRelevant(KnownTypes types);

    /// <summary>Registers the analyzer's actions for a compilation that passed <see cref="IsRelevant"/>.</summary>
    protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types);
}
