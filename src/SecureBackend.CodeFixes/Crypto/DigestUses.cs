using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Crypto;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.CodeFixes.Crypto;

/// <summary>
/// Where a digest goes, for deciding whether replacing its algorithm is safe: a digest that is compared (with a
/// stored value, directly, through locals, through the method that returns it or the member that stores it) or whose
/// size is fixed (<c>TryHashData</c>, span destinations, <c>HashSizeInBytes</c>) must keep its algorithm.
/// </summary>
internal static class DigestUses
{
    /// <summary>Whether the digest values may be compared with data produced by the old algorithm.</summary>
    public static async Task<bool> MayBeComparedAsync(Solution solution, SemanticModel model, IReadOnlyList<IOperation> digests, CancellationToken cancellationToken)
    {
        var escapes = new List<ISymbol>();
        foreach (var digest in digests)
        {
            if (ReachesComparison(digest, escapes, depth: 0))
            {
                return true;
            }
        }

        foreach (var digest in digests)
        {
            if (HashValueShapes.ContainingMember(model, digest.Syntax, cancellationToken) is IMethodSymbol method && IsVerificationName(method.Name))
            {
                return true;
            }
        }

        foreach (var symbol in escapes)
        {
            var references = await SymbolFinder.FindReferencesAsync(symbol, solution, cancellationToken).ConfigureAwait(false);
            foreach (var referenced in references)
            {
                foreach (var location in referenced.Locations)
                {
                    if (location.IsImplicit || !location.Location.IsInSource)
                    {
                        continue;
                    }

                    var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var referenceModel = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    var node = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (node is null || referenceModel is null)
                    {
                        continue;
                    }

                    if (symbol is IMethodSymbol)
                    {
                        node = node.FirstAncestorOrSelf<InvocationExpressionSyntax>() ?? node;
                    }
                    else if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
                    {
                        node = access;
                    }

                    if (referenceModel.GetOperation(node, cancellationToken) is { } operation && ReachesComparison(operation, new List<ISymbol>(), depth: 0))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Whether the code around the hash fixes the digest size.</summary>
    public static bool HasFixedSize(IOperation hash, IReadOnlyList<IOperation> digests)
    {
        foreach (var operation in hash.GetRoot().Descendants())
        {
            if (operation is IPropertyReferenceOperation { Property.Name: "HashSize" or "HashSizeInBytes" or "HashSizeInBits" }
                or IFieldReferenceOperation { Field.Name: "HashSizeInBytes" or "HashSizeInBits" })
            {
                return true;
            }
        }

        foreach (var digest in digests)
        {
            if (digest is IInvocationOperation invocation && (invocation.TargetMethod.Name.StartsWith("Try", System.StringComparison.Ordinal)
                || invocation.GetArgument("destination") is not null))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ReachesComparison(IOperation value, List<ISymbol> escapes, int depth)
    {
        if (depth > 6)
        {
            return true; // too far to tell: stay safe
        }

        var parent = HashValueShapes.ParentSkippingConversions(value, out var child);
        if (HashValueShapes.TryGetComparison(value, out _))
        {
            return true;
        }

        switch (parent)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }:
                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation:
                return ReachesComparison(concatenation, escapes, depth + 1); // "\"" + hex + "\"", "sha1:" + hex
            case IInterpolationOperation { Parent: IInterpolatedStringOperation interpolated }:
                return ReachesComparison(interpolated, escapes, depth + 1);
            case IArgumentOperation { Parent: IInvocationOperation call }:
                if (call.TargetMethod.Name is "FixedTimeEquals" or "SequenceEqual" or "Equals" or "Compare" or "CompareOrdinal")
                {
                    return true;
                }

                if (HashValueShapes.IsBytesToString(call.TargetMethod) || call.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String)
                {
                    return ReachesComparison(call, escapes, depth + 1);
                }

                return false;
            case IInvocationOperation call when call.Instance == child:
                return call.TargetMethod.Name is "SequenceEqual" or "Equals" or "CompareTo" || (call.Type?.SpecialType == SpecialType.System_String && ReachesComparison(call, escapes, depth + 1));
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                foreach (var read in HashValueShapes.LocalReads(value.GetRoot(), declarator.Symbol))
                {
                    if (ReachesComparison(read, escapes, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            case ISimpleAssignmentOperation assignment when assignment.Value == child:
                switch (assignment.Target)
                {
                    case IPropertyReferenceOperation property:
                        escapes.Add(property.Property.OriginalDefinition);
                        return false;
                    case IFieldReferenceOperation field:
                        escapes.Add(field.Field.OriginalDefinition);
                        return false;
                    case ILocalReferenceOperation local:
                        foreach (var read in HashValueShapes.LocalReads(value.GetRoot(), local.Local))
                        {
                            if (read != local && ReachesComparison(read, escapes, depth + 1))
                            {
                                return true;
                            }
                        }

                        return false;
                    default:
                        return false;
                }

            case IReturnOperation:
                if (value.SemanticModel?.GetEnclosingSymbol(value.Syntax.SpanStart) is IMethodSymbol method)
                {
                    escapes.Add(method.OriginalDefinition);
                }

                return false;
            default:
                return false;
        }
    }

    private static bool IsVerificationName(string name)
    {
        var words = IdentifierWords.Split(name);
        return words.Count > 0 && words[0] is "verify" or "validate" or "check" or "compare" or "matches" or "match" or "authenticate" or "equals";
    }
}
