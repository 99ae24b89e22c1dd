using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Infrastructure.Flow;

/// <summary>
/// Same-method facts about locals, built in one walk of a body the first time a sink needs them: every write to
/// each local, and every call or element store that changes a local's contents (<c>sb.Append(x)</c>,
/// <c>list.Add(x)</c>, <c>sb.Append(a).Append(b)</c>, <c>parts[i] = x</c>).
/// </summary>
internal sealed class LocalFlowIndex
{
    private static readonly List<LocalWrite> NoWrites = new();
    private static readonly List<IOperation> NoMutations = new();
    private static readonly List<IOperation> NoCopies = new();
    private static readonly List<ILocalReferenceOperation> NoReferences = new();
    private static readonly List<IInvocationOperation> NoCalls = new();

    private readonly IOperation _root;
    private readonly object _gate = new();
    private Dictionary<ILocalSymbol, List<LocalWrite>>? _writes;
    private Dictionary<ILocalSymbol, List<IOperation>>? _mutations;
    private Dictionary<ILocalSymbol, List<ILocalReferenceOperation>>? _references;
    private Dictionary<IMethodSymbol, List<IInvocationOperation>>? _calls;
    private Dictionary<ILocalSymbol, List<IOperation>>? _copies;

    private static readonly ConditionalWeakTable<IOperation, LocalFlowIndex> Indexes = new();
    private static readonly ConditionalWeakTable<IOperation, LocalFlowIndex>.CreateValueCallback NewIndex = static root => new LocalFlowIndex(root);

    public LocalFlowIndex(IOperation root) => _root = root;

    /// <summary>The index of the body that holds <paramref name="operation"/>, built once per body and shared by the rules.</summary>
    public static LocalFlowIndex For(IOperation operation) => Indexes.GetValue(operation.GetRoot(), NewIndex);

    public IOperation Root => _root;

    public List<LocalWrite> GetWrites(ILocalSymbol local)
    {
        EnsureBuilt();
        return _writes!.TryGetValue(local, out var writes) ? writes : NoWrites;
    }

    /// <summary>
    /// Every write of <paramref name="local"/> in the body, as <see cref="LocalValues.CollectWrites"/> finds them (the
    /// list is shared: never change it). False for a local declared <c>ref</c>, whose aliases are not tracked.
    /// </summary>
    public bool TryGetWrites(ILocalSymbol local, out List<LocalWrite> writes)
    {
        writes = local.IsRef ? NoWrites : GetWrites(local);
        return !local.IsRef;
    }

    /// <summary>The writes of the local <paramref name="reference"/> reads, from the index of its body; see <see cref="TryGetWrites(ILocalSymbol, out List{LocalWrite})"/>.</summary>
    public static bool TryGetWrites(ILocalReferenceOperation reference, out List<LocalWrite> writes)
        => For(reference).TryGetWrites(reference.Local, out writes);

    /// <summary>
    /// Every reference to <paramref name="local"/> in the body, reads and writes, in the order of a walk of the body
    /// (the list is shared: never change it). Built on first use, with <see cref="GetCalls"/>, in one more walk.
    /// </summary>
    public List<ILocalReferenceOperation> GetReferences(ILocalSymbol local)
    {
        EnsureUses();
        return _references!.TryGetValue(local, out var found) ? found : NoReferences;
    }

    /// <summary>
    /// Every call of <paramref name="method"/> (by its original definition) in the body, in the order of a walk of the
    /// body (the list is shared: never change it). Built on first use, with <see cref="GetReferences"/>, in one more walk.
    /// </summary>
    public List<IInvocationOperation> GetCalls(IMethodSymbol method)
    {
        EnsureUses();
        return _calls!.TryGetValue(method.OriginalDefinition, out var found) ? found : NoCalls;
    }

    private void EnsureUses()
    {
        lock (_gate)
        {
            if (_references is not null)
            {
                return;
            }

            var references = new Dictionary<ILocalSymbol, List<ILocalReferenceOperation>>(SymbolEqualityComparer.Default);
            var calls = new Dictionary<IMethodSymbol, List<IInvocationOperation>>(SymbolEqualityComparer.Default);
            foreach (var operation in _root.Descendants())
            {
                switch (operation)
                {
                    case ILocalReferenceOperation reference:
                        AddTo(references, reference.Local, reference);
                        break;
                    case IInvocationOperation call:
                        AddTo(calls, call.TargetMethod.OriginalDefinition, call);
                        break;
                }
            }

            _calls = calls;
            _references = references;
        }
    }

    private static void AddTo<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = new List<TValue>(2);
            map.Add(key, list);
        }

        list.Add(value);
    }

    /// <summary>
    /// The values copied into the buffer or stream <paramref name="local"/> holds (<see cref="ByteFlow.CollectCopiesInto"/>),
    /// in the order of a walk of the body (the list is shared: never change it). Built on first use, for every local, in
    /// one more walk.
    /// </summary>
    public List<IOperation> GetCopiesInto(ILocalSymbol local)
    {
        Dictionary<ILocalSymbol, List<IOperation>>? built;
        lock (_gate)
        {
            built = _copies;
            if (built is null)
            {
                var copies = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
                foreach (var operation in _root.Descendants())
                {
                    if (operation is IInvocationOperation invocation && ByteFlow.TryGetCopy(invocation, out var destination, out var source))
                    {
                        AddTo(copies, destination!, source!);
                    }
                }

                _copies = built = copies;
            }
        }

        return built.TryGetValue(local, out var found) ? found : NoCopies;
    }

    /// <summary>Invocations with the local as (fluent) receiver, and assignments to its elements.</summary>
    public List<IOperation> GetMutations(ILocalSymbol local)
    {
        EnsureBuilt();
        return _mutations!.TryGetValue(local, out var mutations) ? mutations : NoMutations;
    }

    /// <summary>
    /// Whether a write or mutation at <paramref name="write"/> can be seen by the read at <paramref name="read"/>:
    /// it comes earlier in the text, both sit in the same loop, or the write runs in a lambda or local function.
    /// </summary>
    public static bool MayReach(IOperation write, IOperation read)
    {
        if (write.Syntax.SyntaxTree != read.Syntax.SyntaxTree || write.Syntax.SpanStart < read.Syntax.SpanStart)
        {
            return true;
        }

        for (var current = write.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation && !current.Syntax.Span.Contains(read.Syntax.Span))
            {
                return true;
            }

            if (current is ILoopOperation && current.Syntax.Span.Contains(read.Syntax.Span))
            {
                return true;
            }
        }

        return false;
    }

    private void EnsureBuilt()
    {
        lock (_gate)
        {
            if (_writes is null)
            {
                Build();
            }
        }
    }

    private void Build()
    {
        var writes = new Dictionary<ILocalSymbol, List<LocalWrite>>(SymbolEqualityComparer.Default);
        LocalValues.IndexWrites(_root, writes);
        var mutations = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
        foreach (var operation in _root.Descendants())
        {
            switch (operation)
            {
                case IInvocationOperation { Instance: { } instance } invocation:
                    if (FluentRoot(instance) is { } receiver)
                    {
                        Add(mutations, receiver, invocation);
                    }

                    break;

                case ISimpleAssignmentOperation assignment:
                    var target = assignment.Target switch
                    {
                        IArrayElementReferenceOperation element => element.ArrayReference,
                        IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } indexed } => indexed,
                        _ => null,
                    };
                    if (target?.WalkDownConversions() is ILocalReferenceOperation targetLocal)
                    {
                        Add(mutations, targetLocal.Local, assignment);
                    }

                    break;
            }
        }

        foreach (var list in mutations.Values)
        {
            // Text order; in a fluent chain the inner (earlier) call is the shorter one.
            list.Sort(static (a, b) => a.Syntax.SpanStart != b.Syntax.SpanStart
                ? a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart)
                : a.Syntax.Span.Length.CompareTo(b.Syntax.Span.Length));
        }

        _mutations = mutations;
        _writes = writes;
    }

    /// <summary>The local at the start of a receiver chain whose calls return the receiver's own type (a fluent builder).</summary>
    private static ILocalSymbol? FluentRoot(IOperation instance)
    {
        var current = instance.WalkDownConversions();
        while (current is IInvocationOperation { Instance: { } inner } call
            && call.Type is not null
            && SymbolEqualityComparer.Default.Equals(call.Type, inner.Type))
        {
            current = inner.WalkDownConversions();
        }

        return (current as ILocalReferenceOperation)?.Local;
    }

    private static void Add(Dictionary<ILocalSymbol, List<IOperation>> map, ILocalSymbol local, IOperation operation)
    {
        if (!map.TryGetValue(local, out var list))
        {
            list = new List<IOperation>(2);
            map.Add(local, list);
        }

        list.Add(operation);
    }
}
