using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Exposure;

/// <summary>
/// SB5007: <c>ForwardedHeadersOptions.KnownNetworks.Clear()</c>, <c>KnownIPNetworks.Clear()</c> or
/// <c>KnownProxies.Clear()</c> when the same method (lambdas included) adds no network or proxy to any of those lists,
/// and <c>ForwardLimit = null</c> in such a configuration (every entry of <c>X-Forwarded-For</c> then counts).
/// <c>ForwardLimit = null</c> alone is not reported: the middleware still stops at the first hop that is not a known
/// proxy. Quiet in code that runs only outside Production and in test projects. No code fix: only the deployment knows
/// the proxy's address.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ForwardedHeadersAnalyzer : SecureBackendAnalyzer
{
    private const string OptionsTypeName = "Microsoft.AspNetCore.Builder.ForwardedHeadersOptions";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.ForwardedHeadersTrustAll);

    protected override bool IsRelevant(KnownTypes types) => types.Has(OptionsTypeName) && !CodeScopes.IsTestProject(types);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var options = types.Get(OptionsTypeName);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, options), OperationKind.Invocation);
        context.RegisterOperationAction(c => AnalyzeAssignment(c, options), OperationKind.SimpleAssignment);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol? options)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "Clear" || !IsTrustList(invocation.Instance, options, out var list))
        {
            return;
        }

        if (AddsTrustedEntry(invocation.GetRoot(), options) || DevelopmentGuards.IsInNonProductionCode(invocation))
        {
            return;
        }

        context.Report(Diagnostic.Create(Rules.ForwardedHeadersTrustAll, invocation.Syntax.GetLocation(), list + ".Clear()", "removes the trusted proxies and adds none"));
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, INamedTypeSymbol? options)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "ForwardLimit" } target
            || !SymbolEqualityComparer.Default.Equals(target.Property.ContainingType, options)
            || assignment.Value.WalkDownConversions() is not { ConstantValue: { HasValue: true, Value: null } })
        {
            return;
        }

        var root = assignment.GetRoot();
        if (!ClearsTrustLists(root, options) || AddsTrustedEntry(root, options) || DevelopmentGuards.IsInNonProductionCode(assignment))
        {
            return;
        }

        context.Report(Diagnostic.Create(Rules.ForwardedHeadersTrustAll, assignment.Syntax.GetLocation(), "ForwardLimit = null", "lifts the limit on forwarded entries while no proxy is trusted"));
    }

    /// <summary><c>options.KnownNetworks</c>, <c>KnownIPNetworks</c> or <c>KnownProxies</c> of <c>ForwardedHeadersOptions</c>.</summary>
    private static bool IsTrustList(IOperation? operation, INamedTypeSymbol? options, out string name)
    {
        if (operation?.WalkDownConversions() is IPropertyReferenceOperation { Property: { Name: "KnownNetworks" or "KnownIPNetworks" or "KnownProxies" } property }
            && SymbolEqualityComparer.Default.Equals(property.ContainingType, options))
        {
            name = property.Name;
            return true;
        }

        name = string.Empty;
        return false;
    }

    private static bool ClearsTrustLists(IOperation root, INamedTypeSymbol? options)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "Clear" } clear && IsTrustList(clear.Instance, options, out _))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether anything under <paramref name="root"/> adds to one of the trust lists (<c>Add</c>, <c>AddRange</c>, <c>Insert</c>, a collection initializer).</summary>
    private static bool AddsTrustedEntry(IOperation root, INamedTypeSymbol? options)
    {
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod.Name: "Add" or "AddRange" or "Insert" } add when IsTrustList(add.Instance, options, out _):
                    return true;
                case IInvocationOperation { TargetMethod.Name: "Add" or "AddRange" or "Insert" } add
                    when add.Arguments.Length > 0 && IsTrustList(add.Arguments[0].Value, options, out _):
                    return true; // extension methods: list.AddRange(…) on IList<T>
                case IMemberInitializerOperation { InitializedMember: var member } when IsTrustList(member, options, out _):
                    return true; // new ForwardedHeadersOptions { KnownProxies = { address } }
            }
        }

        return false;
    }
}
