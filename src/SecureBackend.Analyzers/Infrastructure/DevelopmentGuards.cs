using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>
/// Recognises code that only runs in the Development environment: the true branch of
/// <c>if (env.IsDevelopment())</c> / <c>IsEnvironment("Development")</c> / <c>EnvironmentName == "Development"</c>,
/// or the false branch of the negated checks, including <c>&amp;&amp;</c> chains and conditional expressions.
/// </summary>
public static class DevelopmentGuards
{
    private const string Development = "Development";

    /// <summary>Whether <paramref name="operation"/> executes only when the environment is Development.</summary>
    public static bool IsInDevelopmentOnlyCode(IOperation operation)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            if (current is IConditionalOperation conditional)
            {
                if (conditional.WhenTrue == child && ImpliesDevelopment(conditional.Condition, expected: true))
                {
                    return true;
                }

                if (conditional.WhenFalse == child && ImpliesDevelopment(conditional.Condition, expected: false))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the condition having value <paramref name="expected"/> implies the environment is Development.
    /// </summary>
    public static bool ImpliesDevelopment(IOperation condition, bool expected)
    {
        condition = condition.WalkDownConversions();
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return ImpliesDevelopment(not.Operand, !expected);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both when expected:
                return ImpliesDevelopment(both.LeftOperand, true) || ImpliesDevelopment(both.RightOperand, true);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either when !expected:
                return ImpliesDevelopment(either.LeftOperand, false) || ImpliesDevelopment(either.RightOperand, false);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                var equalsDevelopment = IsEnvironmentName(comparison.LeftOperand) && IsDevelopmentString(comparison.RightOperand)
                    || IsEnvironmentName(comparison.RightOperand) && IsDevelopmentString(comparison.LeftOperand);
                return equalsDevelopment && expected == (comparison.OperatorKind == BinaryOperatorKind.Equals);

            case IInvocationOperation invocation:
                return expected && IsDevelopmentCheck(invocation);

            default:
                return false;
        }
    }

    /// <summary><c>IsDevelopment()</c>, <c>IsEnvironment("Development")</c> on any hosting environment type.</summary>
    public static bool IsDevelopmentCheck(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name == "IsDevelopment" && method.Parameters.Length <= 1)
        {
            return IsHostingNamespace(method.ContainingNamespace);
        }

        if (method.Name == "IsEnvironment" && IsHostingNamespace(method.ContainingNamespace))
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type.SpecialType == SpecialType.System_String && IsDevelopmentString(argument.Value))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsHostingNamespace(INamespaceSymbol? ns)
    {
        var name = ns?.ToDisplayString();
        return name is "Microsoft.Extensions.Hosting" or "Microsoft.AspNetCore.Hosting";
    }

    private static bool IsEnvironmentName(IOperation operation)
        => operation.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "EnvironmentName" };

    private static bool IsDevelopmentString(IOperation operation)
        => operation.TryGetConstantString(out var value) && string.Equals(value, Development, System.StringComparison.OrdinalIgnoreCase);
}
