using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Exposure;

/// <summary>
/// SB5001: <c>UseDeveloperExceptionPage()</c>, <c>UseMigrationsEndPoint()</c> and <c>UseDatabaseErrorPage()</c> called
/// where the environment is not checked first.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeveloperExceptionPageAnalyzer : SecureBackendAnalyzer
{
    private const string DeveloperExceptionPageExtensions = "Microsoft.AspNetCore.Builder.DeveloperExceptionPageExtensions";
    private const string MigrationsEndPointExtensions = "Microsoft.AspNetCore.Builder.MigrationsEndPointExtensions";
    private const string DatabaseErrorPageExtensions = "Microsoft.AspNetCore.Builder.DatabaseErrorPageExtensions";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.DeveloperExceptionPage);

    protected override bool IsRelevant(KnownTypes types)
        => types.HasAny(DeveloperExceptionPageExtensions, MigrationsEndPointExtensions, DatabaseErrorPageExtensions);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var developerPage = types.Get(DeveloperExceptionPageExtensions);
        var migrations = types.Get(MigrationsEndPointExtensions);
        var databasePage = types.Get(DatabaseErrorPageExtensions);
        context.RegisterOperationAction(
            operationContext =>
            {
                var invocation = (IInvocationOperation)operationContext.Operation;
                var method = invocation.TargetMethod;
                var containing = method.ContainingType;
                if (containing is null)
                {
                    return;
                }

                var matches = (method.Name == "UseDeveloperExceptionPage" && SymbolEqualityComparer.Default.Equals(containing, developerPage))
                    || (method.Name == "UseMigrationsEndPoint" && SymbolEqualityComparer.Default.Equals(containing, migrations))
                    || (method.Name == "UseDatabaseErrorPage" && SymbolEqualityComparer.Default.Equals(containing, databasePage));
                if (!matches || DevelopmentGuards.IsInNonProductionCode(invocation))
                {
                    return;
                }

                operationContext.Report(Diagnostic.Create(Rules.DeveloperExceptionPage, invocation.GetNameLocation(), method.Name + "()"));
            },
            OperationKind.Invocation);
    }
}
