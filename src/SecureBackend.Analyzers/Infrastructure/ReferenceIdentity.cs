using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>
/// Compares by reference. For per-compilation caches keyed by symbols the compiler hands out (one instance per
/// symbol): hashing a symbol's identity is much cheaper than <see cref="Microsoft.CodeAnalysis.SymbolEqualityComparer"/>'s
/// structural hash, and a second instance of the same symbol only costs a second entry with the same answer.
/// </summary>
internal sealed class ReferenceIdentity<T> : IEqualityComparer<T>
    where T : class
{
    public static ReferenceIdentity<T> Instance { get; } = new();

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
}
