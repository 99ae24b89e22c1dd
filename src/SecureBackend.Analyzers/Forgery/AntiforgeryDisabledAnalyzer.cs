using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;

namespace SecureBackend.Analyzers.Forgery;

/// <summary>
/// SB3002: antiforgery validation switched off — <c>[IgnoreAntiforgeryToken]</c> on state-changing actions,
/// controllers and page models, and on the lambda, local function or method handling a form-binding minimal API
/// endpoint; <c>IgnoreAntiforgeryTokenAttribute</c> registered as a filter or convention;
/// <c>.DisableAntiforgery()</c> on form-binding minimal API endpoints; and apps that map form-binding endpoints with
/// neither <c>app.UseAntiforgery()</c> nor antiforgery services anywhere in the compilation (see
/// <see cref="ApplicationSetup"/>). Every case is reported by the callback that finds it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AntiforgeryDisabledAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Diagnostic property telling the fixer what kind of opt-out was found.</summary>
    public const string KindProperty = "Kind";

    public const string AttributeKind = "Attribute";
    public const string FilterKind = "Filter";
    public const string EndpointKind = "Endpoint";
    public const string MissingMiddlewareKind = "MissingMiddleware";

    /// <summary>
    /// Diagnostic property naming the validating attribute (<c>ValidateAntiForgeryToken</c> or
    /// <c>AutoValidateAntiforgeryToken</c>) that must take the place of an <c>[IgnoreAntiforgeryToken]</c> on an MVC
    /// controller or action, because nothing else would validate the target once the opt-out is gone. Absent when
    /// removing the opt-out is enough (Razor Pages validate by default; a controller-level or global validating filter).
    /// </summary>
    public const string ReplacementProperty = "Replacement";

    public const string ValidateReplacement = "ValidateAntiForgeryToken";
    public const string AutoValidateReplacement = "AutoValidateAntiforgeryToken";

    private static readonly ImmutableDictionary<string, string?> AttributeProperties = Properties(AttributeKind);
    private static readonly ImmutableDictionary<string, string?> FilterProperties = Properties(FilterKind);
    private static readonly ImmutableDictionary<string, string?> EndpointProperties = Properties(EndpointKind);
    private static readonly ImmutableDictionary<string, string?> MissingMiddlewareProperties = Properties(MissingMiddlewareKind);
    private static readonly ImmutableDictionary<string, string?> ValidateProperties = AttributeProperties.Add(ReplacementProperty, ValidateReplacement);
    private static readonly ImmutableDictionary<string, string?> AutoValidateProperties = AttributeProperties.Add(ReplacementProperty, AutoValidateReplacement);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.AntiforgeryDisabled);

    protected override bool IsRelevant(KnownTypes types)
        => types.HasAny("Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute", "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var mvc = MvcModel.Create(types);
        var endpoints = EndpointModel.Create(types, mvc);
        var filterCollection = types.Get("Microsoft.AspNetCore.Mvc.Filters.FilterCollection");
        var useAntiforgery = types.Get("Microsoft.AspNetCore.Builder.AntiforgeryApplicationBuilderExtensions");
        var endpointConventions = types.Get("Microsoft.AspNetCore.Builder.RoutingEndpointConventionBuilderExtensions");

        if (mvc.IgnoreAntiforgery is not null)
        {
            context.RegisterSymbolAction(c => AnalyzeType(c, mvc), SymbolKind.NamedType);
            context.RegisterSymbolAction(c => AnalyzeMethod(c, mvc), SymbolKind.Method);
            context.RegisterOperationAction(c => AnalyzeCreation(c, mvc, endpoints), OperationKind.ObjectCreation);
            context.RegisterOperationAction(c => AnalyzeTypeOf(c, mvc, filterCollection), OperationKind.TypeOf);
        }

        context.RegisterOperationAction(
            c => AnalyzeInvocation(c, mvc, endpoints, filterCollection, useAntiforgery, endpointConventions),
            OperationKind.Invocation);
    }

    private static ImmutableDictionary<string, string?> Properties(string kind)
        => ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind);

    /// <summary><c>[IgnoreAntiforgeryToken]</c> on a controller or page model. The opt-out is looked for first.</summary>
    private static void AnalyzeType(SymbolAnalysisContext context, MvcModel mvc)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!HasAttributeLists(type, context.CancellationToken) || !HasIgnoreAttribute(mvc, type))
        {
            return;
        }

        var kind = mvc.GetControllerKind(type);
        var isPage = kind == ControllerKind.None && mvc.IsPageModel(type);
        if (kind == ControllerKind.None && !isPage)
        {
            return;
        }

        var reach = isPage ? ForgeryReach.Form : ControllerReach(mvc, type, kind);
        if (!IsForgeable(context, reach))
        {
            return;
        }

        foreach (var attribute in type.GetAttributes())
        {
            if (mvc.IsIgnoreAttribute(attribute.AttributeClass))
            {
                var replacement = isPage ? null : ReplacementForController(context, mvc, type);
                Report(context, attribute, "'" + type.Name + "'", replacement);
            }
        }
    }

    /// <summary>
    /// <c>[IgnoreAntiforgeryToken]</c> on a controller action. A method's symbol action runs once the compiler has bound
    /// its attributes, so reading them here costs nothing; the opt-out is looked for before anything else.
    /// </summary>
    private static void AnalyzeMethod(SymbolAnalysisContext context, MvcModel mvc)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.MethodKind != MethodKind.Ordinary || !HasIgnoreAttribute(mvc, method) || method.ContainingType is not { } type)
        {
            return;
        }

        // Filters on page handler methods are not applied by Razor Pages: only controller actions.
        var kind = mvc.GetControllerKind(type);
        if (kind == ControllerKind.None || !mvc.IsAction(method))
        {
            return;
        }

        if (!IsForgeable(context, ActionReach(mvc, method, type, kind)))
        {
            return;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (mvc.IsIgnoreAttribute(attribute.AttributeClass))
            {
                var replacement = ReplacementForAction(context, mvc, method, type);
                Report(context, attribute, "'" + type.Name + "." + method.Name + "'", replacement);
            }
        }
    }

    /// <summary>
    /// Whether a declaration of the type carries an attribute list: a source type's attributes come only from those, so
    /// a type without any (entities, services, most classes) is passed over without binding its attributes.
    /// </summary>
    private static bool HasAttributeLists(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax { AttributeLists.Count: 0 })
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasIgnoreAttribute(MvcModel mvc, ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (mvc.IsIgnoreAttribute(attribute.AttributeClass))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How another site can reach the action (none for bearer-only actions), before the application is asked.</summary>
    private static ForgeryReach ActionReach(MvcModel mvc, IMethodSymbol action, INamedTypeSymbol controller, ControllerKind kind)
    {
        var verbs = mvc.GetVerbs(action);
        if ((verbs & ActionVerbs.Unsafe) == 0 && verbs != ActionVerbs.None)
        {
            return ForgeryReach.None;
        }

        if (mvc.IsBearerOnly(action, controller))
        {
            return ForgeryReach.None;
        }

        // A verbless action accepts POST too: with the opt-out in place, a form post reaches it whatever it binds.
        return verbs == ActionVerbs.None && kind != ControllerKind.Api && !mvc.IsApiController(controller)
            ? ForgeryReach.Form
            : mvc.GetReach(action, kind, mvc.IsApiController(controller), out _);
    }

    /// <summary>The widest reach of the controller's actions; a view controller's opt-out covers the pages it posts.</summary>
    private static ForgeryReach ControllerReach(MvcModel mvc, INamedTypeSymbol controller, ControllerKind kind)
    {
        if (kind != ControllerKind.Api && !mvc.IsApiController(controller))
        {
            return ForgeryReach.Form;
        }

        var widest = ForgeryReach.None;
        foreach (var member in controller.GetMembers())
        {
            if (member is IMethodSymbol method && mvc.IsAction(method))
            {
                var reach = ActionReach(mvc, method, controller, kind);
                if (reach == ForgeryReach.Form)
                {
                    return reach;
                }

                if (reach != ForgeryReach.None && (widest == ForgeryReach.None || reach == ForgeryReach.MethodOverride))
                {
                    widest = reach;
                }
            }
        }

        return widest;
    }

    private static bool IsForgeable(SymbolAnalysisContext context, ForgeryReach reach)
        => ForgeryGate.IsForgeable(
            reach,
            context.Options,
            context.Symbol.Locations.Length > 0 ? context.Symbol.Locations[0].SourceTree : null,
            context.Compilation,
            context.CancellationToken,
            context.Symbol);

    private static bool IsForgeable(OperationAnalysisContext context, ForgeryReach reach)
        => ForgeryGate.IsForgeable(reach, context.Options, context.Operation.Syntax.SyntaxTree, context.Compilation, context.CancellationToken);

    /// <summary>The attribute to put on the controller instead of the opt-out, when no base class or global filter validates.</summary>
    private static ImmutableDictionary<string, string?>? ReplacementForController(SymbolAnalysisContext context, MvcModel mvc, INamedTypeSymbol controller)
    {
        for (var current = controller.BaseType; current is not null; current = current.BaseType)
        {
            if (HasValidatingAttribute(mvc, current))
            {
                return null;
            }
        }

        return ValidatedGlobally(context) ? null : AutoValidateProperties;
    }

    /// <summary>
    /// The attribute to put on the action instead of the opt-out: <c>[ValidateAntiForgeryToken]</c> when the action only
    /// accepts unsafe verbs, <c>[AutoValidateAntiforgeryToken]</c> when it also answers GET (which must keep working).
    /// </summary>
    private static ImmutableDictionary<string, string?>? ReplacementForAction(SymbolAnalysisContext context, MvcModel mvc, IMethodSymbol action, INamedTypeSymbol controller)
    {
        for (var current = action; current is not null; current = current.OverriddenMethod)
        {
            if (HasValidatingAttribute(mvc, current))
            {
                return null;
            }
        }

        for (var current = controller; current is not null; current = current.BaseType)
        {
            if (HasValidatingAttribute(mvc, current))
            {
                return null;
            }
        }

        if (ValidatedGlobally(context))
        {
            return null;
        }

        var verbs = mvc.GetVerbs(action);
        return (verbs & ~ActionVerbs.Unsafe) == 0 && verbs != ActionVerbs.None ? ValidateProperties : AutoValidateProperties;
    }

    private static bool HasValidatingAttribute(MvcModel mvc, ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (mvc.IsValidatingAttribute(attribute.AttributeClass))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ValidatedGlobally(SymbolAnalysisContext context)
    {
        var tree = context.Symbol.Locations.Length > 0 ? context.Symbol.Locations[0].SourceTree : null;
        return (tree is not null && context.Options.GetBool(tree, MissingAntiforgeryAnalyzer.GlobalFilterOption))
            || ApplicationSetup.Get(context.Compilation, context.CancellationToken).RegistersValidatingFilter;
    }

    private static void Report(SymbolAnalysisContext context, AttributeData attribute, string target, ImmutableDictionary<string, string?>? properties)
    {
        var syntax = attribute.ApplicationSyntaxReference;
        if (syntax is null)
        {
            return;
        }

        context.Report(Diagnostic.Create(
            Rules.AntiforgeryDisabled,
            Location.Create(syntax.SyntaxTree, syntax.Span),
            properties ?? AttributeProperties,
            "[IgnoreAntiforgeryToken]",
            target));
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, MvcModel mvc, EndpointModel endpoints)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!mvc.IsIgnoreAttribute(creation.Type))
        {
            return;
        }

        // Passed (directly, or inside a params array) to a method: Filters.Add, ConfigureFilter, WithMetadata …
        IOperation current = creation;
        while (current.Parent is IConversionOperation or IArrayInitializerOperation or IArrayCreationOperation)
        {
            current = current.Parent;
        }

        if (current.Parent is not IArgumentOperation { Parent: IInvocationOperation invocation })
        {
            return;
        }

        if (invocation.TargetMethod.Name == "WithMetadata")
        {
            var map = endpoints.FindMapInvocation(invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
            if (map is not null && endpoints.IsUnsafeMapMethod(map.TargetMethod) && endpoints.BindsForm(map) && IsForgeable(context, ForgeryReach.Form))
            {
                context.Report(Diagnostic.Create(
                    Rules.AntiforgeryDisabled, creation.Syntax.GetLocation(), EndpointProperties,
                    "WithMetadata(new IgnoreAntiforgeryTokenAttribute())", DescribeEndpoint(map)));
            }

            return;
        }

        ReportFilter(context, creation.Syntax.GetLocation());
    }

    private static void AnalyzeTypeOf(OperationAnalysisContext context, MvcModel mvc, INamedTypeSymbol? filterCollection)
    {
        var typeOf = (ITypeOfOperation)context.Operation;
        if (mvc.IsIgnoreAttribute(typeOf.TypeOperand)
            && typeOf.Parent is IArgumentOperation { Parent: IInvocationOperation invocation }
            && IsFilterCollectionCall(invocation, filterCollection))
        {
            ReportFilter(context, typeOf.Syntax.GetLocation());
        }
    }

    private static void ReportFilter(OperationAnalysisContext context, Location location)
    {
        if (IsForgeable(context, ForgeryReach.Form))
        {
            context.Report(Diagnostic.Create(
                Rules.AntiforgeryDisabled, location, FilterProperties,
                "A global IgnoreAntiforgeryTokenAttribute filter", "every action and page it covers"));
        }
    }

    private static bool IsFilterCollectionCall(IInvocationOperation invocation, INamedTypeSymbol? filterCollection)
        => invocation.Instance?.Type.InheritsFromOrEquals(filterCollection) == true;

    private static void AnalyzeInvocation(
        OperationAnalysisContext context,
        MvcModel mvc,
        EndpointModel endpoints,
        INamedTypeSymbol? filterCollection,
        INamedTypeSymbol? useAntiforgery,
        INamedTypeSymbol? endpointConventions)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;

        // The receiver before the type argument: most generic calls are extension methods (no instance).
        if (method.IsGenericMethod && invocation.Instance is not null && method.TypeArguments.Length == 1
            && IsFilterCollectionCall(invocation, filterCollection) && mvc.IsIgnoreAttribute(method.TypeArguments[0]))
        {
            ReportFilter(context, invocation.Syntax.GetLocation()); // options.Filters.Add<IgnoreAntiforgeryTokenAttribute>()
            return;
        }

        if (method.Name == "DisableAntiforgery" && SymbolEqualityComparer.Default.Equals(method.ContainingType, endpointConventions))
        {
            var map = endpoints.FindMapInvocation(invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : invocation.Instance);
            if (map is not null && endpoints.IsUnsafeMapMethod(map.TargetMethod) && endpoints.BindsForm(map) && IsForgeable(context, ForgeryReach.Form))
            {
                context.Report(Diagnostic.Create(
                    Rules.AntiforgeryDisabled, NameLocation(invocation), EndpointProperties,
                    "DisableAntiforgery()", DescribeEndpoint(map)));
            }

            return;
        }

        // [IgnoreAntiforgeryToken] on the handler itself: app.MapPost("/x", [IgnoreAntiforgeryToken] (IFormFile f) => …),
        // or on the method or local function passed as a method group. Only form-binding handlers are validated at all.
        if (mvc.IgnoreAntiforgery is not null && endpoints.IsUnsafeMapMethod(method)
            && EndpointModel.GetHandlerMethod(invocation) is { } handler && HasIgnoreAttribute(mvc, handler))
        {
            if (endpoints.BindsForm(invocation) && IsForgeable(context, ForgeryReach.Form))
            {
                // On a lambda the attribute is part of the mapping expression and is reported itself; a method or local
                // function passed as a method group is reported where it is mapped (so that the finding stays local to
                // the code that maps it), pointing at its attribute.
                var handlerArgument = invocation.GetArgument("handler")?.Syntax;
                var inline = handler.MethodKind == MethodKind.AnonymousFunction;
                foreach (var attribute in handler.GetAttributes())
                {
                    if (mvc.IsIgnoreAttribute(attribute.AttributeClass) && attribute.ApplicationSyntaxReference is { } syntax)
                    {
                        var attributeLocation = Location.Create(syntax.SyntaxTree, syntax.Span);
                        context.Report(Diagnostic.Create(
                            Rules.AntiforgeryDisabled,
                            inline || handlerArgument is null ? attributeLocation : handlerArgument.GetLocation(),
                            inline || handlerArgument is null ? null : new[] { attributeLocation },
                            AttributeProperties,
                            "[IgnoreAntiforgeryToken]",
                            DescribeEndpoint(invocation)));
                    }
                }
            }

            return; // the opt-out is the finding, not the middleware
        }

        // The antiforgery middleware exists (ASP.NET Core 8+), and neither it nor antiforgery services (with which
        // WebApplication adds the middleware itself) are set up anywhere in the compilation.
        if (useAntiforgery is not null && endpoints.IsUnsafeMapMethod(method) && endpoints.BindsForm(invocation)
            && !IsOptedOut(invocation, endpointConventions)
            && !ApplicationSetup.Get(context.Compilation, context.CancellationToken).SetsUpAntiforgery)
        {
            context.Report(Diagnostic.Create(
                Rules.AntiforgeryDisabled, NameLocation(invocation), MissingMiddlewareProperties,
                "A missing app.UseAntiforgery()", DescribeEndpoint(invocation)));
        }
    }

    private static bool IsOptedOut(IInvocationOperation map, INamedTypeSymbol? endpointConventions)
    {
        foreach (var call in EndpointModel.ChainedCalls(map))
        {
            if (IsConvention(call, endpointConventions))
            {
                return true; // reported as an opt-out of its own, or metadata we cannot read
            }
        }

        // var endpoint = app.MapPost(…); endpoint.DisableAntiforgery();
        IOperation current = map;
        while (current.Parent is IConversionOperation)
        {
            current = current.Parent;
        }

        if (current.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            foreach (var operation in map.GetRoot().Descendants())
            {
                if (operation is IInvocationOperation { Arguments.Length: > 0 } call && IsConvention(call, endpointConventions)
                    && call.Arguments[0].Value.WalkDownConversions() is ILocalReferenceOperation local
                    && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsConvention(IInvocationOperation call, INamedTypeSymbol? endpointConventions)
        => call.TargetMethod.Name is "DisableAntiforgery" or "WithMetadata"
        && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, endpointConventions);

    private static string DescribeEndpoint(IInvocationOperation map)
    {
        var pattern = map.GetArgument("pattern")?.Value;
        return pattern is not null && pattern.TryGetConstantString(out var text) && text is not null
            ? "form-binding endpoint '" + map.TargetMethod.Name + "(\"" + text + "\")'"
            : "form-binding endpoint '" + map.TargetMethod.Name + "'";
    }

    /// <summary>The location of the invoked member's name (<c>DisableAntiforgery</c> in <c>x.DisableAntiforgery()</c>).</summary>
    internal static Location NameLocation(IInvocationOperation invocation)
    {
        var syntax = invocation.Syntax;
        if (syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax call)
        {
            return call.Expression switch
            {
                Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member => member.Name.GetLocation(),
                Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax name => name.GetLocation(),
                _ => syntax.GetLocation(),
            };
        }

        return syntax.GetLocation();
    }
}
