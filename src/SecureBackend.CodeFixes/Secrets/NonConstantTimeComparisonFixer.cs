using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Secrets;

/// <summary>
/// SB2006: rewrites the comparison into <c>CryptographicOperations.FixedTimeEquals</c>. Byte arrays and spans are
/// compared directly; strings are compared on their UTF-8 bytes, which is equal exactly when the strings are equal
/// ordinally (for well-formed text). No fix for case-insensitive or culture-sensitive comparisons, for char
/// sequences, or when an operand may be <c>null</c> (the rewrite would throw where the original returned a result).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonConstantTimeComparisonFixer)), Shared]
public sealed class NonConstantTimeComparisonFixer : SecureBackendFixer
{
    public const string UseFixedTimeEqualsKey = "SB2006.UseFixedTimeEquals";

    private const string CryptographicOperationsName = "System.Security.Cryptography.CryptographicOperations";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NonConstantTimeComparison);

    /// <summary>Whether both operands are known non-null is a question for the bound comparison.</summary>
    protected override bool OffersNeedModel => true;

    internal override FixPlan? Plan(SyntaxNode root, SemanticModel? model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (model is null)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node is not ExpressionSyntax expression
            || model.GetOperation(expression, cancellationToken) is not { } operation
            || KnownTypes.Get(model.Compilation).Get(CryptographicOperationsName) is not { } operations
            || KnownTypes.Get(model.Compilation).Get("System.Text.Encoding") is not { } encoding
            || !TryDescribe(operation, out var comparison))
        {
            return null;
        }

        if (!IsKnownNonNull(comparison.Left, model, 0, cancellationToken) || !IsKnownNonNull(comparison.Right, model, 0, cancellationToken))
        {
            return null;
        }

        var left = (ExpressionSyntax)comparison.Left.Syntax;
        var right = (ExpressionSyntax)comparison.Right.Syntax;
        var viaUtf8 = comparison.IsString;
        var negate = comparison.Negate;
        return new FixPlan(
            "Use CryptographicOperations.FixedTimeEquals",
            UseFixedTimeEqualsKey,
            editor => editor.ReplaceNode(expression, (current, g) => Rewrite(g, operations, encoding, left, right, viaUtf8, negate).WithTriviaFrom(current)));
    }

    private static SyntaxNode Rewrite(SyntaxGenerator g, INamedTypeSymbol operations, INamedTypeSymbol encoding, ExpressionSyntax left, ExpressionSyntax right, bool viaUtf8, bool negate)
    {
        SyntaxNode Bytes(ExpressionSyntax value)
        {
            var plain = value.WithoutTrivia();
            if (!viaUtf8)
            {
                return plain;
            }

            var utf8 = g.MemberAccessExpression(Annotate(g.TypeExpression(encoding)), "UTF8");
            return g.InvocationExpression(g.MemberAccessExpression(utf8, "GetBytes"), plain);
        }

        var call = g.InvocationExpression(
            g.MemberAccessExpression(Annotate(g.TypeExpression(operations)), "FixedTimeEquals"),
            Bytes(left),
            Bytes(right));
        return negate ? g.LogicalNotExpression(call) : call;
    }

    private static SyntaxNode Annotate(SyntaxNode type) => type.WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation);

    private readonly struct Comparison
    {
        public Comparison(IOperation left, IOperation right, bool isString, bool negate)
        {
            Left = left;
            Right = right;
            IsString = isString;
            Negate = negate;
        }

        public IOperation Left { get; }

        public IOperation Right { get; }

        public bool IsString { get; }

        public bool Negate { get; }
    }

    /// <summary>The two operands of an ordinal comparison that FixedTimeEquals can replace exactly.</summary>
    private static bool TryDescribe(IOperation operation, out Comparison comparison)
    {
        comparison = default;
        switch (operation)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
            {
                var negate = binary.OperatorKind == BinaryOperatorKind.NotEquals;
                var left = binary.LeftOperand.WalkDownConversions();
                var right = binary.RightOperand.WalkDownConversions();
                if (IsString(left.Type) && IsString(right.Type))
                {
                    comparison = new Comparison(left, right, isString: true, negate);
                    return true;
                }

                var compare = left is IInvocationOperation ? left : right;
                if (compare is IInvocationOperation { TargetMethod.Name: "CompareOrdinal" or "Compare" } invocation
                    && invocation.TargetMethod.ContainingType.SpecialType == SpecialType.System_String
                    && IsOrdinal(invocation, requireExplicit: invocation.TargetMethod.Name == "Compare")
                    && StringOperands(invocation) is { Count: 2 } operands)
                {
                    comparison = new Comparison(operands[0], operands[1], isString: true, negate);
                    return true;
                }

                return false;
            }

            case IInvocationOperation { TargetMethod.Name: "Equals" } equals:
            {
                var type = equals.TargetMethod.ContainingType;
                var ordinal = type.SpecialType == SpecialType.System_String
                    ? IsOrdinal(equals, requireExplicit: false)
                    : equals.Instance?.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "Ordinal" };
                if (ordinal && StringOperands(equals) is { Count: 2 } operands)
                {
                    comparison = new Comparison(operands[0], operands[1], isString: true, negate: false);
                    return true;
                }

                return false;
            }

            case IInvocationOperation { TargetMethod.Name: "SequenceEqual" } sequence when IsByteElement(sequence.TargetMethod):
            {
                var first = (sequence.Instance ?? (sequence.Arguments.Length > 0 ? sequence.Arguments[0].Value : null))?.WalkDownConversions();
                var second = (sequence.Instance is null ? (sequence.Arguments.Length > 1 ? sequence.Arguments[1].Value : null) : sequence.Arguments[0].Value)?.WalkDownConversions();
                if (first is not null && second is not null && IsBytes(first.Type) && IsBytes(second.Type))
                {
                    comparison = new Comparison(first, second, isString: false, negate: false);
                    return true;
                }

                return false;
            }

            default:
                return false;
        }
    }

    private static List<IOperation> StringOperands(IInvocationOperation invocation)
    {
        var operands = new List<IOperation>(2);
        if (invocation.Instance is { Type.SpecialType: SpecialType.System_String } instance)
        {
            operands.Add(instance.WalkDownConversions());
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Type.SpecialType is SpecialType.System_String or SpecialType.System_Object)
            {
                operands.Add(argument.Value.WalkDownConversions());
            }
        }

        return operands;
    }

    /// <summary>No <c>StringComparison</c> argument (ordinal by default) or <c>StringComparison.Ordinal</c>.</summary>
    private static bool IsOrdinal(IInvocationOperation invocation, bool requireExplicit)
    {
        foreach (var argument in invocation.Arguments)
        {
            var type = argument.Parameter?.Type;
            if (type?.TypeKind == TypeKind.Enum && type.Name == "StringComparison")
            {
                return argument.Value.ConstantValue is { HasValue: true, Value: int value } && value == (int)System.StringComparison.Ordinal;
            }

            if (type?.SpecialType is SpecialType.System_Boolean or SpecialType.System_Int32 || type?.Name == "CultureInfo")
            {
                return false; // ignoreCase, substring or culture overloads
            }
        }

        return !requireExplicit;
    }

    private static bool IsString(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_String;

    private static bool IsByteElement(IMethodSymbol method)
        => method.TypeArguments.Length == 1 && method.TypeArguments[0].SpecialType == SpecialType.System_Byte;

    private static bool IsBytes(ITypeSymbol? type) => type switch
    {
        IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte, Rank: 1 } => true,
        INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", TypeArguments.Length: 1 } span => span.TypeArguments[0].SpecialType == SpecialType.System_Byte,
        _ => false,
    };

    /// <summary>Whether the value cannot be null, so GetBytes/FixedTimeEquals sees the same data the comparison saw.</summary>
    private static bool IsKnownNonNull(IOperation operation, SemanticModel model, int depth, CancellationToken cancellationToken)
    {
        if (operation.Type?.IsValueType == true)
        {
            return true;
        }

        var value = operation.WalkDownConversions();
        if (value != operation && value.Type?.IsValueType == true)
        {
            return false; // a user-defined conversion such as StringValues → string can produce null
        }

        switch (value)
        {
            case { ConstantValue: { HasValue: true, Value: not null } }:
            case IInterpolatedStringOperation:
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String }:
            case IObjectCreationOperation:
            case IArrayCreationOperation:
                return true;
            case IInvocationOperation { TargetMethod: { ReturnNullableAnnotation: NullableAnnotation.NotAnnotated, ReturnType.IsReferenceType: true } }:
                return true;
        }

        if (model.GetTypeInfo(value.Syntax, cancellationToken).Nullability.FlowState == NullableFlowState.NotNull)
        {
            return true;
        }

        if (value is ILocalReferenceOperation local && depth < 2)
        {
            if (!LocalFlowIndex.TryGetWrites(local, out var writes) || writes.Count == 0)
            {
                return false;
            }

            foreach (var write in writes)
            {
                if (write.Value is null || write.Kind == LocalWriteKind.Unknown || !IsKnownNonNull(write.Value, model, depth + 1, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }
}
