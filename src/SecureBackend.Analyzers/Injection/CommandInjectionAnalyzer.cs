using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// SB1002: a program name or argument string built from non-constant strings (or taken whole from the request)
/// reaching <c>Process.Start(fileName[, arguments])</c>, a <c>ProcessStartInfo</c> constructor, or an assignment of
/// <c>ProcessStartInfo.FileName</c>/<c>Arguments</c> (object initializers included).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CommandInjectionAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Diagnostic property: <c>Arguments</c> when the flagged value is the argument string (the fix applies), else <c>FileName</c>.</summary>
    public const string SinkProperty = "Sink";

    /// <summary>
    /// Every report needs one of these written in the source (<see cref="SourceWords"/>): <c>Process.Start</c>, a
    /// <c>ProcessStartInfo</c> constructed or typed, its <c>FileName</c>/<c>Arguments</c>, or <c>Process.StartInfo</c>.
    /// </summary>
    private static readonly ImmutableArray<string> WrittenNames = ImmutableArray.Create(
        "ProcessStartInfo", "Process", "Start", "FileName", "Arguments", "StartInfo");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.CommandInjection);

    protected override bool IsRelevant(KnownTypes types) => types.Has("System.Diagnostics.ProcessStartInfo");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        if (!SourceWords.AnyWritten(context.Compilation, WrittenNames, context.CancellationToken))
        {
            return;
        }

        if (types.Get("System.Diagnostics.ProcessStartInfo") is not { } startInfo)
        {
            return;
        }

        var sinks = new ProcessSinks(types.Get("System.Diagnostics.Process"), startInfo);
        new StringSinkAnalysis(sinks, new StringTaintPolicy(types), Rules.CommandInjection, requestOnly: false).Register(context);
    }

    private sealed class ProcessSinks : StringSinks
    {
        private readonly INamedTypeSymbol? _process;
        private readonly INamedTypeSymbol _startInfo;

        public ProcessSinks(INamedTypeSymbol? process, INamedTypeSymbol startInfo)
        {
            _process = process;
            _startInfo = startInfo;
        }

        public override bool MayBeSink(IMethodSymbol method)
            => SymbolEqualityComparer.Default.Equals(method.ContainingType, _startInfo) || SymbolEqualityComparer.Default.Equals(method.ContainingType, _process);

        public override bool IsSinkParameter(IMethodSymbol method, IParameterSymbol parameter)
        {
            var type = method.ContainingType;
            var sink = method.MethodKind == MethodKind.Constructor
                ? SymbolEqualityComparer.Default.Equals(type, _startInfo)
                : method.IsStatic && method.Name == "Start" && SymbolEqualityComparer.Default.Equals(type, _process);
            return sink && parameter.Type.SpecialType == SpecialType.System_String && parameter.Name is "fileName" or "arguments";
        }

        public override bool IsSinkProperty(IPropertySymbol property)
            => property.Name is "FileName" or "Arguments" && SymbolEqualityComparer.Default.Equals(property.ContainingType, _startInfo);

        public override Diagnostic CreateDiagnostic(DiagnosticDescriptor rule, IOperation value, ISymbol sink, ISymbol target, IOperation piece, LocalFlowIndex index)
        {
            var kind = target.Name is "arguments" or "Arguments" ? "Arguments" : "FileName";
            return Diagnostic.Create(
                rule,
                value.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(SinkProperty, kind),
                DisplayName(sink),
                StringTaintEngine.Describe(piece));
        }
    }
}
