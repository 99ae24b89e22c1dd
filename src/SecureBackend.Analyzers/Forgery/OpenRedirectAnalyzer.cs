using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;

namespace SecureBackend.Analyzers.Forgery;

/// <summary>
/// SB3005: redirects (<c>Redirect*</c> on controllers and page models, <c>Results/TypedResults.Redirect</c>,
/// <c>HttpResponse.Redirect</c>, <c>new RedirectResult</c>) to a URL whose start comes from the request — an action,
/// page handler or endpoint parameter, a bound property, <c>Request.Query/Form/RouteValues</c> — with no check of
/// that value (such as <c>Url.IsLocalUrl</c>) in a condition before the redirect.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OpenRedirectAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Diagnostic property: the local-only replacement (<c>LocalRedirect</c> …), absent when there is none.</summary>
    public const string ReplacementProperty = "Replacement";

    private static readonly HashSet<string> MvcRedirects = NameSet.Of(
        "Redirect", "RedirectPermanent", "RedirectPreserveMethod", "RedirectPermanentPreserveMethod");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.OpenRedirect);

    protected override bool IsRelevant(KnownTypes types) => types.Has("Microsoft.AspNetCore.Http.HttpResponse");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var symbols = new Symbols(types, RequestInputs.Create(types));
        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        context.RegisterOperationAction(c => AnalyzeCreation(c, symbols), OperationKind.ObjectCreation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, Symbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!MvcRedirects.Contains(method.Name) || invocation.Arguments.Length == 0)
        {
            return;
        }

        var type = method.ContainingType;
        string? replacement;
        if (symbols.Helpers.IsHelperType(type))
        {
            replacement = "Local" + method.Name;
        }
        else if (method.Name == "Redirect" && (SymbolEqualityComparer.Default.Equals(type, symbols.Results) || SymbolEqualityComparer.Default.Equals(type, symbols.TypedResults)))
        {
            replacement = "LocalRedirect";
        }
        else if (method.Name == "Redirect" && type.InheritsFromOrEquals(symbols.HttpResponse))
        {
            replacement = null; // HttpResponse has no local-only redirect
        }
        else
        {
            return;
        }

        var url = FirstStringArgument(invocation.Arguments);
        if (url is not null)
        {
            Check(context, symbols, invocation, url, method.Name, replacement);
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, Symbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (symbols.RedirectResult is null || !SymbolEqualityComparer.Default.Equals(creation.Type, symbols.RedirectResult))
        {
            return;
        }

        var url = FirstStringArgument(creation.Arguments);
        if (url is not null)
        {
            Check(context, symbols, creation, url, "new RedirectResult", "LocalRedirectResult");
        }
    }

    private static IArgumentOperation? FirstStringArgument(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Ordinal: 0, Type.SpecialType: SpecialType.System_String })
            {
                return argument;
            }
        }

        return null;
    }

    private static void Check(OperationAnalysisContext context, Symbols symbols, IOperation sink, IArgumentOperation url, string api, string? replacement)
    {
        var taint = new RedirectUrlTaint(symbols.Requests);
        if (!taint.IsTainted(url.Value) || IsGuarded(sink, taint.Path))
        {
            return;
        }

        var properties = replacement is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(ReplacementProperty, replacement);
        var text = url.Value.Syntax.ToString();
        if (text.Length > 60)
        {
            text = text.Substring(0, 57) + "...";
        }

        context.Report(Diagnostic.Create(Rules.OpenRedirect, sink.Syntax.GetLocation(), properties, api, text));
    }

    /// <summary>
    /// Whether a condition before the redirect inspects a value on the taint path with a boolean call
    /// (<c>Url.IsLocalUrl(x)</c>, <c>Uri.IsWellFormedUriString(x, UriKind.Relative)</c>, <c>x.StartsWith("/")</c> …).
    /// Null-or-empty checks do not count.
    /// </summary>
    private static bool IsGuarded(IOperation sink, List<ISymbol> path)
    {
        if (path.Count == 0)
        {
            return false;
        }

        var sinkEnd = sink.Syntax.Span.End;
        foreach (var operation in sink.GetRoot().Descendants())
        {
            if (operation is IInvocationOperation { Type.SpecialType: SpecialType.System_Boolean } check
                && check.Syntax.SpanStart < sinkEnd
                && !IsNullOrEmptyCheck(check.TargetMethod)
                && InCondition(check)
                && ReferencesPath(check, path))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNullOrEmptyCheck(IMethodSymbol method)
        => method.ContainingType.SpecialType == SpecialType.System_String && method.Name is "IsNullOrEmpty" or "IsNullOrWhiteSpace" or "Equals";

    private static bool InCondition(IOperation operation)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IConditionalOperation conditional:
                    return conditional.Condition == child;
                case IWhileLoopOperation loop:
                    return loop.Condition == child;
                case IUnaryOperation or IBinaryOperation or IConversionOperation or IParenthesizedOperation or IIsPatternOperation:
                    continue;
                case IVariableInitializerOperation or IReturnOperation or ISimpleAssignmentOperation:
                    return true; // var isLocal = Url.IsLocalUrl(x); return Url.IsLocalUrl(x) ? … : …
                default:
                    return false;
            }
        }

        return false;
    }

    private static bool ReferencesPath(IInvocationOperation check, List<ISymbol> path)
    {
        foreach (var descendant in check.DescendantsAndSelf())
        {
            var symbol = descendant switch
            {
                IParameterReferenceOperation parameter => parameter.Parameter,
                ILocalReferenceOperation local => local.Local,
                IPropertyReferenceOperation property => (ISymbol)property.Property,
                _ => null,
            };

            if (symbol is not null)
            {
                foreach (var onPath in path)
                {
                    if (SymbolEqualityComparer.Default.Equals(onPath, symbol))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private sealed class Symbols
    {
        public Symbols(KnownTypes types, RequestInputs requests)
        {
            Requests = requests;
            Helpers = MvcHelpers.Create(types, includePageBase: true); // a Razor page redirects with the same helpers
            Results = types.Get("Microsoft.AspNetCore.Http.Results");
            TypedResults = types.Get("Microsoft.AspNetCore.Http.TypedResults");
            HttpResponse = types.Get("Microsoft.AspNetCore.Http.HttpResponse");
            RedirectResult = types.Get("Microsoft.AspNetCore.Mvc.RedirectResult");
        }

        /// <summary>What a request value is: the one model shared with the injection and secrets rules.</summary>
        public RequestInputs Requests { get; }
        public MvcHelpers Helpers { get; }
        public INamedTypeSymbol? Results { get; }
        public INamedTypeSymbol? TypedResults { get; }
        public INamedTypeSymbol? HttpResponse { get; }
        public INamedTypeSymbol? RedirectResult { get; }
    }
}
