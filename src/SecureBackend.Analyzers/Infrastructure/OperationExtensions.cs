using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>Small helpers over the operation tree shared by the analyzers.</summary>
public static class OperationExtensions
{
    /// <summary>Skips implicit and explicit conversions and parentheses down to the converted value.</summary>
    public static IOperation WalkDownConversions(this IOperation operation)
    {
        // By kind: cheaper than a type test against each interface, and this runs for most operations looked at.
        while (true)
        {
            switch (operation.Kind)
            {
                case OperationKind.Conversion:
                    operation = ((IConversionOperation)operation).Operand;
                    break;
                case OperationKind.Parenthesized:
                    operation = ((IParenthesizedOperation)operation).Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>
    /// The outermost operation that contains <paramref name="operation"/>: the method, accessor, local-function or
    /// top-level-statement body, or the field/property initializer. Lambdas and local functions stay inside it, so a
    /// walk from the root sees every write to a local of the enclosing method.
    /// </summary>
    public static IOperation GetRoot(this IOperation operation)
    {
        var current = operation;
        while (current.Parent is not null)
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>The value's constant string, when the compiler folded it (literals, consts, nameof, const concatenation).</summary>
    public static bool TryGetConstantString(this IOperation operation, out string? value)
    {
        if (TryGetStringLiteral(operation, out value))
        {
            return true;
        }

        var constant = operation.ConstantValue;
        if (constant.HasValue && (constant.Value is string || constant.Value is null))
        {
            value = constant.Value as string;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>
    /// The text of a string literal (regular, verbatim or raw), read from its token. A string constant read through
    /// <see cref="IOperation.ConstantValue"/> is built, with a weak handle to it, the first time it is read on each bound
    /// tree; literals are the strings looked at most, and their token already holds the text.
    /// </summary>
    public static bool TryGetStringLiteral(this IOperation operation, out string? value)
    {
        if (operation.Kind == OperationKind.Literal && operation.Syntax is LiteralExpressionSyntax literal)
        {
            var token = literal.Token;
            switch (token.Kind())
            {
                case SyntaxKind.StringLiteralToken:
                case SyntaxKind.SingleLineRawStringLiteralToken:
                case SyntaxKind.MultiLineRawStringLiteralToken:
                    value = token.ValueText;
                    return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>The argument bound to the parameter with this name, or null.</summary>
    public static IArgumentOperation? GetArgument(this IInvocationOperation invocation, string parameterName)
        => FindArgument(invocation.Arguments, parameterName);

    /// <summary>The argument bound to the parameter with this name, or null.</summary>
    public static IArgumentOperation? GetArgument(this IObjectCreationOperation creation, string parameterName)
        => FindArgument(creation.Arguments, parameterName);

    private static IArgumentOperation? FindArgument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string parameterName)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == parameterName)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>
    /// The location of a call from its method name to its closing parenthesis (<c>EnableX()</c> in
    /// <c>options.UseY().EnableX()</c>), so a diagnostic on a long call chain starts on the line of the call itself.
    /// </summary>
    public static Location GetNameLocation(this IInvocationOperation invocation)
    {
        if (invocation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax
            {
                Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name: { } name },
            } syntax)
        {
            return Location.Create(syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(name.SpanStart, syntax.Span.End));
        }

        return invocation.Syntax.GetLocation();
    }

    /// <summary>Whether <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
    public static bool InheritsFromOrEquals(this ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        // Runs for every object creation and assignment in several rules: the name comparison settles almost every
        // step of the walk before the symbol comparison.
        var name = baseType.Name;
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == name && SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> is, derives from or implements <paramref name="baseOrInterface"/>.</summary>
    public static bool IsOrImplements(this ITypeSymbol? type, INamedTypeSymbol? baseOrInterface)
    {
        if (type is null || baseOrInterface is null)
        {
            return false;
        }

        if (baseOrInterface.TypeKind != TypeKind.Interface)
        {
            return type.InheritsFromOrEquals(baseOrInterface);
        }

        var name = baseOrInterface.Name;
        if (type.Name == name && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, baseOrInterface))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.Name == name && SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, baseOrInterface))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="ns"/> is the namespace <paramref name="qualifiedName"/> (<c>"System.Text"</c>), compared
    /// segment by segment from the innermost one: formatting the namespace's name would allocate a string per call.
    /// </summary>
    public static bool IsNamespace(this INamespaceSymbol? ns, string qualifiedName)
    {
        var end = qualifiedName.Length;
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            var name = current.Name;
            var start = end - name.Length;
            if (start < 0 || string.CompareOrdinal(qualifiedName, start, name, 0, name.Length) != 0)
            {
                return false;
            }

            if (start == 0)
            {
                return current.ContainingNamespace is null or { IsGlobalNamespace: true };
            }

            if (qualifiedName[start - 1] != '.')
            {
                return false;
            }

            end = start - 1;
        }

        return false;
    }

    /// <summary>The arguments of a call: a method invocation, an object creation or a function-pointer call; none for anything else.</summary>
    public static ImmutableArray<IArgumentOperation> CallArguments(this IOperation operation) => operation switch
    {
        IInvocationOperation invocation => invocation.Arguments,
        IObjectCreationOperation creation => creation.Arguments,
        IFunctionPointerInvocationOperation pointer => pointer.Arguments,
        _ => ImmutableArray<IArgumentOperation>.Empty,
    };

    /// <summary>
    /// Whether <paramref name="type"/> is the top-level type <paramref name="name"/> of the namespace
    /// <paramref name="namespaceName"/> (<c>IsType("System", "Convert")</c>), compared without formatting names.
    /// </summary>
    public static bool IsType(this ITypeSymbol? type, string namespaceName, string name)
        => type is { ContainingType: null } && type.Name == name && type.ContainingNamespace.IsNamespace(namespaceName);

    /// <summary>
    /// Whether <paramref name="ns"/> is the namespace <paramref name="qualifiedName"/> or one nested in it
    /// (<c>System.Security.Cryptography.X509Certificates</c> is within <c>System.Security</c>).
    /// </summary>
    public static bool IsWithinNamespace(this INamespaceSymbol? ns, string qualifiedName)
    {
        var segments = 1;
        foreach (var c in qualifiedName)
        {
            if (c == '.')
            {
                segments++;
            }
        }

        var depth = 0;
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            depth++;
        }

        var candidate = ns;
        for (; depth > segments; depth--)
        {
            candidate = candidate!.ContainingNamespace;
        }

        return depth == segments && candidate.IsNamespace(qualifiedName);
    }
}
