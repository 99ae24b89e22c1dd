using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure.Flow;

/// <summary>
/// The steps of a <see cref="ValueTrace{T}"/> that read source beyond the use's body, taken only where the policy opts
/// in: a member only its own type writes (its initializer and each assignment in the type's source), a property's
/// getter, a helper method's returns. Cost: a walk of the declaring type per member, of the body per method; call it only
/// for values that already matched a sink.
/// </summary>
internal readonly partial struct ValueTrace<T>
{
    /// <summary>A field only its own type can write: private, or readonly (written by its type's constructors only).</summary>
    private static bool IsOwnedByItsType(IFieldSymbol field)
        => !field.DeclaringSyntaxReferences.IsEmpty && !field.IsVolatile && (field.IsReadOnly || field.DeclaredAccessibility == Accessibility.Private);

    private static bool IsFollowable(IMethodSymbol method)
        => method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction
        && !method.IsVirtual && !method.IsAbstract && !method.IsOverride && !method.IsExtern && !method.IsAsync
        && method.ContainingType?.TypeKind != TypeKind.Interface
        && !method.ReturnsVoid;

    private T OfProperty(IPropertyReferenceOperation reference, IPropertySymbol property, int depth)
    {
        property = property.OriginalDefinition;
        if (property.DeclaringSyntaxReferences.Length != 1 || property.IsVirtual || property.IsAbstract || property.IsOverride
            || property.ContainingType?.TypeKind == TypeKind.Interface
            || property.DeclaringSyntaxReferences[0].GetSyntax(_policy.CancellationToken) is not PropertyDeclarationSyntax declaration)
        {
            return _policy.Leaf(reference, depth);
        }

        if (declaration.ExpressionBody is { } arrow)
        {
            return _policy.FollowsPropertyGetters ? OfBody(arrow, reference, depth) : _policy.Leaf(reference, depth);
        }

        var getter = declaration.AccessorList is null ? null : FindAccessor(declaration.AccessorList, SyntaxKind.GetAccessorDeclaration);
        if (getter is null)
        {
            return _policy.Leaf(reference, depth);
        }

        if (getter.Body is not null || getter.ExpressionBody is not null)
        {
            return _policy.FollowsPropertyGetters ? OfBody((SyntaxNode?)getter.Body ?? getter.ExpressionBody!, reference, depth) : _policy.Leaf(reference, depth);
        }

        // An auto-property: only its own type may write it.
        var setter = FindAccessor(declaration.AccessorList!, SyntaxKind.SetAccessorDeclaration) ?? FindAccessor(declaration.AccessorList!, SyntaxKind.InitAccessorDeclaration);
        var owned = property.DeclaredAccessibility == Accessibility.Private
            || setter is null
            || (setter.IsKind(SyntaxKind.SetAccessorDeclaration) && property.SetMethod?.DeclaredAccessibility == Accessibility.Private);
        return owned && _policy.FollowsOwnedMembers ? MemberWrites(reference, property, depth) : _policy.Leaf(reference, depth);
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

    /// <summary>The merged values of the initializer and every assignment of <paramref name="member"/> in its type's source.</summary>
    private T MemberWrites(IOperation reference, ISymbol member, int depth)
    {
        member = member.OriginalDefinition;
        if (member.ContainingType is not { } type)
        {
            return _policy.Leaf(reference, depth);
        }

        if (!_policy.Enters(member))
        {
            return _policy.Revisited(reference, depth);
        }

        var cancellationToken = _policy.CancellationToken;
        var stored = new ValueTrace<T>(_policy.Stored);
        var merged = new Merged(_policy);
        foreach (var declaringReference in member.DeclaringSyntaxReferences)
        {
            var initializer = declaringReference.GetSyntax(cancellationToken) switch
            {
                VariableDeclaratorSyntax { Initializer: { } clause } => clause,
                PropertyDeclarationSyntax { Initializer: { } clause } => clause,
                _ => null,
            };

            if (initializer is not null)
            {
                merged.Add(Model(initializer.SyntaxTree)?.GetOperation(initializer, cancellationToken) is ISymbolInitializerOperation { Value: { } initialValue }
                    ? stored.Of(initialValue, depth + 1)
                    : _policy.Leaf(reference, depth));
                if (merged.Settled)
                {
                    return merged.Result;
                }
            }
        }

        foreach (var typeReference in type.DeclaringSyntaxReferences)
        {
            var typeSyntax = typeReference.GetSyntax(cancellationToken);
            SemanticModel? model = null;
            foreach (var node in typeSyntax.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax name || name.Identifier.ValueText != member.Name || !IsWritePosition(name, out var assignment))
                {
                    continue;
                }

                model ??= Model(typeSyntax.SyntaxTree);
                if (model?.GetSymbolInfo(name, cancellationToken).Symbol is not { } symbol
                    || !SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, member))
                {
                    continue;
                }

                merged.Add(assignment is not null && model.GetOperation(assignment, cancellationToken) is IAssignmentOperation written
                    && written is ISimpleAssignmentOperation or ICoalesceAssignmentOperation or ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Or }
                    ? stored.Of(written.Value, depth + 1)
                    : _policy.Leaf(reference, depth)); // out/ref, deconstruction, ++: a write we cannot see
                if (merged.Settled)
                {
                    return merged.Result;
                }
            }
        }

        return merged.Any ? merged.Result : _policy.Leaf(reference, depth); // never written in source: its default
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

    private T Returns(IInvocationOperation invocation, IMethodSymbol method, int depth)
    {
        method = method.PartialImplementationPart ?? method.OriginalDefinition;
        if (method.DeclaringSyntaxReferences.Length != 1)
        {
            return _policy.Leaf(invocation, depth);
        }

        if (!_policy.Enters(method))
        {
            return _policy.Revisited(invocation, depth); // recursion: the other returns decide
        }

        var body = method.DeclaringSyntaxReferences[0].GetSyntax(_policy.CancellationToken) switch
        {
            MethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody,
            LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody,
            _ => null,
        };

        return body is null ? _policy.Leaf(invocation, depth) : OfBody(body, invocation, depth);
    }

    /// <summary>The merged returned values of a body (a block or an arrow), nested functions excluded.</summary>
    private T OfBody(SyntaxNode body, IOperation anchor, int depth)
    {
        var operation = Model(body.SyntaxTree)?.GetOperation(body, _policy.CancellationToken);
        if (operation is null)
        {
            return _policy.Leaf(anchor, depth);
        }

        var merged = new Merged(_policy);
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
                    merged.Add(_policy.Leaf(anchor, depth));
                    return merged.Result;
                case IReturnOperation { ReturnedValue: { } returned }:
                    merged.Add(Of(returned, depth + 1));
                    if (merged.Settled)
                    {
                        return merged.Result;
                    }

                    continue;
            }

            foreach (var child in current.ChildOperations)
            {
                pending.Push(child);
            }
        }

        return merged.Any ? merged.Result : _policy.Leaf(anchor, depth); // throws on every path, or half-typed
    }

    private SemanticModel? Model(SyntaxTree tree)
    {
        if (_policy.Source is not { } compilation || !compilation.ContainsSyntaxTree(tree))
        {
            return null;
        }

        return SemanticModels.Of(compilation, tree);
    }

    /// <summary>The values of several writes or returns, merged as they come.</summary>
    private struct Merged
    {
        private readonly ValuePolicy<T> _policy;

        public Merged(ValuePolicy<T> policy)
        {
            _policy = policy;
            Result = default!;
            Any = false;
        }

        public T Result { get; private set; }

        public bool Any { get; private set; }

        public bool Settled => Any && _policy.IsSettled(Result);

        public void Add(T value)
        {
            Result = Any ? _policy.Merge(Result, value) : value;
            Any = true;
        }
    }
}
