using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Forgery;

/// <summary>
/// SB3001: MVC actions that handle unsafe verbs (or bind form data) on controllers that authenticate with cookies,
/// without antiforgery validation from an attribute on the action, the controller or a base class, or from a global
/// filter registered anywhere in the compilation. Reported at compilation end, once every registration was seen.
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

    private static readonly ImmutableDictionary<string, string?> ClassicProperties =
        ImmutableDictionary<string, string?>.Empty.Add(FrameworkProperty, ClassicFramework);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.MissingAntiforgery);

    protected override bool IsRelevant(KnownTypes types)
        => types.HasAny("Microsoft.AspNetCore.Mvc.ControllerBase", "System.Web.Mvc.Controller");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var model = MvcModel.Create(types);
        var antiforgery = types.Get("Microsoft.AspNetCore.Antiforgery.IAntiforgery");
        var state = new State();

        context.RegisterSymbolAction(c => AnalyzeType(c, model, state), SymbolKind.NamedType);
        context.RegisterOperationAction(
            c =>
            {
                if (model.IsValidatingAttribute(((IObjectCreationOperation)c.Operation).Type) && !MvcModel.IsInAttribute(c.Operation))
                {
                    state.MarkGlobalFilter();
                }
            },
            OperationKind.ObjectCreation);
        context.RegisterOperationAction(
            c =>
            {
                if (model.IsValidatingAttribute(((ITypeOfOperation)c.Operation).TypeOperand) && !MvcModel.IsInAttribute(c.Operation))
                {
                    state.MarkGlobalFilter();
                }
            },
            OperationKind.TypeOf);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, model, antiforgery, state), OperationKind.Invocation);
        context.RegisterCompilationEndAction(c => state.Report(c));
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, MvcModel model, INamedTypeSymbol? antiforgery, State state)
    {
        var method = ((IInvocationOperation)context.Operation).TargetMethod;
        if (method.IsGenericMethod)
        {
            foreach (var argument in method.TypeArguments)
            {
                if (model.IsValidatingAttribute(argument))
                {
                    state.MarkGlobalFilter(); // options.Filters.Add<AutoValidateAntiforgeryTokenAttribute>()
                }
            }
        }

        if (antiforgery is not null && method.Name is "ValidateRequestAsync" or "IsRequestValidAsync"
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, antiforgery)
            && context.ContainingSymbol is IMethodSymbol validatingMethod)
        {
            state.MarkManuallyValidated(validatingMethod.OriginalDefinition);
        }
    }

    private static void AnalyzeType(SymbolAnalysisContext context, MvcModel model, State state)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var kind = model.GetControllerKind(type);
        if (kind == ControllerKind.None)
        {
            return;
        }

        var isApi = kind == ControllerKind.Api || model.IsApiController(type);
        var overridden = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        for (var current = type; current is not null && current.Locations.Length > 0 && current.Locations[0].IsInSource; current = current.BaseType)
        {
            if (!SymbolEqualityComparer.Default.Equals(current, type) && !current.IsAbstract)
            {
                break; // a concrete base controller is analysed on its own
            }

            foreach (var member in current.GetMembers())
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (member is not IMethodSymbol method || overridden.Contains(method.OriginalDefinition) || !model.IsAction(method))
                {
                    continue;
                }

                for (var baseMethod = method.OverriddenMethod; baseMethod is not null; baseMethod = baseMethod.OverriddenMethod)
                {
                    overridden.Add(baseMethod.OriginalDefinition);
                }

                if (!IsStateChanging(model, method, isApi, out var verbs))
                {
                    continue;
                }

                var covered = (model.GetCoverage(method, type) & (AntiforgeryCoverage.Validated | AntiforgeryCoverage.Ignored)) != 0
                    || model.IsBearerOnly(method, type);
                state.Record(method.OriginalDefinition, kind, verbs, covered);
            }
        }
    }

    /// <summary>Unsafe verbs, or no verb attribute while binding form data; API controllers only when they bind forms.</summary>
    internal static bool IsStateChanging(MvcModel model, IMethodSymbol action, bool isApiController, out ActionVerbs verbs)
    {
        verbs = model.GetVerbs(action);
        var bindsForm = model.BindsForm(action);
        if ((verbs & ActionVerbs.Unsafe) == 0)
        {
            if (verbs != ActionVerbs.None || !bindsForm)
            {
                return false; // GET/HEAD/OPTIONS only, a verb we cannot read, or a verbless action that binds no form
            }
        }

        return !isApiController || bindsForm;
    }

    private sealed class Candidate
    {
        public Candidate(ControllerKind kind, ActionVerbs verbs)
        {
            Kind = kind;
            Verbs = verbs;
        }

        public ControllerKind Kind { get; }

        public ActionVerbs Verbs { get; }

        public bool AnyCovered { get; set; }

        public bool AnyUncovered { get; set; }
    }

    private sealed class State
    {
        private readonly ConcurrentDictionary<IMethodSymbol, Candidate> _candidates = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _manuallyValidated = new(SymbolEqualityComparer.Default);
        private int _globalFilter;

        public void MarkGlobalFilter() => Interlocked.Exchange(ref _globalFilter, 1);

        public void MarkManuallyValidated(IMethodSymbol method) => _manuallyValidated.TryAdd(method, true);

        /// <summary>
        /// Records one view of an action: an action inherited from an abstract base is seen once per derived controller;
        /// it is reported only when no controller covers it.
        /// </summary>
        public void Record(IMethodSymbol action, ControllerKind kind, ActionVerbs verbs, bool covered)
        {
            var candidate = _candidates.GetOrAdd(action, _ => new Candidate(kind, verbs));
            lock (candidate)
            {
                if (covered)
                {
                    candidate.AnyCovered = true;
                }
                else
                {
                    candidate.AnyUncovered = true;
                }
            }
        }

        public void Report(CompilationAnalysisContext context)
        {
            if (Volatile.Read(ref _globalFilter) != 0)
            {
                return;
            }

            foreach (var pair in _candidates)
            {
                var action = pair.Key;
                var candidate = pair.Value;
                if (candidate.AnyCovered || !candidate.AnyUncovered || _manuallyValidated.ContainsKey(action)
                    || action.Locations.Length == 0 || action.Locations[0].SourceTree is not { } tree
                    || context.Options.GetBool(tree, GlobalFilterOption))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Rules.MissingAntiforgery,
                    action.Locations[0],
                    candidate.Kind == ControllerKind.Classic ? ClassicProperties : CoreProperties,
                    action.ContainingType.Name + "." + action.Name,
                    MvcModel.Describe(candidate.Verbs)));
            }
        }
    }
}
