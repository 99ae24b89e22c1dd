using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// SB1006: an LDAP search filter or directory path built from non-constant strings (or taken whole from the request)
/// reaching <c>DirectorySearcher</c> (constructor filter, <c>Filter</c>), <c>DirectoryEntry</c> (constructor path,
/// <c>Path</c>) or <c>System.DirectoryServices.Protocols.SearchRequest</c> (constructor filter, <c>Filter</c>).
/// Numeric, enum and other safe-typed holes, constants and values passed through an escaping method are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LdapInjectionAnalyzer : SecureBackendAnalyzer
{
    private const string DirectorySearcher = "System.DirectoryServices.DirectorySearcher";
    private const string DirectoryEntry = "System.DirectoryServices.DirectoryEntry";
    private const string SearchRequest = "System.DirectoryServices.Protocols.SearchRequest";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.LdapInjection);

    protected override bool IsRelevant(KnownTypes types) => types.HasAny(DirectorySearcher, DirectoryEntry, SearchRequest);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var sinks = new LdapSinks(types.Get(DirectorySearcher), types.Get(DirectoryEntry), types.Get(SearchRequest));
        new StringSinkAnalysis(sinks, new EscapedTextPolicy(types), Rules.LdapInjection, requestOnly: false).Register(context);
    }

    private sealed class LdapSinks : StringSinks
    {
        private readonly INamedTypeSymbol? _searcher;
        private readonly INamedTypeSymbol? _entry;
        private readonly INamedTypeSymbol? _request;

        public LdapSinks(INamedTypeSymbol? searcher, INamedTypeSymbol? entry, INamedTypeSymbol? request)
        {
            _searcher = searcher;
            _entry = entry;
            _request = request;
        }

        public override bool MayBeSink(IMethodSymbol method)
            => method.MethodKind == MethodKind.Constructor
               && (SymbolEqualityComparer.Default.Equals(method.ContainingType, _searcher)
                   || SymbolEqualityComparer.Default.Equals(method.ContainingType, _entry)
                   || SymbolEqualityComparer.Default.Equals(method.ContainingType, _request));

        public override bool IsSinkParameter(IMethodSymbol method, IParameterSymbol parameter)
        {
            if (method.MethodKind != MethodKind.Constructor || parameter.Type.SpecialType != SpecialType.System_String)
            {
                return false;
            }

            var type = method.ContainingType;
            return SymbolEqualityComparer.Default.Equals(type, _searcher) ? parameter.Name == "filter"
                : SymbolEqualityComparer.Default.Equals(type, _entry) ? parameter.Name == "path"
                : SymbolEqualityComparer.Default.Equals(type, _request) && parameter.Name == "ldapFilter";
        }

        public override bool IsSinkProperty(IPropertySymbol property)
        {
            var type = property.ContainingType;
            return property.Name switch
            {
                "Filter" => SymbolEqualityComparer.Default.Equals(type, _searcher) || SymbolEqualityComparer.Default.Equals(type, _request),
                "Path" => SymbolEqualityComparer.Default.Equals(type, _entry),
                _ => false,
            };
        }
    }
}
