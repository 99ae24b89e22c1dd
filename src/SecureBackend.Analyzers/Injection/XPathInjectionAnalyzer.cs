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

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.XPathInjection);

    protected override bool IsRelevant(KnownTypes types) => types.HasAny(SinkTypeNames);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
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
