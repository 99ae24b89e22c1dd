using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure.Flow;

/// <summary>What <see cref="FixedBytes.Classify"/> found a byte value to be.</summary>
public enum FixedBytesKind
{
    /// <summary>Not provably the same bytes on every run.</summary>
    NotFixed,

    /// <summary>A new array without initializer (<c>new byte[16]</c>): all zeros.</summary>
    Zeros,

    /// <summary>Bytes written in the source: a constant array initializer, a constant string's encoding, constant Base64 or hex.</summary>
    Constant,
}

/// <summary>
/// Whether a byte buffer holds the same bytes on every run: <c>new byte[16]</c> (zeros), <c>new byte[] { 1, 2, … }</c>
/// with constant elements, <c>Encoding.X.GetBytes("literal")</c>, <c>Convert.FromBase64String("…")</c>,
/// <c>Convert.FromHexString("…")</c>, a same-method local every write of which is such a value and which is never
/// handed to code that could fill it (a call outside <c>System.Security.Cryptography</c>, a random generator's
/// <c>Fill</c>/<c>GetBytes</c>, an element write), or a <c>readonly</c> field initialised with such a value.
/// </summary>
public static class FixedBytes
{
    public static FixedBytesKind Classify(IOperation? value) => value is null ? FixedBytesKind.NotFixed : ValueTrace<FixedBytesKind>.Of(Policy.Instance, value);

    /// <summary>
    /// The policy over <see cref="ValueTrace{T}"/>: reads buffers, encodings and views itself and lets the trace follow
    /// locals (every write an initializer or assignment, and nothing copied into the local or filling it).
    /// Writes combine to the least fixed of them; <c>?:</c> and <c>??</c> are not followed (not fixed).
    /// </summary>
    private sealed class Policy : ValuePolicy<FixedBytesKind>
    {
        public static readonly Policy Instance = new();

        /// <summary>
        /// 4, not <see cref="FlowBudget.MaxDepth"/>: a buffer is fixed only while every write in sight is a literal
        /// buffer, and each local on the way is also searched for copies and fills; past it the bytes are not fixed.
        /// </summary>
        public override int MaxDepth => 4;

        public override FixedBytesKind Exhausted => FixedBytesKind.NotFixed;

        public override bool TryRead(IOperation value, ValueTrace<FixedBytesKind> trace, int depth, out FixedBytesKind result)
        {
            switch (value)
            {
                case IArrayCreationOperation { Initializer: null } creation:
                    result = creation.DimensionSizes.Length == 1 && creation.DimensionSizes[0].ConstantValue.HasValue ? FixedBytesKind.Zeros : FixedBytesKind.NotFixed;
                    return true;

                case IArrayCreationOperation { Initializer: { } initializer }:
                    result = FixedBytesKind.Constant;
                    foreach (var element in initializer.ElementValues)
                    {
                        if (!element.ConstantValue.HasValue)
                        {
                            result = FixedBytesKind.NotFixed;
                            break;
                        }
                    }

                    return true;

                case IInvocationOperation invocation:
                    result = ClassifyCall(invocation, trace, depth);
                    return true;

                case IObjectCreationOperation when ByteFlow.CarriedValue(value) is { } viewed:
                    result = trace.Of(viewed, depth + 1);
                    return true;

                case ILocalReferenceOperation:
                    result = FixedBytesKind.NotFixed;
                    return false; // the trace reads its writes

                case IFieldReferenceOperation { Field: { IsReadOnly: true } field }:
                    result = ClassifyFieldInitializer(field);
                    return true;

                default:
                    result = FixedBytesKind.NotFixed;
                    return true;
            }
        }

        public override FixedBytesKind Leaf(IOperation value, int depth) => FixedBytesKind.NotFixed;

        /// <summary>Not fixed when either is not; constant when either is; zeros when both are.</summary>
        public override FixedBytesKind Merge(FixedBytesKind first, FixedBytesKind second)
            => first == FixedBytesKind.NotFixed || second == FixedBytesKind.NotFixed ? FixedBytesKind.NotFixed
                : first == FixedBytesKind.Constant || second == FixedBytesKind.Constant ? FixedBytesKind.Constant
                : FixedBytesKind.Zeros;

        public override bool IsSettled(FixedBytesKind result) => result == FixedBytesKind.NotFixed;

        public override FixedBytesKind Unseen(ILocalReferenceOperation local, LocalWrite? write) => FixedBytesKind.NotFixed;

        /// <summary>The writes' bytes, if nothing copies into the local or may fill it.</summary>
        public override FixedBytesKind AtLocal(ILocalReferenceOperation local, FixedBytesKind written)
        {
            if (written == FixedBytesKind.NotFixed)
            {
                return written;
            }

            var root = local.GetRoot();
            var copies = new List<IOperation>();
            ByteFlow.CollectCopiesInto(root, local.Local, copies);
            return copies.Count == 0 && !MayBeFilled(root, local.Local) ? written : FixedBytesKind.NotFixed;
        }
    }

    private static FixedBytesKind ClassifyCall(IInvocationOperation invocation, ValueTrace<FixedBytesKind> trace, int depth)
    {
        var method = invocation.TargetMethod;
        if (method.Name == "GetBytes" && ByteFlow.CarriedValue(invocation) is { } text)
        {
            return text.WalkDownConversions().ConstantValue is { HasValue: true, Value: string } ? FixedBytesKind.Constant : FixedBytesKind.NotFixed;
        }

        if (method.Name is "FromBase64String" or "FromHexString"
            && method.ContainingType is { Name: "Convert" } convert && convert.ContainingNamespace.IsNamespace("System")
            && invocation.Arguments.Length == 1)
        {
            return invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string } ? FixedBytesKind.Constant : FixedBytesKind.NotFixed;
        }

        if (method.Name is "AsSpan" or "AsMemory" or "ToArray" && ByteFlow.CarriedValue(invocation) is { } source)
        {
            return trace.Of(source, depth + 1);
        }

        return FixedBytesKind.NotFixed;
    }

    /// <summary>Whether any use of the local could change its bytes: an element write, or a call that receives it and is not a cipher.</summary>
    private static bool MayBeFilled(IOperation root, ILocalSymbol local)
    {
        foreach (var reference in LocalFlowIndex.For(root).GetReferences(local))
        {
            var parent = reference.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IArrayElementReferenceOperation:
                    return true;
                case IArgumentOperation { Parent: IInvocationOperation call }:
                    if (!IsCipherCall(call.TargetMethod))
                    {
                        return true;
                    }

                    break;
                case IArgumentOperation { Parent: IObjectCreationOperation }:
                    return true;
                case IInvocationOperation call when call.Instance == reference || call.Instance == reference.Parent:
                    if (call.TargetMethod.Name is not ("Clone" or "GetLength" or "Length") && call.TargetMethod.ContainingType?.SpecialType != SpecialType.System_Object)
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    private static bool IsCipherCall(IMethodSymbol method)
        => method.ContainingType is { } type
           && type.ContainingNamespace.IsNamespace("System.Security.Cryptography")
           && method.Name is not ("Fill" or "GetBytes" or "GetNonZeroBytes" or "Decrypt" or "TryDecrypt" or "Encrypt" or "TryEncrypt")
           && !method.Name.StartsWith("Read", System.StringComparison.Ordinal);

    /// <summary>The initializer of a readonly field, by its syntax (the field may be declared in another file).</summary>
    private static FixedBytesKind ClassifyFieldInitializer(IFieldSymbol field)
    {
        if (field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value })
        {
            return FixedBytesKind.NotFixed;
        }

        switch (value)
        {
            case ArrayCreationExpressionSyntax { Initializer: null, Type.RankSpecifiers: { Count: 1 } ranks }
                when ranks[0].Sizes.Count == 1 && ranks[0].Sizes[0] is LiteralExpressionSyntax:
                return FixedBytesKind.Zeros;
            case ArrayCreationExpressionSyntax { Initializer: { } initializer }:
                return AllLiterals(initializer);
            case ImplicitArrayCreationExpressionSyntax { Initializer: { } initializer }:
                return AllLiterals(initializer);
            case InitializerExpressionSyntax initializer:
                return AllLiterals(initializer);
            default:
                return FixedBytesKind.NotFixed;
        }
    }

    private static FixedBytesKind AllLiterals(InitializerExpressionSyntax initializer)
    {
        if (initializer.Expressions.Count == 0)
        {
            return FixedBytesKind.NotFixed;
        }

        foreach (var expression in initializer.Expressions)
        {
            var inner = expression is CastExpressionSyntax cast ? cast.Expression : expression;
            if (!inner.IsKind(SyntaxKind.NumericLiteralExpression))
            {
                return FixedBytesKind.NotFixed;
            }
        }

        return FixedBytesKind.Constant;
    }
}
