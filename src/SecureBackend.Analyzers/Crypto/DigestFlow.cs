using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Crypto;

/// <summary>
/// Where the digest of a broken hash goes, for deciding whether replacing its algorithm is safe: the expressions that
/// produce the digest bytes, whether its size is fixed (<c>TryHashData</c>, span destinations, <c>HashSizeInBytes</c>),
/// and whether it is compared (directly, through locals, through string conversions) or escapes to a method's callers
/// or a member, whose uses lie elsewhere.
/// </summary>
internal static class DigestFlow
{
    /// <summary>
    /// The digest-producing expressions of the broken hash reported at <paramref name="operation"/> (a one-shot call, a
    /// factory or constructor whose instance stays in a local, or a <c>HashAlgorithmName</c> argument), or null when
    /// the instance goes out of sight or the digest is written into a caller's buffer.
    /// </summary>
    public static List<IOperation>? CollectDigests(IOperation operation, CryptoSymbols symbols)
    {
        switch (operation)
        {
            case IInvocationOperation { TargetMethod.Name: "HashData" or "HashDataAsync" } invocation when symbols.BrokenAlgorithmOf(invocation.TargetMethod.ContainingType) is not null:
                return invocation.GetArgument("destination") is null ? new List<IOperation> { invocation } : null;

            case IInvocationOperation { TargetMethod.Name: "Create" or "CreateFromName" } invocation:
                return CollectInstance(invocation);

            case IObjectCreationOperation creation:
                return CollectInstance(creation);

            default:
                // HashAlgorithmName.MD5/SHA1 passed to IncrementalHash or CryptographicOperations.
                if (operation.WalkDownConversions() is IPropertyReferenceOperation && operation.Parent is IArgumentOperation { Parent: IInvocationOperation call }
                    && call.GetArgument("destination") is null)
                {
                    var digests = new List<IOperation>();
                    if (call.TargetMethod.Name is "CreateHash" or "CreateHMAC")
                    {
                        CollectInstanceDigests(call, digests);
                    }
                    else
                    {
                        digests.Add(call);
                    }

                    return digests;
                }

                return null;
        }
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

    /// <summary>
    /// Whether <paramref name="value"/> reaches a comparison in its body; the methods whose result it becomes and the
    /// members it is stored in are added to <paramref name="escapes"/> (their uses lie elsewhere).
    /// </summary>
    public static bool ReachesComparison(IOperation value, List<ISymbol> escapes, int depth)
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
                foreach (var read in LocalFlowIndex.For(value).GetReferences(declarator.Symbol))
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
                        foreach (var read in LocalFlowIndex.For(value).GetReferences(local.Local))
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

    /// <summary>Whether the member holding <paramref name="digest"/> is named for a check (<c>Verify…</c>, <c>Matches…</c> …).</summary>
    public static bool IsInVerificationMember(IOperation digest)
    {
        var symbol = digest.SemanticModel?.GetEnclosingSymbol(digest.Syntax.SpanStart);
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        if (symbol is not IMethodSymbol method)
        {
            return false;
        }

        var words = IdentifierWords.Split(method.Name);
        return words.Count > 0 && words[0] is "verify" or "validate" or "check" or "compare" or "matches" or "match" or "authenticate" or "equals";
    }

    private static List<IOperation>? CollectInstance(IOperation creation)
    {
        var digests = new List<IOperation>();
        var parent = HashValueShapes.ParentSkippingConversions(creation, out var child);
        if (parent is IInvocationOperation chained && chained.Instance == child)
        {
            digests.Add(chained);
        }
        else if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation })
        {
            if (!CollectInstanceDigests(creation, digests))
            {
                return null;
            }
        }
        else
        {
            return null; // stored in a field, returned or passed on: its uses are out of sight
        }

        return digests.Count == 0 ? null : digests;
    }

    /// <summary>The digest-producing calls on the local that receives <paramref name="creation"/>.</summary>
    private static bool CollectInstanceDigests(IOperation creation, List<IOperation> digests)
    {
        var parent = HashValueShapes.ParentSkippingConversions(creation, out _);
        if (parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return parent is IInvocationOperation chained && Add(chained, digests);
        }

        foreach (var local in LocalFlowIndex.For(creation).GetReferences(declarator.Symbol))
        {
            switch (local.Parent)
            {
                case IInvocationOperation call when call.Instance == local:
                    if (!Add(call, digests))
                    {
                        return false;
                    }

                    break;
                case IPropertyReferenceOperation { Property.Name: "Hash" } hash:
                    digests.Add(hash);
                    break;
                case IPropertyReferenceOperation:
                    break;
                default:
                    return false; // passed on (CryptoStream, a helper): out of sight
            }
        }

        return true;
    }

    private static bool Add(IInvocationOperation call, List<IOperation> digests)
    {
        if (call.TargetMethod.Name is "ComputeHash" or "ComputeHashAsync" or "GetHashAndReset" or "GetCurrentHash" or "TransformFinalBlock")
        {
            digests.Add(call);
        }

        return !call.TargetMethod.Name.StartsWith("Try", System.StringComparison.Ordinal);
    }
}
