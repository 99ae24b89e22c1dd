using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Crypto;

/// <summary>
/// What SB2001 hands to its fixer through diagnostic properties, so the fixer does not follow the digest again:
/// whether replacing the algorithm keeps the code's behaviour as far as the body shows (<see cref="RewriteProperty"/>:
/// the digest's producers are in sight, its size is not fixed, it is not compared there, the method is not a check),
/// and the methods and members the digest escapes to (<see cref="EscapesProperty"/>), whose uses elsewhere only a
/// search of the solution can judge.
/// </summary>
internal static class BrokenHashFixData
{
    /// <summary>Property: <c>true</c> when the body around the hash allows the SHA-256 rewrite.</summary>
    public const string RewriteProperty = "Rewrite";

    /// <summary>
    /// Property: the documentation IDs (<see cref="DocumentationCommentId"/>) of the methods whose result the digest
    /// becomes and of the fields and properties it is stored in, separated by <c>|</c>; the rewrite is safe only when
    /// none of their uses compares it.
    /// </summary>
    public const string EscapesProperty = "DigestEscapesTo";

    private const char Separator = '|';

    private static readonly char[] Separators = { Separator };

    /// <summary>
    /// <paramref name="properties"/> with the hand-off of the broken hash reported at <paramref name="reported"/> (the
    /// call, creation or <c>HashAlgorithmName</c> argument the diagnostic's location holds). Runs only for reported hashes.
    /// </summary>
    public static ImmutableDictionary<string, string?> Add(ImmutableDictionary<string, string?> properties, IOperation reported, CryptoSymbols symbols)
    {
        var digests = DigestFlow.CollectDigests(reported, symbols);
        if (digests is null || DigestFlow.HasFixedSize(reported, digests))
        {
            return properties;
        }

        var escapes = new List<ISymbol>();
        foreach (var digest in digests)
        {
            if (DigestFlow.ReachesComparison(digest, escapes, depth: 0))
            {
                return properties;
            }
        }

        foreach (var digest in digests)
        {
            if (DigestFlow.IsInVerificationMember(digest))
            {
                return properties;
            }
        }

        StringBuilder? ids = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var escape in escapes)
        {
            switch (escape)
            {
                case IMethodSymbol { MethodKind: MethodKind.AnonymousFunction }:
                    continue; // a lambda's result goes where the lambda is called, which is out of sight
                case IMethodSymbol { MethodKind: MethodKind.LocalFunction } local:
                    // Its calls are in the same body.
                    foreach (var call in LocalFlowIndex.For(reported).GetCalls(local))
                    {
                        if (DigestFlow.ReachesComparison(call, new List<ISymbol>(), depth: 0))
                        {
                            return properties;
                        }
                    }

                    continue;
                case IMethodSymbol or IPropertySymbol or IFieldSymbol:
                    var id = DocumentationCommentId.CreateDeclarationId(escape);
                    if (string.IsNullOrEmpty(id) || id.IndexOf(Separator) >= 0)
                    {
                        return properties; // cannot be handed over: no fix rather than an unchecked one
                    }

                    if (seen.Add(id))
                    {
                        ids = ids is null ? new StringBuilder(id) : ids.Append(Separator).Append(id);
                    }

                    continue;
                default:
                    return properties;
            }
        }

        properties = properties.Add(RewriteProperty, "true");
        return ids is null ? properties : properties.Add(EscapesProperty, ids.ToString());
    }

    /// <summary>Whether the analyzer found the rewrite safe as far as the body shows.</summary>
    public static bool IsRewritable(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(RewriteProperty, out var value) && value == "true";

    /// <summary>The documentation IDs of the methods and members the digest escapes to (none: empty).</summary>
    public static string[] GetEscapes(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(EscapesProperty, out var value) && !string.IsNullOrEmpty(value)
            ? value!.Split(Separators, StringSplitOptions.RemoveEmptyEntries)
            : Array.Empty<string>();
}
