using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;

namespace SecureBackend.Analyzers.Exposure;

/// <summary>
/// SB5006: an ASP.NET Core application that sets none of the browser security headers (Content-Security-Policy,
/// X-Content-Type-Options, X-Frame-Options, Referrer-Policy) anywhere: not in inline or class middleware, filters or
/// helpers, and not through a security-headers package.
/// </summary>
/// <remarks>
/// The verdict is given once per application at its host (<see cref="HostPipeline"/>: the <c>Build()</c>/<c>Create()</c>
/// invocation or the Startup's <c>Configure</c>), as SB4001/SB4002 do. It needs the host's pipeline to be known in full
/// (an app handed to a library may get its headers there) and no header set in the compilation outside
/// Development-only code, which is read once per compilation from the files that mention a header or package name.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecurityHeadersAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Diagnostic property naming the kind of pipeline: <see cref="BuiltApp"/> or <see cref="StartupConfigure"/> (<see cref="PipelineKinds"/>).</summary>
    public const string PipelineKindProperty = PipelineKinds.Property;

    public const string BuiltApp = PipelineKinds.BuiltApp;

    public const string StartupConfigure = PipelineKinds.StartupConfigure;

    private static readonly ImmutableDictionary<string, string?> BuiltAppProperties = PipelineKinds.BuiltAppProperties;

    private static readonly ImmutableDictionary<string, string?> StartupConfigureProperties = PipelineKinds.StartupConfigureProperties;

    /// <summary>The header names, as written in string constants (compared case-insensitively).</summary>
    private static readonly HashSet<string> HeaderNames = new(System.StringComparer.OrdinalIgnoreCase)
    {
        "Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
    };

    /// <summary>The typed members naming them: <c>HeaderNames.*</c> fields and <c>IHeaderDictionary</c> properties.</summary>
    private static readonly HashSet<string> HeaderMembers = NameSet.Of("ContentSecurityPolicy", "XContentTypeOptions", "XFrameOptions");

    /// <summary>
    /// Middleware extensions of the well-known header packages (NWebsec, NetEscapades.AspNetCore.SecurityHeaders,
    /// OwaspHeaders.Core, Joonasw.AspNetCore.SecurityHeaders); any method whose name speaks of security headers counts too.
    /// </summary>
    private static readonly HashSet<string> PackageMethods = NameSet.Of(
        "UseXContentTypeOptions", "UseXfo", "UseXFrameOptions", "UseCsp", "UseContentSecurityPolicy", "UseReferrerPolicy",
        "UseRedirectValidation", "UseXXssProtection");

    /// <summary>What a file must mention (lower case) to be read for header writes.</summary>
    private static readonly string[] Words =
    {
        "content-security-policy", "contentsecuritypolicy", "x-content-type-options", "xcontenttypeoptions",
        "x-frame-options", "xframeoptions", "referrer-policy", "referrerpolicy", "securityheader", "secureheader",
        "usexfo", "usecsp",
    };

    /// <summary>Framework calls after which the app has endpoints or middleware other than health checks.</summary>
    private static readonly HashSet<string> ContentMiddleware = NameSet.Of(
        "Use", "UseMiddleware", "UseEndpoints", "UseMvc", "UseMvcWithDefaultRoute", "UseStaticFiles", "UseFileServer",
        "UseDefaultFiles", "UseDirectoryBrowser", "UseSpa", "UseWelcomePage", "UseRouter", "UseWebSockets");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.MissingSecurityHeaders);

    protected override bool IsRelevant(KnownTypes types)
        => types.Has("Microsoft.AspNetCore.Builder.IApplicationBuilder")
            && types.Has("Microsoft.AspNetCore.Http.IHeaderDictionary")
            && !types.HasAny("Microsoft.AspNetCore.TestHost.TestServer", "Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory`1");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var state = new HeadersState(types, HostPipeline.Get(types));
        context.RegisterOperationAction(state.OnInvocation, OperationKind.Invocation);
        context.RegisterSymbolAction(state.OnMethod, SymbolKind.Method);
    }

    /// <summary>Whether a pipeline serves anything but health checks.</summary>
    private sealed class ContentCollector : IPipelineVisitor
    {
        private readonly HeadersState _state;
        private readonly CancellationToken _cancellationToken;

        public ContentCollector(HeadersState state, CancellationToken cancellationToken)
        {
            _state = state;
            _cancellationToken = cancellationToken;
        }

        public bool HealthChecks { get; private set; }

        public bool Content { get; private set; }

        public bool Visit(ISymbol member, PipelineMemberRole role, IOperation? known)
        {
            if (role != PipelineMemberRole.Pipeline)
            {
                return true;
            }

            foreach (var body in _state.Pipeline.Bodies(member, known, _cancellationToken))
            {
                foreach (var operation in body.DescendantsAndSelf())
                {
                    if (operation is IInvocationOperation { TargetMethod: { ContainingType: { } type } method }
                        && type.ContainingNamespace.IsWithinNamespace("Microsoft.AspNetCore"))
                    {
                        if (method.Name is "MapHealthChecks" or "UseHealthChecks")
                        {
                            HealthChecks = true;
                        }
                        else if (method.Name.StartsWith("Map", System.StringComparison.Ordinal) || ContentMiddleware.Contains(method.Name)
                            || method.Name == "Run" && type.Name == "RunExtensions")
                        {
                            Content = true;
                        }
                    }
                }
            }

            return true; // the whole pipeline is walked: an app handed to a library may get its headers there
        }
    }

    /// <summary>The symbols of one compilation and, once computed, whether it sets a header anywhere.</summary>
    private sealed class HeadersState
    {
        private readonly Compilation _compilation;
        private readonly INamedTypeSymbol? _headerNames;
        private readonly INamedTypeSymbol? _headerDictionary;
        private readonly object _gate = new();
        private bool? _setsHeaders;

        public HeadersState(KnownTypes types, HostPipeline pipeline)
        {
            _compilation = types.Compilation;
            Pipeline = pipeline;
            _headerNames = types.Get("Microsoft.Net.Http.Headers.HeaderNames");
            _headerDictionary = types.Get("Microsoft.AspNetCore.Http.IHeaderDictionary");
        }

        public HostPipeline Pipeline { get; }

        public void OnInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.TargetMethod.Name is not ("Build" or "Create") || !Pipeline.IsAppCreation(invocation)
                || Pipeline.BuiltApp(invocation, context.ContainingSymbol) is not { } host)
            {
                return;
            }

            Decide(context.Reporter(), host, BuiltAppProperties, context.CancellationToken);
        }

        public void OnMethod(SymbolAnalysisContext context)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (method.Name is not ("Configure" or "ConfigureProduction") || method.Locations.IsEmpty
                || Pipeline.Startup(method, context.CancellationToken) is not { } host)
            {
                return;
            }

            Decide(context.Reporter(), host, StartupConfigureProperties, context.CancellationToken);
        }

        private void Decide(System.Action<Diagnostic> report, PipelineHost host, ImmutableDictionary<string, string?> properties, CancellationToken cancellationToken)
        {
            if (SetsHeaders(cancellationToken))
            {
                return;
            }

            var collector = new ContentCollector(this, cancellationToken);
            var walk = Pipeline.Walk(host, collector, cancellationToken);
            if (walk == PipelineWalk.Incomplete || (collector.HealthChecks && !collector.Content))
            {
                return; // the app reaches code that cannot be seen, or serves only health checks
            }

            report(Diagnostic.Create(Rules.MissingSecurityHeaders, host.Location, properties, host.Name));
        }

        // ---- header writes anywhere in the compilation

        private bool SetsHeaders(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                return _setsHeaders ??= FindHeaders(cancellationToken);
            }
        }

        private bool FindHeaders(CancellationToken cancellationToken)
        {
            foreach (var tree in _compilation.SyntaxTrees)
            {
                if (!SourceTextSearch.MentionsAny(tree.GetText(cancellationToken), Words))
                {
                    continue;
                }

                SemanticModel? model = null;
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (!IsCandidate(node))
                    {
                        continue;
                    }

                    // Only the few files that mention a header name are bound, once per compilation.
                    model ??= SemanticModels.Of(_compilation, tree);
                    if (SetsHeader(node, model, cancellationToken))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsCandidate(SyntaxNode node) => node switch
        {
            LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.StringLiteralExpression) && HeaderNames.Contains(literal.Token.ValueText),
            IdentifierNameSyntax name => HeaderMembers.Contains(name.Identifier.ValueText),
            InvocationExpressionSyntax invocation => IsPackageName(MethodName(invocation)),
            _ => false,
        };

        private static string? MethodName(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };

        private static bool IsPackageName(string? name)
            => name is not null
                && (PackageMethods.Contains(name)
                    || name.IndexOf("SecurityHeader", System.StringComparison.OrdinalIgnoreCase) >= 0
                    || name.IndexOf("SecureHeader", System.StringComparison.OrdinalIgnoreCase) >= 0);

        /// <summary>Whether <paramref name="node"/> names a header (or calls a header package) outside Development-only code.</summary>
        private bool SetsHeader(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            switch (node)
            {
                case IdentifierNameSyntax name:
                    var symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
                    var named = symbol switch
                    {
                        IFieldSymbol field => SymbolEqualityComparer.Default.Equals(field.ContainingType, _headerNames),
                        IPropertySymbol property => property.ContainingType.IsOrImplements(_headerDictionary),
                        _ => false,
                    };
                    // Headers.XFrameOptions, HeaderNames.XFrameOptions: the operation is the member reference.
                    SyntaxNode reference = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                    return named && Counts(model.GetOperation(reference, cancellationToken));

                case InvocationExpressionSyntax invocation:
                    var info = model.GetSymbolInfo(invocation, cancellationToken);
                    if (info.Symbol is IMethodSymbol { } method
                        && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly))
                    {
                        return false; // a method of the compilation: its body is read like any other
                    }

                    // A package's middleware, or a call that does not bind (the package is not referenced): out of sight.
                    return Counts(model.GetOperation(invocation, cancellationToken));

                default:
                    return Counts(model.GetOperation(node, cancellationToken));
            }
        }

        private static bool Counts(IOperation? operation)
            => operation is null || !DevelopmentGuards.IsInDevelopmentOnlyCode(operation);
    }
}
