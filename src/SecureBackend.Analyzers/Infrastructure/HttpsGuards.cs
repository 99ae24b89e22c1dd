using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>
/// Recognises code that only runs when the application is known to be served over HTTPS: the true branch of
/// <c>if (url.StartsWith("https://", …))</c> (also through <c>?.</c> and <c>== true</c>), <c>if (Request.IsHttps)</c>,
/// <c>if (uri.Scheme == Uri.UriSchemeHttps)</c> / <c>== "https"</c> / <c>string.Equals(scheme, "https", …)</c> /
/// <c>scheme is "https"</c>, the false branch of the negated checks, <c>&amp;&amp;</c> chains, conditional expressions,
/// and code after an early exit such as <c>if (!Request.IsHttps) return;</c>. The checks are recognised by symbol
/// (<c>string</c>, <c>System.Uri</c>, ASP.NET Core's <c>HttpRequest</c>) and constant text, never by variable names.
/// </summary>
public static class HttpsGuards
{
    private const string Https = "https";

    /// <summary>Whether <paramref name="operation"/> executes only when an HTTPS check holds.</summary>
    public static bool IsInHttpsOnlyCode(IOperation operation)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IConditionalOperation conditional:
                    if (conditional.WhenTrue == child && ImpliesHttps(conditional.Condition, expected: true))
                    {
                        return true;
                    }

                    if (conditional.WhenFalse == child && ImpliesHttps(conditional.Condition, expected: false))
                    {
                        return true;
                    }

                    break;

                case IBlockOperation block when FollowsGuardedExit(block, child):
                    return true;
            }
        }

        return false;
    }

    /// <summary>Whether the condition having value <paramref name="expected"/> implies HTTPS.</summary>
    public static bool ImpliesHttps(IOperation condition, bool expected)
    {
        condition = condition.WalkDownConversions();
        switch (condition)
        {
            case IParenthesizedOperation parenthesized:
                return ImpliesHttps(parenthesized.Operand, expected);

            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return ImpliesHttps(not.Operand, !expected);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both:
                return expected
                    ? ImpliesHttps(both.LeftOperand, true) || ImpliesHttps(both.RightOperand, true)
                    : ImpliesHttps(both.LeftOperand, false) && ImpliesHttps(both.RightOperand, false);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either:
                return expected
                    ? ImpliesHttps(either.LeftOperand, true) && ImpliesHttps(either.RightOperand, true)
                    : ImpliesHttps(either.LeftOperand, false) || ImpliesHttps(either.RightOperand, false);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                var equals = comparison.OperatorKind == BinaryOperatorKind.Equals;

                // url?.StartsWith("https://") == true, IsHttps != false
                if (BooleanConstant(comparison.RightOperand) is { } right)
                {
                    return ImpliesHttps(comparison.LeftOperand, expected == equals ? right : !right);
                }

                if (BooleanConstant(comparison.LeftOperand) is { } left)
                {
                    return ImpliesHttps(comparison.RightOperand, expected == equals ? left : !left);
                }

                return expected == equals && IsSchemeComparison(comparison.LeftOperand, comparison.RightOperand);

            case IIsPatternOperation { Pattern: IConstantPatternOperation { Value: { } constant } } pattern when expected:
                return IsScheme(pattern.Value) && IsHttpsText(constant);

            case IConditionalAccessOperation access when expected:
                return ImpliesHttps(access.WhenNotNull, true); // null makes the whole check false

            case IPropertyReferenceOperation { Property: { Name: "IsHttps", Type.SpecialType: SpecialType.System_Boolean } property } when expected:
                return IsType(property.ContainingType, "Microsoft.AspNetCore.Http", "HttpRequest");

            case IInvocationOperation invocation when expected:
                return IsHttpsStartsWith(invocation) || IsSchemeEquals(invocation);

            // A check on a member of a type the compilation cannot resolve (an options class of an unreferenced
            // package): `options.BaseUrl?.StartsWith("https://") == true` no longer binds, its syntax still says HTTPS.
            case IInvalidOperation invalid when expected:
                return IsUnboundHttpsStartsWith(invalid.Syntax);

            default:
                return false;
        }
    }

    private static bool IsType(INamedTypeSymbol? type, string ns, string name)
        => type is not null && type.Name == name && type.ContainingNamespace.IsNamespace(ns);

    private static bool? BooleanConstant(IOperation operation)
        => operation.WalkDownConversions().ConstantValue is { HasValue: true, Value: bool value } ? value : null;

    private static bool IsUnboundHttpsStartsWith(SyntaxNode syntax)
    {
        switch (syntax)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return IsUnboundHttpsStartsWith(parenthesized.Expression);
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression, Right: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.TrueLiteralExpression } } equals:
                return IsUnboundHttpsStartsWith(equals.Left);
            case ConditionalAccessExpressionSyntax access:
                return IsUnboundHttpsStartsWith(access.WhenNotNull);
            case InvocationExpressionSyntax { ArgumentList.Arguments: { Count: > 0 } arguments } invocation
                when invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "StartsWith" }
                    or MemberBindingExpressionSyntax { Name.Identifier.ValueText: "StartsWith" }:
                return arguments[0].Expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal
                    && literal.Token.ValueText.StartsWith(Https + ":", StringComparison.OrdinalIgnoreCase);
            default:
                return false;
        }
    }

    /// <summary><c>text.StartsWith("https://", …)</c> or <c>StartsWith("https:")</c> on a string.</summary>
    private static bool IsHttpsStartsWith(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name != "StartsWith" || method.IsStatic || method.ContainingType?.SpecialType != SpecialType.System_String
            || invocation.Arguments.Length == 0 || !invocation.Arguments[0].Value.TryGetConstantString(out var prefix) || prefix is null)
        {
            return false;
        }

        return prefix.StartsWith(Https + ":", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary><c>string.Equals(uri.Scheme, "https", …)</c> or <c>uri.Scheme.Equals(Uri.UriSchemeHttps, …)</c>.</summary>
    private static bool IsSchemeEquals(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name != "Equals" || method.ContainingType?.SpecialType != SpecialType.System_String)
        {
            return false;
        }

        if (method.IsStatic)
        {
            return invocation.Arguments.Length >= 2 && IsSchemeComparison(invocation.Arguments[0].Value, invocation.Arguments[1].Value);
        }

        return invocation.Instance is { } instance && invocation.Arguments.Length >= 1 && IsSchemeComparison(instance, invocation.Arguments[0].Value);
    }

    private static bool IsSchemeComparison(IOperation left, IOperation right)
        => (IsScheme(left) && IsHttpsText(right)) || (IsScheme(right) && IsHttpsText(left));

    /// <summary><c>Uri.Scheme</c> or <c>HttpRequest.Scheme</c>.</summary>
    private static bool IsScheme(IOperation operation)
        => operation.WalkDownConversions() is IPropertyReferenceOperation { Property: { Name: "Scheme" } property }
        && (IsType(property.ContainingType, "System", "Uri") || IsType(property.ContainingType, "Microsoft.AspNetCore.Http", "HttpRequest"));

    /// <summary><c>"https"</c> or <c>Uri.UriSchemeHttps</c>.</summary>
    private static bool IsHttpsText(IOperation operation)
    {
        operation = operation.WalkDownConversions();
        if (operation.TryGetConstantString(out var text))
        {
            return string.Equals(text, Https, StringComparison.OrdinalIgnoreCase);
        }

        return operation is IFieldReferenceOperation { Field: { Name: "UriSchemeHttps" } field } && IsType(field.ContainingType, "System", "Uri");
    }

    /// <summary>A statement of <paramref name="block"/> before <paramref name="child"/> leaves unless HTTPS holds.</summary>
    private static bool FollowsGuardedExit(IBlockOperation block, IOperation child)
    {
        foreach (var statement in block.Operations)
        {
            if (statement == child)
            {
                return false;
            }

            if (statement is IConditionalOperation { WhenFalse: null } guard && AlwaysExits(guard.WhenTrue) && ImpliesHttps(guard.Condition, expected: false))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AlwaysExits(IOperation operation)
    {
        while (operation is IBlockOperation { Operations.Length: > 0 } block)
        {
            operation = block.Operations[block.Operations.Length - 1];
        }

        return operation is IReturnOperation or IThrowOperation
            || operation is IExpressionStatementOperation { Operation: IThrowOperation };
    }
}
