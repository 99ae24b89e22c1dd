using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;

namespace SecureBackend.Analyzers.Forgery;

/// <summary>
/// SB3001: MVC actions that a cross-site page can make a browser call (see <see cref="ForgeryReach"/>) in an application
/// whose browsers send credentials on their own (see <see cref="ForgeryGate"/>), without antiforgery validation from an attribute on the action, the controller or a base class, or from a global
/// filter registered anywhere in the compilation. Reported by the action method's own operation-block callback, so
/// editors compute it for the open document and offer its fixes; what the rest of the compilation contributes (a
/// global filter, controllers deriving from an abstract base) is computed once per compilation, on demand.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingAntiforgeryAnalyzer : SecureBackendAnalyzer
{
    /// <summary>
    /// Global option: <c>true</c> declares that the host application registers a global antiforgery filter that this
    /// compilation cannot see (controllers in a class library, a Razor class library, a modular host).
    /// </summary>
    public const string GlobalFilterOption = "securebackend.SB3001.global_antiforgery_filter";

    /// <summary>Diagnostic property: <c>Core</c> (ASP.NET Core MVC) or <c>Classic</c> (System.Web.Mvc).</summary>
    public const string FrameworkProperty = "Framework";

    public const string CoreFramework = "Core";

    public const string ClassicFramework = "Classic";

    private static readonly ImmutableDictionary<string, string?> CoreProperties =
        ImmutableDictionary<string, string?>.Empty.Add(FrameworkProperty, CoreFramework);

    private static readonly ImmutableDictionary<string, string?> CoreWithRegistrationProperties =
        CoreProperties.Add(MissingAntiforgeryFixData.MvcRegistrationProperty, "true");

    private static readonly ImmutableDictionary<string, string?> ClassicProperties =
        ImmutableDictionary<string, string?>.Empty.Add(FrameworkProperty, ClassicFramework);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.MissingAntiforgery);

    protected override bool IsRelevant(KnownTypes types)
        => types.HasAny("Microsoft.AspNetCore.Mvc.ControllerBase", "System.Web.Mvc.Controller");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var requests = RequestInputs.Create(types);
        var model = requests.Mvc;
        var antiforgery = types.Get("Microsoft.AspNetCore.Antiforgery.IAntiforgery");
        var derived = new DerivedControllers(model);
        context.RegisterOperationBlockAction(c => AnalyzeMethod(c, model, antiforgery, derived, requests));
    }

    /// <summary>
    /// One action, seen from every controller that exposes it: its own class, and for an abstract base class every
    /// controller deriving from it (through abstract classes only) that does not override it. Reported on the action
    /// when no view is covered and at least one handles unsafe verbs or form data.
    /// </summary>
    private static void AnalyzeMethod(
        OperationBlockAnalysisContext context, MvcModel model, INamedTypeSymbol? antiforgery, DerivedControllers derived, RequestInputs requests)
    {
        if (context.OwningSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public, IsStatic: false } method)
        {
            return;
        }

        method = method.PartialDefinitionPart ?? method;
        var controller = method.ContainingType;
        var kind = model.GetControllerKind(controller);
        if (kind == ControllerKind.None || !model.IsAction(method))
        {
            return;
        }

        var ownView = View(model, method, controller, kind, out var verbs, out var reach);
        if (ownView == ViewResult.Covered)
        {
            return;
        }

        var cancellationToken = context.CancellationToken;
        if (ownView == ViewResult.NotApplicable)
        {
            // Another controller can see it as state-changing only when a type argument turns a parameter into a form file.
            if (!controller.IsAbstract || !IsInGenericType(controller) || ((verbs & ActionVerbs.Unsafe) == 0 && verbs != ActionVerbs.None)
                || derived.Views(method, cancellationToken) != ViewResult.Uncovered)
            {
                return;
            }

            reach = ForgeryReach.Form; // a type argument turned a parameter into a form file
        }

        if (method.Locations.Length == 0 || method.Locations[0].SourceTree is not { } tree
            || context.Options.GetBool(tree, GlobalFilterOption))
        {
            return;
        }

        if (ApplicationSetup.Get(context.Compilation, cancellationToken).RegistersValidatingFilter)
        {
            return;
        }

        if (ownView == ViewResult.Uncovered && controller.IsAbstract && derived.Views(method, cancellationToken) == ViewResult.Covered)
        {
            return; // a derived controller validates it
        }

        if (!ForgeryGate.IsForgeable(reach, context.Options, tree, context.Compilation, cancellationToken, method, context.OperationBlocks))
        {
            return; // tokens only, or a request no cross-site page can make
        }

        // The walks of the whole body last: only actions that would otherwise be reported get them.
        if (IsValidatedManually(context.OperationBlocks, antiforgery) || requests.ReadsRawBodyWithCredentialHeader(context.OperationBlocks))
        {
            return; // validated by hand, or a webhook that proves its caller in a header no form can set
        }

        context.Report(Diagnostic.Create(
            Rules.MissingAntiforgery,
            method.Locations[0],
            kind == ControllerKind.Classic
                ? ClassicProperties
                : MissingAntiforgeryFixData.WithRegistration(CoreProperties, CoreWithRegistrationProperties, context.Compilation, cancellationToken),
            controller.Name + "." + method.Name,
            MvcModel.Describe(verbs)));
    }

    /// <summary>How <paramref name="controller"/> exposes <paramref name="action"/> (a member of the controller or of a base class).</summary>
    private static ViewResult View(MvcModel model, IMethodSymbol action, INamedTypeSymbol controller, ControllerKind kind, out ActionVerbs verbs, out ForgeryReach reach)
    {
        reach = model.GetReach(action, kind, model.IsApiController(controller), out verbs);
        if (reach == ForgeryReach.None)
        {
            return ViewResult.NotApplicable;
        }

        var covered = (model.GetCoverage(action, controller) & (AntiforgeryCoverage.Validated | AntiforgeryCoverage.Ignored)) != 0
            || model.IsBearerOnly(action, controller);
        return covered ? ViewResult.Covered : ViewResult.Uncovered;
    }

    /// <summary>A call to <c>IAntiforgery.ValidateRequestAsync</c>/<c>IsRequestValidAsync</c> in the action's body.</summary>
    private static bool IsValidatedManually(ImmutableArray<IOperation> blocks, INamedTypeSymbol? antiforgery)
    {
        if (antiforgery is null)
        {
            return false;
        }

        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation { TargetMethod: { Name: "ValidateRequestAsync" or "IsRequestValidAsync" } target }
                    && SymbolEqualityComparer.Default.Equals(target.ContainingType, antiforgery))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsInGenericType(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInSource(INamedTypeSymbol type) => type.Locations.Length > 0 && type.Locations[0].IsInSource;

    private enum ViewResult
    {
        NotApplicable,
        Uncovered,
        Covered,
    }

    /// <summary>
    /// The controllers of the compilation that inherit actions from abstract base classes declared in it, indexed by
    /// base class; built once per compilation, and only when an action of an abstract controller needs it.
    /// </summary>
    private sealed class DerivedControllers
    {
        private readonly MvcModel _model;
        private readonly object _gate = new();
        private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>? _byBase;

        public DerivedControllers(MvcModel model) => _model = model;

        /// <summary>Covered when any deriving controller that exposes the action covers it; Uncovered when some expose it and none covers it.</summary>
        public ViewResult Views(IMethodSymbol action, CancellationToken cancellationToken)
        {
            var owner = action.ContainingType.OriginalDefinition;
            if (!GetIndex(owner.ContainingAssembly, cancellationToken).TryGetValue(owner, out var controllers))
            {
                return ViewResult.NotApplicable;
            }

            var result = ViewResult.NotApplicable;
            foreach (var controller in controllers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (FindInherited(controller, owner, action) is not { } inherited)
                {
                    continue;
                }

                switch (View(_model, inherited, controller, _model.GetControllerKind(controller), out _, out _))
                {
                    case ViewResult.Covered:
                        return ViewResult.Covered;
                    case ViewResult.Uncovered:
                        result = ViewResult.Uncovered;
                        break;
                }
            }

            return result;
        }

        /// <summary>
        /// The action as <paramref name="controller"/> sees it (with its base's type arguments), or null when an action
        /// of the controller or of a class in between overrides it.
        /// </summary>
        private IMethodSymbol? FindInherited(INamedTypeSymbol controller, INamedTypeSymbol owner, IMethodSymbol action)
        {
            var overridden = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            for (var current = controller; current is not null && IsInSource(current); current = current.BaseType)
            {
                if (!SymbolEqualityComparer.Default.Equals(current, controller) && !current.IsAbstract)
                {
                    return null;
                }

                var isOwner = SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, owner);
                foreach (var member in isOwner ? current.GetMembers(action.Name) : current.GetMembers())
                {
                    if (member is not IMethodSymbol method || overridden.Contains(method.OriginalDefinition) || !_model.IsAction(method))
                    {
                        continue;
                    }

                    if (isOwner)
                    {
                        if (SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, action))
                        {
                            return method;
                        }

                        continue;
                    }

                    for (var baseMethod = method.OverriddenMethod; baseMethod is not null; baseMethod = baseMethod.OverriddenMethod)
                    {
                        overridden.Add(baseMethod.OriginalDefinition);
                    }
                }

                if (isOwner)
                {
                    return null;
                }
            }

            return null;
        }

        private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> GetIndex(IAssemblySymbol assembly, CancellationToken cancellationToken)
        {
            var index = Volatile.Read(ref _byBase);
            if (index is not null)
            {
                return index;
            }

            lock (_gate)
            {
                index = _byBase ?? Build(assembly.GlobalNamespace, cancellationToken);
                Volatile.Write(ref _byBase, index);
                return index;
            }
        }

        /// <summary>Every controller class, under each abstract source base class it inherits actions from.</summary>
        private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> Build(INamespaceSymbol root, CancellationToken cancellationToken)
        {
            var index = new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);
            var pending = new Stack<INamespaceOrTypeSymbol>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var container = pending.Pop();
                foreach (var type in container.GetTypeMembers())
                {
                    pending.Push(type);
                    if (_model.GetControllerKind(type) == ControllerKind.None)
                    {
                        continue;
                    }

                    for (var baseType = type.BaseType; baseType is { IsAbstract: true } && IsInSource(baseType); baseType = baseType.BaseType)
                    {
                        if (!index.TryGetValue(baseType.OriginalDefinition, out var list))
                        {
                            index.Add(baseType.OriginalDefinition, list = new List<INamedTypeSymbol>());
                        }

                        list.Add(type);
                    }
                }

                if (container is INamespaceSymbol ns)
                {
                    foreach (var child in ns.GetNamespaceMembers())
                    {
                        pending.Push(child);
                    }
                }
            }

            return index;
        }
    }
}
