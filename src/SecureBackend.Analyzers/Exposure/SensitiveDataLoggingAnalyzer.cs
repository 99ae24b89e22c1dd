using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Exposure;

/// <summary>
/// SB5002: EF Core <c>EnableSensitiveDataLogging()</c> (or <c>(true)</c>) and IdentityModel's
/// <c>IdentityModelEventSource.ShowPII = true</c> / <c>LogCompleteSecurityArtifact = true</c> outside development-only code.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SensitiveDataLoggingAnalyzer : SecureBackendAnalyzer
{
    private const string DbContextOptionsBuilder = "Microsoft.EntityFrameworkCore.DbContextOptionsBuilder";
    private const string IdentityModelEventSource = "Microsoft.IdentityModel.Logging.IdentityModelEventSource";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.SensitiveDataLogging);

    protected override bool IsRelevant(KnownTypes types) => types.HasAny(DbContextOptionsBuilder, IdentityModelEventSource);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var optionsBuilder = types.Get(DbContextOptionsBuilder);
        var eventSource = types.Get(IdentityModelEventSource);

        if (optionsBuilder is not null)
        {
            context.RegisterOperationAction(
                operationContext =>
                {
                    var invocation = (IInvocationOperation)operationContext.Operation;
                    var method = invocation.TargetMethod;
                    if (method.Name != "EnableSensitiveDataLogging" || !method.ContainingType.InheritsFromOrEquals(optionsBuilder) || invocation.Syntax.ContainsDiagnostics)
                    {
                        return;
                    }

                    // EnableSensitiveDataLogging(false) and EnableSensitiveDataLogging(env.IsDevelopment()) are fine.
                    if (invocation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 })
                    {
                        if (invocation.Arguments.Length != 1)
                        {
                            return;
                        }

                        var value = invocation.Arguments[0].Value.ConstantValue;
                        if (!value.HasValue || value.Value is not true)
                        {
                            return;
                        }
                    }

                    if (!DevelopmentGuards.IsInNonProductionCode(invocation))
                    {
                        operationContext.Report(Diagnostic.Create(Rules.SensitiveDataLogging, invocation.GetNameLocation(), "EnableSensitiveDataLogging()"));
                    }
                },
                OperationKind.Invocation);
        }

        if (eventSource is not null)
        {
            context.RegisterOperationAction(
                operationContext =>
                {
                    var assignment = (ISimpleAssignmentOperation)operationContext.Operation;
                    if (assignment.Target is not IPropertyReferenceOperation { Property: { IsStatic: true } property }
                        || property.Name is not ("ShowPII" or "LogCompleteSecurityArtifact")
                        || !SymbolEqualityComparer.Default.Equals(property.ContainingType, eventSource))
                    {
                        return;
                    }

                    var value = assignment.Value.ConstantValue;
                    if (value.HasValue && value.Value is true && !DevelopmentGuards.IsInNonProductionCode(assignment))
                    {
                        operationContext.Report(Diagnostic.Create(Rules.SensitiveDataLogging, assignment.Syntax.GetLocation(), "IdentityModelEventSource." + property.Name + " = true"));
                    }
                },
                OperationKind.SimpleAssignment);
        }
    }
}
