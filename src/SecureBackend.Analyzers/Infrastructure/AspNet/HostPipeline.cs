using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Infrastructure.AspNet;

/// <summary>
/// The model of an ASP.NET Core application's host pipeline, shared by the rules that judge the application as a
/// whole (one verdict per application, at its host).
/// </summary>
/// <remarks>
/// <para>
/// A host is either a member that builds a <c>WebApplication</c> (<c>WebApplicationBuilder.Build()</c>,
/// <c>WebApplication.Create()</c>) into a local and runs it, or the <c>Configure(IApplicationBuilder …)</c> method of a
/// Startup class named by <c>UseStartup&lt;T&gt;()</c> / <c>UseStartup(typeof(T))</c> in the compilation
/// (<c>ConfigureProduction</c> when the class has one). A compilation without either — a class library of modules,
/// plugins or <c>UseXyz</c> extension methods — has no host: a method that merely receives an
/// <c>IApplicationBuilder</c> is never one.
/// </para>
/// <para>
/// From the host the app is followed into the methods of the compilation it is handed to (extension methods,
/// helpers, local functions) and through interface, abstract and virtual calls into every implementation in the
/// compilation (module and plugin hooks run in a loop); <c>IStartupFilter</c> implementations of the compilation and
/// middleware classes registered with <c>UseMiddleware&lt;T&gt;()</c> are part of the pipeline too. When the app
/// escapes to code that cannot be seen — an unknown library, a field, a delegate, a hook whose implementations are
/// all elsewhere — or the walk exceeds <see cref="MaxEdges"/>, the pipeline is incomplete.
/// </para>
/// <para>
/// One instance per compilation (<see cref="Get"/>); what each member does with the app is summarized once, from its
/// bound body, the first time a pipeline reaches it.
/// </para>
/// </remarks>
public sealed class HostPipeline
{
    /// <summary>The most calls a walk follows before it gives up (the pipeline is then incomplete).</summary>
    public const int MaxEdges = 256;

    private const string ProductionConfigure = "ConfigureProduction";

    private const string UseStartup = "UseStartup";

    private static readonly ConditionalWeakTable<Compilation, HostPipeline> Cache = new();
    private static readonly ConditionalWeakTable<Compilation, HostPipeline>.CreateValueCallback Factory = static c => new HostPipeline(KnownTypes.Get(c));

    private static readonly string[] ApplicationWords = { "webapplication" };

    private static readonly string[] StartupWords = { "usestartup" };

    private static readonly HashSet<string> RunMethods = NameSet.Of(
        "Run", "RunAsync", "Start", "StartAsync", "WaitForShutdown", "WaitForShutdownAsync");

    /// <summary>
    /// Assemblies whose methods may receive the app without hiding a pipeline set-up of interest: the framework and
    /// common single-purpose middleware packages (logging, OpenAPI UI, metrics, tracing, error reporting, job
    /// dashboards). Any other library receiving the app might configure anything, so the pipeline is incomplete.
    /// </summary>
    private static readonly string[] KnownLibraryPrefixes =
    {
        "Microsoft.AspNetCore.", "Microsoft.Extensions.", "Microsoft.Net.Http.", "System.", "mscorlib", "netstandard",
        "Microsoft.EntityFrameworkCore", "Microsoft.Identity.", "Microsoft.ApplicationInsights",
        "Swashbuckle.", "NSwag.", "Scalar.AspNetCore", "Serilog", "Hangfire", "Prometheus", "OpenTelemetry",
        "Elastic.Apm", "Sentry", "HealthChecks.", "MiniProfiler",
    };

    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol? _webApplication;
    private readonly INamedTypeSymbol? _webApplicationBuilder;
    private readonly INamedTypeSymbol? _applicationBuilder;
    private readonly INamedTypeSymbol? _endpointRouteBuilder;
    private readonly INamedTypeSymbol? _host;
    private readonly INamedTypeSymbol? _startupFilter;

    private readonly ConcurrentDictionary<ISymbol, MemberUses> _uses = new(SymbolEqualityComparer.Default);
    private readonly object _gate = new();
    private List<INamedTypeSymbol>? _sourceTypes;
    private HashSet<IMethodSymbol>? _startupMethods;
    private List<IMethodSymbol>? _startupFilters;
    private int _isApplication;

    private HostPipeline(KnownTypes types)
    {
        _compilation = types.Compilation;
        _webApplication = types.Get("Microsoft.AspNetCore.Builder.WebApplication");
        _webApplicationBuilder = types.Get("Microsoft.AspNetCore.Builder.WebApplicationBuilder");
        _applicationBuilder = types.Get("Microsoft.AspNetCore.Builder.IApplicationBuilder");
        _endpointRouteBuilder = types.Get("Microsoft.AspNetCore.Routing.IEndpointRouteBuilder");
        _host = types.Get("Microsoft.Extensions.Hosting.IHost");
        _startupFilter = types.Get("Microsoft.AspNetCore.Hosting.IStartupFilter");
    }

    /// <summary>The model of <paramref name="types"/>' compilation, shared by every analyzer.</summary>
    public static HostPipeline Get(KnownTypes types) => Cache.GetValue(types.Compilation, Factory);

    // ---- hosts

    /// <summary>Whether <paramref name="invocation"/> creates a web application: <c>builder.Build()</c>, <c>WebApplication.Create()</c>.</summary>
    public bool IsAppCreation(IInvocationOperation invocation) => IsAppCreationMethod(invocation.TargetMethod);

    private bool IsAppCreationMethod(IMethodSymbol method)
    {
        return method.Name switch
        {
            "Build" => SymbolEqualityComparer.Default.Equals(method.ContainingType, _webApplicationBuilder),
            "Create" => method.IsStatic && SymbolEqualityComparer.Default.Equals(method.ContainingType, _webApplication),
            _ => false,
        };
    }

    /// <summary>
    /// The host started by <paramref name="creation"/> (see <see cref="IsAppCreation"/>) when the app is kept in a
    /// local and run in the same member (or built and run in one expression); null when it is returned, stored or
    /// handed over before it runs — whoever runs it owns the pipeline.
    /// </summary>
    public PipelineHost? BuiltApp(IInvocationOperation creation, ISymbol containingSymbol)
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
                return IsRun(run.TargetMethod) ? HostOf(creation, containingSymbol, new List<PipelineEdge>()) : null;
            default:
                return null;
        }

        var index = LocalFlowIndex.For(creation);
        if (!index.TryGetWrites(local, out var writes) || writes.Count != 1)
        {
            return null;
        }

        var edges = new List<PipelineEdge>();
        var runs = false;
        foreach (var reference in index.GetReferences(local))
        {
            switch (ClassifyUse(reference, out var edge))
            {
                case UseKind.Escape:
                    return null;
                case UseKind.Run:
                    runs = true;
                    break;
                case UseKind.Follow:
                    edges.Add(edge);
                    break;
            }
        }

        return runs ? HostOf(creation, containingSymbol, edges) : null;
    }

    /// <summary>
    /// Whether the compilation is an application rather than a library: it builds a <c>WebApplication</c>
    /// (<c>WebApplicationBuilder.Build()</c>, <c>WebApplication.Create()</c>) or names a Startup class of its own with
    /// <c>UseStartup</c>. For rules that report at an application's endpoints rather than at its host; found once per
    /// compilation, binding only the <c>Build()</c>/<c>Create()</c> calls of files that mention <c>WebApplication</c>.
    /// </summary>
    public bool IsApplication(CancellationToken cancellationToken)
    {
        var known = Volatile.Read(ref _isApplication);
        if (known != 0)
        {
            return known == 2;
        }

        var found = _applicationBuilder is not null && (BuildsApp(cancellationToken) || StartupMethods(cancellationToken).Count > 0);
        Volatile.Write(ref _isApplication, found ? 2 : 1);
        return found;
    }

    private bool BuildsApp(CancellationToken cancellationToken)
    {
        if (_webApplication is null)
        {
            return false;
        }

        foreach (var tree in _compilation.SyntaxTrees)
        {
            if (!SourceTextSearch.MentionsAny(tree.GetText(cancellationToken), ApplicationWords))
            {
                continue;
            }

            SemanticModel? model = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Build" or "Create" } } invocation)
                {
                    // Only the Build()/Create() calls of files naming WebApplication are bound, once per compilation.
                    model ??= SemanticModels.Of(_compilation, tree);
                    if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method && IsAppCreationMethod(method))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static PipelineHost HostOf(IInvocationOperation creation, ISymbol containingSymbol, List<PipelineEdge> edges)
    {
        var name = creation.Instance?.Syntax is IdentifierNameSyntax receiver
            ? receiver.Identifier.ValueText + "." + creation.TargetMethod.Name + "()"
            : creation.TargetMethod.ContainingType.Name + "." + creation.TargetMethod.Name + "()";
        return new PipelineHost(PipelineHostKind.BuiltApp, ContainingMember(containingSymbol), creation.Syntax.GetLocation(), name, creation, edges);
    }

    /// <summary>
    /// The host whose pipeline is <paramref name="method"/>: the <c>Configure</c> (or <c>ConfigureProduction</c>)
    /// method of a Startup class that <c>UseStartup</c> names somewhere in the compilation; null for any other method.
    /// </summary>
    public PipelineHost? Startup(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.Name is not ("Configure" or ProductionConfigure) || method.MethodKind != MethodKind.Ordinary
            || method.IsAbstract || method.DeclaringSyntaxReferences.IsEmpty || AppParameter(method) < 0
            || !StartupMethods(cancellationToken).Contains(method.OriginalDefinition))
        {
            return null;
        }

        var location = method.Locations.IsEmpty ? Location.None : method.Locations[0];
        var edges = new List<PipelineEdge> { new(method.OriginalDefinition, AppParameter(method), dispatched: false) };
        return new PipelineHost(PipelineHostKind.StartupConfigure, method, location, method.ContainingType.Name + "." + method.Name, null, edges);
    }

    private int AppParameter(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, _applicationBuilder))
            {
                return parameter.Ordinal;
            }
        }

        return -1;
    }

    /// <summary>The pipeline methods of the Startup classes named by <c>UseStartup</c>, found once per compilation.</summary>
    private HashSet<IMethodSymbol> StartupMethods(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _startupMethods) is { } known)
        {
            return known;
        }

        var methods = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var startup in FindStartupTypes(cancellationToken))
        {
            if (FindConfigure(startup) is { } configure)
            {
                methods.Add(configure.OriginalDefinition);
            }
        }

        lock (_gate)
        {
            return _startupMethods ??= methods;
        }
    }

    /// <summary>
    /// The classes named by <c>UseStartup&lt;T&gt;()</c>, <c>UseStartup&lt;T&gt;(factory)</c> or
    /// <c>UseStartup(typeof(T))</c> in the compilation. Only invocations spelled <c>UseStartup</c> are bound.
    /// </summary>
    private List<INamedTypeSymbol> FindStartupTypes(CancellationToken cancellationToken)
    {
        var types = new List<INamedTypeSymbol>();
        foreach (var tree in _compilation.SyntaxTrees)
        {
            if (!SourceTextSearch.MentionsAny(tree.GetText(cancellationToken), StartupWords))
            {
                continue; // most files: a copy of the text, no syntax walk
            }

            SemanticModel? model = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax invocation)
                {
                    continue;
                }

                var name = invocation.Expression switch
                {
                    MemberAccessExpressionSyntax member => member.Name,
                    SimpleNameSyntax simple => simple,
                    _ => null,
                };
                if (name is null || name.Identifier.ValueText != UseStartup)
                {
                    continue;
                }

                // The few trees that name UseStartup are bound once per compilation.
                model ??= SemanticModels.Of(_compilation, tree);
                if (model.GetOperation(invocation, cancellationToken) is IInvocationOperation operation
                    && StartupTypeOf(operation) is { } startup
                    && SymbolEqualityComparer.Default.Equals(startup.ContainingAssembly, _compilation.Assembly))
                {
                    types.Add(startup);
                }
            }
        }

        return types;
    }

    private static INamedTypeSymbol? StartupTypeOf(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name != UseStartup || method.ContainingType is not { } type || !type.ContainingNamespace.IsWithinNamespace("Microsoft.AspNetCore.Hosting"))
        {
            return null;
        }

        if (method.TypeArguments.Length == 1)
        {
            return method.TypeArguments[0] as INamedTypeSymbol is { TypeKind: TypeKind.Class } generic ? generic : null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value.WalkDownConversions() is ITypeOfOperation { TypeOperand: INamedTypeSymbol { TypeKind: TypeKind.Class } operand })
            {
                return operand;
            }
        }

        return null;
    }

    /// <summary>The Startup's pipeline method, declared on the class or inherited: <c>ConfigureProduction</c> wins over <c>Configure</c>.</summary>
    private IMethodSymbol? FindConfigure(INamedTypeSymbol startup)
    {
        if (startup.IsAbstract)
        {
            return null;
        }

        for (var type = startup; type is not null; type = type.BaseType)
        {
            if ((FindMethod(type, ProductionConfigure) ?? FindMethod(type, "Configure")) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private IMethodSymbol? FindMethod(INamedTypeSymbol type, string name)
    {
        foreach (var member in type.GetMembers(name))
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsAbstract: false } method && AppParameter(method) >= 0)
            {
                return method;
            }
        }

        return null;
    }

    // ---- walking a pipeline

    /// <summary>
    /// Hands <paramref name="visitor"/> every member of <paramref name="host"/>'s pipeline once: the host member,
    /// the compilation's <c>IStartupFilter</c> implementations, each method the app is handed to (through interfaces
    /// and virtual calls, to every implementation of the compilation) and the middleware classes those register.
    /// </summary>
    public PipelineWalk Walk(PipelineHost host, IPipelineVisitor visitor, CancellationToken cancellationToken)
    {
        var walker = new Walker(this, visitor, cancellationToken);
        if (!walker.VisitMember(host.Member, host.Known))
        {
            return PipelineWalk.Stopped;
        }

        foreach (var filter in StartupFilters())
        {
            if (!walker.VisitMember(filter, null))
            {
                return PipelineWalk.Stopped;
            }
        }

        var visited = new HashSet<PipelineEdge>();
        var pending = new Stack<PipelineEdge>(host.Edges);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var edge = pending.Pop();
            if (!visited.Add(edge))
            {
                continue;
            }

            if (visited.Count > MaxEdges)
            {
                return PipelineWalk.Incomplete;
            }

            if (edge.Dispatched)
            {
                if (!AddImplementations(edge, pending))
                {
                    return PipelineWalk.Incomplete;
                }

                continue;
            }

            var member = ContainingMember(edge.Method);
            if (!walker.VisitMember(member, null))
            {
                return PipelineWalk.Stopped;
            }

            if (UsesOf(member, null, cancellationToken).Parameters is not { } parameters || !parameters.TryGetValue(edge, out var uses))
            {
                continue; // the parameter is never used
            }

            if (uses.Escapes)
            {
                return PipelineWalk.Incomplete;
            }

            foreach (var next in uses.Edges)
            {
                pending.Push(next);
            }
        }

        return PipelineWalk.Complete;
    }

    /// <summary>Visits members once each, with the middleware classes they register.</summary>
    private sealed class Walker
    {
        private readonly HostPipeline _pipeline;
        private readonly IPipelineVisitor _visitor;
        private readonly CancellationToken _cancellationToken;
        private readonly HashSet<ISymbol> _members = new(SymbolEqualityComparer.Default);

        public Walker(HostPipeline pipeline, IPipelineVisitor visitor, CancellationToken cancellationToken)
        {
            _pipeline = pipeline;
            _visitor = visitor;
            _cancellationToken = cancellationToken;
        }

        public bool VisitMember(ISymbol member, IOperation? known)
        {
            if (!_members.Add(member))
            {
                return true;
            }

            if (!_visitor.Visit(member, PipelineMemberRole.Pipeline, known))
            {
                return false;
            }

            if (_pipeline.UsesOf(member, known, _cancellationToken).Middleware is { } middlewareTypes)
            {
                foreach (var middleware in middlewareTypes)
                {
                    foreach (var candidate in middleware.GetMembers())
                    {
                        if (candidate is IMethodSymbol && _members.Add(candidate) && !_visitor.Visit(candidate, PipelineMemberRole.Middleware, null))
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }
    }

    /// <summary>
    /// Pushes the edges into every implementation in the compilation of a dispatched call; false when the method is
    /// declared elsewhere or no implementation with a body is found here (the hooks are loaded from elsewhere).
    /// </summary>
    private bool AddImplementations(PipelineEdge edge, Stack<PipelineEdge> pending)
    {
        var method = edge.Method;
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly) || method.ContainingType is not { } declaring)
        {
            return false;
        }

        var found = false;
        if (HasBody(method))
        {
            pending.Push(edge.Direct);
            found = true;
        }

        foreach (var type in SourceTypes())
        {
            if (declaring.TypeKind == TypeKind.Interface)
            {
                if (type.TypeKind == TypeKind.Interface)
                {
                    continue;
                }

                foreach (var implemented in type.AllInterfaces)
                {
                    if (!SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, declaring))
                    {
                        continue;
                    }

                    foreach (var member in implemented.GetMembers(method.Name))
                    {
                        if (member is IMethodSymbol candidate && SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, method)
                            && type.FindImplementationForInterfaceMember(candidate) is IMethodSymbol implementation)
                        {
                            found |= Push(implementation, edge.Ordinal, pending);
                        }
                    }
                }
            }
            else
            {
                foreach (var member in type.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol { IsOverride: true } candidate && Overrides(candidate, method))
                    {
                        found |= Push(candidate, edge.Ordinal, pending);
                    }
                }
            }
        }

        return found;
    }

    private bool Push(IMethodSymbol implementation, int ordinal, Stack<PipelineEdge> pending)
    {
        var definition = implementation.OriginalDefinition;
        if (!SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, _compilation.Assembly))
        {
            return false;
        }

        if (IsOverridable(definition))
        {
            pending.Push(new PipelineEdge(definition, ordinal, dispatched: true));
            return true;
        }

        if (!HasBody(definition))
        {
            return false;
        }

        pending.Push(new PipelineEdge(definition, ordinal, dispatched: false));
        return true;
    }

    private static bool Overrides(IMethodSymbol candidate, IMethodSymbol method)
    {
        for (var current = candidate.OverriddenMethod; current is not null; current = current.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, method))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The <c>Configure</c> methods of the compilation's <c>IStartupFilter</c> implementations.</summary>
    private List<IMethodSymbol> StartupFilters()
    {
        if (Volatile.Read(ref _startupFilters) is { } known)
        {
            return known;
        }

        var filters = new List<IMethodSymbol>();
        if (_startupFilter is not null)
        {
            foreach (var type in SourceTypes())
            {
                if (type is not { TypeKind: TypeKind.Class, IsAbstract: false } || !type.IsOrImplements(_startupFilter))
                {
                    continue;
                }

                foreach (var member in _startupFilter.GetMembers("Configure"))
                {
                    if (type.FindImplementationForInterfaceMember(member) is IMethodSymbol implementation && HasBody(implementation.OriginalDefinition))
                    {
                        filters.Add(implementation.OriginalDefinition);
                    }
                }
            }
        }

        lock (_gate)
        {
            return _startupFilters ??= filters;
        }
    }

    /// <summary>The named types declared in the compilation (nested ones included), listed once.</summary>
    private List<INamedTypeSymbol> SourceTypes()
    {
        if (Volatile.Read(ref _sourceTypes) is { } known)
        {
            return known;
        }

        var types = new List<INamedTypeSymbol>();
        var namespaces = new Stack<INamespaceOrTypeSymbol>();
        namespaces.Push(_compilation.Assembly.GlobalNamespace);
        while (namespaces.Count > 0)
        {
            var current = namespaces.Pop();
            if (current is INamespaceSymbol ns)
            {
                foreach (var member in ns.GetMembers())
                {
                    namespaces.Push(member);
                }
            }
            else if (current is INamedTypeSymbol type)
            {
                types.Add(type);
                foreach (var nested in type.GetTypeMembers())
                {
                    namespaces.Push(nested);
                }
            }
        }

        lock (_gate)
        {
            return _sourceTypes ??= types;
        }
    }

    // ---- what a member does with the app

    /// <summary>How one member's (and its local functions') app-typed parameters are used, and the middleware it registers.</summary>
    private sealed class MemberUses
    {
        public static readonly MemberUses Empty = new(null, null);

        public MemberUses(List<INamedTypeSymbol>? middleware, Dictionary<PipelineEdge, ParameterUses>? parameters)
        {
            Middleware = middleware;
            Parameters = parameters;
        }

        public List<INamedTypeSymbol>? Middleware { get; }

        public Dictionary<PipelineEdge, ParameterUses>? Parameters { get; }
    }

    private sealed class ParameterUses
    {
        public bool Escapes;

        public readonly List<PipelineEdge> Edges = new();
    }

    private enum UseKind
    {
        Ignore,
        Escape,
        Run,
        Follow,
    }

    private MemberUses UsesOf(ISymbol member, IOperation? known, CancellationToken cancellationToken)
    {
        if (_uses.TryGetValue(member, out var uses))
        {
            return uses;
        }

        List<INamedTypeSymbol>? middleware = null;
        Dictionary<PipelineEdge, ParameterUses>? parameters = null;
        foreach (var body in Bodies(member, known, cancellationToken))
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
                switch (operation)
                {
                    // app.UseMiddleware<T>() with T of this compilation: T's code is part of the pipeline.
                    case IInvocationOperation { TargetMethod: { Name: "UseMiddleware", TypeArguments.Length: 1 } method }
                        when method.TypeArguments[0] is INamedTypeSymbol type
                            && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly):
                        (middleware ??= new List<INamedTypeSymbol>()).Add(type);
                        break;

                    case IParameterReferenceOperation reference:
                        AddParameterUse(reference, ref parameters);
                        break;
                }
            }
        }

        uses = middleware is null && parameters is null ? MemberUses.Empty : new MemberUses(middleware, parameters);
        return _uses.GetOrAdd(member, uses);
    }

    private void AddParameterUse(IParameterReferenceOperation reference, ref Dictionary<PipelineEdge, ParameterUses>? parameters)
    {
        var parameter = reference.Parameter;
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.ExplicitInterfaceImplementation } method
            || !IsAppType(parameter.Type))
        {
            return; // edges lead only to ordinary methods and local functions
        }

        parameters ??= new Dictionary<PipelineEdge, ParameterUses>();
        var key = new PipelineEdge(method.OriginalDefinition, parameter.Ordinal, dispatched: false);
        if (!parameters.TryGetValue(key, out var uses))
        {
            uses = new ParameterUses();
            parameters.Add(key, uses);
        }

        switch (ClassifyUse(reference, out var edge))
        {
            case UseKind.Escape:
                uses.Escapes = true;
                break;
            case UseKind.Follow:
                uses.Edges.Add(edge);
                break;
        }
    }

    private UseKind ClassifyUse(IOperation reference, out PipelineEdge edge)
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
                var direct = IsFollowable(method);
                if (direct || IsDispatchable(method))
                {
                    // Only parameters typed as the app are summarized; an object/generic parameter may store it anywhere.
                    if (!IsAppType(parameter.OriginalDefinition.Type))
                    {
                        return UseKind.Escape;
                    }

                    edge = new PipelineEdge(method.OriginalDefinition, parameter.Ordinal, dispatched: !direct);
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

    private bool IsAppType(ITypeSymbol type)
        => SymbolEqualityComparer.Default.Equals(type, _webApplication)
            || SymbolEqualityComparer.Default.Equals(type, _applicationBuilder)
            || SymbolEqualityComparer.Default.Equals(type, _endpointRouteBuilder)
            || SymbolEqualityComparer.Default.Equals(type, _host);

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

    /// <summary>A method of the compilation whose body is the one that runs: not overridable, with source.</summary>
    private bool IsFollowable(IMethodSymbol method)
        => method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction
            && !IsOverridable(method)
            && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly)
            && HasBody(method.OriginalDefinition);

    /// <summary>An interface, abstract or virtual method of the compilation: the implementations of the compilation run.</summary>
    private bool IsDispatchable(IMethodSymbol method)
        => method.MethodKind == MethodKind.Ordinary
            && IsOverridable(method)
            && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly);

    private static bool IsOverridable(IMethodSymbol method)
        => method.IsAbstract
            || (method.IsVirtual || method.IsOverride) && method.ContainingType is { IsSealed: false }
            || method.ContainingType is { TypeKind: TypeKind.Interface } && !method.IsStatic;

    private static bool HasBody(IMethodSymbol method)
        => !method.IsAbstract && !method.IsExtern && !method.DeclaringSyntaxReferences.IsEmpty
            && (!method.IsPartialDefinition || method.PartialImplementationPart is not null);

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

    // ---- bodies

    /// <summary>The member of a local function or lambda: summaries and facts are kept per member.</summary>
    public static ISymbol ContainingMember(ISymbol symbol)
    {
        var current = symbol;
        while (current is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } && current.ContainingSymbol is { } parent)
        {
            current = parent;
        }

        return current;
    }

    /// <summary>
    /// The bound bodies <paramref name="member"/> declares (a partial method's implementation part). Inside the
    /// document of <paramref name="known"/> its bound tree is reused; elsewhere the body is bound through the
    /// compilation's semantic model. That happens only for the few members a pipeline reaches, once per compilation
    /// and rule each, and it is what lets a verdict be given live in the host's own document.
    /// </summary>
    public List<IOperation> Bodies(ISymbol member, IOperation? known, CancellationToken cancellationToken)
    {
        var declared = member is IMethodSymbol { PartialImplementationPart: { } implementation } ? implementation : member;
        var bodies = new List<IOperation>(1);
        foreach (var reference in declared.DeclaringSyntaxReferences)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var syntax = reference.GetSyntax(cancellationToken);
            if (known?.GetRoot() is { } root && root.Syntax.SyntaxTree == syntax.SyntaxTree && syntax.Span.Contains(root.Syntax.Span))
            {
                bodies.Add(root);
                continue;
            }

            // Only the members a pipeline reaches are bound, once each.
            var model = known?.SemanticModel is { } knownModel && knownModel.SyntaxTree == syntax.SyntaxTree
                ? knownModel
                : SemanticModels.Of(_compilation, syntax.SyntaxTree);
            if (model.GetOperation(syntax, cancellationToken) is { } body)
            {
                bodies.Add(body);
            }
        }

        return bodies;
    }
}
