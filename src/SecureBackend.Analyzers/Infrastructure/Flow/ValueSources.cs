using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure.Flow;

/// <summary>
/// Where a value comes from in one method: follows it back through conversions, string building (concatenation,
/// interpolation, <c>string.Concat/Format/Join</c>, instance string methods such as <c>Trim</c> or <c>ToLowerInvariant</c>),
/// the byte conversions, views and copies of <see cref="ByteFlow"/>, conditionals and same-method locals, and collects
/// the values it cannot look through: parameters, fields, properties, calls, literals. Rules then decide from those
/// sources' names or types what the value is.
/// Cost: a walk of the enclosing body per local looked through; call it only for operations that already matched a sink.
/// </summary>
public static class ValueSources
{
    /// <summary>Adds the sources of <paramref name="value"/> to <paramref name="sources"/>; stops after <paramref name="maxDepth"/> steps.</summary>
    public static void Collect(IOperation? value, List<IOperation> sources, int maxDepth = 8)
    {
        var visited = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        Collect(value, sources, visited, 0, maxDepth);
    }

    private static void Collect(IOperation? value, List<IOperation> sources, HashSet<ILocalSymbol> visited, int depth, int maxDepth)
    {
        if (value is null)
        {
            return;
        }

        value = value.WalkDownConversions();
        if (depth > maxDepth)
        {
            sources.Add(value);
            return;
        }

        if (ByteFlow.CarriedValue(value) is { } carried)
        {
            Collect(carried, sources, visited, depth + 1, maxDepth);
            return;
        }

        switch (value)
        {
            case ILocalReferenceOperation local:
                if (!visited.Add(local.Local))
                {
                    return;
                }

                var root = local.GetRoot();
                if (!LocalFlowIndex.TryGetWrites(local, out var writes))
                {
                    sources.Add(local);
                    return;
                }

                foreach (var write in writes)
                {
                    if (write.Value is null)
                    {
                        sources.Add(local);
                    }
                    else
                    {
                        Collect(write.Value, sources, visited, depth + 1, maxDepth);
                    }
                }

                if (ByteFlow.IsByteBuffer(local.Local.Type) || ByteFlow.IsStream(local.Local.Type))
                {
                    var copies = new List<IOperation>();
                    ByteFlow.CollectCopiesInto(root, local.Local, copies);
                    foreach (var copied in copies)
                    {
                        Collect(copied, sources, visited, depth + 1, maxDepth);
                    }
                }

                return;

            case IBinaryOperation binary:
                Collect(binary.LeftOperand, sources, visited, depth + 1, maxDepth);
                Collect(binary.RightOperand, sources, visited, depth + 1, maxDepth);
                return;

            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole)
                    {
                        Collect(hole.Expression, sources, visited, depth + 1, maxDepth);
                    }
                }

                return;

            case IConditionalOperation conditional:
                Collect(conditional.WhenTrue, sources, visited, depth + 1, maxDepth);
                Collect(conditional.WhenFalse, sources, visited, depth + 1, maxDepth);
                return;

            case ICoalesceOperation coalesce:
                Collect(coalesce.Value, sources, visited, depth + 1, maxDepth);
                Collect(coalesce.WhenNull, sources, visited, depth + 1, maxDepth);
                return;

            case IArrayCreationOperation { Initializer: { } initializer }:
                foreach (var element in initializer.ElementValues)
                {
                    Collect(element, sources, visited, depth + 1, maxDepth);
                }

                return;

            case IArrayCreationOperation:
            case ILiteralOperation:
            case IDefaultValueOperation:
                return; // an empty buffer or a constant carries nothing from elsewhere

            case IInvocationOperation { TargetMethod.ContainingType.SpecialType: SpecialType.System_String } call:
                if (call.TargetMethod.IsStatic)
                {
                    foreach (var argument in call.Arguments)
                    {
                        Collect(argument.Value, sources, visited, depth + 1, maxDepth);
                    }
                }
                else
                {
                    Collect(call.Instance, sources, visited, depth + 1, maxDepth);
                }

                return;

            case IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } instance, Arguments.Length: <= 1 }:
                // date.ToString("yyyy-MM-dd"), id.ToString(): the text of the receiver
                Collect(instance, sources, visited, depth + 1, maxDepth);
                return;

            default:
                if (value.ConstantValue.HasValue)
                {
                    return;
                }

                sources.Add(value);
                return;
        }
    }
}
