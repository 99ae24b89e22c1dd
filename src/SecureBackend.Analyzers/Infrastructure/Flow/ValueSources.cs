using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure.Flow;

/// <summary>
/// Where a value comes from in one method: follows it back through conversions, string building (concatenation,
/// interpolation, <c>string.Concat/Format/Join</c>, instance string methods such as <c>Trim</c> or <c>ToLowerInvariant</c>),
/// the byte conversions, views and copies of <see cref="ByteFlow"/>, conditionals and same-method locals, and collects
/// the values it cannot look through: parameters, fields, properties, calls, literals. Rules then decide from those
/// sources' names or types what the value is. A policy over <see cref="ValueTrace{T}"/>: the trace follows
/// conditionals, <c>??</c> and locals' writes (from the body's <see cref="LocalFlowIndex"/>), entering each local once.
/// Cost: byte buffers and streams looked through are searched for copies; call it only for operations that already
/// matched a sink.
/// </summary>
public static class ValueSources
{
    /// <summary>Adds the sources of <paramref name="value"/> to <paramref name="sources"/>; stops after <paramref name="maxDepth"/> steps.</summary>
    public static void Collect(IOperation? value, List<IOperation> sources, int maxDepth = 8)
    {
        if (value is not null)
        {
            ValueTrace<bool>.Of(new Policy(sources, maxDepth), value);
        }
    }

    /// <summary>Adds the sources it meets to its list; the trace's result is unused (always false).</summary>
    private sealed class Policy : ValuePolicy<bool>
    {
        private readonly List<IOperation> _sources;
        private readonly HashSet<ILocalSymbol> _visited = new(SymbolEqualityComparer.Default);
        private readonly int _maxDepth;

        public Policy(List<IOperation> sources, int maxDepth)
        {
            _sources = sources;
            _maxDepth = maxDepth;
        }

        /// <summary>
        /// The caller's depth, 8 by default, not <see cref="FlowBudget.MaxDepth"/>: every step may read all pieces of a
        /// string or buffer and search a local for copies, so the work grows with the fan-out; a value past it is kept
        /// as a source itself, for the rule to judge by its name or type.
        /// </summary>
        public override int MaxDepth => _maxDepth;

        public override bool Exhausted => false;

        public override bool ExhaustedAt(IOperation value)
        {
            _sources.Add(value);
            return false;
        }

        public override bool Enters(ISymbol symbol) => symbol is not ILocalSymbol local || _visited.Add(local);

        public override bool Revisited(IOperation value, int depth) => false;

        public override bool TryRead(IOperation value, ValueTrace<bool> trace, int depth, out bool result)
        {
            result = false;
            if (ByteFlow.CarriedValue(value) is { } carried)
            {
                trace.Of(carried, depth + 1);
                return true;
            }

            switch (value)
            {
                case IBinaryOperation binary:
                    trace.Of(binary.LeftOperand, depth + 1);
                    trace.Of(binary.RightOperand, depth + 1);
                    return true;

                case IInterpolatedStringOperation interpolated:
                    foreach (var part in interpolated.Parts)
                    {
                        if (part is IInterpolationOperation hole)
                        {
                            trace.Of(hole.Expression, depth + 1);
                        }
                    }

                    return true;

                case IArrayCreationOperation { Initializer: { } initializer }:
                    foreach (var element in initializer.ElementValues)
                    {
                        trace.Of(element, depth + 1);
                    }

                    return true;

                case IArrayCreationOperation:
                case ILiteralOperation:
                case IDefaultValueOperation:
                    return true; // an empty buffer or a constant carries nothing from elsewhere

                case IInvocationOperation { TargetMethod.ContainingType.SpecialType: SpecialType.System_String } call:
                    if (call.TargetMethod.IsStatic)
                    {
                        foreach (var argument in call.Arguments)
                        {
                            trace.Of(argument.Value, depth + 1);
                        }
                    }
                    else if (call.Instance is { } receiver)
                    {
                        trace.Of(receiver, depth + 1);
                    }

                    return true;

                case IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } instance, Arguments.Length: <= 1 }:
                    // date.ToString("yyyy-MM-dd"), id.ToString(): the text of the receiver
                    trace.Of(instance, depth + 1);
                    return true;

                default:
                    return false; // ?:, ??, locals: the trace's; anything else a leaf
            }
        }

        public override bool Leaf(IOperation value, int depth)
        {
            if (!value.ConstantValue.HasValue)
            {
                _sources.Add(value);
            }

            return false;
        }

        public override bool Merge(bool first, bool second) => false;

        /// <summary>Every write with a value, <c>+=</c> among them.</summary>
        public override bool Follows(LocalWriteKind kind) => true;

        /// <summary>A write whose value is not in sight, or a <c>ref</c> local: the local is the source.</summary>
        public override bool Unseen(ILocalReferenceOperation local, LocalWrite? write)
        {
            _sources.Add(local);
            return false;
        }

        public override bool Unseen(ILocalReferenceOperation local, LocalWrite? write, ValueTrace<bool> trace, int depth)
            => write is null && !local.Local.IsRef ? AtLocal(local, false, trace, depth) : Unseen(local, write); // no write: only copies

        /// <summary>A byte buffer's or stream's values also come from what is copied into it.</summary>
        public override bool AtLocal(ILocalReferenceOperation local, bool written, ValueTrace<bool> trace, int depth)
        {
            if (ByteFlow.IsByteBuffer(local.Local.Type) || ByteFlow.IsStream(local.Local.Type))
            {
                var copies = new List<IOperation>();
                ByteFlow.CollectCopiesInto(local.GetRoot(), local.Local, copies);
                foreach (var copied in copies)
                {
                    trace.Of(copied, depth + 1);
                }
            }

            return false;
        }
    }
}
