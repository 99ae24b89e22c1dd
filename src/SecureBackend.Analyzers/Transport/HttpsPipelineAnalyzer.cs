using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Transport;

/// <summary>
/// SB4001 / SB4002: an ASP.NET Core app pipeline that never calls <c>UseHttpsRedirection()</c> / <c>UseHsts()</c>.
/// A pipeline is a method that builds a <c>WebApplication</c> (<c>WebApplicationBuilder.Build()</c>,
/// <c>WebApplication.Create()</c>) and runs it, or a Startup-style <c>Configure(IApplicationBuilder …)</c> method.
/// Calls that receive the app and are declared in this compilation are followed (transitively, across files), which is
/// why the verdict is given at compilation end. When the app escapes to code that cannot be seen — a method of an
/// unknown library, a field, a delegate, a virtual method — nothing is reported.
/// </summary>
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

    private static readonly ImmutableHashSet<string> RunMethods = ImmutableHashSet.Create(
        "Run", "RunAsync", "Start", "StartAsync", "WaitForShutdown", "WaitForShutdownAsync");

    /// <summary>Framework calls after which the app has endpoints or middleware other than health checks.</summary>
    private static readonly ImmutableHashSet<string> ContentMiddleware = ImmutableHashSet.Create(
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
        context.RegisterOperationAction(state.OnObjectCreation, OperationKind.ObjectCreation);
        context.RegisterOperationAction(state.OnMemberReference, OperationKind.PropertyReference, OperationKind.FieldReference);
        context.RegisterOperationAction(state.OnLiteral, OperationKind.Literal);
        context.RegisterOperationAction(state.OnParameterReference, OperationKind.ParameterReference);
        context.RegisterSymbolAction(state.OnMethod, SymbolKind.Method);
        context.RegisterCompilationEndAction(state.OnCompilationEnd);
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

    private sealed class Root
    {
        public Root(ISymbol member, Location location, string name, string kind, bool escapes, List<Edge> edges)
        {
            Member = member;
            Location = location;
            Name = name;
            Kind = kind;
            Escapes = escapes;
            Edges = edges;
        }

        public ISymbol Member { get; }

        public Location Location { get; }

        public string Name { get; }

        public string Kind { get; }

        public bool Escapes { get; }

        public List<Edge> Edges { get; }
    }

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

        private readonly ConcurrentDictionary<ISymbol, Facts> _facts = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, ImmutableHashSet<INamedTypeSymbol>> _middleware = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<Edge, ParameterUses> _parameters = new();
        private readonly ConcurrentQueue<Root> _roots = new();

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

        // ---- facts per member (method, accessor, top-level statements); lambdas and local functions count for their member

        public void OnInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (type is null)
            {
                return;
            }

            if (method.Name == "Build" && SymbolEqualityComparer.Default.Equals(type, _webApplicationBuilder)
                || method.Name == "Create" && method.IsStatic && SymbolEqualityComparer.Default.Equals(type, _webApplication))
            {
                OnAppCreated(context, invocation);
                return;
            }

            var facts = Classify(method, type);
            if (facts != Facts.None)
            {
                AddFacts(context.ContainingSymbol, facts);
            }

            // app.UseMiddleware<T>() with T of this compilation: T's code is part of the pipeline.
            if (method.Name == "UseMiddleware" && method.TypeArguments.Length == 1 && method.TypeArguments[0] is INamedTypeSymbol middleware
                && SymbolEqualityComparer.Default.Equals(middleware.ContainingAssembly, _compilation.Assembly))
            {
                _middleware.AddOrUpdate(ContainingMember(context.ContainingSymbol), ImmutableHashSet.Create<INamedTypeSymbol>(SymbolEqualityComparer.Default, middleware), (_, set) => set.Add(middleware));
            }

            if (!method.TypeArguments.IsEmpty && _requireHttps is not null)
            {
                foreach (var argument in method.TypeArguments)
                {
                    if (SymbolEqualityComparer.Default.Equals(argument, _requireHttps))
                    {
                        AddFacts(context.ContainingSymbol, Facts.Redirect);
                    }
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

            if (!IsAspNetCore(type.ContainingNamespace))
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

        private static bool IsAspNetCore(INamespaceSymbol? ns)
        {
            for (; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
            {
                if (ns.Name == "AspNetCore" && ns.ContainingNamespace is { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true })
                {
                    return true;
                }
            }

            return false;
        }

        public void OnObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (_requireHttps is not null && creation.Type.InheritsFromOrEquals(_requireHttps))
            {
                AddFacts(context.ContainingSymbol, Facts.Redirect);
            }
        }

        public void OnMemberReference(OperationAnalysisContext context)
        {
            switch (context.Operation)
            {
                // A hand-written redirect middleware reads Request.IsHttps.
                case IPropertyReferenceOperation { Property: { Name: "IsHttps" } property }
                    when SymbolEqualityComparer.Default.Equals(property.ContainingType, _httpRequest):
                    AddFacts(context.ContainingSymbol, Facts.Redirect);
                    break;

                // A hand-written HSTS header: Headers.StrictTransportSecurity = …, HeaderNames.StrictTransportSecurity.
                case IPropertyReferenceOperation { Property: { Name: "StrictTransportSecurity" } headerProperty }
                    when headerProperty.ContainingType.IsOrImplements(_headerDictionary):
                    AddFacts(context.ContainingSymbol, Facts.Hsts);
                    break;

                case IFieldReferenceOperation { Field: { Name: "StrictTransportSecurity" } field }
                    when SymbolEqualityComparer.Default.Equals(field.ContainingType, _headerNames):
                    AddFacts(context.ContainingSymbol, Facts.Hsts);
                    break;
            }
        }

        public void OnLiteral(OperationAnalysisContext context)
        {
            if (context.Operation.ConstantValue is { HasValue: true, Value: string text }
                && string.Equals(text, "Strict-Transport-Security", System.StringComparison.OrdinalIgnoreCase))
            {
                AddFacts(context.ContainingSymbol, Facts.Hsts);
            }
        }

        private void AddFacts(ISymbol member, Facts facts)
            => _facts.AddOrUpdate(ContainingMember(member), facts, (_, existing) => existing | facts);

        /// <summary>The member's facts, with those of the middleware classes it registers with <c>UseMiddleware&lt;T&gt;()</c>.</summary>
        private Facts FactsOf(ISymbol member)
        {
            var facts = _facts.TryGetValue(member, out var own) ? own : Facts.None;
            if (_middleware.TryGetValue(member, out var middlewareTypes))
            {
                foreach (var middleware in middlewareTypes)
                {
                    foreach (var candidate in middleware.GetMembers())
                    {
                        if (candidate is IMethodSymbol && _facts.TryGetValue(candidate, out var middlewareFacts))
                        {
                            facts |= middlewareFacts & (Facts.Redirect | Facts.Hsts);
                        }
                    }
                }
            }

            return facts;
        }

        // ---- parameters that receive the app

        public void OnParameterReference(OperationAnalysisContext context)
        {
            var reference = (IParameterReferenceOperation)context.Operation;
            var parameter = reference.Parameter;
            if (!IsAppType(parameter.Type) || parameter.ContainingSymbol is not IMethodSymbol method)
            {
                return;
            }

            var uses = _parameters.GetOrAdd(new Edge(method.OriginalDefinition, parameter.Ordinal), static _ => new ParameterUses());
            var kind = ClassifyUse(reference, out var edge);
            lock (uses)
            {
                if (kind == UseKind.Escape)
                {
                    uses.Escapes = true;
                }
                else if (kind == UseKind.Follow)
                {
                    uses.Edges.Add(edge);
                }
            }
        }

        private bool IsAppType(ITypeSymbol type)
            => SymbolEqualityComparer.Default.Equals(type, _webApplication)
                || SymbolEqualityComparer.Default.Equals(type, _applicationBuilder)
                || SymbolEqualityComparer.Default.Equals(type, _endpointRouteBuilder)
                || SymbolEqualityComparer.Default.Equals(type, _host);

        // ---- roots

        private void OnAppCreated(OperationAnalysisContext context, IInvocationOperation creation)
        {
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
                        AddRoot(context, creation, escapes: false, new List<Edge>());
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
                AddRoot(context, creation, escapes, edges);
            }
        }

        private void AddRoot(OperationAnalysisContext context, IInvocationOperation creation, bool escapes, List<Edge> edges)
        {
            var syntax = creation.Syntax;
            var name = creation.Instance?.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax receiver
                ? receiver.Identifier.ValueText + "." + creation.TargetMethod.Name + "()"
                : creation.TargetMethod.ContainingType.Name + "." + creation.TargetMethod.Name + "()";
            _roots.Enqueue(new Root(context.ContainingSymbol, syntax.GetLocation(), name, BuiltApp, escapes, edges));
        }

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
            _roots.Enqueue(new Root(method, location, type.Name + "." + method.Name, StartupConfigure, escapes: false,
                new List<Edge> { new(method.OriginalDefinition, ordinal) }));
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
                || type?.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.Hosting";
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

        // ---- verdict

        public void OnCompilationEnd(CompilationAnalysisContext context)
        {
            foreach (var root in _roots)
            {
                var tree = root.Location.SourceTree;
                if (tree is null || context.Options.GetBool(tree, TlsTerminatedUpstreamKey))
                {
                    continue;
                }

                if (!TryCollectFacts(root, out var facts)
                    || (facts & Facts.HealthChecks) != 0 && (facts & Facts.Content) == 0)
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty.Add(PipelineKindProperty, root.Kind);
                if ((facts & Facts.Redirect) == 0)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rules.MissingHttpsRedirection, root.Location, properties, root.Name));
                }

                if ((facts & Facts.Hsts) == 0)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rules.MissingHsts, root.Location, properties, root.Name));
                }
            }
        }

        /// <summary>Unions the facts of the root's member and of every method the app reaches; false when it escapes.</summary>
        private bool TryCollectFacts(Root root, out Facts facts)
        {
            facts = FactsOf(root.Member);
            if (root.Escapes)
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

                facts |= FactsOf(ContainingMember(edge.Method));
                if (!_parameters.TryGetValue(edge, out var uses))
                {
                    continue; // the parameter is never used
                }

                lock (uses)
                {
                    if (uses.Escapes)
                    {
                        return false;
                    }

                    foreach (var next in uses.Edges)
                    {
                        pending.Push(next);
                    }
                }
            }

            return true;
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
