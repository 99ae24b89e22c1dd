using System.Collections.Concurrent;
using System.Threading;
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
/// SB2002's per-compilation answers about the source methods a call targets: the file that declares each (its
/// locations are read once: the compiler builds a new array on each read), and whether it is a hashing helper (its
/// body read at most once, instead of tracing the caller's arguments on every call).
/// </summary>
/// <remarks>
/// The helper answer depends only on the method and on the password names of its file, which is the caller's file for
/// a method declared in one place. A method declared in several places (a partial method's parts) is looked up in its
/// locations and read through the caller's model on each call, as before.
/// </remarks>
internal sealed class HashingHelpers
{
    private readonly ConcurrentDictionary<IMethodSymbol, Entry> _byMethod = new(SymbolEqualityComparer.Default);

    /// <summary>Whether the source method <paramref name="callee"/> (an original definition) is declared in <paramref name="tree"/>.</summary>
    public bool IsDeclaredIn(IMethodSymbol callee, SyntaxTree tree)
    {
        var entry = EntryOf(callee);
        if (entry.Tree is not null)
        {
            return entry.Tree == tree;
        }

        foreach (var location in callee.Locations)
        {
            if (location.SourceTree == tree)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The helper answer for <paramref name="callee"/>, a method declared in the caller's file (<paramref name="model"/>).</summary>
    public HashingHelper Of(IMethodSymbol callee, SemanticModel model, CryptoSymbols symbols, PasswordNames names)
    {
        var entry = EntryOf(callee);
        if (entry.Tree is null)
        {
            return PasswordHashDetector.ReadHelper(callee, model, symbols, names);
        }

        if (Volatile.Read(ref entry.Helper) is { } helper)
        {
            return helper;
        }

        // Two callers racing here compute the same answer.
        helper = PasswordHashDetector.ReadHelper(callee, model, symbols, names);
        Volatile.Write(ref entry.Helper, helper);
        return helper;
    }

    private Entry EntryOf(IMethodSymbol callee)
    {
        if (!_byMethod.TryGetValue(callee, out var entry))
        {
            var locations = callee.Locations;
            entry = _byMethod.GetOrAdd(callee, new Entry(locations.Length == 1 ? locations[0].SourceTree : null));
        }

        return entry;
    }

    private sealed class Entry
    {
        public Entry(SyntaxTree? tree) => Tree = tree;

        /// <summary>The one file that declares the method; null when it is declared in several places (or none).</summary>
        public SyntaxTree? Tree { get; }

        public HashingHelper? Helper;
    }
}
