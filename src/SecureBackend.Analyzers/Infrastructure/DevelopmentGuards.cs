using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>
/// Recognises code that only runs in the Development environment: the true branch of
/// <c>if (env.IsDevelopment())</c> / <c>IsEnvironment("Development")</c> / <c>EnvironmentName == "Development"</c>,
/// or the false branch of the negated checks, including <c>&amp;&amp;</c> chains and conditional expressions, code
/// after an early exit such as <c>if (!env.IsDevelopment()) return;</c>, and the environment-specific Startup
/// convention methods (<c>ConfigureDevelopment</c>, <c>ConfigureDevelopmentServices</c>, class <c>StartupDevelopment</c>).
/// <see cref="IsInNonProductionCode"/> also accepts any other check that excludes Production (staging, a named test
/// environment, <c>!env.IsProduction()</c>) and <c>#if DEBUG</c> regions.
/// </summary>
public static class DevelopmentGuards
{
    private const string Development = "Development";
    private const string Production = "Production";

    /// <summary>Whether <paramref name="operation"/> executes only when the environment is Development.</summary>
    public static bool IsInDevelopmentOnlyCode(IOperation operation) => IsGuarded(operation, nonProduction: false);

    /// <summary>
    /// Whether <paramref name="operation"/> executes only outside Production: everything
    /// <see cref="IsInDevelopmentOnlyCode"/> accepts, plus checks for other non-production environments and
    /// <c>#if DEBUG</c> regions. For settings that are a deliberate choice of the environment (diagnostic pages, logging).
    /// </summary>
    public static bool IsInNonProductionCode(IOperation operation)
        => IsGuarded(operation, nonProduction: true) || IsInDebugOnlyRegion(operation.Syntax);

    /// <summary>Whether the condition having value <paramref name="expected"/> implies the environment is Development.</summary>
    public static bool ImpliesDevelopment(IOperation condition, bool expected) => Implies(condition, expected, nonProduction: false);

    /// <summary><c>IsDevelopment()</c>, <c>IsEnvironment("Development")</c> on any hosting environment type.</summary>
    public static bool IsDevelopmentCheck(IInvocationOperation invocation)
        => EnvironmentChecked(invocation) is { } name && string.Equals(name, Development, StringComparison.OrdinalIgnoreCase);

    private static bool IsGuarded(IOperation operation, bool nonProduction)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IConditionalOperation conditional:
                    if (conditional.WhenTrue == child && Implies(conditional.Condition, expected: true, nonProduction))
                    {
                        return true;
                    }

                    if (conditional.WhenFalse == child && Implies(conditional.Condition, expected: false, nonProduction))
                    {
                        return true;
                    }

                    break;

                case IBlockOperation block when FollowsGuardedExit(block, child, nonProduction):
                    return true;
            }
        }

        return IsDevelopmentConventionMethod(operation.Syntax);
    }

    /// <summary>
    /// Whether the condition having value <paramref name="expected"/> implies the environment is Development (or, with
    /// <paramref name="nonProduction"/>, that it is not Production).
    /// </summary>
    private static bool Implies(IOperation condition, bool expected, bool nonProduction)
    {
        condition = condition.WalkDownConversions();
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Implies(not.Operand, !expected, nonProduction);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both when expected:
                return Implies(both.LeftOperand, true, nonProduction) || Implies(both.RightOperand, true, nonProduction);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either when !expected:
                return Implies(either.LeftOperand, false, nonProduction) || Implies(either.RightOperand, false, nonProduction);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either when expected:
                return Implies(either.LeftOperand, true, nonProduction) && Implies(either.RightOperand, true, nonProduction);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both when !expected:
                return Implies(both.LeftOperand, false, nonProduction) && Implies(both.RightOperand, false, nonProduction);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                var name = ComparedEnvironmentName(comparison);
                return name is not null && ImpliesEnvironment(name, expected == (comparison.OperatorKind == BinaryOperatorKind.Equals), nonProduction);

            case IInvocationOperation invocation:
                var checkedName = EnvironmentChecked(invocation);
                return checkedName is not null && ImpliesEnvironment(checkedName, expected, nonProduction);

            default:
                return false;
        }
    }

    /// <summary>"The environment is (or, when <paramref name="isNamed"/> is false, is not) <paramref name="name"/>" implies the guard.</summary>
    private static bool ImpliesEnvironment(string name, bool isNamed, bool nonProduction)
    {
        var isDevelopment = string.Equals(name, Development, StringComparison.OrdinalIgnoreCase);
        var isProduction = string.Equals(name, Production, StringComparison.OrdinalIgnoreCase);
        if (isNamed)
        {
            return isDevelopment || (nonProduction && !isProduction);
        }

        return nonProduction && isProduction;
    }

    /// <summary>The environment name an <c>IsDevelopment()</c>/<c>IsStaging()</c>/<c>IsProduction()</c>/<c>IsEnvironment(name)</c> call checks.</summary>
    private static string? EnvironmentChecked(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!IsHostingNamespace(method.ContainingNamespace))
        {
            return null;
        }

        switch (method.Name)
        {
            case "IsDevelopment":
                return Development;
            case "IsProduction":
                return Production;
            case "IsStaging":
                return "Staging";
            case "IsEnvironment":
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Type.SpecialType == SpecialType.System_String && EnvironmentNameValue(argument.Value) is { } value)
                    {
                        return value;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string? ComparedEnvironmentName(IBinaryOperation comparison)
    {
        if (IsEnvironmentName(comparison.LeftOperand))
        {
            return EnvironmentNameValue(comparison.RightOperand);
        }

        return IsEnvironmentName(comparison.RightOperand) ? EnvironmentNameValue(comparison.LeftOperand) : null;
    }

    /// <summary>A constant string, or <c>Environments.Development</c>-style static fields (not constants in the framework).</summary>
    private static string? EnvironmentNameValue(IOperation operation)
    {
        if (operation.TryGetConstantString(out var value))
        {
            return value;
        }

        return operation.WalkDownConversions() is IFieldReferenceOperation { Field: { IsStatic: true, ContainingType.Name: "Environments" or "EnvironmentName" } field }
            && IsHostingNamespace(field.ContainingNamespace)
                ? field.Name
                : null;
    }

    /// <summary>A statement of <paramref name="block"/> before <paramref name="child"/> leaves unless the guard holds.</summary>
    private static bool FollowsGuardedExit(IBlockOperation block, IOperation child, bool nonProduction)
    {
        foreach (var statement in block.Operations)
        {
            if (statement == child)
            {
                return false;
            }

            if (statement is IConditionalOperation { WhenFalse: null } guard
                && AlwaysExits(guard.WhenTrue)
                && Implies(guard.Condition, expected: false, nonProduction))
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

    private static bool IsDevelopmentConventionMethod(SyntaxNode? node)
    {
        for (; node is not null; node = node.Parent)
        {
            if (node is MethodDeclarationSyntax method)
            {
                var name = method.Identifier.ValueText;
                if (string.Equals(name, "ConfigureDevelopment", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(name, "ConfigureDevelopmentServices", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            else if (node is ClassDeclarationSyntax type)
            {
                return string.Equals(type.Identifier.ValueText, "StartupDevelopment", StringComparison.OrdinalIgnoreCase);
            }
        }

        return false;
    }

    /// <summary>Whether the node sits in the taken branch of an <c>#if DEBUG</c> (or <c>#if !RELEASE</c>) region.</summary>
    private static bool IsInDebugOnlyRegion(SyntaxNode node)
    {
        var position = node.SpanStart;
        var root = node.SyntaxTree.GetRoot();
        if (!root.ContainsDirectives)
        {
            return false;
        }

        // Depth of #if nesting and, per depth, whether the branch that contains the position is DEBUG-only.
        var debugDepths = 0UL;
        var depth = 0;
        for (var directive = root.GetFirstDirective(); directive is not null && directive.SpanStart < position; directive = directive.GetNextDirective())
        {
            switch (directive)
            {
                case IfDirectiveTriviaSyntax ifDirective:
                    depth++;
                    SetDepth(ref debugDepths, depth, ifDirective.BranchTaken && IsDebugCondition(ifDirective.Condition, expected: true));
                    break;
                case ElifDirectiveTriviaSyntax elif:
                    SetDepth(ref debugDepths, depth, elif.BranchTaken && IsDebugCondition(elif.Condition, expected: true));
                    break;
                case ElseDirectiveTriviaSyntax:
                    SetDepth(ref debugDepths, depth, false);
                    break;
                case EndIfDirectiveTriviaSyntax:
                    SetDepth(ref debugDepths, depth, false);
                    depth = Math.Max(0, depth - 1);
                    break;
            }
        }

        return depth > 0 && debugDepths != 0;
    }

    private static void SetDepth(ref ulong flags, int depth, bool value)
    {
        if (depth <= 0 || depth > 64)
        {
            return;
        }

        var bit = 1UL << (depth - 1);
        flags = value ? flags | bit : flags & ~bit;
    }

    private static bool IsDebugCondition(ExpressionSyntax condition, bool expected)
    {
        switch (condition)
        {
            case IdentifierNameSyntax identifier:
                var name = identifier.Identifier.ValueText;
                return expected ? name == "DEBUG" : name == "RELEASE";
            case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.LogicalNotExpression):
                return IsDebugCondition(prefix.Operand, !expected);
            case ParenthesizedExpressionSyntax parenthesized:
                return IsDebugCondition(parenthesized.Expression, expected);
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression) && expected:
                return IsDebugCondition(binary.Left, true) || IsDebugCondition(binary.Right, true);
            default:
                return false;
        }
    }

    private static bool IsHostingNamespace(INamespaceSymbol? ns)
        => ns.IsNamespace("Microsoft.Extensions.Hosting") || ns.IsNamespace("Microsoft.AspNetCore.Hosting");

    private static bool IsEnvironmentName(IOperation operation)
        => operation.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "EnvironmentName" };
}
