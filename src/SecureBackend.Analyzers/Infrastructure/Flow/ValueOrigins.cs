using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure.Flow;

/// <summary>
/// Where a value (typically a delegate or an enum stored into a sink) was produced: a "collect origins" policy over
/// <see cref="ValueTrace{T}"/>. Follows it back through conversions, <c>?:</c> and <c>??</c>, every write of a
/// same-method local, every write of a field or auto-property only its own type can write (<c>private</c>,
/// <c>readonly</c>, get-only or <c>private set</c>: the initializer and each assignment in the type's source), the getter
/// of a non-virtual source property, and every <c>return</c> of a non-virtual method or local function of the compilation
/// (a short chain of helpers included). What it cannot look through is an origin: a lambda or method group (as its
/// delegate creation), a literal, a parameter, a call into another assembly, a member others can write. A write whose
/// value is not visible (<c>out</c>, deconstruction, <c>++</c>) makes the read itself an origin, so a rule that only
/// accepts origins it understands stays conservative. Each local, member and method is entered once. Call it only for
/// operations that already matched a sink.
/// </summary>
public static class ValueOrigins
{
    private const int MaxOrigins = 32;

    /// <summary>
    /// Adds the origins of <paramref name="value"/> to <paramref name="origins"/>. Returns false when there were too many
    /// to list (the caller should then treat the value as unknown).
    /// </summary>
    /// <remarks>
    /// <paramref name="maxDepth"/> defaults to 6, not <see cref="FlowBudget.MaxDepth"/>: each step may read another
    /// type's or method's source (owned members, getters, helper returns), so the reach stays short.
    /// </remarks>
    public static bool Collect(Compilation compilation, IOperation value, List<IOperation> origins, CancellationToken cancellationToken, int maxDepth = 6)
    {
        ValueTrace<bool>.Of(new OriginPolicy(compilation, origins, maxDepth, cancellationToken), value);
        return origins.Count <= MaxOrigins;
    }

    /// <summary>Lists every value the trace cannot look through; the result itself carries nothing.</summary>
    private sealed class OriginPolicy : ValuePolicy<bool>
    {
        private readonly List<IOperation> _origins;
        private readonly HashSet<ISymbol> _entered = new(SymbolEqualityComparer.Default);

        public OriginPolicy(Compilation compilation, List<IOperation> origins, int maxDepth, CancellationToken cancellationToken)
        {
            Source = compilation;
            _origins = origins;
            MaxDepth = maxDepth;
            CancellationToken = cancellationToken;
        }

        public override int MaxDepth { get; }

        public override Compilation? Source { get; }

        public override CancellationToken CancellationToken { get; }

        public override bool FollowsOwnedMembers => true;

        public override bool FollowsPropertyGetters => true;

        public override bool FollowsHelperReturns => true;

        public override bool Exhausted => true;

        public override bool ExhaustedAt(IOperation value) => Leaf(value, 0);

        public override bool Enters(ISymbol symbol) => _entered.Add(symbol);

        public override bool Revisited(IOperation value, int depth) => true;

        public override bool Follows(LocalWriteKind kind) => kind != LocalWriteKind.Unknown;

        /// <summary>Past the list's limit nothing more is read: the caller treats the value as unknown.</summary>
        public override bool TryRead(IOperation value, ValueTrace<bool> trace, int depth, out bool result)
        {
            result = true;
            return _origins.Count > MaxOrigins;
        }

        public override bool Leaf(IOperation value, int depth)
        {
            _origins.Add(value);
            return true;
        }

        public override bool Unseen(ILocalReferenceOperation local, LocalWrite? write) => Leaf(local, 0);

        public override bool Merge(bool first, bool second) => true;

        public override bool IsSettled(bool result) => _origins.Count > MaxOrigins;
    }
}
