using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// What SB1001 hands to its fixer through diagnostic properties, so the fixer does not look the sink up again: the
/// kind of database API the SQL goes to (which rewriter applies). Only SQL written at a sink carries it; SQL reported
/// where it is passed to a wrapper method has no fix.
/// </summary>
internal static class SqlFixData
{
    /// <summary>Property: the <see cref="SqlSinkKind"/> of the sink the reported value is passed to.</summary>
    public const string SinkKindProperty = "SinkKind";

    private static readonly ImmutableArray<ImmutableDictionary<string, string?>> ByKind = CreateAll();

    /// <summary>The properties of a value written at a sink of <paramref name="kind"/> (one shared instance per kind).</summary>
    public static ImmutableDictionary<string, string?> Properties(SqlSinkKind kind)
    {
        var index = (int)kind;
        return index >= 0 && index < ByKind.Length ? ByKind[index] : ImmutableDictionary<string, string?>.Empty;
    }

    /// <summary>The sink kind recorded on <paramref name="diagnostic"/>, when there is one.</summary>
    public static bool TryGetSinkKind(Diagnostic diagnostic, out SqlSinkKind kind)
    {
        kind = default;
        return diagnostic.Properties.TryGetValue(SinkKindProperty, out var value) && value is not null
            && Enum.TryParse(value, out kind) && Enum.IsDefined(typeof(SqlSinkKind), kind);
    }

    private static ImmutableArray<ImmutableDictionary<string, string?>> CreateAll()
    {
        var kinds = (SqlSinkKind[])Enum.GetValues(typeof(SqlSinkKind));
        var max = 0;
        foreach (var kind in kinds)
        {
            max = Math.Max(max, (int)kind);
        }

        var all = new ImmutableDictionary<string, string?>[max + 1];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = ImmutableDictionary<string, string?>.Empty;
        }

        foreach (var kind in kinds)
        {
            all[(int)kind] = ImmutableDictionary<string, string?>.Empty.Add(SinkKindProperty, kind.ToString());
        }

        return ImmutableArray.Create(all);
    }
}
