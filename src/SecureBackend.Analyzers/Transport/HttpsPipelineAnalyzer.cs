using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Transport;

/// <summary>
/// SB4001 / SB4002: an ASP.NET Core app pipeline that never calls <c>UseHttpsRedirection()</c> / <c>UseHsts()</c>.
/// A pipeline is a method that builds a <c>WebApplication</c> (<c>WebApplicationBuilder.Build()</c>,
/// <c>WebApplication.Create()</c>) and runs it, or a Startup-style <c>Configure(IApplicationBuilder …)</c> method.
/// Calls that receive the app and are declared in this compilation are followed (transitively, across files). When the
/// app escapes to code that cannot be seen — a method of an unknown library, a field, a delegate, a virtual method —
/// nothing is reported.
/// </summary>
/// <remarks>
/// The verdict is given where the pipeline starts, by the callback that finds it (the <c>Build()</c>/<c>Create()</c>
/// invocation, the <c>Configure</c> method symbol), so the diagnostics are local to that document and show live in
/// editors. Only those rare, symbol-matched starts are registered; what the pipeline does is then read from the
/// bodies of the members it reaches, each summarized once per compilation (see <see cref="PipelineState"/>).
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

    private const string ProductionConfigure = "ConfigureProduction";

    private static readonly ImmutableDictionary<string, string?> BuiltAppProperties =
        ImmutableDictionary<string, string?>.Empty.Add(PipelineKindProperty, BuiltApp);

    private static readonly ImmutableDictionary<string, string?> StartupConfigureProperties =
        ImmutableDictionary<string, string?>.Empty.Add(PipelineKindProperty, StartupConfigure);

    private static readonly HashSet<string> RunMethods = NameSet.Of(
        "Run", "RunAsync", "Start", "StartAsync", "WaitForShutdown", "WaitForShutdownAsync");

    /// <summary>Framework calls after which the app has endpoints or middleware other than health checks.</summary>
    private static readonly HashSet<string> ContentMiddleware = NameSet.Of(
        "Use", "UseMiddleware", "UseEndpoints", "UseMvc", "UseMvcWithDefaultRoute", "UseStaticFiles", "UseFileServer",
        "UseDefaultFiles", "UseDirectoryBrowser", "UseSpa", "UseWelcomePage", "UseRouter", "UseWebSockets");

    /// <summary>
    /// Assemblies whose methods may receive the app without hiding an HTTPS set-up: the framework and common
    /// single-purpose middleware packages (logging, OpenAPI UI, metrics, tracing, error reporting, job dashboards).
    /// Any other library receiving the app might configure HTTPS itself, so the pipeline is not reported.
    /// </summary>
    private static readonly string[] KnownLibraryPrefixes =
    {
        "Microsoft.AspNetCore.", "Microsoft.Extensions.", "Microsoft.Net.Http.", "System.", "mscorlib", "netstandard",
        "Microsoft.EntityFrameworkCore", "Microsoft.Identity.", "Microsoft.ApplicationInsights",
        "Swashbuckle.", "NSwag.", "Scalar.AspNetCore", "Serilog", "Hangfire", "Prometheus", "OpenTelemetry",
        "Elastic.Apm", "Sentry", "HealthChecks.", "MiniProfiler",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Rules.MissingHttpsRedirection, Rules.MissingHsts);

    protected override bool IsRelevant(KnownTypes types)
        => types.Has("Microsoft.AspNetCore.Builder.IApplicationBuilder")
            && types.Has("Microsoft.AspNetCore.Builder.HttpsPolicyBuilderExtensions")
            // Test projects host the app in memory (TestServer, WebApplicationFactory): their pipelines are not deployed.
            && !types.HasAny("Microsoft.AspNetCore.TestHost.TestServer", "Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory`1");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var state = new PipelineState(types);
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

    private enum UseKind
    {
        Ignore,
        Escape,
        Run,
        Follow,
    }

    /// <summary>A call that hands the app to a method of this compilation: the method and the parameter receiving it.</summary>
    private readonly struct Edge : System.IEquatable<Edge>
    {
        public Edge(IMethodSymbol method, int ordinal)
        {
            Method = method;
            Ordinal = ordinal;
        }

        public IMethodSymbol Method { get; }

        public int Ordinal { get; }

        public bool Equals(Edge other) => Ordinal == other.Ordinal && SymbolEqualityComparer.Default.Equals(Method, other.Method);

        public override bool Equals(object? obj) => obj is Edge other && Equals(other);

        public override int GetHashCode() => SymbolEqualityComparer.Default.GetHashCode(Method) * 31 + Ordinal;
    }

    /// <summary>How a parameter that receives the app is used in its method.</summary>
    private sealed class ParameterUses
    {
        public bool Escapes;

        public readonly List<Edge> Edges = new();
    }

    /// <summary>
    /// What one member (method, accessor, top-level statements; its lambdas and local functions included) contributes
    /// to a pipeline: the facts found in its body, the middleware classes of the compilation it registers with
    /// <c>UseMiddleware&lt;T&gt;()</c>, and how each of its (and its local functions') app-typed parameters is used.
    /// </summary>
    private sealed class MemberSummary
    {
        public static readonly MemberSummary Empty = new(Facts.None, null, null);

        public MemberSummary(Facts facts, List<INamedTypeSymbol>? middleware, Dictionary<Edge, ParameterUses>? parameters)
        {
            Facts = facts;
            Middleware = middleware;
            Parameters = parameters;
        }

        public Facts Facts { get; }

        public List<INamedTypeSymbol>? Middleware { get; }

        public Dictionary<Edge, ParameterUses>? Parameters { get; }
    }

    /// <summary>Where a pipeline starts and how the app is used in that member.</summary>
    private readonly struct Root
    {
        public Root(ISymbol member, Location location, string name, bool escapes, List<Edge> edges)
        {
            Member = member;
            Location = location;
            Name = name;
            Escapes = escapes;
            Edges = edges;
        }

        public ISymbol Member { get; }

        public Location Location { get; }

        public string Name { get; }

        public bool Escapes { get; }

        public List<Edge> Edges { get; }
    }

    /// <summary>
    /// The symbols of one compilation and the member summaries computed so far. A summary is computed the first time a
    /// pipeline reaches the member, from the member's bound body, and shared by every pipeline of the compilation.
    /// </summary>
    private sealed class PipelineState
    {
        private readonly Compilation _compilation;
        private readonly INamedTypeSymbol? _webApplication;
        private readonly INamedTypeSymbol? _webApplicationBuilder;
        private readonly INamedTypeSymbol? _applicationBuilder;
        private readonly INamedTypeSymbol? _endpointRouteBuilder;
        private readonly INamedTypeSymbol? _host;
        private readonly INamedTypeSymbol? _httpsPolicyExtensions;
        private readonly INamedTypeSymbol? _hstsExtensions;
        private readonly INamedTypeSymbol? _rewriteExtensions;
        private readonly INamedTypeSymbol? _requireHttps;
        private readonly INamedTypeSymbol? _httpRequest;
        private readonly INamedTypeSymbol? _headerNames;
        private readonly INamedTypeSymbol? _headerDictionary;
        private readonly INamedTypeSymbol? _runExtensions;
        private readonly INamedTypeSymbol? _startupInterface;

        private readonly ConcurrentDictionary<ISymbol, MemberSummary> _summaries = new(SymbolEqualityComparer.Default);

        public PipelineState(KnownTypes types)
        {
            _compilation = types.Compilation;
            _webApplication = types.Get("Microsoft.AspNetCore.Builder.WebApplication");
            _webApplicationBuilder = types.Get("Microsoft.AspNetCore.Builder.WebApplicationBuilder");
            _applicationBuilder = types.Get("Microsoft.AspNetCore.Builder.IApplicationBuilder");
            _endpointRouteBuilder = types.Get("Microsoft.AspNetCore.Routing.IEndpointRouteBuilder");
            _host = types.Get("Microsoft.Extensions.Hosting.IHost");
            _httpsPolicyExtensions = types.Get("Microsoft.AspNetCore.Builder.HttpsPolicyBuilderExtensions");
            _hstsExtensions = types.Get("Microsoft.AspNetCore.Builder.HstsBuilderExtensions");
            _rewriteExtensions = types.Get("Microsoft.AspNetCore.Rewrite.RewriteOptionsExtensions");
            _requireHttps = types.Get("Microsoft.AspNetCore.Mvc.RequireHttpsAttribute");
            _httpRequest = types.Get("Microsoft.AspNetCore.Http.HttpRequest");
            _headerNames = types.Get("Microsoft.Net.Http.Headers.HeaderNames");
            _headerDictionary = types.Get("Microsoft.AspNetCore.Http.IHeaderDictionary");
            _runExtensions = types.Get("Microsoft.AspNetCore.Builder.RunExtensions");
            _startupInterface = types.Get("Microsoft.AspNetCore.Hosting.IStartup");
        }

        // ---- pipeline starts

        /// <summary><c>builder.Build()</c> / <c>WebApplication.Create()</c>: a name check first, then the type.</summary>
        public void OnInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "Build" when SymbolEqualityComparer.Default.Equals(method.ContainingType, _webApplicationBuilder):
                case "Create" when method.IsStatic && SymbolEqualityComparer.Default.Equals(method.ContainingType, _webApplication):
                    OnAppCreated(context, invocation);
                    break;
            }
        }

        private void OnAppCreated(OperationAnalysisContext context, IInvocationOperation creation)
        {
            if (context.Options.GetBool(creation.Syntax.SyntaxTree, TlsTerminatedUpstreamKey)
                || IsSecured(FactsOf(ContainingMember(context.ContainingSymbol), creation, context.CancellationToken)))
            {
                return; // the common case: the member that builds the app also sets up both (facts only ever add up)
            }

            IOperation value = creation;
            while (value.Parent is IConversionOperation or IParenthesizedOperation)
            {
                value = value.Parent;
            }

            ILocalSymbol? local = null;
            switch (value.Parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    local = declarator.Symbol;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value:
                    local = target.Local;
                    break;
                case IInvocationOperation run when run.Instance == value:
                    // builder.Build().Run(): the app has an empty pipeline.
                    if (IsRun(run.TargetMethod))
                    {
                        Decide(GeneratedCode.Filter(context.ReportDiagnostic, context.Options, context.CancellationToken), RootOf(context, creation, escapes: false, new List<Edge>()), BuiltAppProperties, creation, context.CancellationToken);
                    }

                    return;
                default:
                    // Returned, stored in a field or passed on: whoever runs it owns the pipeline.
                    return;
            }

            var root = creation.GetRoot();
            var writes = new List<LocalWrite>();
            if (!LocalValues.CollectWrites(root, local, writes) || writes.Count != 1)
            {
                return;
            }

            var edges = new List<Edge>();
            var escapes = false;
            var runs = false;
            foreach (var operation in root.Descendants())
            {
                if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    continue;
                }

                switch (ClassifyUse(reference, out var edge))
                {
                    case UseKind.Escape:
                        escapes = true;
                        break;
                    case UseKind.Run:
                        runs = true;
                        break;
                    case UseKind.Follow:
                        edges.Add(edge);
                        break;
                }
            }

            if (runs && !escapes)
            {
                Decide(GeneratedCode.Filter(context.ReportDiagnostic, context.Options, context.CancellationToken), RootOf(context, creation, escapes, edges), BuiltAppProperties, creation, context.CancellationToken);
            }
        }

        private static Root RootOf(OperationAnalysisContext context, IInvocationOperation creation, bool escapes, List<Edge> edges)
        {
            var name = creation.Instance?.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax receiver
                ? receiver.Identifier.ValueText + "." + creation.TargetMethod.Name + "()"
                : creation.TargetMethod.ContainingType.Name + "." + creation.TargetMethod.Name + "()";
            return new Root(ContainingMember(context.ContainingSymbol), creation.Syntax.GetLocation(), name, escapes, edges);
        }

        /// <summary>A Startup-style <c>Configure(IApplicationBuilder …)</c> method: a name check first.</summary>
        public void OnMethod(SymbolAnalysisContext context)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (method.Name is not ("Configure" or ProductionConfigure) || method.IsAbstract || method.IsOverride || method.IsStatic && method.ContainingType.IsStatic
                || method.DeclaringSyntaxReferences.IsEmpty || method.ContainingType is not { TypeKind: TypeKind.Class, IsAbstract: false } type)
            {
                return;
            }

            var ordinal = -1;
            foreach (var parameter in method.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, _applicationBuilder))
                {
                    ordinal = parameter.Ordinal;
                    break;
                }
            }

            if (ordinal < 0 || !IsStartupClass(type)
                || method.Name == "Configure" && HasMethod(type, ProductionConfigure))
            {
                return; // ConfigureProduction replaces Configure in production
            }

            var location = method.Locations.IsEmpty ? Location.None : method.Locations[0];
            if (location.SourceTree is not { } tree || context.Options.GetBool(tree, TlsTerminatedUpstreamKey))
            {
                return;
            }

            var root = new Root(method, location, type.Name + "." + method.Name, escapes: false, new List<Edge> { new(method.OriginalDefinition, ordinal) });
            Decide(GeneratedCode.Filter(context.ReportDiagnostic, context.Options, context.CancellationToken), root, StartupConfigureProperties, known: null, context.CancellationToken);
        }

        /// <summary>
        /// A conventional Startup class: implements <c>IStartup</c>, declares <c>ConfigureServices</c>, or is named
        /// <c>Startup</c>. The Development-only <c>StartupDevelopment</c> class is left alone.
        /// </summary>
        private bool IsStartupClass(INamedTypeSymbol type)
            => type.Name != "StartupDevelopment"
                && (type.Name == "Startup" || HasMethod(type, "ConfigureServices") || type.IsOrImplements(_startupInterface));

        private static bool HasMethod(INamedTypeSymbol type, string name)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary })
                {
                    return true;
                }
            }

            return false;
        }

        // ---- verdict

        /// <param name="known">An operation of the root member's body, whose bound tree is reused for its summary.</param>
        private void Decide(System.Action<Diagnostic> report, Root root, ImmutableDictionary<string, string?> properties, IOperation? known, CancellationToken cancellationToken)
        {
            if (root.Escapes || !TryCollectFacts(root, known, cancellationToken, out var facts)
                || (facts & Facts.HealthChecks) != 0 && (facts & Facts.Content) == 0)
            {
                return;
            }

            if ((facts & Facts.Redirect) == 0)
            {
                report(Diagnostic.Create(Rules.MissingHttpsRedirection, root.Location, properties, root.Name));
            }

            if ((facts & Facts.Hsts) == 0)
            {
                report(Diagnostic.Create(Rules.MissingHsts, root.Location, properties, root.Name));
            }
        }

        /// <summary>Both redirection and HSTS are set up: nothing can be reported, whatever else the pipeline does.</summary>
        private static bool IsSecured(Facts facts) => (facts & (Facts.Redirect | Facts.Hsts)) == (Facts.Redirect | Facts.Hsts);

        /// <summary>
        /// Unions the facts of the root's member and of every method the app reaches; false when it escapes (and, as
        /// nothing would be reported either, as soon as both redirection and HSTS are found).
        /// </summary>
        private bool TryCollectFacts(Root root, IOperation? known, CancellationToken cancellationToken, out Facts facts)
        {
            facts = FactsOf(root.Member, known, cancellationToken);
            if (IsSecured(facts))
            {
                return false;
            }

            var visited = new HashSet<Edge>();
            var pending = new Stack<Edge>(root.Edges);
            while (pending.Count > 0)
            {
                var edge = pending.Pop();
                if (!visited.Add(edge))
                {
                    continue;
                }

                var member = ContainingMember(edge.Method);
                facts |= FactsOf(member, null, cancellationToken);
                if (IsSecured(facts))
                {
                    return false;
                }

                if (Summarize(member, null, cancellationToken).Parameters is not { } parameters || !parameters.TryGetValue(edge, out var uses))
                {
                    continue; // the parameter is never used
                }

                if (uses.Escapes)
                {
                    return false;
                }

                foreach (var next in uses.Edges)
                {
                    pending.Push(next);
                }
            }

            return true;
        }

        /// <summary>The member's facts, with those of the middleware classes it registers with <c>UseMiddleware&lt;T&gt;()</c>.</summary>
        private Facts FactsOf(ISymbol member, IOperation? known, CancellationToken cancellationToken)
        {
            var summary = Summarize(member, known, cancellationToken);
            var facts = summary.Facts;
            if (summary.Middleware is { } middlewareTypes)
            {
                foreach (var middleware in middlewareTypes)
                {
                    foreach (var candidate in middleware.GetMembers())
                    {
                        if (candidate is IMethodSymbol)
                        {
                            facts |= Summarize(candidate, null, cancellationToken).Facts & (Facts.Redirect | Facts.Hsts);
                        }
                    }
                }
            }

            return facts;
        }

        // ---- member summaries

        private MemberSummary Summarize(ISymbol member, IOperation? known, CancellationToken cancellationToken)
        {
            if (_summaries.TryGetValue(member, out var summary))
            {
                return summary;
            }

            summary = Compute(member, known, cancellationToken);
            return _summaries.GetOrAdd(member, summary);
        }

        /// <summary>One walk of every body the member declares (a partial method's implementation part).</summary>
        private MemberSummary Compute(ISymbol member, IOperation? known, CancellationToken cancellationToken)
        {
            var declared = member is IMethodSymbol { PartialImplementationPart: { } implementation } ? implementation : member;
            var builder = new SummaryBuilder(this);
            foreach (var reference in declared.DeclaringSyntaxReferences)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (GetBody(reference, known, cancellationToken) is { } body)
                {
                    builder.Add(body);
                }
            }

            return builder.ToSummary();
        }

        /// <summary>
        /// The bound body declared at <paramref name="reference"/>. Inside the document being analyzed, the tree of
        /// <paramref name="known"/> is reused; elsewhere (a method of another file that receives the app) the body is
        /// bound through the compilation's semantic model. That happens only for the few members a pipeline reaches,
        /// once per compilation each, and it is what lets the verdict be given live in the pipeline's own document.
        /// </summary>
        private IOperation? GetBody(SyntaxReference reference, IOperation? known, CancellationToken cancellationToken)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (known?.GetRoot() is { } root && root.Syntax.SyntaxTree == syntax.SyntaxTree && syntax.Span.Contains(root.Syntax.Span))
            {
                return root;
            }

            var model = known?.SemanticModel is { } knownModel && knownModel.SyntaxTree == syntax.SyntaxTree
                ? knownModel
                : _compilation.GetSemanticModel(syntax.SyntaxTree);
            return model.GetOperation(syntax, cancellationToken);
        }

        /// <summary>Collects one member's facts and parameter uses.</summary>
        private sealed class SummaryBuilder
        {
            private readonly PipelineState _state;
            private Facts _facts;
            private List<INamedTypeSymbol>? _middleware;
            private Dictionary<Edge, ParameterUses>? _parameters;

            public SummaryBuilder(PipelineState state) => _state = state;

            public void Add(IOperation body)
            {
                var state = _state;
                foreach (var operation in body.DescendantsAndSelf())
                {
                    switch (operation)
                    {
                        case IInvocationOperation invocation:
                            AddInvocation(invocation);
                            break;

                        case IObjectCreationOperation creation when state._requireHttps is not null && creation.Type.InheritsFromOrEquals(state._requireHttps):
                            _facts |= Facts.Redirect;
                            break;

                        // A hand-written redirect middleware reads Request.IsHttps.
                        case IPropertyReferenceOperation { Property: { Name: "IsHttps" } property }
                            when SymbolEqualityComparer.Default.Equals(property.ContainingType, state._httpRequest):
                            _facts |= Facts.Redirect;
                            break;

                        // A hand-written HSTS header: Headers.StrictTransportSecurity = …, HeaderNames.StrictTransportSecurity.
                        case IPropertyReferenceOperation { Property: { Name: "StrictTransportSecurity" } headerProperty }
                            when headerProperty.ContainingType.IsOrImplements(state._headerDictionary):
                            _facts |= Facts.Hsts;
                            break;

                        case IFieldReferenceOperation { Field: { Name: "StrictTransportSecurity" } field }
                            when SymbolEqualityComparer.Default.Equals(field.ContainingType, state._headerNames):
                            _facts |= Facts.Hsts;
                            break;

                        case ILiteralOperation literal
                            when literal.TryGetConstantString(out var text) && string.Equals(text, "Strict-Transport-Security", System.StringComparison.OrdinalIgnoreCase):
                            _facts |= Facts.Hsts;
                            break;

                        case IParameterReferenceOperation reference:
                            AddParameterUse(reference);
                            break;
                    }
                }
            }

            public MemberSummary ToSummary()
                => _facts == Facts.None && _middleware is null && _parameters is null ? MemberSummary.Empty : new MemberSummary(_facts, _middleware, _parameters);

            private void AddInvocation(IInvocationOperation invocation)
            {
                var state = _state;
                var method = invocation.TargetMethod;
                if (method.ContainingType is not { } type)
                {
                    return;
                }

                _facts |= state.Classify(method, type);

                // app.UseMiddleware<T>() with T of this compilation: T's code is part of the pipeline.
                if (method.Name == "UseMiddleware" && method.TypeArguments.Length == 1 && method.TypeArguments[0] is INamedTypeSymbol middleware
                    && SymbolEqualityComparer.Default.Equals(middleware.ContainingAssembly, state._compilation.Assembly))
                {
                    (_middleware ??= new List<INamedTypeSymbol>()).Add(middleware);
                }

                if (!method.TypeArguments.IsEmpty && state._requireHttps is not null)
                {
                    foreach (var argument in method.TypeArguments)
                    {
                        if (SymbolEqualityComparer.Default.Equals(argument, state._requireHttps))
                        {
                            _facts |= Facts.Redirect;
                        }
                    }
                }
            }

            private void AddParameterUse(IParameterReferenceOperation reference)
            {
                var parameter = reference.Parameter;
                if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction } method
                    || !_state.IsAppType(parameter.Type))
                {
                    return; // edges lead only to ordinary methods and local functions
                }

                _parameters ??= new Dictionary<Edge, ParameterUses>();
                var key = new Edge(method.OriginalDefinition, parameter.Ordinal);
                if (!_parameters.TryGetValue(key, out var uses))
                {
                    uses = new ParameterUses();
                    _parameters.Add(key, uses);
                }

                switch (_state.ClassifyUse(reference, out var edge))
                {
                    case UseKind.Escape:
                        uses.Escapes = true;
                        break;
                    case UseKind.Follow:
                        uses.Edges.Add(edge);
                        break;
                }
            }
        }

        private Facts Classify(IMethodSymbol method, INamedTypeSymbol type)
        {
            var name = method.Name;
            if (name == "UseHttpsRedirection" && SymbolEqualityComparer.Default.Equals(type, _httpsPolicyExtensions))
            {
                return Facts.Redirect;
            }

            if (name == "UseHsts" && SymbolEqualityComparer.Default.Equals(type, _hstsExtensions))
            {
                return Facts.Hsts;
            }

            if (name.StartsWith("AddRedirectToHttps", System.StringComparison.Ordinal) && SymbolEqualityComparer.Default.Equals(type, _rewriteExtensions))
            {
                return Facts.Redirect;
            }

            if (!type.ContainingNamespace.IsWithinNamespace("Microsoft.AspNetCore"))
            {
                return Facts.None;
            }

            if (name is "MapHealthChecks" or "UseHealthChecks")
            {
                return Facts.HealthChecks;
            }

            if (name.StartsWith("Map", System.StringComparison.Ordinal)
                || ContentMiddleware.Contains(name)
                || name == "Run" && SymbolEqualityComparer.Default.Equals(type, _runExtensions))
            {
                return Facts.Content;
            }

            return Facts.None;
        }

        private bool IsAppType(ITypeSymbol type)
            => SymbolEqualityComparer.Default.Equals(type, _webApplication)
                || SymbolEqualityComparer.Default.Equals(type, _applicationBuilder)
                || SymbolEqualityComparer.Default.Equals(type, _endpointRouteBuilder)
                || SymbolEqualityComparer.Default.Equals(type, _host);

        // ---- how the app is used

        private UseKind ClassifyUse(IOperation reference, out Edge edge)
        {
            edge = default;
            var value = reference;
            while (value.Parent is IConversionOperation or IParenthesizedOperation)
            {
                value = value.Parent;
            }

            switch (value.Parent)
            {
                case IInvocationOperation invocation when invocation.Instance == value:
                    return IsRun(invocation.TargetMethod) ? UseKind.Run : UseKind.Ignore;

                case IMemberReferenceOperation member when member.Instance == value:
                    return UseKind.Ignore;

                case ISimpleAssignmentOperation assignment when assignment.Target == value:
                case INameOfOperation:
                // Fluent helpers return the app they were given; the caller's own uses are tracked there.
                case IReturnOperation:
                    return UseKind.Ignore;

                case IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation invocation }:
                    var method = invocation.TargetMethod;
                    if (IsFollowable(method))
                    {
                        // Only parameters typed as the app are summarized; an object/generic parameter may store it anywhere.
                        if (!IsAppType(parameter.OriginalDefinition.Type))
                        {
                            return UseKind.Escape;
                        }

                        edge = new Edge(method.OriginalDefinition, parameter.Ordinal);
                        return UseKind.Follow;
                    }

                    if (IsRun(method))
                    {
                        return UseKind.Run;
                    }

                    return IsKnownLibrary(method.ContainingAssembly) ? UseKind.Ignore : UseKind.Escape;

                case IArgumentOperation { Parent: IObjectCreationOperation { Constructor: { } constructor } }:
                    return IsKnownLibrary(constructor.ContainingAssembly) ? UseKind.Ignore : UseKind.Escape;

                default:
                    return UseKind.Escape;
            }
        }

        private bool IsRun(IMethodSymbol method)
        {
            if (!RunMethods.Contains(method.Name))
            {
                return false;
            }

            var type = method.ContainingType;
            return SymbolEqualityComparer.Default.Equals(type, _webApplication)
                || SymbolEqualityComparer.Default.Equals(type, _host)
                || (type is not null && type.ContainingNamespace.IsNamespace("Microsoft.Extensions.Hosting"));
        }

        private bool IsFollowable(IMethodSymbol method)
        {
            if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction)
                || method.IsAbstract || method.IsExtern
                || (method.IsVirtual || method.IsOverride) && method.ContainingType is { IsSealed: false }
                || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly))
            {
                return false;
            }

            var definition = method.OriginalDefinition;
            return !definition.DeclaringSyntaxReferences.IsEmpty && (!definition.IsPartialDefinition || definition.PartialImplementationPart is not null);
        }

        private static bool IsKnownLibrary(IAssemblySymbol? assembly)
        {
            var name = assembly?.Name;
            if (name is null)
            {
                return false;
            }

            foreach (var prefix in KnownLibraryPrefixes)
            {
                if (name.StartsWith(prefix, System.StringComparison.Ordinal) || name == prefix.TrimEnd('.'))
                {
                    return true;
                }
            }

            return false;
        }

        private static ISymbol ContainingMember(ISymbol symbol)
        {
            var current = symbol;
            while (current is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } && current.ContainingSymbol is { } parent)
            {
                current = parent;
            }

            return current;
        }
    }
}
