using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure.Flow;

/// <summary>
/// What one rule makes of the values a <see cref="ValueTrace{T}"/> meets while it follows a value back to where it
/// was made: which values the rule reads itself (its sources, safe values and the shapes only it follows), what a
/// value it cannot follow means, and how the values of several branches or writes combine.
/// </summary>
internal abstract class ValuePolicy<T>
{
    /// <summary>
    /// The deepest step followed: the engine's budget (<see cref="FlowBudget.MaxDepth"/>); a policy asks for less only
    /// where a value further away would mean something else to its rule, and says why.
    /// </summary>
    public virtual int MaxDepth => FlowBudget.MaxDepth;

    /// <summary>The result for a value past the budget.</summary>
    public abstract T Exhausted { get; }

    /// <summary>The result for <paramref name="value"/> (conversions and parentheses removed) past the budget.</summary>
    public virtual T ExhaustedAt(IOperation value) => Exhausted;

    /// <summary>The policy that reads the values stored in locals and fields (the same one unless the rule accepts some shapes only where the value is used).</summary>
    public virtual ValuePolicy<T> Stored => this;

    /// <summary>Whether the trace follows a <c>readonly</c> field to its initializer in the same file.</summary>
    public virtual bool FollowsFieldInitializers => false;

    /// <summary>
    /// The compilation whose source the trace may read beyond the use's body: with it, <see cref="FollowsOwnedMembers"/>,
    /// <see cref="FollowsPropertyGetters"/> and <see cref="FollowsHelperReturns"/> take effect.
    /// </summary>
    public virtual Compilation? Source => null;

    /// <summary>The cancellation token of the source reads.</summary>
    public virtual CancellationToken CancellationToken => default;

    /// <summary>
    /// Whether the trace follows a field or auto-property only its own type can write (<c>private</c>, <c>readonly</c>,
    /// get-only or <c>private set</c>) to its initializer and every assignment in its type's source.
    /// </summary>
    public virtual bool FollowsOwnedMembers => false;

    /// <summary>Whether the trace follows a non-virtual source property to the values its getter returns.</summary>
    public virtual bool FollowsPropertyGetters => false;

    /// <summary>Whether the trace follows a call of a non-virtual method or local function of the compilation to its returns.</summary>
    public virtual bool FollowsHelperReturns => false;

    /// <summary>
    /// Whether the trace enters <paramref name="symbol"/> (a local, member or method it follows beyond the use's body);
    /// a policy that remembers what it entered returns false the second time, and the read is then <see cref="Revisited"/>.
    /// </summary>
    public virtual bool Enters(ISymbol symbol) => true;

    /// <summary>A read of a symbol already entered (<see cref="Enters"/>): its other writes decide.</summary>
    public virtual T Revisited(IOperation value, int depth) => Leaf(value, depth);

    /// <summary>
    /// The rule's own reading of <paramref name="value"/> (conversions and parentheses already removed). Return false to
    /// let the trace follow it: <c>?:</c>, <c>??</c>, locals, and (see <see cref="FollowsFieldInitializers"/>) fields.
    /// </summary>
    public abstract bool TryRead(IOperation value, ValueTrace<T> trace, int depth, out T result);

    /// <summary>A value neither the rule nor the trace follows.</summary>
    public abstract T Leaf(IOperation value, int depth);

    /// <summary>Two values that may both reach the use: the branches of <c>?:</c> or <c>??</c>, the writes of a local.</summary>
    public abstract T Merge(T first, T second);

    /// <summary>Whether merging more values cannot change <paramref name="result"/> (the trace then stops early).</summary>
    public virtual bool IsSettled(T result) => false;

    /// <summary>Whether a local's write of this kind is followed to its value.</summary>
    public virtual bool Follows(LocalWriteKind kind) => kind is LocalWriteKind.Initializer or LocalWriteKind.Assignment;

    /// <summary>
    /// A write of <paramref name="local"/> that is not followed (<c>out</c>, deconstruction, a kind <see cref="Follows"/>
    /// declines), or, with a null <paramref name="write"/>, a local with no write in sight (<c>ref</c> locals among them).
    /// </summary>
    public abstract T Unseen(ILocalReferenceOperation local, LocalWrite? write);

    /// <summary>
    /// A write of <paramref name="local"/> that is not followed, or none in sight (see the other overload, which this one
    /// calls by default), with the trace and the local's depth for a policy that reads such a write itself
    /// (a compound assignment's added value, a <c>foreach</c> variable's collection).
    /// </summary>
    public virtual T Unseen(ILocalReferenceOperation local, LocalWrite? write, ValueTrace<T> trace, int depth) => Unseen(local, write);

    /// <summary>
    /// Whether a write or mutation at <paramref name="write"/> can reach the read at <paramref name="read"/>; the trace
    /// skips those that cannot. By default every write counts (<see cref="LocalFlowIndex.MayReach"/> is the textual test).
    /// </summary>
    public virtual bool Reaches(IOperation write, ILocalReferenceOperation read) => true;

    /// <summary>
    /// Whether the trace also reads what changes the contents of the local <paramref name="local"/> reads — calls on it
    /// as (fluent) receiver and stores into its elements (<see cref="LocalFlowIndex.GetMutations"/>): for builders and
    /// collections, whose value is made of what is added to them.
    /// </summary>
    public virtual bool FollowsMutations(ILocalReferenceOperation local) => false;

    /// <summary>What one mutation of the local <paramref name="local"/> reads (<see cref="FollowsMutations"/>) adds to its value.</summary>
    public virtual T Mutated(ILocalReferenceOperation local, IOperation mutation, ValueTrace<T> trace, int depth) => Leaf(local, depth);

    /// <summary>The merged value of a local's writes, as read at <paramref name="local"/>.</summary>
    public virtual T AtLocal(ILocalReferenceOperation local, T written) => written;

    /// <summary>
    /// The merged value of a local's writes, as read at <paramref name="local"/> <paramref name="depth"/> steps from the
    /// use, for a policy that also follows, with <paramref name="trace"/>, values it knows reach the local some other way
    /// (SB2002: a buffer or stream filled by copies). By default <see cref="AtLocal(ILocalReferenceOperation, T)"/>.
    /// </summary>
    public virtual T AtLocal(ILocalReferenceOperation local, T written, ValueTrace<T> trace, int depth) => AtLocal(local, written);

    /// <summary>The value of a field's initializer, as read at <paramref name="field"/>.</summary>
    public virtual T AtField(IFieldReferenceOperation field, T initial) => initial;
}

/// <summary>
/// The one value-flow engine: follows a value back to where it was made, for every rule that asks where a value comes
/// from or what it is made of (injected strings, hard-coded secrets, cleartext URLs, comparison operands, origins of
/// callbacks): through conversions and parentheses, both branches of <c>?:</c> and <c>??</c>, every write of a
/// same-method local that may reach the read (read from the body's <see cref="LocalFlowIndex"/>, built once and
/// shared) and, where the policy asks, the calls and element stores that change a builder's or collection's contents;
/// <c>readonly</c> fields initialized in the same file and, where the policy opts in
/// (<see cref="ValuePolicy{T}.Source"/>), members only their own type writes, property getters and helper methods'
/// returns. A <see cref="ValuePolicy{T}"/> decides everything else; the budget is <see cref="FlowBudget"/>. Cheap to
/// create; holds no state but its policy.
/// </summary>
internal readonly partial struct ValueTrace<T>
{
    private readonly ValuePolicy<T> _policy;

    public ValueTrace(ValuePolicy<T> policy) => _policy = policy;

    /// <summary>What <paramref name="policy"/> makes of <paramref name="value"/>.</summary>
    public static T Of(ValuePolicy<T> policy, IOperation value) => new ValueTrace<T>(policy).Of(value, 0);

    /// <summary>What the policy makes of <paramref name="operation"/>, <paramref name="depth"/> steps from the use.</summary>
    public T Of(IOperation operation, int depth)
    {
        var value = operation.WalkDownConversions();
        if (depth > _policy.MaxDepth)
        {
            return _policy.ExhaustedAt(value);
        }

        return _policy.TryRead(value, this, depth, out var result) ? result : Follow(value, depth);
    }

    /// <summary>
    /// The trace's own step for <paramref name="value"/> (conversions already removed), without asking the policy's
    /// <see cref="ValuePolicy{T}.TryRead"/> first: for a policy that wraps a step (e.g. names the local a result came from).
    /// </summary>
    public T Follow(IOperation value, int depth)
    {
        switch (value)
        {
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Either(conditional.WhenTrue, whenFalse, depth);

            case ICoalesceOperation coalesce:
                return Either(coalesce.Value, coalesce.WhenNull, depth);

            case ILocalReferenceOperation local:
                return OfLocal(local, depth);

            case IFieldReferenceOperation { Field: { IsReadOnly: true, IsConst: false } field } reference
                when _policy.FollowsFieldInitializers && FieldInitializer(field, reference.SemanticModel) is { } initializer:
                return _policy.AtField(reference, new ValueTrace<T>(_policy.Stored).Of(initializer, depth + 1));

            case IFieldReferenceOperation { Field: { IsConst: false } field } reference
                when _policy.FollowsOwnedMembers && _policy.Source is not null && IsOwnedByItsType(field):
                return MemberWrites(reference, field, depth);

            case IPropertyReferenceOperation { Property: { Parameters.IsEmpty: true } property } reference
                when _policy.Source is not null && (_policy.FollowsPropertyGetters || _policy.FollowsOwnedMembers):
                return OfProperty(reference, property, depth);

            case IInvocationOperation invocation when _policy.FollowsHelperReturns && _policy.Source is not null && IsFollowable(invocation.TargetMethod):
                return Returns(invocation, invocation.TargetMethod, depth);

            default:
                return _policy.Leaf(value, depth);
        }
    }

    private T Either(IOperation first, IOperation second, int depth)
    {
        var result = Of(first, depth + 1);
        return _policy.IsSettled(result) ? result : _policy.Merge(result, Of(second, depth + 1));
    }

    private T OfLocal(ILocalReferenceOperation local, int depth)
    {
        if (!_policy.Enters(local.Local))
        {
            return _policy.Revisited(local, depth);
        }

        var index = LocalFlowIndex.For(local);
        if (!index.TryGetWrites(local.Local, out var writes))
        {
            return _policy.Unseen(local, null, this, depth);
        }

        var mutations = _policy.FollowsMutations(local) ? index.GetMutations(local.Local) : null;
        if (writes.Count == 0 && (mutations is null || mutations.Count == 0))
        {
            return _policy.Unseen(local, null, this, depth);
        }

        var stored = new ValueTrace<T>(_policy.Stored);
        var merged = new Merged(_policy);
        foreach (var write in writes)
        {
            if (!_policy.Reaches(write.Operation, local))
            {
                continue;
            }

            merged.Add(write.Value is { } value && _policy.Follows(write.Kind) ? stored.Of(value, depth + 1) : _policy.Unseen(local, write, this, depth));
            if (merged.Settled)
            {
                return _policy.AtLocal(local, merged.Result, stored, depth);
            }
        }

        if (mutations is not null)
        {
            foreach (var mutation in mutations)
            {
                if (_policy.Reaches(mutation, local))
                {
                    merged.Add(_policy.Mutated(local, mutation, this, depth));
                    if (merged.Settled)
                    {
                        break;
                    }
                }
            }
        }

        return merged.Any ? _policy.AtLocal(local, merged.Result, stored, depth) : _policy.Unseen(local, null, this, depth); // no write reaches the read
    }

    /// <summary>The initializer of a field declared once, in the file of <paramref name="model"/>.</summary>
    public static IOperation? FieldInitializer(IFieldSymbol field, SemanticModel? model)
    {
        if (model is null || field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value }
            || value.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        return model.GetOperation(value);
    }
}
