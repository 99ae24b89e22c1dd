using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Crypto;

/// <summary>A comparison of two values: <c>a == b</c>, <c>a != b</c>, <c>a.Equals(b)</c>, <c>string.Equals(a, b[, comparison])</c>, <c>a.SequenceEqual(b)</c>.</summary>
internal readonly struct Comparison
{
    public Comparison(IOperation whole, IOperation other, bool negated)
    {
        Whole = whole;
        Other = other;
        Negated = negated;
    }

    /// <summary>The whole comparison expression.</summary>
    public IOperation Whole { get; }

    /// <summary>The side that is not the value we started from.</summary>
    public IOperation Other { get; }

    public bool Negated { get; }
}

/// <summary>Shapes a hash value travels through: byte→string conversions, string clean-up calls, comparisons.</summary>
internal static class HashValueShapes
{
    /// <summary><c>Convert.ToBase64String</c>, <c>Convert.ToHexString[Lower]</c>, <c>BitConverter.ToString</c>, <c>Encoding.GetString</c>.</summary>
    public static bool IsBytesToString(IMethodSymbol method)
    {
        var type = method.ContainingType;
        return (type.IsType("System", "Convert") && method.Name is "ToBase64String" or "ToHexString" or "ToHexStringLower")
               || (type.IsType("System", "BitConverter") && method.Name == "ToString")
               || (method.Name == "GetString" && InheritsFrom(type, "System.Text", "Encoding"));
    }

    /// <summary>String calls that only reformat a hex/base64 digest: <c>Replace</c>, <c>ToLower</c>, <c>ToUpperInvariant</c>, <c>Trim</c> ….</summary>
    public static bool IsStringReformat(IInvocationOperation invocation)
        => invocation.TargetMethod is { IsStatic: false, ContainingType.SpecialType: SpecialType.System_String } method
           && method.Name is "Replace" or "ToLower" or "ToLowerInvariant" or "ToUpper" or "ToUpperInvariant" or "Trim" or "TrimEnd";

    /// <summary>The parent of <paramref name="operation"/>, skipping conversions and parentheses.</summary>
    public static IOperation? ParentSkippingConversions(IOperation operation, out IOperation child)
    {
        child = operation;
        var parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            child = parent;
            parent = parent.Parent;
        }

        return parent;
    }

    /// <summary>Whether the (conversion-skipped) <paramref name="value"/> is one side of a comparison.</summary>
    public static bool TryGetComparison(IOperation value, out Comparison comparison)
    {
        comparison = default;
        var parent = ParentSkippingConversions(value, out var child);
        switch (parent)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                when binary.LeftOperand.Type?.SpecialType == SpecialType.System_String || binary.RightOperand.Type?.SpecialType == SpecialType.System_String:
                comparison = new Comparison(binary, binary.LeftOperand == child ? binary.RightOperand : binary.LeftOperand, binary.OperatorKind == BinaryOperatorKind.NotEquals);
                return true;

            case IInvocationOperation { TargetMethod.Name: "Equals" or "SequenceEqual" } invocation when invocation.Instance == child && invocation.Arguments.Length >= 1:
                comparison = new Comparison(invocation, invocation.Arguments[0].Value, negated: false);
                return IsStringComparisonArgumentsOnly(invocation, 1);

            case IArgumentOperation argument when argument.Parent is IInvocationOperation { TargetMethod.Name: "Equals" or "SequenceEqual" } call:
                if (call.Instance is not null && call.Arguments.Length >= 1 && call.Arguments[0] == argument)
                {
                    comparison = new Comparison(call, call.Instance, negated: false);
                    return IsStringComparisonArgumentsOnly(call, 1);
                }

                if (call.Instance is null && call.Arguments.Length >= 2 && (call.Arguments[0] == argument || call.Arguments[1] == argument))
                {
                    var other = call.Arguments[0] == argument ? call.Arguments[1].Value : call.Arguments[0].Value;
                    comparison = new Comparison(call, other, negated: false);
                    return IsStringComparisonArgumentsOnly(call, 2);
                }

                return false;

            default:
                return false;
        }
    }

    /// <summary>Extra arguments after the compared ones may only be a <c>StringComparison</c>.</summary>
    private static bool IsStringComparisonArgumentsOnly(IInvocationOperation invocation, int compared)
    {
        for (var i = compared; i < invocation.Arguments.Length; i++)
        {
            if (invocation.Arguments[i].Parameter?.Type.IsType("System", "StringComparison") != true)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="node"/> sits inside a lambda converted to an expression tree (e.g. an EF Core query).</summary>
    public static bool IsInExpressionTree(SyntaxNode node, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var ancestor in node.Ancestors())
        {
            if (ancestor is LambdaExpressionSyntax lambda
                && model.GetTypeInfo(lambda, cancellationToken).ConvertedType is INamedTypeSymbol { Name: "Expression" } converted
                && converted.ContainingNamespace.IsNamespace("System.Linq.Expressions"))
            {
                return true;
            }

            if (ancestor is MemberDeclarationSyntax)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>The member whose body holds <paramref name="operation"/> (lambdas and local functions belong to their method).</summary>
    public static ISymbol? ContainingMember(SemanticModel model, SyntaxNode node, System.Threading.CancellationToken cancellationToken)
    {
        var symbol = model.GetEnclosingSymbol(node.SpanStart, cancellationToken);
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol;
    }

    private static bool InheritsFrom(ITypeSymbol? type, string namespaceName, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsType(namespaceName, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the type is <c>byte[]</c>.</summary>
    public static bool IsByteArray(ITypeSymbol? type)
        => type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte };

    /// <summary>Whether <paramref name="local"/>'s one write in the body <paramref name="root"/> is its initializer (from the body's cached <see cref="LocalFlowIndex"/>).</summary>
    public static bool HasSingleWrite(ILocalSymbol local, IOperation root)
        => LocalFlowIndex.For(root).TryGetWrites(local, out var writes) && writes.Count == 1 && writes[0].Kind == LocalWriteKind.Initializer;

    /// <summary>Every read (and write target) of <paramref name="local"/> in the body <paramref name="root"/> (a copy of the body's cached <see cref="LocalFlowIndex"/> list).</summary>
    public static System.Collections.Generic.List<ILocalReferenceOperation> LocalReads(IOperation root, ILocalSymbol local)
        => new(LocalFlowIndex.For(root).GetReferences(local));
}
