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
/// static type the exception was caught as (<c>System.Exception</c> for the handler features). A policy over
/// <see cref="ValueTrace{T}"/>, which reads the locals' writes from the body's <see cref="LocalFlowIndex"/>.
/// </summary>
public static class ExceptionOrigins
{
    public static bool IsCaught(IOperation? value, out ITypeSymbol? caughtType)
    {
        var caught = value is null ? Caught.No : ValueTrace<Caught>.Of(CaughtPolicy.Instance, value);
        caughtType = caught.Type;
        return caught.IsCaught;
    }

    /// <summary>Whether a value is a caught exception, and the static type it was caught as.</summary>
    private readonly struct Caught
    {
        public static Caught No => default;

        public Caught(bool isCaught, ITypeSymbol? type)
        {
            IsCaught = isCaught;
            Type = type;
        }

        public bool IsCaught { get; }

        public ITypeSymbol? Type { get; }
    }

    /// <summary>
    /// The exception sources above, read by the policy; the trace follows a same-method local (not a <c>catch</c>
    /// variable) to its writes, every one of which must be an initializer or assignment of a caught exception (the type is
    /// the last write's). <c>?:</c> and <c>??</c> are not followed.
    /// </summary>
    private sealed class CaughtPolicy : ValuePolicy<Caught>
    {
        public static readonly CaughtPolicy Instance = new();

        /// <summary>
        /// Four steps, not <see cref="FlowBudget.MaxDepth"/>: an exception handed through more locals, inner exceptions
        /// and <c>?.</c> than that is no longer read as the one the code caught.
        /// </summary>
        public override int MaxDepth => 4;

        public override Caught Exhausted => Caught.No;

        public override bool TryRead(IOperation value, ValueTrace<Caught> trace, int depth, out Caught result)
        {
            result = Caught.No;
            switch (value)
            {
                case IConditionalAccessInstanceOperation instance:
                    for (var parent = instance.Parent; parent is not null; parent = parent.Parent)
                    {
                        if (parent is IConditionalAccessOperation access)
                        {
                            result = trace.Of(access.Operation, depth + 1);
                            return true;
                        }
                    }

                    return true;

                case IConditionalAccessOperation { WhenNotNull: { } whenNotNull } when IsException(value.Type):
                    // feature?.Error: the member read on the non-null path.
                    result = trace.Of(whenNotNull, depth + 1);
                    return true;

                case IPropertyReferenceOperation { Property.Name: "InnerException", Instance: { } inner } when IsException(value.Type):
                    result = new Caught(trace.Of(inner, depth + 1).IsCaught, value.Type);
                    return true;

                case IInvocationOperation { TargetMethod.Name: "GetBaseException", Instance: { } inner } when IsException(value.Type):
                    result = new Caught(trace.Of(inner, depth + 1).IsCaught, value.Type);
                    return true;

                case IPropertyReferenceOperation { Property: { Name: "Error", ContainingType: { Name: "IExceptionHandlerFeature" or "IExceptionHandlerPathFeature" } type } }
                    when type.ContainingNamespace.IsNamespace("Microsoft.AspNetCore.Diagnostics"):
                    result = new Caught(true, value.Type);
                    return true;

                case IPropertyReferenceOperation { Property: { Name: "Exception", ContainingType: { Name: "ProblemDetailsContext" } type } }
                    when type.ContainingNamespace.IsNamespace("Microsoft.AspNetCore.Http"):
                    result = new Caught(true, value.Type);
                    return true;

                case IPropertyReferenceOperation { Property: { Name: "Exception", ContainingType: { Name: "ExceptionContext" } type } }
                    when type.ContainingNamespace.IsNamespace("Microsoft.AspNetCore.Mvc.Filters"):
                    result = new Caught(true, value.Type);
                    return true;

                case IPropertyReferenceOperation { Property: { Name: "Exception", ContainingType: { } type } }
                    when type.ContainingNamespace.IsWithinNamespace("Microsoft.AspNetCore.Authentication") && IsFailureContext(type):
                    result = new Caught(true, value.Type);
                    return true;

                case ILocalReferenceOperation local when IsCatchVariable(local.Local):
                    result = new Caught(true, local.Local.Type);
                    return true;

                case ILocalReferenceOperation:
                    return false; // the trace reads its writes

                default:
                    return true;
            }
        }

        public override Caught Leaf(IOperation value, int depth) => Caught.No;

        /// <summary>Every write must hold a caught exception; the later write's type is kept.</summary>
        public override Caught Merge(Caught first, Caught second) => first.IsCaught && second.IsCaught ? second : Caught.No;

        public override bool IsSettled(Caught result) => !result.IsCaught;

        /// <summary>A write other than an initializer or assignment, a <c>ref</c> local, or a local never written.</summary>
        public override Caught Unseen(ILocalReferenceOperation local, LocalWrite? write) => Caught.No;
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
