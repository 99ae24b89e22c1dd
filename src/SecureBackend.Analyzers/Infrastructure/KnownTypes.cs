using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>
/// Type lookups by metadata name, resolved once per compilation and shared by every analyzer.
/// When several assemblies define the same name, the one in the compilation itself wins, then the first public one
/// from a reference (<see cref="Compilation.GetTypeByMetadataName"/> alone returns null in that case).
/// </summary>
public sealed class KnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, KnownTypes> Cache = new();
    private static readonly ConditionalWeakTable<Compilation, KnownTypes>.CreateValueCallback Factory = static c => new KnownTypes(c);

    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _byName = new(StringComparer.Ordinal);
    private INamedTypeSymbol? _string;

    private KnownTypes(Compilation compilation) => Compilation = compilation;

    public Compilation Compilation { get; }

    public INamedTypeSymbol StringType => _string ??= Compilation.GetSpecialType(SpecialType.System_String);

    public static KnownTypes Get(Compilation compilation) => Cache.GetValue(compilation, Factory);

    /// <summary>The type with this metadata name (e.g. <c>System.Data.IDbCommand</c>, <c>System.Nullable`1</c>), or null.</summary>
    public INamedTypeSymbol? Get(string metadataName)
    {
        if (_byName.TryGetValue(metadataName, out var cached))
        {
            return cached;
        }

        var resolved = Resolve(Compilation, metadataName);
        return _byName.GetOrAdd(metadataName, resolved);
    }

    /// <summary>Whether any type with this metadata name is visible to the compilation.</summary>
    public bool Has(string metadataName) => Get(metadataName) is not null;

    /// <summary>Whether at least one of the names resolves.</summary>
    public bool HasAny(params string[] metadataNames)
    {
        foreach (var name in metadataNames)
        {
            if (Get(name) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static INamedTypeSymbol? Resolve(Compilation compilation, string metadataName)
    {
#pragma warning disable RS0030 // the one place that looks types up by metadata name
        var single = compilation.GetTypeByMetadataName(metadataName);
#pragma warning restore RS0030
        if (single is not null)
        {
            return single;
        }

        INamedTypeSymbol? best = null;
        foreach (var candidate in compilation.GetTypesByMetadataName(metadataName))
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
            {
                return candidate;
            }

            if (best is null && candidate.DeclaredAccessibility == Accessibility.Public)
            {
                best = candidate;
            }
        }

        return best;
    }
}
