using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>How a local receives a value.</summary>
public enum LocalWriteKind
{
    /// <summary><c>var x = value;</c> — <see cref="LocalWrite.Value"/> is the initializer value.</summary>
    Initializer,

    /// <summary><c>x = value;</c> — <see cref="LocalWrite.Value"/> is the assigned value.</summary>
    Assignment,

    /// <summary><c>x += value;</c> — <see cref="LocalWrite.Value"/> is the right-hand side, <see cref="LocalWrite.Operation"/> the compound assignment.</summary>
    CompoundAssignment,

    /// <summary>A write whose value is not visible here: <c>out</c>/<c>ref</c> argument, deconstruction, <c>foreach</c>, pattern, catch variable, <c>++</c>, ref alias.</summary>
    Unknown,
}

/// <summary>One write to a local found by <see cref="LocalValues.CollectWrites"/>.</summary>
public readonly struct LocalWrite
{
    public LocalWrite(LocalWriteKind kind, IOperation operation, IOperation? value)
    {
        Kind = kind;
        Operation = operation;
        Value = value;
    }

    public LocalWriteKind Kind { get; }

    /// <summary>The operation that performs the write (declarator, assignment, argument …).</summary>
    public IOperation Operation { get; }

    /// <summary>The value written, when visible.</summary>
    public IOperation? Value { get; }
}

/// <summary>
/// Same-method data flow over locals: finds every write to a local in the body that declares it (all reaching
/// assignments, branches and loops included, conservatively). Callers decide what a write means for them.
/// Cost: one walk of the enclosing body per call; analyzers read the same writes from <c>Flow.LocalFlowIndex</c>,
/// built once per body.
/// </summary>
public static class LocalValues
{
    /// <summary>
    /// Adds every write to <paramref name="local"/> found under <paramref name="root"/> (use <see cref="OperationExtensions.GetRoot"/>
    /// of the reading operation). Returns false when the local is declared <c>ref</c> (an alias whose writes are not tracked).
    /// </summary>
    public static bool CollectWrites(IOperation root, ILocalSymbol local, List<LocalWrite> writes)
    {
        if (local.IsRef)
        {
            return false;
        }

        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    var initializer = declarator.GetVariableInitializer();
                    if (initializer is not null)
                    {
                        writes.Add(new LocalWrite(LocalWriteKind.Initializer, declarator, initializer.Value));
                    }
                    else if (declarator.Parent is not IVariableDeclarationOperation)
                    {
                        writes.Add(new LocalWrite(LocalWriteKind.Unknown, declarator, null));
                    }

                    break;

                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                    ClassifyReference(reference, writes);
                    break;

                case IForEachLoopOperation loop when DeclaresLocal(loop, local):
                    writes.Add(new LocalWrite(LocalWriteKind.Unknown, loop, null));
                    break;

                case ICatchClauseOperation catchClause when SymbolEqualityComparer.Default.Equals(catchClause.Locals.IsDefaultOrEmpty ? null : catchClause.Locals[0], local):
                    writes.Add(new LocalWrite(LocalWriteKind.Unknown, catchClause, null));
                    break;

                case IDeclarationPatternOperation pattern when SymbolEqualityComparer.Default.Equals(pattern.DeclaredSymbol, local):
                    writes.Add(new LocalWrite(LocalWriteKind.Unknown, pattern, null));
                    break;
            }
        }

        return true;
    }

    /// <summary>
    /// Adds every write to every local under <paramref name="root"/> to <paramref name="index"/> in a single walk, with
    /// the same classification as <see cref="CollectWrites"/>. Use it when many locals of one body are looked up.
    /// Locals declared <c>ref</c> get one <see cref="LocalWriteKind.Unknown"/> write (their aliases are not tracked).
    /// </summary>
    public static void IndexWrites(IOperation root, Dictionary<ILocalSymbol, List<LocalWrite>> index)
    {
        var scratch = new List<LocalWrite>(1);
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator:
                    var initializer = declarator.GetVariableInitializer();
                    if (declarator.Symbol.IsRef)
                    {
                        AddWrite(index, declarator.Symbol, new LocalWrite(LocalWriteKind.Unknown, declarator, null));
                    }
                    else if (initializer is not null)
                    {
                        AddWrite(index, declarator.Symbol, new LocalWrite(LocalWriteKind.Initializer, declarator, initializer.Value));
                    }
                    else if (declarator.Parent is not IVariableDeclarationOperation)
                    {
                        AddWrite(index, declarator.Symbol, new LocalWrite(LocalWriteKind.Unknown, declarator, null));
                    }

                    break;

                case ILocalReferenceOperation reference:
                    scratch.Clear();
                    ClassifyReference(reference, scratch);
                    foreach (var write in scratch)
                    {
                        AddWrite(index, reference.Local, write);
                    }

                    break;

                case IForEachLoopOperation loop:
                    foreach (var declared in loop.Locals)
                    {
                        AddWrite(index, declared, new LocalWrite(LocalWriteKind.Unknown, loop, null));
                    }

                    break;

                case ICatchClauseOperation catchClause when !catchClause.Locals.IsDefaultOrEmpty:
                    AddWrite(index, catchClause.Locals[0], new LocalWrite(LocalWriteKind.Unknown, catchClause, null));
                    break;

                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol patternLocal } pattern:
                    AddWrite(index, patternLocal, new LocalWrite(LocalWriteKind.Unknown, pattern, null));
                    break;
            }
        }
    }

    private static void AddWrite(Dictionary<ILocalSymbol, List<LocalWrite>> index, ILocalSymbol local, LocalWrite write)
    {
        if (!index.TryGetValue(local, out var writes))
        {
            writes = new List<LocalWrite>(2);
            index.Add(local, writes);
        }

        writes.Add(write);
    }

    private static bool DeclaresLocal(IForEachLoopOperation loop, ILocalSymbol local)
    {
        foreach (var declared in loop.Locals)
        {
            if (SymbolEqualityComparer.Default.Equals(declared, local))
            {
                return true;
            }
        }

        return false;
    }

    private static void ClassifyReference(ILocalReferenceOperation reference, List<LocalWrite> writes)
    {
        var parent = reference.Parent;
        switch (parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                writes.Add(new LocalWrite(LocalWriteKind.Assignment, assignment, assignment.Value));
                return;
            case ICompoundAssignmentOperation compound when compound.Target == reference:
                writes.Add(new LocalWrite(LocalWriteKind.CompoundAssignment, compound, compound.Value));
                return;
            case ICoalesceAssignmentOperation coalesce when coalesce.Target == reference:
                writes.Add(new LocalWrite(LocalWriteKind.Assignment, coalesce, coalesce.Value));
                return;
            case IIncrementOrDecrementOperation:
                writes.Add(new LocalWrite(LocalWriteKind.Unknown, parent, null));
                return;
            case IArgumentOperation argument when argument.Parameter is { RefKind: RefKind.Out or RefKind.Ref }:
                writes.Add(new LocalWrite(LocalWriteKind.Unknown, argument, null));
                return;
            case IDeclarationExpressionOperation:
                writes.Add(new LocalWrite(LocalWriteKind.Unknown, parent, null));
                return;
        }

        // Deconstruction targets sit inside a tuple on the left of a deconstruction assignment.
        for (IOperation? current = parent; current is ITupleOperation; current = current.Parent)
        {
            if (current.Parent is IDeconstructionAssignmentOperation deconstruction && deconstruction.Target == current)
            {
                writes.Add(new LocalWrite(LocalWriteKind.Unknown, deconstruction, null));
                return;
            }
        }
    }
}
