using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>
/// A value computed at most once per compilation, on first use, by whichever callback asks first; the others wait for
/// it. A computation that is cancelled leaves nothing behind, so the next caller computes it again (whatever the
/// computation cached per syntax tree on the way stays cached). Held weakly: it goes away with the compilation.
/// </summary>
internal sealed class PerCompilation<T>
    where T : class
{
    private readonly ConditionalWeakTable<Compilation, Entry> _entries = new();
    private readonly Func<Compilation, CancellationToken, T> _compute;

    public PerCompilation(Func<Compilation, CancellationToken, T> compute) => _compute = compute;

    public T Get(Compilation compilation, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrCreateValue(compilation);
        var value = Volatile.Read(ref entry.Value);
        if (value is not null)
        {
            return value;
        }

        lock (entry)
        {
            value = entry.Value ?? _compute(compilation, cancellationToken);
            Volatile.Write(ref entry.Value, value);
            return value;
        }
    }

    private sealed class Entry
    {
        public T? Value;
    }
}
