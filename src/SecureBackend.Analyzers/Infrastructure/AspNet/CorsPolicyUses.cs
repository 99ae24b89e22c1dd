using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure.AspNet;

/// <summary>
/// Where the application applies its named CORS policies: <c>app.UseCors("name")</c>, <c>endpoints.RequireCors("name")</c>
/// and <c>[EnableCors("name")]</c>. A policy every application of which runs only in Development (the true branch of
/// <c>if (env.IsDevelopment()) app.UseCors("Dev"); else app.UseCors("Production");</c>) governs no production request.
/// Computed once per compilation, on the first question, which only a permissive policy asks.
/// </summary>
internal sealed class CorsPolicyUses
{
    private static readonly PerCompilation<CorsPolicyUses> Compilations = new(Compute);

    /// <summary>Lower-case words one of which a file must contain to apply a named policy: the names read below, or <c>\u</c>.</summary>
    private static readonly string[] Words = { "usecors", "requirecors", "enablecors", "\\u" };

    /// <summary>Policy name → true while every use seen so far is development-only.</summary>
    private readonly Dictionary<string, bool> _developmentOnly;

    private CorsPolicyUses(Dictionary<string, bool> developmentOnly) => _developmentOnly = developmentOnly;

    public static CorsPolicyUses Get(Compilation compilation, CancellationToken cancellationToken) => Compilations.Get(compilation, cancellationToken);

    /// <summary>Whether the compilation applies the policy named <paramref name="name"/>, and only in Development.</summary>
    public bool IsAppliedOnlyInDevelopment(string name) => _developmentOnly.TryGetValue(name, out var developmentOnly) && developmentOnly;

    /// <summary>
    /// The name of the policy whose configuring lambda contains <paramref name="operation"/>:
    /// <c>options.AddPolicy("name", builder => …)</c> with a constant name; null otherwise.
    /// </summary>
    public static string? EnclosingPolicyName(IOperation operation, INamedTypeSymbol corsOptions)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IInvocationOperation { TargetMethod.Name: "AddPolicy" } add
                && SymbolEqualityComparer.Default.Equals(add.TargetMethod.ContainingType, corsOptions))
            {
                foreach (var argument in add.Arguments)
                {
                    if (argument.Parameter?.Type.SpecialType == SpecialType.System_String
                        && argument.Value.ConstantValue is { HasValue: true, Value: string name })
                    {
                        return name;
                    }
                }

                return null;
            }
        }

        return null;
    }

    private static CorsPolicyUses Compute(Compilation compilation, CancellationToken cancellationToken)
    {
        var types = KnownTypes.Get(compilation);
        var middleware = types.Get("Microsoft.AspNetCore.Builder.CorsMiddlewareExtensions");
        var endpoints = types.Get("Microsoft.AspNetCore.Builder.CorsEndpointConventionBuilderExtensions");
        var enableCors = types.Get("Microsoft.AspNetCore.Cors.EnableCorsAttribute");
        var uses = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            // Only a file whose text names one of the calls or the attribute is walked (or one with a Unicode escape,
            // which may spell a name): the walk creates every node of the tree, the text search reads the text once.
            if (!SourceTextSearch.MentionsAny(tree.GetText(cancellationToken), Words))
            {
                continue;
            }

            SemanticModel? model = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                switch (node)
                {
                    case InvocationExpressionSyntax invocation when NameOf(invocation.Expression) is "UseCors" or "RequireCors":
                        model ??= SemanticModels.Of(compilation, tree);
                        if (model.GetOperation(invocation, cancellationToken) is IInvocationOperation call
                            && (SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, middleware)
                                || SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, endpoints)))
                        {
                            foreach (var argument in call.Arguments)
                            {
                                if (argument.Value.ConstantValue is { HasValue: true, Value: string name })
                                {
                                    Record(uses, name, DevelopmentGuards.IsInDevelopmentOnlyCode(call));
                                }
                            }
                        }

                        break;

                    case AttributeSyntax attribute when enableCors is not null && NameOf(attribute.Name) is "EnableCors" or "EnableCorsAttribute"
                        && attribute.ArgumentList is { Arguments.Count: > 0 } arguments:
                        model ??= SemanticModels.Of(compilation, tree);
                        if (model.GetConstantValue(arguments.Arguments[0].Expression, cancellationToken) is { HasValue: true, Value: string policy })
                        {
                            Record(uses, policy, developmentOnly: false);
                        }

                        break;
                }
            }
        }

        return new CorsPolicyUses(uses);
    }

    private static void Record(Dictionary<string, bool> uses, string name, bool developmentOnly)
        => uses[name] = developmentOnly && (!uses.TryGetValue(name, out var before) || before);

    private static string? NameOf(SyntaxNode expression) => expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        _ => null,
    };
}
