using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SecureBackend.Analyzers.Infrastructure.Flow;

/// <summary>
/// Whether an exception value is one the code caught: a <c>catch</c> variable, the error of ASP.NET Core's
/// <c>IExceptionHandlerFeature</c> / <c>IExceptionHandlerPathFeature</c>, the <c>Exception</c> of a
/// <c>ProblemDetailsContext</c> (<c>CustomizeProblemDetails</c>), MVC's <c>ExceptionContext.Exception</c>, the
/// <c>Exception</c> of the authentication handlers' failure events (<c>AuthenticationFailedContext</c>,
/// <c>RemoteFailureContext</c>), their
/// <c>InnerException</c> or <c>GetBaseException()</c>, through <c>?.</c> and same-method locals. The out value is the
/// static type the exception was caught as (<c>System.Exception</c> for the handler features).
/// </summary>
public static class ExceptionOrigins
{
    public static bool IsCaught(IOperation? value, out ITypeSymbol? caughtType) => IsCaught(value, out caughtType, 0);

    private static bool IsCaught(IOperation? value, out ITypeSymbol? caughtType, int depth)
    {
        caughtType = null;
        if (value is null || depth > 4)
        {
            return false;
        }

        value = value.WalkDownConversions();
        switch (value)
        {
            case IConditionalAccessInstanceOperation instance:
                for (var parent = instance.Parent; parent is not null; parent = parent.Parent)
                {
                    if (parent is IConditionalAccessOperation access)
                    {
                        return IsCaught(access.Operation, out caughtType, depth + 1);
                    }
                }

                return false;

            case IConditionalAccessOperation { WhenNotNull: { } whenNotNull } when IsException(value.Type):
                // feature?.Error: the member read on the non-null path.
                return IsCaught(whenNotNull, out caughtType, depth + 1);

            case IPropertyReferenceOperation { Property.Name: "InnerException", Instance: { } inner } when IsException(value.Type):
                var found = IsCaught(inner, out _, depth + 1);
                caughtType = value.Type;
                return found;

            case IInvocationOperation { TargetMethod.Name: "GetBaseException", Instance: { } inner } when IsException(value.Type):
                var foundBase = IsCaught(inner, out _, depth + 1);
                caughtType = value.Type;
                return foundBase;

            case IPropertyReferenceOperation { Property: { Name: "Error", ContainingType: { Name: "IExceptionHandlerFeature" or "IExceptionHandlerPathFeature" } type } }
                when type.ContainingNamespace.IsNamespace("Microsoft.AspNetCore.Diagnostics"):
                caughtType = value.Type;
                return true;

            case IPropertyReferenceOperation { Property: { Name: "Exception", ContainingType: { Name: "ProblemDetailsContext" } type } }
                when type.ContainingNamespace.IsNamespace("Microsoft.AspNetCore.Http"):
                caughtType = value.Type;
                return true;

            case IPropertyReferenceOperation { Property: { Name: "Exception", ContainingType: { Name: "ExceptionContext" } type } }
                when type.ContainingNamespace.IsNamespace("Microsoft.AspNetCore.Mvc.Filters"):
                caughtType = value.Type;
                return true;

            case IPropertyReferenceOperation { Property: { Name: "Exception", ContainingType: { } type } }
                when type.ContainingNamespace.IsWithinNamespace("Microsoft.AspNetCore.Authentication") && IsFailureContext(type):
                caughtType = value.Type;
                return true;

            case ILocalReferenceOperation local:
                if (IsCatchVariable(local.Local))
                {
                    caughtType = local.Local.Type;
                    return true;
                }

                if (!LocalFlowIndex.TryGetWrites(local, out var writes) || writes.Count == 0)
                {
                    return false;
                }

                foreach (var write in writes)
                {
                    if (write.Kind is not (LocalWriteKind.Initializer or LocalWriteKind.Assignment) || !IsCaught(write.Value, out caughtType, depth + 1))
                    {
                        return false;
                    }
                }

                return true;

            default:
                return false;
        }
    }

    /// <summary>Whether the type is <c>System.Exception</c> or derives from it.</summary>
    public static bool IsException(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "Exception" && current.ContainingNamespace.IsNamespace("System"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The authentication handlers' failure contexts (<c>AuthenticationFailedContext</c>, <c>RemoteFailureContext</c> and the types derived from them).</summary>
    private static bool IsFailureContext(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name is "AuthenticationFailedContext" or "RemoteFailureContext")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCatchVariable(ILocalSymbol local)
        => local.DeclaringSyntaxReferences.Length == 1 && local.DeclaringSyntaxReferences[0].GetSyntax() is CatchDeclarationSyntax;
}
