using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// Members whose value is fixed by the code itself, so SQL built from them cannot carry input: <c>static readonly</c>
/// fields and get-only static auto-properties (whatever initialises them, as the rule documents), and source members
/// that can only produce literal text — a readonly field with a literal initializer that no constructor reassigns, a
/// non-virtual property or parameterless method whose body returns literals (<c>=&gt; "Products"</c>).
/// Decided from declarations only (no semantic model), cached per compilation.
/// </summary>
internal sealed class ConstantMembers
{
    private readonly ConcurrentDictionary<ISymbol, bool> _cache = new(SymbolEqualityComparer.Default);

    public bool IsConstantLike(ISymbol symbol)
    {
        switch (symbol)
        {
            case IFieldSymbol { IsConst: true }:
            case IFieldSymbol { IsStatic: true, IsReadOnly: true }:
                return true;
            case IFieldSymbol { IsReadOnly: true }:
            case IPropertySymbol { IsIndexer: false, Parameters.IsEmpty: true }:
            case IMethodSymbol { Parameters.IsEmpty: true, MethodKind: MethodKind.Ordinary, IsGenericMethod: false }:
                break;
            default:
                return false;
        }

        if (symbol.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        return _cache.GetOrAdd(symbol, static s => Compute(s));
    }

    private static bool Compute(ISymbol symbol)
    {
        if (symbol is not IFieldSymbol && (symbol.IsVirtual || symbol.IsAbstract || symbol.IsOverride || symbol.IsExtern)
            && symbol.ContainingType?.IsSealed != true)
        {
            return false;
        }

        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            var constant = symbol switch
            {
                IFieldSymbol field => syntax is VariableDeclaratorSyntax { Initializer.Value: { } value }
                    && IsLiteralText(value) && !IsAssignedInConstructor(field),
                IPropertySymbol property => syntax is PropertyDeclarationSyntax declaration && IsLiteralProperty(declaration, property),
                IMethodSymbol => syntax is MethodDeclarationSyntax method && ReturnsLiteralText(method.ExpressionBody, method.Body),
                _ => false,
            };
            if (!constant)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLiteralProperty(PropertyDeclarationSyntax declaration, IPropertySymbol property)
    {
        if (declaration.ExpressionBody is { } arrow)
        {
            return IsLiteralText(arrow.Expression);
        }

        if (declaration.AccessorList is null)
        {
            return false;
        }

        AccessorDeclarationSyntax? getter = null;
        foreach (var accessor in declaration.AccessorList.Accessors)
        {
            if (accessor.IsKind(SyntaxKind.GetAccessorDeclaration))
            {
                getter = accessor;
            }
            else
            {
                return false; // a setter or init accessor lets other code choose the value
            }
        }

        if (getter is null)
        {
            return false;
        }

        if (getter.Body is null && getter.ExpressionBody is null)
        {
            // Get-only auto-property: static ones are treated like static readonly fields; instance ones need a literal.
            return property.IsStatic || (declaration.Initializer is { } initializer && IsLiteralText(initializer.Value) && !IsAssignedInConstructor(property));
        }

        return ReturnsLiteralText(getter.ExpressionBody, getter.Body);
    }

    private static bool ReturnsLiteralText(ArrowExpressionClauseSyntax? arrow, BlockSyntax? body)
    {
        if (arrow is not null)
        {
            return IsLiteralText(arrow.Expression);
        }

        return body is { Statements.Count: 1 } && body.Statements[0] is ReturnStatementSyntax { Expression: { } returned } && IsLiteralText(returned);
    }

    /// <summary>String literals, <c>nameof</c>, and concatenations, interpolations or conditionals of those only.</summary>
    private static bool IsLiteralText(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case LiteralExpressionSyntax literal:
                return literal.IsKind(SyntaxKind.StringLiteralExpression) || literal.IsKind(SyntaxKind.CharacterLiteralExpression)
                    || literal.IsKind(SyntaxKind.NumericLiteralExpression);
            case ParenthesizedExpressionSyntax parenthesized:
                return IsLiteralText(parenthesized.Expression);
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                return IsLiteralText(binary.Left) && IsLiteralText(binary.Right);
            case ConditionalExpressionSyntax conditional:
                return IsLiteralText(conditional.WhenTrue) && IsLiteralText(conditional.WhenFalse);
            case InterpolatedStringExpressionSyntax interpolated:
                foreach (var content in interpolated.Contents)
                {
                    if (content is InterpolationSyntax hole && !IsLiteralText(hole.Expression))
                    {
                        return false;
                    }
                }

                return true;
            case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } }:
                return true;
            case ArrayCreationExpressionSyntax { Initializer: { } arrayInitializer }:
                return AreLiteralElements(arrayInitializer);
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                return AreLiteralElements(implicitArray.Initializer);
            case InitializerExpressionSyntax initializer:
                return AreLiteralElements(initializer);
            case ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0, Initializer: { } collectionInitializer }
                when collectionInitializer.IsKind(SyntaxKind.CollectionInitializerExpression):
                return AreLiteralElements(collectionInitializer);
            default:
                return false;
        }
    }

    private static bool AreLiteralElements(InitializerExpressionSyntax initializer)
    {
        foreach (var element in initializer.Expressions)
        {
            if (!IsLiteralText(element))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a constructor of the containing type assigns the member by its simple name.</summary>
    private static bool IsAssignedInConstructor(ISymbol member)
    {
        if (member.ContainingType is not { } type)
        {
            return true;
        }

        foreach (var constructor in member.IsStatic ? type.StaticConstructors : type.InstanceConstructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax assignment && NamesMember(assignment.Left, member.Name))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool NamesMember(ExpressionSyntax target, string name) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == name,
        _ => false,
    };
}
