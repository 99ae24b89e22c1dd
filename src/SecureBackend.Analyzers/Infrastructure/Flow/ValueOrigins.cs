using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure.Flow;

/// <summary>
/// Where a value (typically a delegate or an enum stored into a sink) was produced. Follows it back through
/// conversions, <c>?:</c> and <c>??</c>, every write of a same-method local, every write of a field or auto-property
/// only its own type can write (<c>private</c>, <c>readonly</c>, get-only or <c>private set</c>: the initializer and
/// each assignment in the type's source), the getter of a non-virtual source property, and every <c>return</c> of a
/// non-virtual method or local function of the compilation (a short chain of helpers included). What it cannot look
/// through is an origin: a lambda or method group (as its delegate creation), a literal, a parameter, a call into
/// another assembly, a member others can write. A write whose value is not visible (<c>out</c>, deconstruction, <c>++</c>)
/// makes the read itself an origin, so a rule that only accepts origins it understands stays conservative.
/// Cost: a walk of the enclosing body per local, of the declaring type per field, of the body per method; bounded by
/// depth and origin count. Call it only for operations that already matched a sink. Source of other files is bound
/// through the compilation's semantic models.
/// </summary>
public sealed class ValueOrigins
{
    private const int MaxOrigins = 32;

    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellationToken;
    private readonly int _maxDepth;
    private readonly HashSet<ISymbol> _visited = new(SymbolEqualityComparer.Default);

    private ValueOrigins(Compilation compilation, int maxDepth, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _maxDepth = maxDepth;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Adds the origins of <paramref name="value"/> to <paramref name="origins"/>. Returns false when there were too many
    /// to list (the caller should then treat the value as unknown).
    /// </summary>
    public static bool Collect(Compilation compilation, IOperation value, List<IOperation> origins, CancellationToken cancellationToken, int maxDepth = 6)
    {
        var walker = new ValueOrigins(compilation, maxDepth, cancellationToken);
        walker.Add(value, origins, 0);
        return origins.Count <= MaxOrigins;
    }

    private void Add(IOperation? value, List<IOperation> origins, int depth)
    {
        if (value is null || origins.Count > MaxOrigins)
        {
            return;
        }

        while (value is IConversionOperation { Conversion.Exists: true, Operand: { } operand })
        {
            value = operand;
        }

        if (value is IParenthesizedOperation parenthesized)
        {
            Add(parenthesized.Operand, origins, depth);
            return;
        }

        if (depth > _maxDepth)
        {
            origins.Add(value);
            return;
        }

        switch (value)
        {
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                Add(conditional.WhenTrue, origins, depth + 1);
                Add(whenFalse, origins, depth + 1);
                return;

            case ICoalesceOperation coalesce:
                Add(coalesce.Value, origins, depth + 1);
                Add(coalesce.WhenNull, origins, depth + 1);
                return;

            case ILocalReferenceOperation local:
                AddLocal(local, origins, depth);
                return;

            case IFieldReferenceOperation { Field: { IsConst: false } field } reference when IsOwnedByItsType(field):
                AddMemberWrites(reference, field, origins, depth);
                return;

            case IPropertyReferenceOperation { Property: { } property } reference when property.Parameters.IsEmpty:
                AddProperty(reference, property, origins, depth);
                return;

            case IInvocationOperation invocation when IsFollowable(invocation.TargetMethod):
                AddReturns(invocation, invocation.TargetMethod, origins, depth);
                return;

            default:
                origins.Add(value);
                return;
        }
    }

    private void AddLocal(ILocalReferenceOperation reference, List<IOperation> origins, int depth)
    {
        if (!_visited.Add(reference.Local))
        {
            return;
        }

        if (!LocalFlowIndex.TryGetWrites(reference, out var writes) || writes.Count == 0)
        {
            origins.Add(reference);
            return;
        }

        foreach (var write in writes)
        {
            if (write.Kind == LocalWriteKind.Unknown || write.Value is null)
            {
                origins.Add(reference);
            }
            else
            {
                Add(write.Value, origins, depth + 1);
            }
        }
    }

    /// <summary>A field only its own type can write: private, or readonly (written by its type's constructors only).</summary>
    private static bool IsOwnedByItsType(IFieldSymbol field)
        => !field.DeclaringSyntaxReferences.IsEmpty && !field.IsVolatile && (field.IsReadOnly || field.DeclaredAccessibility == Accessibility.Private);

    private void AddProperty(IPropertyReferenceOperation reference, IPropertySymbol property, List<IOperation> origins, int depth)
    {
        property = property.OriginalDefinition;
        if (property.DeclaringSyntaxReferences.Length != 1 || property.IsVirtual || property.IsAbstract || property.IsOverride
            || property.ContainingType?.TypeKind == TypeKind.Interface)
        {
            origins.Add(reference);
            return;
        }

        var syntax = property.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken);
        if (syntax is not PropertyDeclarationSyntax declaration)
        {
            origins.Add(reference);
            return;
        }

        if (declaration.ExpressionBody is { } arrow)
        {
            AddBody(arrow, reference, origins, depth);
            return;
        }

        var getter = declaration.AccessorList is null ? null : FindAccessor(declaration.AccessorList, SyntaxKind.GetAccessorDeclaration);
        if (getter is null)
        {
            origins.Add(reference);
            return;
        }

        if (getter.Body is not null || getter.ExpressionBody is not null)
        {
            AddBody((SyntaxNode?)getter.Body ?? getter.ExpressionBody!, reference, origins, depth);
            return;
        }

        // An auto-property: only its own type may write it.
        var setter = FindAccessor(declaration.AccessorList!, SyntaxKind.SetAccessorDeclaration) ?? FindAccessor(declaration.AccessorList!, SyntaxKind.InitAccessorDeclaration);
        var owned = property.DeclaredAccessibility == Accessibility.Private
            || setter is null
            || (setter.IsKind(SyntaxKind.SetAccessorDeclaration) && property.SetMethod?.DeclaredAccessibility == Accessibility.Private);
        if (!owned)
        {
            origins.Add(reference);
            return;
        }

        AddMemberWrites(reference, property, origins, depth);
    }

    private static AccessorDeclarationSyntax? FindAccessor(AccessorListSyntax list, SyntaxKind kind)
    {
        foreach (var accessor in list.Accessors)
        {
            if (accessor.IsKind(kind))
            {
                return accessor;
            }
        }

        return null;
    }

    /// <summary>The initializer and every assignment of <paramref name="member"/> in its type's source.</summary>
    private void AddMemberWrites(IOperation reference, ISymbol member, List<IOperation> origins, int depth)
    {
        member = member.OriginalDefinition;
        if (!_visited.Add(member) || member.ContainingType is not { } type)
        {
            return;
        }

        var writes = 0;
        foreach (var declaringReference in member.DeclaringSyntaxReferences)
        {
            var declaration = declaringReference.GetSyntax(_cancellationToken);
            var initializer = declaration switch
            {
                VariableDeclaratorSyntax { Initializer: { } clause } => clause,
                PropertyDeclarationSyntax { Initializer: { } clause } => clause,
                _ => null,
            };

            if (initializer is not null)
            {
                writes++;
                switch (Model(initializer.SyntaxTree)?.GetOperation(initializer, _cancellationToken))
                {
                    case ISymbolInitializerOperation { Value: { } initialValue }:
                        Add(initialValue, origins, depth + 1);
                        break;
                    default:
                        origins.Add(reference);
                        break;
                }
            }
        }

        foreach (var typeReference in type.DeclaringSyntaxReferences)
        {
            var typeSyntax = typeReference.GetSyntax(_cancellationToken);
            SemanticModel? model = null;
            foreach (var node in typeSyntax.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax name || name.Identifier.ValueText != member.Name || !IsWritePosition(name, out var assignment))
                {
                    continue;
                }

                model ??= Model(typeSyntax.SyntaxTree);
                if (model?.GetSymbolInfo(name, _cancellationToken).Symbol is not { } symbol
                    || !SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, member))
                {
                    continue;
                }

                writes++;
                if (assignment is not null && model.GetOperation(assignment, _cancellationToken) is IAssignmentOperation written
                    && written is ISimpleAssignmentOperation or ICoalesceAssignmentOperation or ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Or })
                {
                    Add(written.Value, origins, depth + 1);
                }
                else
                {
                    origins.Add(reference); // out/ref, deconstruction, ++: a write we cannot see
                }
            }
        }

        if (writes == 0)
        {
            origins.Add(reference); // never written in source: its default
        }
    }

    /// <summary>
    /// Whether <paramref name="name"/> is written: the target of an assignment (possibly as <c>this.x</c>; then
    /// <paramref name="assignment"/> is it), an <c>out</c>/<c>ref</c> argument, a deconstruction target or an increment.
    /// </summary>
    private static bool IsWritePosition(IdentifierNameSyntax name, out AssignmentExpressionSyntax? assignment)
    {
        assignment = null;
        SyntaxNode node = name;
        if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
        {
            node = access;
        }

        switch (node.Parent)
        {
            case AssignmentExpressionSyntax candidate when candidate.Left == node:
                assignment = candidate;
                return true;
            case ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None and not (int)SyntaxKind.InKeyword }:
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }:
            case PostfixUnaryExpressionSyntax:
                return true;
            case ArgumentSyntax { Parent: TupleExpressionSyntax }:
                for (SyntaxNode? current = node.Parent.Parent; current is not null; current = current.Parent)
                {
                    if (current.Parent is AssignmentExpressionSyntax deconstruction && deconstruction.Left == current)
                    {
                        return true;
                    }

                    if (current is not (TupleExpressionSyntax or ArgumentSyntax))
                    {
                        break;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool IsFollowable(IMethodSymbol method)
        => method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction
        && !method.IsVirtual && !method.IsAbstract && !method.IsOverride && !method.IsExtern && !method.IsAsync
        && method.ContainingType?.TypeKind != TypeKind.Interface
        && !method.ReturnsVoid;

    private void AddReturns(IInvocationOperation invocation, IMethodSymbol method, List<IOperation> origins, int depth)
    {
        method = method.PartialImplementationPart ?? method.OriginalDefinition;
        if (method.DeclaringSyntaxReferences.Length != 1)
        {
            origins.Add(invocation);
            return;
        }

        if (!_visited.Add(method))
        {
            return; // recursion: the other returns decide
        }

        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken);
        var body = syntax switch
        {
            MethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
            LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
            _ => null,
        };

        if (body is null)
        {
            origins.Add(invocation);
            return;
        }

        AddBody(body, invocation, origins, depth);
    }

    /// <summary>Every returned value of a body (a block or an arrow), nested functions excluded.</summary>
    private void AddBody(SyntaxNode body, IOperation anchor, List<IOperation> origins, int depth)
    {
        var operation = Model(body.SyntaxTree)?.GetOperation(body, _cancellationToken);
        if (operation is null)
        {
            origins.Add(anchor);
            return;
        }

        var returns = 0;
        var pending = new Stack<IOperation>();
        pending.Push(operation);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    continue;
                case IReturnOperation { Kind: OperationKind.YieldReturn }:
                    origins.Add(anchor);
                    return;
                case IReturnOperation { ReturnedValue: { } returned }:
                    returns++;
                    Add(returned, origins, depth + 1);
                    continue;
            }

            foreach (var child in current.ChildOperations)
            {
                pending.Push(child);
            }
        }

        if (returns == 0)
        {
            origins.Add(anchor); // throws on every path, or half-typed
        }
    }

    private SemanticModel? Model(SyntaxTree tree)
    {
        if (!_compilation.ContainsSyntaxTree(tree))
        {
            return null;
        }

#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
        return _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }
}
