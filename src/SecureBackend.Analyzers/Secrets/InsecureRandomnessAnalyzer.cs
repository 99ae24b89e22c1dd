using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Names;

namespace SecureBackend.Analyzers.Secrets;

/// <summary>
/// SB2004: output of <c>System.Random</c> (<c>new Random()</c>, <c>Random.Shared</c>, subclasses that keep its
/// algorithm) that becomes a token, password, salt, key, nonce, one-time code or session identifier, judged by the
/// name of the variable, member, parameter, key or method that receives it (<see cref="RandomValueFlow"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InsecureRandomnessAnalyzer : SecureBackendAnalyzer
{
    private static readonly HashSet<string> ValueMethods = NameSet.Of(
        "Next", "NextInt64", "NextDouble", "NextSingle", "GetItems", "GetString", "GetHexString");

    private static readonly HashSet<string> FillMethods = NameSet.Of(
        "NextBytes", "GetItems", "GetHexString");

    /// <summary>Every report needs a call of one of these methods written in the source (<see cref="SourceWords"/>).</summary>
    private static readonly ImmutableArray<string> WrittenNames = ImmutableArray.Create(
        "Next", "NextInt64", "NextDouble", "NextSingle", "GetItems", "GetString", "GetHexString", "NextBytes");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.InsecureRandomness);

    protected override bool IsRelevant(KnownTypes types) => types.Has("System.Random");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        if (!SourceWords.AnyWritten(context.Compilation, WrittenNames, context.CancellationToken))
        {
            return;
        }

        var random = types.Get("System.Random");
        if (random is null)
        {
            return;
        }

        var symbols = new Symbols(
            random,
            types.Get("System.Linq.Enumerable"),
            types.Get("System.Text.StringBuilder"),
            SecretsScope.IsTestProject(types),
            new SecretNameMatchers(SecretNameMatcher.RandomValues, RuleIds.InsecureRandomness));
        context.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, Symbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!(ValueMethods.Contains(method.Name) || FillMethods.Contains(method.Name))
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Random)
            || HasCustomAlgorithm(invocation.Instance?.Type, symbols.Random))
        {
            return;
        }

        var tree = invocation.Syntax.SyntaxTree;
        if (SecretsScope.IsSuppressed(symbols.IsTestProject, context.Options, tree))
        {
            return;
        }

        var names = symbols.Names.For(context.Options, tree);
        var compilation = context.Compilation;
        string? sink;
        if (method.ReturnsVoid)
        {
            var buffer = FilledArgument(invocation);
            if (buffer is null)
            {
                return;
            }

            sink = RandomValueFlow.FindSink(buffer, isContainer: true, names, symbols.Enumerable, symbols.StringBuilder, compilation, context.CancellationToken);
        }
        else
        {
            sink = RandomValueFlow.FindSink(invocation, isContainer: false, names, symbols.Enumerable, symbols.StringBuilder, compilation, context.CancellationToken);
        }

        if (sink is not null)
        {
            context.Report(Diagnostic.Create(Rules.InsecureRandomness, invocation.Syntax.GetLocation(), sink, "Random." + method.Name));
        }
    }

    /// <summary>The buffer a <c>void</c> overload fills: <c>NextBytes(buffer)</c>, <c>GetItems(choices, destination)</c>, <c>GetHexString(destination)</c>.</summary>
    private static IOperation? FilledArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { Name: "buffer" or "destination" })
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// A subclass that overrides <c>Sample</c> or the generating methods may wrap a cryptographic generator; only
    /// subclasses that keep <c>System.Random</c>'s algorithm are reported.
    /// </summary>
    private static bool HasCustomAlgorithm(ITypeSymbol? receiverType, INamedTypeSymbol random)
    {
        for (var type = receiverType; type is not null && !SymbolEqualityComparer.Default.Equals(type, random); type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { IsOverride: true } && member.Name is "Sample" or "Next" or "NextBytes" or "NextInt64" or "NextDouble")
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed class Symbols
    {
        public Symbols(INamedTypeSymbol random, INamedTypeSymbol? enumerable, INamedTypeSymbol? stringBuilder, bool isTestProject, SecretNameMatchers names)
        {
            Random = random;
            Enumerable = enumerable;
            StringBuilder = stringBuilder;
            IsTestProject = isTestProject;
            Names = names;
        }

        public INamedTypeSymbol Random { get; }

        public INamedTypeSymbol? Enumerable { get; }

        public INamedTypeSymbol? StringBuilder { get; }

        public bool IsTestProject { get; }

        public SecretNameMatchers Names { get; }
    }
}
