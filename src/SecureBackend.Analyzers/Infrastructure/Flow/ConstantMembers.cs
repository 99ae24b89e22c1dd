using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure.Flow;

/// <summary>
/// Members whose value is fixed by the code itself, so text built from them cannot carry input.
/// <list type="bullet">
/// <item><c>const</c> and <c>static readonly</c> fields and get-only static auto-properties (whatever initialises them);</item>
/// <item>non-virtual properties and parameterless methods of the compilation whose body returns fixed text (<c>=&gt; "Products"</c>);</item>
/// <item>fields and auto-properties of the compilation that only their own type can write (readonly, private, get-only
/// or <c>private set</c>) and whose every write in source — initializer, constructors, other members — stores fixed
/// text: literals, constants, <c>nameof</c>, <c>typeof(X).Name</c>, an enum's <c>ToString()</c>, another such member,
/// concatenations, interpolations and conditionals of those, or a constructor parameter that every constructor call of
/// the compilation fills with fixed text (or leaves at its constant default). That last case needs the type to be
/// abstract or the constructor private, so that every call is a <c>base(…)</c>/<c>this(…)</c> initializer (or a
/// <c>new</c> inside the type) found in source.</item>
/// </list>
/// Members anyone else can set (public, protected or internal setters, <c>init</c>, non-readonly visible fields) are
/// never fixed. Answers are cached per compilation; source is bound on demand through the compilation's semantic models.
/// </summary>
internal sealed class ConstantMembers
{
    private const int MaxDepth = 16;

    private readonly ConcurrentDictionary<ISymbol, bool> _cache = new(SymbolEqualityComparer.Default);
    private readonly Compilation? _compilation;
    private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>? _derivedTypes;

    public ConstantMembers(Compilation? compilation = null) => _compilation = compilation;

    public bool IsConstantLike(ISymbol symbol) => IsConstantLike(symbol, null, 0);

    /// <summary>
    /// Whether <paramref name="value"/> can only produce text fixed by the code (see the type's summary), e.g. the
    /// value stored into a member or passed to a constructor.
    /// </summary>
    public bool IsFixedValue(IOperation value) => IsFixed(value, new HashSet<ISymbol>(SymbolEqualityComparer.Default), 0);

    private bool IsConstantLike(ISymbol symbol, HashSet<ISymbol>? visiting, int depth)
    {
        switch (symbol)
        {
            case IFieldSymbol { IsConst: true }:
            case IFieldSymbol { IsStatic: true, IsReadOnly: true }:
                return true;
            case IFieldSymbol:
            case IPropertySymbol { IsIndexer: false, Parameters.IsEmpty: true }:
            case IMethodSymbol { Parameters.IsEmpty: true, MethodKind: MethodKind.Ordinary, IsGenericMethod: false }:
                break;
            default:
                return false;
        }

        symbol = symbol.OriginalDefinition;
        if (symbol.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        if (_cache.TryGetValue(symbol, out var known))
        {
            return known;
        }

        visiting ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (depth > MaxDepth || !visiting.Add(symbol))
        {
            return false; // a cycle or a long chain: not proven
        }

        var result = Compute(symbol, visiting, depth);
        visiting.Remove(symbol);
        return _cache.GetOrAdd(symbol, result);
    }

    private bool Compute(ISymbol symbol, HashSet<ISymbol> visiting, int depth)
    {
        if (symbol is not IFieldSymbol && (symbol.IsVirtual || symbol.IsAbstract || symbol.IsOverride || symbol.IsExtern)
            && symbol.ContainingType?.IsSealed != true)
        {
            return false;
        }

        if (symbol is IMethodSymbol)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not MethodDeclarationSyntax method || !ReturnsFixedText(method.ExpressionBody, method.Body, visiting, depth))
                {
                    return false;
                }
            }

            return true;
        }

        if (symbol is IPropertySymbol property && !IsAutoProperty(property))
        {
            // A computed property: fixed when its getter only returns fixed text and nothing else can set it.
            if (property.SetMethod is not null)
            {
                return false;
            }

            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not PropertyDeclarationSyntax declaration || !IsFixedGetter(declaration, visiting, depth))
                {
                    return false;
                }
            }

            return true;
        }

        if (symbol is IPropertySymbol { IsStatic: true, SetMethod: null })
        {
            return true; // a get-only static auto-property, like a static readonly field
        }

        return IsWrittenOnlyByItsType(symbol) && AreAllWritesFixed(symbol, visiting, depth);
    }

    private static bool IsAutoProperty(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors })
            {
                return false;
            }

            foreach (var accessor in accessors.Accessors)
            {
                if (accessor.Body is not null || accessor.ExpressionBody is not null)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Fields and auto-properties that only code of their own type can assign.</summary>
    private static bool IsWrittenOnlyByItsType(ISymbol symbol) => symbol switch
    {
        IFieldSymbol field => field.IsReadOnly || field.DeclaredAccessibility == Accessibility.Private,
        IPropertySymbol property => property.SetMethod is null
            || (property.SetMethod.DeclaredAccessibility == Accessibility.Private && !property.SetMethod.IsInitOnly),
        _ => false,
    };

    private bool IsFixedGetter(PropertyDeclarationSyntax declaration, HashSet<ISymbol> visiting, int depth)
    {
        if (declaration.ExpressionBody is { } arrow)
        {
            return ReturnsFixedText(arrow, null, visiting, depth);
        }

        if (declaration.AccessorList is null)
        {
            return false;
        }

        foreach (var accessor in declaration.AccessorList.Accessors)
        {
            if (!accessor.IsKind(SyntaxKind.GetAccessorDeclaration) || !ReturnsFixedText(accessor.ExpressionBody, accessor.Body, visiting, depth))
            {
                return false;
            }
        }

        return true;
    }

    private bool ReturnsFixedText(ArrowExpressionClauseSyntax? arrow, BlockSyntax? body, HashSet<ISymbol> visiting, int depth)
    {
        var returned = arrow?.Expression;
        if (returned is null && body is { Statements.Count: 1 } && body.Statements[0] is ReturnStatementSyntax { Expression: { } expression })
        {
            returned = expression;
        }

        return returned is not null && IsFixedSyntax(returned, visiting, depth);
    }

    /// <summary>Literal text by its syntax alone, else bound and checked as an operation.</summary>
    private bool IsFixedSyntax(ExpressionSyntax expression, HashSet<ISymbol> visiting, int depth)
    {
        if (IsLiteralText(expression))
        {
            return true;
        }

        return Bind(expression) is { } operation && IsFixed(operation, visiting, depth + 1);
    }

    private IOperation? Bind(SyntaxNode syntax)
    {
        if (_compilation is null || !_compilation.ContainsSyntaxTree(syntax.SyntaxTree))
        {
            return null;
        }

        // Only for members that reach a sink, once per member and compilation; the host hands out its cached model.
        var model = SemanticModels.Of(_compilation, syntax.SyntaxTree);
        return model.GetOperation(syntax, CancellationToken.None);
    }

    /// <summary>
    /// Every write of the member in its type's source (initializer, constructors, other members, nested types) stores
    /// fixed text; a <c>ref</c>/<c>out</c> use or a deconstruction that names it is not followed, so it disproves.
    /// </summary>
    private bool AreAllWritesFixed(ISymbol member, HashSet<ISymbol> visiting, int depth)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var initializer = reference.GetSyntax() switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };
            if (initializer is not null && !IsFixedSyntax(initializer, visiting, depth))
            {
                return false;
            }
        }

        if (member.ContainingType is not { } type)
        {
            return false;
        }

        var name = member.Name;
        foreach (var typeReference in type.DeclaringSyntaxReferences)
        {
            foreach (var node in typeReference.GetSyntax().DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when NamesMember(assignment.Left, name):
                        if (!IsFixedWrite(assignment, member, visiting, depth))
                        {
                            return false;
                        }

                        break;
                    case AssignmentExpressionSyntax { Left: TupleExpressionSyntax tuple } when Mentions(tuple, name):
                        return false;
                    case ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument when NamesMember(argument.Expression, name):
                        return false;
                }
            }
        }

        return true;
    }

    private bool IsFixedWrite(AssignmentExpressionSyntax assignment, ISymbol member, HashSet<ISymbol> visiting, int depth)
    {
        if (Bind(assignment) is not IAssignmentOperation operation)
        {
            return false;
        }

        var target = operation.Target switch
        {
            IFieldReferenceOperation field => (ISymbol)field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
        if (target is null || !SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, member))
        {
            return true; // another member of the same name
        }

        if (operation is ICompoundAssignmentOperation { OperatorKind: not BinaryOperatorKind.Add })
        {
            return false;
        }

        return IsFixedSyntax(assignment.Right, visiting, depth);
    }

    private bool IsFixed(IOperation operation, HashSet<ISymbol> visiting, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        var value = operation.WalkDownConversions();
        if (value.ConstantValue.HasValue)
        {
            return true;
        }

        switch (value)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole && !IsFixed(hole.Expression, visiting, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                return IsFixed(concatenation.LeftOperand, visiting, depth + 1) && IsFixed(concatenation.RightOperand, visiting, depth + 1);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return IsFixed(conditional.WhenTrue, visiting, depth + 1) && IsFixed(whenFalse, visiting, depth + 1);
            case ICoalesceOperation coalesce:
                return IsFixed(coalesce.Value, visiting, depth + 1) && IsFixed(coalesce.WhenNull, visiting, depth + 1);
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    if (!IsFixed(arm.Value, visiting, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case IPropertyReferenceOperation { Instance: ITypeOfOperation, Property.Name: "Name" or "FullName" or "Namespace" }:
                return true; // typeof(X).Name: a name written in code
            case IPropertyReferenceOperation property:
                return IsConstantLike(property.Property, visiting, depth + 1);
            case IFieldReferenceOperation field:
                return IsConstantLike(field.Field, visiting, depth + 1);
            case IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } receiver } when receiver.WalkDownConversions().Type?.TypeKind == TypeKind.Enum:
                return true; // an enum member's name (or its number)
            case IInvocationOperation invocation:
                return invocation.Arguments.IsEmpty && invocation.Instance is null or IInstanceReferenceOperation
                    && IsConstantLike(invocation.TargetMethod, visiting, depth + 1);
            case IParameterReferenceOperation parameter:
                return IsFixedConstructorParameter(parameter.Parameter, visiting, depth + 1);
            default:
                return false;
        }
    }

    /// <summary>
    /// A constructor parameter that every call of its constructor in the compilation fills with fixed text or leaves
    /// at its default (a constant), and that the constructor does not reassign. Only for abstract types and private
    /// constructors, whose calls are all in source: <c>this(…)</c>/<c>base(…)</c> initializers and <c>new</c> inside the type.
    /// </summary>
    private bool IsFixedConstructorParameter(IParameterSymbol parameter, HashSet<ISymbol> visiting, int depth)
    {
        parameter = parameter.OriginalDefinition;
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
            || parameter.RefKind != RefKind.None || parameter.IsParams || constructor.ContainingType is not { } type
            || constructor.DeclaringSyntaxReferences.IsEmpty
            || (!type.IsAbstract && constructor.DeclaredAccessibility != Accessibility.Private))
        {
            return false;
        }

        if (_cache.TryGetValue(parameter, out var known))
        {
            return known;
        }

        if (depth > MaxDepth || !visiting.Add(parameter))
        {
            return false;
        }

        var result = ComputeConstructorParameter(parameter, constructor, type, visiting, depth);
        visiting.Remove(parameter);
        return _cache.GetOrAdd(parameter, result);
    }

    private bool ComputeConstructorParameter(IParameterSymbol parameter, IMethodSymbol constructor, INamedTypeSymbol type, HashSet<ISymbol> visiting, int depth)
    {
        var name = parameter.Name;
        foreach (var reference in constructor.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not ConstructorDeclarationSyntax declaration)
            {
                return false; // primary constructors: their parameters are captured, not followed
            }

            foreach (var node in declaration.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when NamesLocal(assignment.Left, name):
                    case AssignmentExpressionSyntax { Left: TupleExpressionSyntax tuple } when Mentions(tuple, name):
                    case ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument when NamesLocal(argument.Expression, name):
                        return false;
                }
            }
        }

        if (!AreInitializerCallsFixed(type, constructor, parameter, visiting, depth))
        {
            return false;
        }

        foreach (var derived in GetDerivedTypes(type))
        {
            if (!AreInitializerCallsFixed(derived, constructor, parameter, visiting, depth))
            {
                return false;
            }
        }

        if (!type.IsAbstract)
        {
            // A private constructor: the type's own `new` expressions.
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is not BaseObjectCreationExpressionSyntax creation)
                    {
                        continue;
                    }

                    if (Bind(creation) is not IObjectCreationOperation operation)
                    {
                        if (creation.ArgumentList is { } arguments && CanFill(arguments, parameter))
                        {
                            return false; // not bound: it may be a call of this constructor
                        }
                    }
                    else if (operation.Constructor is { } called
                        && SymbolEqualityComparer.Default.Equals(called.OriginalDefinition, constructor)
                        && !IsFixedArgument(operation.Arguments, parameter, visiting, depth))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    /// <summary>The <c>this(…)</c>/<c>base(…)</c> calls of <paramref name="constructor"/> in the constructors of <paramref name="caller"/>.</summary>
    private bool AreInitializerCallsFixed(INamedTypeSymbol caller, IMethodSymbol constructor, IParameterSymbol parameter, HashSet<ISymbol> visiting, int depth)
    {
        var callsBase = SymbolEqualityComparer.Default.Equals(caller.BaseType?.OriginalDefinition, constructor.ContainingType);
        var callsThis = SymbolEqualityComparer.Default.Equals(caller.OriginalDefinition, constructor.ContainingType);
        foreach (var callerConstructor in caller.InstanceConstructors)
        {
            foreach (var reference in callerConstructor.DeclaringSyntaxReferences)
            {
                switch (reference.GetSyntax())
                {
                    case ConstructorDeclarationSyntax { Initializer: null }:
                        break; // implicit base(): defaults only
                    case ConstructorDeclarationSyntax { Initializer: { } initializer }:
                        var mayCall = initializer.IsKind(SyntaxKind.BaseConstructorInitializer) ? callsBase : callsThis;
                        if (mayCall && !IsFixedCall(initializer, initializer.ArgumentList, constructor, parameter, visiting, depth))
                        {
                            return false;
                        }

                        break;
                    case TypeDeclarationSyntax { BaseList: { } baseList } when callsBase:
                        foreach (var baseType in baseList.Types)
                        {
                            if (baseType is PrimaryConstructorBaseTypeSyntax primaryBase
                                && !IsFixedCall(primaryBase, primaryBase.ArgumentList, constructor, parameter, visiting, depth))
                            {
                                return false;
                            }
                        }

                        break;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// A constructor call (<c>base(…)</c>, <c>this(…)</c>, a primary constructor's base arguments) that either targets
    /// another constructor or gives <paramref name="parameter"/> fixed text or its default.
    /// </summary>
    private bool IsFixedCall(SyntaxNode call, ArgumentListSyntax arguments, IMethodSymbol constructor, IParameterSymbol parameter, HashSet<ISymbol> visiting, int depth)
    {
        var bound = Bind(call);
        if (bound is IExpressionStatementOperation statement)
        {
            bound = statement.Operation;
        }

        if (bound is IInvocationOperation invocation)
        {
            return !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, constructor)
                || IsFixedArgument(invocation.Arguments, parameter, visiting, depth);
        }

        // Not bound (missing references, half-typed code): fine only if the call cannot fill the parameter.
        return !CanFill(arguments, parameter);
    }

    /// <summary>Whether an argument list could pass a value to <paramref name="parameter"/> (by position or by name).</summary>
    private static bool CanFill(ArgumentListSyntax arguments, IParameterSymbol parameter)
    {
        var positional = 0;
        foreach (var argument in arguments.Arguments)
        {
            if (argument.NameColon is { } name)
            {
                if (name.Name.Identifier.ValueText == parameter.Name)
                {
                    return true;
                }
            }
            else
            {
                positional++;
            }
        }

        return positional > parameter.Ordinal;
    }

    private bool IsFixedArgument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, IParameterSymbol parameter, HashSet<ISymbol> visiting, int depth)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == parameter.Ordinal)
            {
                return argument.ArgumentKind == ArgumentKind.DefaultValue || IsFixed(argument.Value, visiting, depth + 1);
            }
        }

        return false;
    }

    /// <summary>The types of the compilation whose direct base type is <paramref name="type"/> (built once).</summary>
    private List<INamedTypeSymbol> GetDerivedTypes(INamedTypeSymbol type)
    {
        var map = Volatile.Read(ref _derivedTypes);
        if (map is null)
        {
            map = new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);
            if (_compilation is not null)
            {
                var pending = new Stack<INamespaceOrTypeSymbol>();
                pending.Push(_compilation.Assembly.GlobalNamespace);
                while (pending.Count > 0)
                {
                    foreach (var member in pending.Pop().GetMembers())
                    {
                        if (member is INamespaceOrTypeSymbol container)
                        {
                            pending.Push(container);
                        }

                        if (member is INamedTypeSymbol { BaseType: { } baseType } named)
                        {
                            var key = baseType.OriginalDefinition;
                            if (!map.TryGetValue(key, out var list))
                            {
                                list = new List<INamedTypeSymbol>();
                                map.Add(key, list);
                            }

                            list.Add(named);
                        }
                    }
                }
            }

            map = Interlocked.CompareExchange(ref _derivedTypes, map, null) ?? map;
        }

        return map.TryGetValue(type.OriginalDefinition, out var derived) ? derived : NoTypes;
    }

    private static readonly List<INamedTypeSymbol> NoTypes = new();

    private static bool Mentions(SyntaxNode node, string name)
    {
        foreach (var token in node.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name)
            {
                return true;
            }
        }

        return false;
    }

    private static bool NamesLocal(ExpressionSyntax target, string name)
        => target is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name;

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

    private static bool NamesMember(ExpressionSyntax target, string name) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == name,
        _ => false,
    };
}
