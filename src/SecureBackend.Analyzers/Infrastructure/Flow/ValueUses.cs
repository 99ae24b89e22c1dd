using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure.Flow;

/// <summary>
/// What one rule makes of the places a <see cref="ValueUses{T}"/> carries a value to, forward from where it was made:
/// which uses are the rule's sinks (the names that receive the value), which operators, calls and indexers carry the
/// value on, and what happens to it as an argument. The engine calls back with a result the first time a hook names
/// a sink, and stops there.
/// </summary>
internal abstract class UsePolicy<T>
    where T : class
{
    /// <summary>The most uses the engine visits: its budget.</summary>
    public virtual int MaxSteps => ValueUses<T>.DefaultMaxSteps;

    /// <summary>How many returns the engine follows to their call sites, one inside the other.</summary>
    public virtual int MaxCallDepth => ValueUses<T>.DefaultMaxCallDepth;

    /// <summary>The cancellation token of the walk.</summary>
    public virtual CancellationToken CancellationToken => default;

    /// <summary>The value is stored in (or initializes) <paramref name="local"/>: a sink, or null to follow its reads.</summary>
    public abstract T? AtLocal(ILocalSymbol local);

    /// <summary>The value is stored in (or initializes) the field or property <paramref name="member"/>: a sink, or null.</summary>
    public abstract T? AtMember(ISymbol member);

    /// <summary>The value is stored in the parameter <paramref name="parameter"/>: a sink, or null.</summary>
    public abstract T? AtParameter(IParameterSymbol parameter);

    /// <summary>
    /// The value is returned by <paramref name="method"/> (a method or accessor, or a local function when
    /// <paramref name="localFunction"/>): a sink, or null to follow the calls of a local function or of a method
    /// (not an accessor) in its own file.
    /// </summary>
    public abstract T? AtReturn(IMethodSymbol method, bool localFunction);

    /// <summary>The value is returned by a lambda passed to <paramref name="invocation"/>: whether the call's result carries it.</summary>
    public virtual bool CarriesLambdaResult(IInvocationOperation invocation) => false;

    /// <summary>The value is stored in an element of <paramref name="indexer"/>: a sink its arguments name (a constant key), or null to hold the value in the indexer's instance.</summary>
    public virtual T? AtElementStore(IPropertyReferenceOperation indexer) => null;

    /// <summary>
    /// A parent the engine does not follow itself: operators, arguments, calls on the value, element reads. The
    /// policy carries the value on with <see cref="ValueUses{T}.Follow"/> or <see cref="ValueUses{T}.Hold"/>, and
    /// names a sink with <see cref="ValueUses{T}.Reach"/>.
    /// </summary>
    public abstract void AtParent(IOperation parent, IOperation value, ValueUses<T> uses, int depth);
}

/// <summary>
/// Follows a value forward from where it was made to the names that receive it, for the rules that judge a value by
/// where it goes (SB2004: a <c>System.Random</c> value stored as a token). It owns a worklist of uses and the symbols it
/// already followed, with a budget of steps and of returns followed to their callers, and walks each use's parents:
/// conversions and parentheses, the branches of <c>?:</c>, <c>??</c> and <c>switch</c> expressions, array
/// initializers, interpolations, assignments and initializers (the local's reads, from the body's cached
/// <see cref="LocalFlowIndex"/>), and returns (a lambda's consumer, a local function's or same-file method's calls).
/// A <see cref="UsePolicy{T}"/> names the sinks and decides every other parent.
/// </summary>
internal sealed class ValueUses<T>
    where T : class
{
    public const int DefaultMaxSteps = FlowBudget.MaxUseSteps;
    public const int DefaultMaxCallDepth = FlowBudget.MaxCallDepth;

    private readonly UsePolicy<T> _policy;
    private readonly Queue<(IOperation Value, int Depth)> _pending = new();
    private readonly HashSet<ISymbol> _followed = new(SymbolEqualityComparer.Default);
    private T? _result;

    private ValueUses(UsePolicy<T> policy) => _policy = policy;

    /// <summary>The first sink <paramref name="policy"/> finds among the uses of <paramref name="value"/>, or null.</summary>
    public static T? Of(UsePolicy<T> policy, IOperation value)
    {
        var uses = new ValueUses<T>(policy);
        uses.Follow(value, 0);
        return uses.Run();
    }

    /// <summary>The first sink <paramref name="policy"/> finds for the value now held in <paramref name="container"/> (a filled buffer), or null.</summary>
    public static T? OfContainer(UsePolicy<T> policy, IOperation container)
    {
        var uses = new ValueUses<T>(policy);
        uses.Hold(container, 0);
        return uses.Run();
    }

    /// <summary>Carries the value on to the uses of <paramref name="value"/>.</summary>
    public void Follow(IOperation value, int depth) => _pending.Enqueue((value, depth));

    /// <summary>Records <paramref name="result"/> as the sink, unless it is null or a sink was already found; true if recorded.</summary>
    public bool Reach(T? result)
    {
        if (result is null || _result is not null)
        {
            return false;
        }

        _result = result;
        return true;
    }

    /// <summary>
    /// A variable, member, parameter or buffer (or a span over it) that now holds the value: a sink by its name, or,
    /// for a local, every read of it.
    /// </summary>
    public void Hold(IOperation container, int depth)
    {
        switch (container.WalkDownConversions())
        {
            case ILocalReferenceOperation local:
                OnLocal(local.Local, local, depth);
                break;
            case IFieldReferenceOperation field:
                Reach(_policy.AtMember(field.Field));
                break;
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                Reach(_policy.AtMember(property.Property));
                break;
            case IParameterReferenceOperation parameter:
                Reach(_policy.AtParameter(parameter.Parameter));
                break;
            case IInvocationOperation { Instance: { } instance, TargetMethod.Name: "AsSpan" or "AsMemory" or "Slice" }:
                Hold(instance, depth);
                break;
            case IInvocationOperation { Instance: null, TargetMethod.Name: "AsSpan" or "AsMemory", Arguments.Length: > 0 } extension:
                Hold(extension.Arguments[0].Value, depth);
                break;
        }
    }

    private T? Run()
    {
        var steps = 0;
        var cancellationToken = _policy.CancellationToken;
        var maxSteps = _policy.MaxSteps;
        while (_result is null && _pending.Count > 0 && steps++ < maxSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (next, depth) = _pending.Dequeue();
            Step(next, depth);
        }

        return _result;
    }

    private void Step(IOperation value, int depth)
    {
        var current = value;
        var parent = current.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            current = parent;
            parent = parent.Parent;
        }

        switch (parent)
        {
            case null:
                break;

            case IConditionalOperation conditional when conditional.Condition != current:
            case ICoalesceOperation:
            case ISwitchExpressionOperation:
                Follow(parent, depth);
                break;

            case IConditionalOperation:
                break;

            case ISwitchExpressionArmOperation arm:
                Follow(arm.Parent ?? arm, depth);
                break;

            case IArrayInitializerOperation initializer:
                Follow(initializer.Parent is IArrayCreationOperation creation ? creation : initializer, depth);
                break;

            case IInterpolationOperation { Parent: IInterpolatedStringOperation interpolated }:
                Follow(interpolated, depth);
                break;

            case ISimpleAssignmentOperation assignment when assignment.Value == current:
                Store(assignment.Target, depth);
                Follow(assignment, depth);
                break;

            case ICompoundAssignmentOperation compound when compound.Value == current:
                Store(compound.Target, depth);
                break;

            case ICoalesceAssignmentOperation coalesce when coalesce.Value == current:
                Store(coalesce.Target, depth);
                break;

            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                OnLocal(declarator.Symbol, declarator, depth);
                break;

            case IFieldInitializerOperation fieldInitializer:
                foreach (var field in fieldInitializer.InitializedFields)
                {
                    Reach(_policy.AtMember(field));
                }

                break;

            case IPropertyInitializerOperation propertyInitializer:
                foreach (var property in propertyInitializer.InitializedProperties)
                {
                    Reach(_policy.AtMember(property));
                }

                break;

            case IReturnOperation ret:
                OnReturn(ret, depth);
                break;

            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or ICoalesceAssignmentOperation
                or IVariableInitializerOperation or IInterpolationOperation:
                break;

            default:
                _policy.AtParent(parent, current, this, depth);
                break;
        }
    }

    /// <summary>The target of an assignment: a named variable or member, or an element of a container.</summary>
    private void Store(IOperation target, int depth)
    {
        switch (target.WalkDownConversions())
        {
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                if (!Reach(_policy.AtElementStore(indexer)) && indexer.Instance is { } instance)
                {
                    Hold(instance, depth);
                }

                break;
            case IArrayElementReferenceOperation element:
                Hold(element.ArrayReference, depth);
                break;
            case var named:
                Hold(named, depth);
                break;
        }
    }

    /// <summary>A sink by the local's name, else every read of the local in its body (once per local).</summary>
    private void OnLocal(ILocalSymbol local, IOperation site, int depth)
    {
        if (Reach(_policy.AtLocal(local)) || !_followed.Add(local))
        {
            return;
        }

        foreach (var reference in LocalFlowIndex.For(site).GetReferences(local))
        {
            if (!IsWrite(reference))
            {
                Follow(reference, depth);
            }
        }
    }

    private void OnReturn(IReturnOperation ret, int depth)
    {
        for (var current = ret.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    if (lambda.Parent is IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation invocation } }
                        && _policy.CarriesLambdaResult(invocation))
                    {
                        Follow(invocation, depth);
                    }

                    return;
                case ILocalFunctionOperation localFunction:
                    if (!Reach(_policy.AtReturn(localFunction.Symbol, localFunction: true)))
                    {
                        FollowCalls(localFunction.Symbol, localFunction.GetRoot(), null, depth);
                    }

                    return;
            }
        }

        var model = ret.SemanticModel;
        if (model?.GetEnclosingSymbol(ret.Syntax.SpanStart, _policy.CancellationToken) is not IMethodSymbol method)
        {
            return;
        }

        if (!Reach(_policy.AtReturn(method, localFunction: false)) && method.AssociatedSymbol is null)
        {
            FollowCalls(method, null, model, depth);
        }
    }

    /// <summary>
    /// The calls of a helper that returns the value: a local function's in its body (<paramref name="scope"/>), a
    /// method's in its own file (<paramref name="model"/>); each call's result is followed one call deeper.
    /// </summary>
    private void FollowCalls(IMethodSymbol helper, IOperation? scope, SemanticModel? model, int depth)
    {
        if (depth >= _policy.MaxCallDepth || !_followed.Add(helper))
        {
            return;
        }

        if (scope is not null)
        {
            foreach (var call in LocalFlowIndex.For(scope).GetCalls(helper))
            {
                Follow(call, depth + 1);
            }

            return;
        }

        if (model is null)
        {
            return;
        }

        var cancellationToken = _policy.CancellationToken;
        foreach (var reference in helper.DeclaringSyntaxReferences)
        {
            var tree = reference.SyntaxTree;
            if (tree != model.SyntaxTree)
            {
                continue;
            }

            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocationSyntax
                    && InvokedName(invocationSyntax.Expression) == helper.Name
                    && model.GetOperation(invocationSyntax, cancellationToken) is IInvocationOperation call
                    && SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, helper.OriginalDefinition))
                {
                    Follow(call, depth + 1);
                }
            }
        }
    }

    private static string? InvokedName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        _ => null,
    };

    private static bool IsWrite(ILocalReferenceOperation reference)
        => reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference
           || reference.Parent is IArgumentOperation { Parameter.RefKind: RefKind.Out }
           || reference.Parent is IDeclarationExpressionOperation;
}
