using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// Makes methods of the compilation that pass their own string parameter, unchanged, into a SQL sink count as sinks
/// for that argument — transitively, and through overridden and implemented interface members — so string-built SQL
/// handed to a repository helper is reported at the caller. While methods are analysed (in any order) only the
/// parameters that reach a sink directly and the calls of the compilation's own methods are recorded; at compilation
/// end the calls are evaluated, starting from those sinks and walking back through the callers, so the arguments of
/// calls that never reach SQL — nearly all of them — are never evaluated.
/// </summary>
internal sealed class SqlWrapperSummaries
{
    private readonly SqlAnalysisContext _sql;
    /// <summary>Parameters that reach a sink directly; the value is true when only as a stored-procedure name.</summary>
    private readonly ConcurrentDictionary<IParameterSymbol, bool> _direct = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentQueue<KeyValuePair<IParameterSymbol, SyntaxNode>> _calls = new();

    public SqlWrapperSummaries(SqlAnalysisContext sql) => _sql = sql;

    /// <summary>
    /// <paramref name="parameter"/> reaches a sink as the whole SQL text (<paramref name="procedureName"/>: as the
    /// name of a stored procedure, where only request-bound input counts). A parameter that reaches both is a SQL sink.
    /// </summary>
    public void AddDirectSink(IParameterSymbol parameter, bool procedureName = false)
        => _direct.AddOrUpdate(parameter.OriginalDefinition, procedureName, (_, existing) => existing && procedureName);

    /// <summary>A call passes the non-constant string argument at <paramref name="argument"/> to <paramref name="parameter"/>.</summary>
    public void AddCall(IParameterSymbol parameter, SyntaxNode argument)
        => _calls.Enqueue(new KeyValuePair<IParameterSymbol, SyntaxNode>(parameter.OriginalDefinition, argument));

    /// <summary>
    /// Resolves the sinks and reports the calls that hand string-built SQL (or request input) to one of them. Only
    /// calls of sink parameters are bound again (through the compilation's semantic model, which the analyzer driver
    /// shares) and evaluated; forwarded parameters found there become sinks in turn.
    /// </summary>
    public void Report(Compilation compilation, System.Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        if (_direct.IsEmpty || _calls.IsEmpty)
        {
            return;
        }

        var callsByParameter = new Dictionary<IParameterSymbol, List<SyntaxNode>>(SymbolEqualityComparer.Default);
        foreach (var call in _calls)
        {
            if (!callsByParameter.TryGetValue(call.Key, out var list))
            {
                list = new List<SyntaxNode>();
                callsByParameter.Add(call.Key, list);
            }

            list.Add(call.Value);
        }

        var models = new Dictionary<SyntaxTree, SemanticModel>();
        // Each sink parameter with whether it only names a stored procedure; one seen as both is (re)done as SQL.
        var sinks = new Dictionary<IParameterSymbol, bool>(SymbolEqualityComparer.Default);
        var reported = new HashSet<SyntaxNode>();
        var pending = new Stack<KeyValuePair<IParameterSymbol, bool>>();
        foreach (var direct in _direct)
        {
            pending.Push(direct);
        }

        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (parameter, procedureName) = (pending.Peek().Key, pending.Pop().Value);
            if (sinks.TryGetValue(parameter, out var seenAsProcedure) && (!seenAsProcedure || procedureName))
            {
                continue;
            }

            sinks[parameter] = procedureName;
            foreach (var alias in Aliases(parameter))
            {
                pending.Push(new KeyValuePair<IParameterSymbol, bool>(alias, procedureName));
            }

            if (!callsByParameter.TryGetValue(parameter, out var calls))
            {
                continue;
            }

            foreach (var syntax in calls)
            {
                if (Bind(compilation, models, syntax, cancellationToken) is not { } value)
                {
                    continue;
                }

                var result = StringTaintEngine.Evaluate(_sql, LocalFlowIndex.For(value), value, requestOnly: procedureName);
                if (result.Piece is { } piece && parameter.ContainingSymbol is IMethodSymbol method && reported.Add(value.Syntax))
                {
                    var name = method.MethodKind == MethodKind.Constructor
                        ? method.ContainingType.Name
                        : method.MethodKind == MethodKind.LocalFunction ? method.Name : method.ContainingType.Name + "." + method.Name;
                    report(Diagnostic.Create(Rules.SqlFromStringsThroughWrapper, value.Syntax.GetLocation(), name, StringTaintEngine.Describe(piece)));
                }

                foreach (var forwarded in result.PassThroughParameters)
                {
                    pending.Push(new KeyValuePair<IParameterSymbol, bool>(forwarded.OriginalDefinition, procedureName));
                }
            }
        }
    }

    /// <summary>The argument value recorded at <paramref name="syntax"/>, bound again.</summary>
    private static IOperation? Bind(Compilation compilation, Dictionary<SyntaxTree, SemanticModel> models, SyntaxNode syntax, CancellationToken cancellationToken)
    {
        var tree = syntax.SyntaxTree;
        if (!models.TryGetValue(tree, out var model))
        {
            model = SemanticModels.Of(compilation, tree);
            models.Add(tree, model);
        }

        return model.GetOperation(syntax, cancellationToken) switch
        {
            IArgumentOperation argument => argument.Value,
            { } value => value, // the receiver of an extension method call is its own syntax
            null => null,
        };
    }

    /// <summary>The same parameter of the members this method overrides or implements (callers may target those).</summary>
    private static IEnumerable<IParameterSymbol> Aliases(IParameterSymbol parameter)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method || method.ContainingType is null)
        {
            yield break;
        }

        var ordinal = parameter.Ordinal;
        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (ordinal < overridden.Parameters.Length)
            {
                yield return overridden.OriginalDefinition.Parameters[ordinal];
            }
        }

        foreach (var implemented in method.ExplicitInterfaceImplementations)
        {
            if (ordinal < implemented.Parameters.Length)
            {
                yield return implemented.OriginalDefinition.Parameters[ordinal];
            }
        }

        foreach (var @interface in method.ContainingType.AllInterfaces)
        {
            foreach (var member in @interface.GetMembers(method.Name))
            {
                if (member is IMethodSymbol interfaceMethod && ordinal < interfaceMethod.Parameters.Length
                    && SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(interfaceMethod)?.OriginalDefinition, method))
                {
                    yield return interfaceMethod.OriginalDefinition.Parameters[ordinal];
                }
            }
        }
    }
}
