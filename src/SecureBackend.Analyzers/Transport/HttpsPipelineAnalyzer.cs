using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;

namespace SecureBackend.Analyzers.Transport;

/// <summary>
/// SB4001 / SB4002: an ASP.NET Core application whose host pipeline never calls <c>UseHttpsRedirection()</c> /
/// <c>UseHsts()</c>, neither itself nor in anything it reaches. The host pipeline and what it reaches (extension
/// methods, helpers, module hooks called through interfaces, startup filters, middleware classes) come from
/// <see cref="HostPipeline"/>; a compilation without a host (a class library of modules or <c>UseXyz</c> extension
/// methods) is never reported, and a pipeline that hands the app to code that cannot be seen is not reported either.
/// </summary>
/// <remarks>
/// The verdict is given where the host starts, by the callback that finds it (the <c>Build()</c>/<c>Create()</c>
/// invocation, the Startup's <c>Configure</c> method symbol), once per application, so the diagnostics are local to
/// that document and show live in editors. What each reached member does is read once per compilation.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HttpsPipelineAnalyzer : SecureBackendAnalyzer
{
    /// <summary><c>.editorconfig</c> key: TLS is terminated by a reverse proxy or load balancer, so SB4001/SB4002 are off.</summary>
    public const string TlsTerminatedUpstreamKey = ConfigOptions.Prefix + "tls_terminated_upstream";

    /// <summary>Diagnostic property naming the kind of pipeline: <see cref="BuiltApp"/> or <see cref="StartupConfigure"/>.</summary>
    public const string PipelineKindProperty = "PipelineKind";

    public const string BuiltApp = "Build";

    public const string StartupConfigure = "Configure";

    private static readonly ImmutableDictionary<string, string?> BuiltAppProperties =
        ImmutableDictionary<string, string?>.Empty.Add(PipelineKindProperty, BuiltApp);

    private static readonly ImmutableDictionary<string, string?> StartupConfigureProperties =
        ImmutableDictionary<string, string?>.Empty.Add(PipelineKindProperty, StartupConfigure);

    /// <summary>Framework calls after which the app has endpoints or middleware other than health checks.</summary>
    private static readonly HashSet<string> ContentMiddleware = NameSet.Of(
        "Use", "UseMiddleware", "UseEndpoints", "UseMvc", "UseMvcWithDefaultRoute", "UseStaticFiles", "UseFileServer",
        "UseDefaultFiles", "UseDirectoryBrowser", "UseSpa", "UseWelcomePage", "UseRouter", "UseWebSockets");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Rules.MissingHttpsRedirection, Rules.MissingHsts);

    protected override bool IsRelevant(KnownTypes types)
        => types.Has("Microsoft.AspNetCore.Builder.IApplicationBuilder")
            && types.Has("Microsoft.AspNetCore.Builder.HttpsPolicyBuilderExtensions")
            // Test projects host the app in memory (TestServer, WebApplicationFactory): their pipelines are not deployed.
            && !types.HasAny("Microsoft.AspNetCore.TestHost.TestServer", "Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory`1");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var state = new TransportState(types, HostPipeline.Get(types));
        context.RegisterOperationAction(state.OnInvocation, OperationKind.Invocation);
        context.RegisterSymbolAction(state.OnMethod, SymbolKind.Method);
    }

    [System.Flags]
    private enum Facts
    {
        None = 0,
        Redirect = 1,
        Hsts = 2,
        HealthChecks = 4,
        Content = 8,
    }

    /// <summary>Unions the facts of a pipeline's members; stops as soon as both redirection and HSTS are found.</summary>
    private sealed class FactsCollector : IPipelineVisitor
    {
        private readonly TransportState _state;
        private readonly CancellationToken _cancellationToken;

        public FactsCollector(TransportState state, CancellationToken cancellationToken)
        {
            _state = state;
            _cancellationToken = cancellationToken;
        }

        public Facts Facts { get; private set; }

        public bool Visit(ISymbol member, PipelineMemberRole role, IOperation? known)
        {
            var facts = _state.FactsOf(member, known, _cancellationToken);
            Facts |= role == PipelineMemberRole.Middleware ? facts & (Facts.Redirect | Facts.Hsts) : facts;
            return !IsSecured(Facts);
        }
    }

    /// <summary>Both redirection and HSTS are set up: nothing can be reported, whatever else the pipeline does.</summary>
    private static bool IsSecured(Facts facts) => (facts & (Facts.Redirect | Facts.Hsts)) == (Facts.Redirect | Facts.Hsts);

    /// <summary>The symbols of one compilation and the facts of each member read so far.</summary>
    private sealed class TransportState
    {
        private readonly HostPipeline _pipeline;
        private readonly INamedTypeSymbol? _httpsPolicyExtensions;
        private readonly INamedTypeSymbol? _hstsExtensions;
        private readonly INamedTypeSymbol? _rewriteExtensions;
        private readonly INamedTypeSymbol? _requireHttps;
        private readonly INamedTypeSymbol? _httpRequest;
        private readonly INamedTypeSymbol? _headerNames;
        private readonly INamedTypeSymbol? _headerDictionary;
        private readonly INamedTypeSymbol? _runExtensions;

        private readonly ConcurrentDictionary<ISymbol, Facts> _facts = new(SymbolEqualityComparer.Default);

        public TransportState(KnownTypes types, HostPipeline pipeline)
        {
            _pipeline = pipeline;
            _httpsPolicyExtensions = types.Get("Microsoft.AspNetCore.Builder.HttpsPolicyBuilderExtensions");
            _hstsExtensions = types.Get("Microsoft.AspNetCore.Builder.HstsBuilderExtensions");
            _rewriteExtensions = types.Get("Microsoft.AspNetCore.Rewrite.RewriteOptionsExtensions");
            _requireHttps = types.Get("Microsoft.AspNetCore.Mvc.RequireHttpsAttribute");
            _httpRequest = types.Get("Microsoft.AspNetCore.Http.HttpRequest");
            _headerNames = types.Get("Microsoft.Net.Http.Headers.HeaderNames");
            _headerDictionary = types.Get("Microsoft.AspNetCore.Http.IHeaderDictionary");
            _runExtensions = types.Get("Microsoft.AspNetCore.Builder.RunExtensions");
        }

        // ---- hosts

        /// <summary><c>builder.Build()</c> / <c>WebApplication.Create()</c>: a name check first, then the type.</summary>
        public void OnInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.TargetMethod.Name is not ("Build" or "Create") || !_pipeline.IsAppCreation(invocation)
                || context.Options.GetBool(invocation.Syntax.SyntaxTree, TlsTerminatedUpstreamKey)
                || IsSecured(FactsOf(HostPipeline.ContainingMember(context.ContainingSymbol), invocation, context.CancellationToken)))
            {
                return; // the common case: the member that builds the app also sets up both (facts only ever add up)
            }

            if (_pipeline.BuiltApp(invocation, context.ContainingSymbol) is { } host)
            {
                Decide(context.Reporter(), host, BuiltAppProperties, context.CancellationToken);
            }
        }

        /// <summary>The Startup's <c>Configure</c>: a name check first, then whether <c>UseStartup</c> names its class.</summary>
        public void OnMethod(SymbolAnalysisContext context)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (method.Name is not ("Configure" or "ConfigureProduction") || method.Locations.IsEmpty
                || method.Locations[0].SourceTree is not { } tree || context.Options.GetBool(tree, TlsTerminatedUpstreamKey)
                || _pipeline.Startup(method, context.CancellationToken) is not { } host)
            {
                return;
            }

            Decide(context.Reporter(), host, StartupConfigureProperties, context.CancellationToken);
        }

        // ---- verdict

        private void Decide(System.Action<Diagnostic> report, PipelineHost host, ImmutableDictionary<string, string?> properties, CancellationToken cancellationToken)
        {
            var collector = new FactsCollector(this, cancellationToken);
            if (_pipeline.Walk(host, collector, cancellationToken) != PipelineWalk.Complete)
            {
                return; // secured, or the app reaches code that cannot be seen
            }

            var facts = collector.Facts;
            if ((facts & Facts.HealthChecks) != 0 && (facts & Facts.Content) == 0)
            {
                return;
            }

            if ((facts & Facts.Redirect) == 0)
            {
                report(Diagnostic.Create(Rules.MissingHttpsRedirection, host.Location, properties, host.Name));
            }

            if ((facts & Facts.Hsts) == 0)
            {
                report(Diagnostic.Create(Rules.MissingHsts, host.Location, properties, host.Name));
            }
        }

        // ---- member facts

        /// <summary>What one member (its lambdas and local functions included) sets up, read once per compilation.</summary>
        public Facts FactsOf(ISymbol member, IOperation? known, CancellationToken cancellationToken)
        {
            if (_facts.TryGetValue(member, out var facts))
            {
                return facts;
            }

            foreach (var body in _pipeline.Bodies(member, known, cancellationToken))
            {
                facts |= FactsIn(body);
            }

            return _facts.GetOrAdd(member, facts);
        }

        private Facts FactsIn(IOperation body)
        {
            var facts = Facts.None;
            foreach (var operation in body.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IInvocationOperation invocation:
                        facts |= Classify(invocation.TargetMethod);
                        break;

                    case IObjectCreationOperation creation when _requireHttps is not null && creation.Type.InheritsFromOrEquals(_requireHttps):
                        facts |= Facts.Redirect;
                        break;

                    // A hand-written redirect middleware reads Request.IsHttps.
                    case IPropertyReferenceOperation { Property: { Name: "IsHttps" } property }
                        when SymbolEqualityComparer.Default.Equals(property.ContainingType, _httpRequest):
                        facts |= Facts.Redirect;
                        break;

                    // A hand-written HSTS header: Headers.StrictTransportSecurity = …, HeaderNames.StrictTransportSecurity.
                    case IPropertyReferenceOperation { Property: { Name: "StrictTransportSecurity" } headerProperty }
                        when headerProperty.ContainingType.IsOrImplements(_headerDictionary):
                        facts |= Facts.Hsts;
                        break;

                    case IFieldReferenceOperation { Field: { Name: "StrictTransportSecurity" } field }
                        when SymbolEqualityComparer.Default.Equals(field.ContainingType, _headerNames):
                        facts |= Facts.Hsts;
                        break;

                    case ILiteralOperation literal
                        when literal.TryGetConstantString(out var text) && string.Equals(text, "Strict-Transport-Security", System.StringComparison.OrdinalIgnoreCase):
                        facts |= Facts.Hsts;
                        break;
                }
            }

            return facts;
        }

        private Facts Classify(IMethodSymbol method)
        {
            if (method.ContainingType is not { } type)
            {
                return Facts.None;
            }

            var facts = Facts.None;
            if (!method.TypeArguments.IsEmpty && _requireHttps is not null)
            {
                foreach (var argument in method.TypeArguments)
                {
                    if (SymbolEqualityComparer.Default.Equals(argument, _requireHttps))
                    {
                        facts |= Facts.Redirect;
                    }
                }
            }

            var name = method.Name;
            if (name == "UseHttpsRedirection" && SymbolEqualityComparer.Default.Equals(type, _httpsPolicyExtensions))
            {
                return facts | Facts.Redirect;
            }

            if (name == "UseHsts" && SymbolEqualityComparer.Default.Equals(type, _hstsExtensions))
            {
                return facts | Facts.Hsts;
            }

            if (name.StartsWith("AddRedirectToHttps", System.StringComparison.Ordinal) && SymbolEqualityComparer.Default.Equals(type, _rewriteExtensions))
            {
                return facts | Facts.Redirect;
            }

            if (!type.ContainingNamespace.IsWithinNamespace("Microsoft.AspNetCore"))
            {
                return facts;
            }

            if (name is "MapHealthChecks" or "UseHealthChecks")
            {
                return facts | Facts.HealthChecks;
            }

            if (name.StartsWith("Map", System.StringComparison.Ordinal)
                || ContentMiddleware.Contains(name)
                || name == "Run" && SymbolEqualityComparer.Default.Equals(type, _runExtensions))
            {
                return facts | Facts.Content;
            }

            return facts;
        }
    }
}
