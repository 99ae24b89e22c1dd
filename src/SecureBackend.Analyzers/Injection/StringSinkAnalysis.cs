using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// The sinks of one string-injection rule (SB1002, SB1004, SB1006, SB1007), resolved by symbol once per compilation:
/// which method or constructor parameters and which property assignments receive text the rule protects.
/// </summary>
internal abstract class StringSinks
{
    /// <summary>A cheap first test (the containing type): false when no parameter of <paramref name="method"/> can be a sink.</summary>
    public abstract bool MayBeSink(IMethodSymbol method);

    /// <summary>Whether <paramref name="parameter"/> of <paramref name="method"/> (a method or constructor) is a sink.</summary>
    public abstract bool IsSinkParameter(IMethodSymbol method, IParameterSymbol parameter);

    /// <summary>Whether an assignment to <paramref name="property"/> is a sink.</summary>
    public abstract bool IsSinkProperty(IPropertySymbol property);

    /// <summary>The diagnostic for a tainted value (rules add fix properties here).</summary>
    public virtual Diagnostic CreateDiagnostic(DiagnosticDescriptor rule, IOperation value, ISymbol sink, ISymbol target, IOperation piece, LocalFlowIndex index)
        => Diagnostic.Create(rule, value.Syntax.GetLocation(), DisplayName(sink), StringTaintEngine.Describe(piece));

    /// <summary><c>Type.Member</c>, or the type's name for a constructor.</summary>
    public static string DisplayName(ISymbol sink)
        => sink is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
            ? constructor.ContainingType.Name
            : sink.ContainingType is { } type ? type.Name + "." + sink.Name : sink.Name;
}

/// <summary>
/// The callbacks shared by the string-injection rules: match a sink by symbol (invocation and constructor arguments,
/// property assignments including object initializers and <c>+=</c>), evaluate the value with the shared
/// <see cref="StringTaintEngine"/> under the rule's <see cref="StringTaintPolicy"/>, and report once per value.
/// </summary>
internal sealed class StringSinkAnalysis
{
    private readonly StringSinks _sinks;
    private readonly StringTaintPolicy _policy;
    private readonly DiagnosticDescriptor _rule;
    private readonly bool _requestOnly;

    public StringSinkAnalysis(StringSinks sinks, StringTaintPolicy policy, DiagnosticDescriptor rule, bool requestOnly)
    {
        _sinks = sinks;
        _policy = policy;
        _rule = rule;
        _requestOnly = requestOnly;
    }

    public void Register(CompilationStartAnalysisContext context)
    {
        context.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(AnalyzeObjectCreation, OperationKind.ObjectCreation);
        context.RegisterOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment);
    }

    private void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        CheckArguments(context, invocation.TargetMethod, invocation.Arguments);
    }

    private void AnalyzeObjectCreation(OperationAnalysisContext context)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Constructor is { } constructor)
        {
            CheckArguments(context, constructor, creation.Arguments);
        }
    }

    private void AnalyzeAssignment(OperationAnalysisContext context)
    {
        var assignment = (IAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target || !_sinks.IsSinkProperty(target.Property))
        {
            return;
        }

        var appended = assignment is ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add };
        if (assignment is ICompoundAssignmentOperation && !appended)
        {
            return;
        }

        Check(context, assignment.Value, target.Property, target.Property, appended);
    }

    private void CheckArguments(OperationAnalysisContext context, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
    {
        if (arguments.IsEmpty || !_sinks.MayBeSink(method))
        {
            return;
        }

        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Parameter is { } parameter && _sinks.IsSinkParameter(method, parameter))
            {
                Check(context, argument.Value, method, parameter, appended: false);
            }
        }
    }

    private void Check(OperationAnalysisContext context, IOperation value, ISymbol sink, ISymbol target, bool appended)
    {
        if (value.ConstantValue.HasValue || value is IInvalidOperation
            || (value.Type?.SpecialType != SpecialType.System_String && value.WalkDownConversions().Type?.SpecialType != SpecialType.System_String))
        {
            return;
        }

        var index = LocalFlowIndex.For(value);
        var result = StringTaintEngine.Evaluate(_policy, index, value, appended, _requestOnly);
        if (result.Piece is { } piece)
        {
            context.Report(_sinks.CreateDiagnostic(_rule, value, sink, target, piece, index));
        }
    }
}
