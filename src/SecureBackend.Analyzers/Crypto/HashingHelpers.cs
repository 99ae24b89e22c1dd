using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using SecureBackend.Analyzers.Infrastructure.Names;

namespace SecureBackend.Analyzers.Crypto;

/// <summary>What a same-file method does with its parameters (SB2002): which of them reach a fast hash in its body.</summary>
internal sealed class HashingHelper
{
    /// <summary>A method that hashes none of its parameters, or whose hashes are reported (or never reported) in it.</summary>
    public static readonly HashingHelper None = new(null);

    public HashingHelper(string?[]? hashNames) => HashNames = hashNames;

    /// <summary>By parameter ordinal, the first fast hash the parameter reaches (e.g. <c>SHA256.HashData</c>), or null; null when none does.</summary>
    public string?[]? HashNames { get; }
}

/// <summary>
/// SB2002's per-compilation answers to "is this method a hashing helper?", one per method, so a call reads its callee's
/// body at most once per compilation instead of tracing its own arguments on every call.
/// </summary>
/// <remarks>
/// The answer depends only on the method and on the password names of its file. It is cached for methods declared in
/// one place (a caller's file is then the method's file); the rest (a partial method's parts in several files) are
/// read for each call, through the caller's model, as before.
/// </remarks>
internal sealed class HashingHelpers
{
    private readonly ConcurrentDictionary<IMethodSymbol, HashingHelper> _byMethod = new(SymbolEqualityComparer.Default);

    public HashingHelper Of(IMethodSymbol callee, SemanticModel model, CryptoSymbols symbols, PasswordNames names)
    {
        if (_byMethod.TryGetValue(callee, out var helper))
        {
            return helper;
        }

        helper = PasswordHashDetector.ReadHelper(callee, model, symbols, names);
        if (callee.Locations.Length == 1)
        {
            _byMethod.TryAdd(callee, helper);
        }

        return helper;
    }
}
