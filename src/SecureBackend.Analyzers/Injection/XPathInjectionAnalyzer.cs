using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// SB1007: an XPath expression built from non-constant strings (or taken whole from the request) reaching
/// <c>XmlNode.SelectNodes/SelectSingleNode</c>, <c>XPathNavigator.Select/SelectSingleNode/Evaluate/Compile/Matches</c>,
/// <c>XPathExpression.Compile</c> or the LINQ to XML <c>XPathSelectElement(s)/XPathEvaluate</c> extensions.
/// Numeric, enum and other safe-typed holes, constants and values passed through an escaping method are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class XPathInjectionAnalyzer : SecureBackendAnalyzer
{
    private static readonly string[] SinkTypeNames =
    {
        "System.Xml.XmlNode",
        "System.Xml.XPath.XPathNavigator",
        "System.Xml.XPath.XPathExpression",
        "System.Xml.XPath.Extensions",
    };

    /// <summary>Every report needs a call of one of these written in the source (<see cref="SourceWords"/>).</summary>
    private static readonly ImmutableArray<string> SinkMethodNames = ImmutableArray.Create(
        "SelectNodes", "SelectSingleNode", "Evaluate", "Compile", "Matches", "XPathSelectElement", "XPathSelectElements", "XPathEvaluate");

    /// <summary>
    /// <c>Select</c> is LINQ's name too: a call of <c>XPathNavigator.Select</c> counts only where the code also names an
    /// XML namespace or navigator type.
    /// </summary>
    private static readonly ImmutableArray<string> SelectNames = ImmutableArray.Create("Select");

    private static readonly ImmutableArray<string> XmlNames = ImmutableArray.Create(
        "Xml", "XPath", "XPathNavigator", "XPathDocument", "XmlDocument", "XmlNode", "XmlElement", "CreateNavigator", "XPathExpression");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.XPathInjection);

    protected override bool IsRelevant(KnownTypes types) => types.HasAny(SinkTypeNames);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        if (!SourceWords.AnyWritten(context.Compilation, SinkMethodNames, context.CancellationToken)
            && !(SourceWords.AnyWritten(context.Compilation, SelectNames, context.CancellationToken) && SourceWords.AnyWritten(context.Compilation, XmlNames, context.CancellationToken)))
        {
            return;
        }

        var sinkTypes = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in SinkTypeNames)
        {
            if (types.Get(name) is { } type)
            {
                sinkTypes.Add(type);
            }
        }

        new StringSinkAnalysis(new XPathSinks(sinkTypes.ToImmutable()), new EscapedTextPolicy(types), Rules.XPathInjection, requestOnly: false).Register(context);
    }

    private sealed class XPathSinks : StringSinks
    {
        private readonly ImmutableHashSet<INamedTypeSymbol> _types;

        public XPathSinks(ImmutableHashSet<INamedTypeSymbol> types) => _types = types;

        public override bool MayBeSink(IMethodSymbol method) => method.MethodKind == MethodKind.Ordinary && IsSinkType(method.ContainingType);

        public override bool IsSinkParameter(IMethodSymbol method, IParameterSymbol parameter)
            => method.MethodKind == MethodKind.Ordinary
               && parameter.Type.SpecialType == SpecialType.System_String
               && parameter.Name is "xpath" or "expression"
               && method.Name is "SelectNodes" or "SelectSingleNode" or "Select" or "Evaluate" or "Compile" or "Matches"
                   or "XPathSelectElement" or "XPathSelectElements" or "XPathEvaluate"
               && IsSinkType(method.ContainingType);

        public override bool IsSinkProperty(IPropertySymbol property) => false;

        private bool IsSinkType(INamedTypeSymbol? type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (_types.Contains(current))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
