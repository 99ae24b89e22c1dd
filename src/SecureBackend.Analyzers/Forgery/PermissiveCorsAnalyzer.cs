using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Forgery;

/// <summary>
/// SB3004: CORS policies that admit every origin. With credentials (or an explicit <c>"*"</c> origin, or a
/// hand-written <c>Access-Control-Allow-Origin: *</c> header) the diagnostic has the rule's severity; a policy that
/// admits every origin without credentials is reported at Info (effective severity of the same descriptor).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PermissiveCorsAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Set to <c>false</c> to stop reporting any-origin policies without credentials (the Info-level case).</summary>
    public const string ReportAnyOriginOption = "securebackend.SB3004.report_any_origin_without_credentials";

    private const string AllowOriginHeader = "Access-Control-Allow-Origin";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.PermissiveCors);

    protected override bool IsRelevant(KnownTypes types)
        => types.HasAny("Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder", "Microsoft.AspNetCore.Http.IHeaderDictionary");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var builder = types.Get("Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder");
        var headers = types.Get("Microsoft.AspNetCore.Http.IHeaderDictionary");
        var headerNames = types.Get("Microsoft.Net.Http.Headers.HeaderNames");
        var corsOptions = types.Get("Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions");

        // One invocation callback for both checks: each call is looked at once instead of twice.
        if (builder is not null && headers is not null)
        {
            context.RegisterOperationAction(
                c =>
                {
                    AnalyzePolicyCall(c, builder, corsOptions);
                    AnalyzeHeaderCall(c, headers, headerNames);
                },
                OperationKind.Invocation);
        }
        else if (builder is not null)
        {
            context.RegisterOperationAction(c => AnalyzePolicyCall(c, builder, corsOptions), OperationKind.Invocation);
        }
        else if (headers is not null)
        {
            context.RegisterOperationAction(c => AnalyzeHeaderCall(c, headers, headerNames), OperationKind.Invocation);
        }

        if (builder is not null)
        {
            context.RegisterOperationAction(
                c =>
                {
                    var creation = (IObjectCreationOperation)c.Operation;
                    if (SymbolEqualityComparer.Default.Equals(creation.Type, builder) && HasWildcard(creation.Arguments))
                    {
                        Report(c, creation.Syntax.GetLocation(), null, "'new CorsPolicyBuilder(\"*\")' admits every origin; '*' is not an origin but the wildcard");
                    }
                },
                OperationKind.ObjectCreation);
        }

        if (headers is not null)
        {
            context.RegisterOperationAction(c => AnalyzeHeaderAssignment(c, headers, headerNames), OperationKind.SimpleAssignment);
        }
    }

    private static void Report(OperationAnalysisContext context, Location location, DiagnosticSeverity? severity, string message)
        => context.Report(Diagnostic.Create(
            Rules.PermissiveCors, location, severity ?? Rules.PermissiveCors.DefaultSeverity, additionalLocations: null, properties: null, message));

    private static void AnalyzePolicyCall(OperationAnalysisContext context, INamedTypeSymbol builder, INamedTypeSymbol? corsOptions)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, builder)
            || method.Name is not ("AllowAnyOrigin" or "SetIsOriginAllowed" or "WithOrigins")
            || IsDevelopmentOnlyPolicy(invocation, corsOptions, context))
        {
            return;
        }

        switch (method.Name)
        {
            case "AllowAnyOrigin":
                if (UsesCredentials(invocation, builder))
                {
                    Report(context, AntiforgeryDisabledAnalyzer.NameLocation(invocation), null,
                        "'AllowAnyOrigin()' together with 'AllowCredentials()' lets every web site make credentialed requests (ASP.NET Core also rejects this combination when the policy is used)");
                }
                else if (ReportsAnyOrigin(context))
                {
                    Report(context, AntiforgeryDisabledAnalyzer.NameLocation(invocation), DiagnosticSeverity.Info,
                        "'AllowAnyOrigin()' lets every web site read this policy's responses; list the origins that need access");
                }

                break;

            case "SetIsOriginAllowed" when invocation.Arguments.Length == 1 && IsAlwaysTrue(invocation.Arguments[0].Value):
                if (UsesCredentials(invocation, builder))
                {
                    Report(context, AntiforgeryDisabledAnalyzer.NameLocation(invocation), null,
                        "'SetIsOriginAllowed' with an always-true predicate and 'AllowCredentials()' lets every web site read responses with the user's cookies");
                }
                else if (ReportsAnyOrigin(context))
                {
                    Report(context, AntiforgeryDisabledAnalyzer.NameLocation(invocation), DiagnosticSeverity.Info,
                        "'SetIsOriginAllowed' with an always-true predicate lets every web site read this policy's responses");
                }

                break;

            case "WithOrigins" when HasWildcard(invocation.Arguments):
                Report(context, AntiforgeryDisabledAnalyzer.NameLocation(invocation), null, "'WithOrigins(\"*\")' admits every origin; '*' is not an origin but the wildcard");
                break;
        }
    }

    /// <summary>
    /// A policy built only in Development (<c>if (env.IsDevelopment()) services.AddCors(…)</c>), or a named policy the
    /// application applies only in Development (<c>UseCors("Dev")</c> in the Development branch): no production request
    /// is governed by it.
    /// </summary>
    private static bool IsDevelopmentOnlyPolicy(IInvocationOperation invocation, INamedTypeSymbol? corsOptions, OperationAnalysisContext context)
    {
        if (DevelopmentGuards.IsInDevelopmentOnlyCode(invocation))
        {
            return true;
        }

        return corsOptions is not null
            && CorsPolicyUses.EnclosingPolicyName(invocation, corsOptions) is { } name
            && CorsPolicyUses.Get(context.Compilation, context.CancellationToken).IsAppliedOnlyInDevelopment(name);
    }

    private static bool ReportsAnyOrigin(OperationAnalysisContext context)
        => context.Options.GetBool(context.Operation.Syntax.SyntaxTree, ReportAnyOriginOption, defaultValue: true);

    /// <summary>Whether another call on the same policy builder (same chain root) is <c>AllowCredentials()</c>.</summary>
    private static bool UsesCredentials(IInvocationOperation call, INamedTypeSymbol builder)
    {
        var root = ChainRoot(call, builder);
        foreach (var operation in call.GetRoot().Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "AllowCredentials" } credentials
                && SymbolEqualityComparer.Default.Equals(credentials.TargetMethod.ContainingType, builder)
                && SameRoot(ChainRoot(credentials, builder), root))
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? ChainRoot(IInvocationOperation call, INamedTypeSymbol builder)
    {
        IOperation? current = call;
        while (current is IInvocationOperation invocation && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, builder))
        {
            current = invocation.Instance?.WalkDownConversions();
        }

        return current;
    }

    private static bool SameRoot(IOperation? left, IOperation? right)
    {
        if (left is null || right is null)
        {
            return false;
        }

        if (left == right)
        {
            return true;
        }

        var leftSymbol = Referenced(left);
        return leftSymbol is not null && SymbolEqualityComparer.Default.Equals(leftSymbol, Referenced(right));
    }

    private static ISymbol? Referenced(IOperation operation) => operation switch
    {
        IParameterReferenceOperation parameter => parameter.Parameter,
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    private static bool HasWildcard(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (ValueTrace<bool>.Of(WildcardPolicy.Instance, argument.Value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether an origin argument holds <c>"*"</c>: a constant, the elements of an array creation, a local's writes
    /// (every write with a value) and a <c>readonly</c> field's initializer (by syntax). <c>?:</c>, <c>??</c> and
    /// anything else are not read.
    /// </summary>
    private sealed class WildcardPolicy : ValuePolicy<bool>
    {
        public static readonly WildcardPolicy Instance = new();

        /// <summary>
        /// Two steps, not <see cref="FlowBudget.MaxDepth"/>: a local or field holding the origins, or a local copied from
        /// one; an array's elements are read at its own step.
        /// </summary>
        public override int MaxDepth => 2;

        public override bool Exhausted => false;

        public override bool TryRead(IOperation value, ValueTrace<bool> trace, int depth, out bool result)
        {
            result = false;
            if (value.TryGetConstantString(out var text))
            {
                result = text is not null && text.Trim() == "*";
                return true;
            }

            switch (value)
            {
                case IArrayCreationOperation { Initializer: { } initializer }:
                    foreach (var element in initializer.ElementValues)
                    {
                        if (trace.Of(element, depth))
                        {
                            result = true;
                            break;
                        }
                    }

                    return true;

                case ILocalReferenceOperation when depth < MaxDepth:
                    return false; // the trace reads its writes

                case IFieldReferenceOperation { Field: { IsReadOnly: true } field } when depth < MaxDepth:
                    result = FieldInitializerHasWildcard(field);
                    return true;

                default:
                    return true;
            }
        }

        public override bool Leaf(IOperation value, int depth) => false;

        public override bool Merge(bool first, bool second) => first || second;

        public override bool IsSettled(bool result) => result;

        /// <summary>Every write with a value.</summary>
        public override bool Follows(LocalWriteKind kind) => true;

        public override bool Unseen(ILocalReferenceOperation local, LocalWrite? write) => false;
    }

    /// <summary><c>static readonly string[] Origins = { "*" };</c></summary>
    private static bool FieldInitializerHasWildcard(IFieldSymbol field)
    {
        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } initializer })
            {
                foreach (var node in initializer.DescendantNodesAndSelf())
                {
                    if (node is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression)
                        && literal.Token.ValueText.Trim() == "*")
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary><c>_ =&gt; true</c>, <c>delegate { return true; }</c>, a method group or local delegate that only returns true.</summary>
    private static bool IsAlwaysTrue(IOperation value)
        => ValueTrace<bool>.Of(AlwaysTruePolicy.Instance, value);

    /// <summary>
    /// Whether a delegate only returns true: the value itself or, when it is a local, its only write (one write with a
    /// value; a local written more than once or not at all is not known). <c>?:</c> and <c>??</c> are not followed.
    /// </summary>
    private sealed class AlwaysTruePolicy : ValuePolicy<bool>
    {
        public static readonly AlwaysTruePolicy Instance = new();

        /// <summary>One step, not <see cref="FlowBudget.MaxDepth"/>: the delegate or the one write of the local that holds it.</summary>
        public override int MaxDepth => 1;

        public override bool Exhausted => false;

        public override bool TryRead(IOperation value, ValueTrace<bool> trace, int depth, out bool result)
        {
            if (value is ILocalReferenceOperation && depth < MaxDepth)
            {
                result = false;
                return false; // the trace reads its writes
            }

            result = IsAlwaysTrueDelegate(value);
            return true;
        }

        public override bool Leaf(IOperation value, int depth) => false;

        /// <summary>Two writes: the local is not known to hold one delegate.</summary>
        public override bool Merge(bool first, bool second) => false;

        /// <summary>Every write with a value.</summary>
        public override bool Follows(LocalWriteKind kind) => true;

        public override bool Unseen(ILocalReferenceOperation local, LocalWrite? write) => false;
    }

    private static bool IsAlwaysTrueDelegate(IOperation value)
    {
        if (value is not IDelegateCreationOperation creation)
        {
            return false;
        }

        switch (creation.Target.WalkDownConversions())
        {
            case IAnonymousFunctionOperation lambda:
                return ReturnsOnlyTrue(lambda.Body);
            case IMethodReferenceOperation reference:
                foreach (var syntax in reference.Method.DeclaringSyntaxReferences)
                {
                    var node = syntax.GetSyntax();
                    var body = node switch
                    {
                        MethodDeclarationSyntax method => (SyntaxNode?)method.ExpressionBody?.Expression ?? method.Body,
                        LocalFunctionStatementSyntax function => (SyntaxNode?)function.ExpressionBody?.Expression ?? function.Body,
                        _ => null,
                    };

                    if (IsTrueSyntax(body))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool ReturnsOnlyTrue(IBlockOperation body)
    {
        foreach (var statement in body.Operations)
        {
            if (statement is IReturnOperation { ReturnedValue: { } returned })
            {
                return returned.WalkDownConversions().ConstantValue is { HasValue: true, Value: true };
            }

            return false;
        }

        return false;
    }

    private static bool IsTrueSyntax(SyntaxNode? body) => body switch
    {
        LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.TrueLiteralExpression),
        BlockSyntax { Statements.Count: 1 } block => block.Statements[0] is ReturnStatementSyntax { Expression: LiteralExpressionSyntax literal }
            && literal.IsKind(SyntaxKind.TrueLiteralExpression),
        _ => false,
    };

    private static void AnalyzeHeaderCall(OperationAnalysisContext context, INamedTypeSymbol headers, INamedTypeSymbol? headerNames)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name is not ("Add" or "TryAdd" or "Append") || invocation.Arguments.Length < 2)
        {
            return;
        }

        // Instance call on the dictionary (Add, TryAdd) or extension whose first argument is the dictionary (Append).
        // The two arguments first: they settle almost every Add of a dictionary or collection without a look at the
        // receiver's interfaces (which allocates).
        var isExtension = invocation.TargetMethod.IsExtensionMethod;
        var offset = isExtension ? 1 : 0;
        if (invocation.Arguments.Length < offset + 2
            || !IsAllowOriginName(invocation.Arguments[offset].Value, headerNames)
            || !IsWildcardValue(invocation.Arguments[offset + 1].Value))
        {
            return;
        }

        var dictionary = isExtension ? invocation.Arguments[0].Value : invocation.Instance;
        if (dictionary?.WalkDownConversions().Type.IsOrImplements(headers) == true)
        {
            Report(context, invocation.Syntax.GetLocation(), null, "The 'Access-Control-Allow-Origin: *' header written by hand lets every web site read this response");
        }
    }

    private static void AnalyzeHeaderAssignment(OperationAnalysisContext context, INamedTypeSymbol headers, INamedTypeSymbol? headerNames)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target || !IsWildcardValue(assignment.Value)
            || target.Instance?.WalkDownConversions().Type.IsOrImplements(headers) != true)
        {
            return;
        }

        var isAllowOrigin = target.Property.IsIndexer
            ? target.Arguments.Length == 1 && IsAllowOriginName(target.Arguments[0].Value, headerNames)
            : target.Property.Name == "AccessControlAllowOrigin";
        if (isAllowOrigin)
        {
            Report(context, assignment.Syntax.GetLocation(), null, "The 'Access-Control-Allow-Origin: *' header written by hand lets every web site read this response");
        }
    }

    private static bool IsAllowOriginName(IOperation value, INamedTypeSymbol? headerNames)
    {
        value = value.WalkDownConversions();
        if (value.TryGetConstantString(out var name))
        {
            return string.Equals(name, AllowOriginHeader, StringComparison.OrdinalIgnoreCase);
        }

        return value is IFieldReferenceOperation { Field.Name: "AccessControlAllowOrigin" } field
            && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, headerNames);
    }

    private static bool IsWildcardValue(IOperation value)
    {
        value = value.WalkDownConversions();
        if (value is IObjectCreationOperation { Arguments.Length: 1 } creation)
        {
            value = creation.Arguments[0].Value.WalkDownConversions(); // new StringValues("*")
        }

        return value.TryGetConstantString(out var text) && text is not null && text.Trim() == "*";
    }
}
