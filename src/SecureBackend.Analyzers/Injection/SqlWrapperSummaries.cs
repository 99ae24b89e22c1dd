using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// Makes methods of the compilation that pass their own string parameter, unchanged, into a SQL sink count as sinks
/// for that argument — transitively, and through overridden and implemented interface members — so string-built SQL
/// handed to a repository helper is reported at the caller. Collected while methods are analysed (in any order) and
/// resolved once at compilation end.
/// </summary>
internal sealed class SqlWrapperSummaries
{
    private readonly ConcurrentDictionary<IParameterSymbol, byte> _direct = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentQueue<KeyValuePair<IParameterSymbol, IParameterSymbol>> _edges = new();
    private readonly ConcurrentQueue<Candidate> _candidates = new();

    /// <summary><paramref name="parameter"/> reaches a sink as the whole SQL text.</summary>
    public void AddDirectSink(IParameterSymbol parameter) => _direct.TryAdd(parameter.OriginalDefinition, 0);

    /// <summary><paramref name="from"/> is passed unchanged as the argument of <paramref name="to"/>.</summary>
    public void AddEdge(IParameterSymbol from, IParameterSymbol to)
        => _edges.Enqueue(new KeyValuePair<IParameterSymbol, IParameterSymbol>(from.OriginalDefinition, to.OriginalDefinition));

    /// <summary>A call passes string-built SQL (or request input) as the argument of <paramref name="parameter"/>.</summary>
    public void AddCandidate(IParameterSymbol parameter, Location location, string piece)
        => _candidates.Enqueue(new Candidate(parameter.OriginalDefinition, location, piece));

    public void Report(System.Action<Diagnostic> report)
    {
        if (_direct.IsEmpty || _candidates.IsEmpty)
        {
            return;
        }

        var callers = new Dictionary<IParameterSymbol, List<IParameterSymbol>>(SymbolEqualityComparer.Default);
        foreach (var edge in _edges)
        {
            if (!callers.TryGetValue(edge.Value, out var list))
            {
                list = new List<IParameterSymbol>();
                callers.Add(edge.Value, list);
            }

            list.Add(edge.Key);
        }

        var sinks = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<IParameterSymbol>();
        foreach (var direct in _direct.Keys)
        {
            pending.Push(direct);
        }

        while (pending.Count > 0)
        {
            var parameter = pending.Pop();
            if (!sinks.Add(parameter))
            {
                continue;
            }

            if (callers.TryGetValue(parameter, out var from))
            {
                foreach (var caller in from)
                {
                    pending.Push(caller);
                }
            }

            foreach (var alias in Aliases(parameter))
            {
                pending.Push(alias);
            }
        }

        foreach (var candidate in _candidates)
        {
            if (sinks.Contains(candidate.Parameter) && candidate.Parameter.ContainingSymbol is IMethodSymbol method)
            {
                var name = method.MethodKind == MethodKind.Constructor
                    ? method.ContainingType.Name
                    : method.MethodKind == MethodKind.LocalFunction ? method.Name : method.ContainingType.Name + "." + method.Name;
                report(Diagnostic.Create(Rules.SqlFromStringsThroughWrapper, candidate.Location, name, candidate.Piece));
            }
        }
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

    private readonly struct Candidate
    {
        public Candidate(IParameterSymbol parameter, Location location, string piece)
        {
            Parameter = parameter;
            Location = location;
            Piece = piece;
        }

        public IParameterSymbol Parameter { get; }

        public Location Location { get; }

        public string Piece { get; }
    }
}
