using System;
using System.Collections.Generic;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>
/// Fixed sets of names looked up from callbacks that run for every call or assignment: a plain hash set (never
/// changed after creation, so concurrent reads are safe) answers much faster than an immutable one.
/// </summary>
internal static class NameSet
{
    public static HashSet<string> Of(params string[] names) => new(names, StringComparer.Ordinal);

    public static HashSet<string> Of(StringComparer comparer, params string[] names) => new(names, comparer);
}
