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
/// What each member sets up is read by <see cref="HttpsPipelineFacts"/>; this analyzer only finds the hosts and reports.
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

    /// <summary>Diagnostic property naming the kind of pipeline: <see cref="BuiltApp"/> or <see cref="StartupConfigure"/> (<see cref="PipelineKinds"/>).</summary>
    public const string PipelineKindProperty = PipelineKinds.Property;

    public const string BuiltApp = PipelineKinds.BuiltApp;

    public const string StartupConfigure = PipelineKinds.StartupConfigure;

    private static readonly ImmutableDictionary<string, string?> BuiltAppProperties = PipelineKinds.BuiltAppProperties;

    private static readonly ImmutableDictionary<string, string?> StartupConfigureProperties = PipelineKinds.StartupConfigureProperties;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Rules.MissingHttpsRedirection, Rules.MissingHsts);

    protected override bool IsRelevant(KnownTypes types)
        => types.Has("Microsoft.AspNetCore.Builder.IApplicationBuilder")
            && types.Has("Microsoft.AspNetCore.Builder.HttpsPolicyBuilderExtensions")
            // Test projects host the app in memory (TestServer, WebApplicationFactory): their pipelines are not deployed.
            && !types.HasAny("Microsoft.AspNetCore.TestHost.TestServer", "Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory`1");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var state = new TransportState(new HttpsPipelineFacts(types, HostPipeline.Get(types)));
        context.RegisterOperationAction(state.OnInvocation, OperationKind.Invocation);
        context.RegisterSymbolAction(state.OnMethod, SymbolKind.Method);
    }

    /// <summary>The hosts of one compilation and the verdict on each.</summary>
    private sealed class TransportState
    {
        private readonly HttpsPipelineFacts _facts;
        private readonly HostPipeline _pipeline;

        public TransportState(HttpsPipelineFacts facts)
        {
            _facts = facts;
            _pipeline = facts.Pipeline;
        }

        /// <summary><c>builder.Build()</c> / <c>WebApplication.Create()</c>: a name check first, then the type.</summary>
        public void OnInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.TargetMethod.Name is not ("Build" or "Create") || !_pipeline.IsAppCreation(invocation)
                || context.Options.GetBool(invocation.Syntax.SyntaxTree, TlsTerminatedUpstreamKey)
                || HttpsPipelineFacts.IsSecured(_facts.FactsOf(HostPipeline.ContainingMember(context.ContainingSymbol), invocation, context.CancellationToken)))
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

        private void Decide(System.Action<Diagnostic> report, PipelineHost host, ImmutableDictionary<string, string?> properties, CancellationToken cancellationToken)
        {
            if (_facts.Collect(host, cancellationToken, out var facts) != PipelineWalk.Complete)
            {
                return; // secured, or the app reaches code that cannot be seen
            }

            if (HttpsPipelineFacts.ServesHealthChecksOnly(facts))
            {
                return;
            }

            if ((facts & HttpsFacts.Redirect) == 0)
            {
                report(Diagnostic.Create(Rules.MissingHttpsRedirection, host.Location, properties, host.Name));
            }

            if ((facts & HttpsFacts.Hsts) == 0)
            {
                report(Diagnostic.Create(Rules.MissingHsts, host.Location, properties, host.Name));
            }
        }
    }
}
