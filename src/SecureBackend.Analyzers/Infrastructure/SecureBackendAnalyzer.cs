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
        // Callbacks never run on generated code; reports are kept out of it by GeneratedCode.Report.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.Get(start.Compilation);
            if (IsRelevant(types))
            {
                OnCompilationStart(start, types);
            }
        });
    }

    /// <summary>Whether the compilation references any API this analyzer looks at. Cheap: type lookups only.</summary>
    protected abstract bool IsRelevant(KnownTypes types);

    /// <summary>Registers the analyzer's actions for a compilation that passed <see cref="IsRelevant"/>.</summary>
    protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types);
}
