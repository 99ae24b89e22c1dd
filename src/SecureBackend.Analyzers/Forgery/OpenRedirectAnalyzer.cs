using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;
using SecureBackend.Analyzers.Infrastructure.Flow;

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

    private const int MaxDepth = 8;

    private static readonly HashSet<string> MvcRedirects = NameSet.Of(
        "Redirect", "RedirectPermanent", "RedirectPreserveMethod", "RedirectPermanentPreserveMethod");

    private static readonly HashSet<string> PassThroughMethods = NameSet.Of(
        "ToString", "Trim", "TrimEnd", "ToLower", "ToLowerInvariant", "ToUpper", "ToUpperInvariant",
        "First", "FirstOrDefault", "Last", "LastOrDefault", "Single", "SingleOrDefault",
        "UnescapeDataString", "UrlDecode", "Content");

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
        var flow = new Flow(symbols, sink);
        if (!flow.IsTainted(url.Value, 0) || flow.IsGuarded())
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
    /// Whether a constant URL prefix fixes the host, so what follows cannot send the user elsewhere:
    /// <c>/path</c> (not <c>//</c> or <c>/\</c>), <c>~/path</c>, <c>?</c>/<c>#</c>, a relative path segment, or an
    /// absolute URL whose host is terminated by <c>/</c>, <c>?</c> or <c>#</c>.
    /// </summary>
    internal static bool PrefixFixesHost(string prefix)
    {
        if (prefix.Length == 0)
        {
            return false;
        }

        switch (prefix[0])
        {
            case '?':
            case '#':
                return true;
            case '/':
                return prefix.Length >= 2 && prefix[1] != '/' && prefix[1] != '\\';
            case '\\':
                return false;
            case '~':
                return prefix.Length >= 3 && prefix[1] == '/' && prefix[2] != '/' && prefix[2] != '\\';
        }

        var scheme = prefix.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            var host = prefix.IndexOfAny(HostTerminators, scheme + 3);
            return host > scheme + 3;
        }

        var delimiter = prefix.IndexOfAny(PathDelimiters);
        return delimiter > 0 && prefix[delimiter] != ':' && prefix[delimiter] != '\\';
    }

    private static readonly char[] HostTerminators = { '/', '?', '#', '\\' };
    private static readonly char[] PathDelimiters = { ':', '/', '?', '#', '\\' };

    /// <summary>Taint tracking for one redirect: which request values reach the URL, through which symbols.</summary>
    private sealed class Flow
    {
        private readonly Symbols _symbols;
        private readonly IOperation _sink;
        private readonly List<ISymbol> _path = new();

        public Flow(Symbols symbols, IOperation sink)
        {
            _symbols = symbols;
            _sink = sink;
        }

        public bool IsTainted(IOperation value, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            value = value.WalkDownConversions();
            if (value.ConstantValue.HasValue)
            {
                return false;
            }

            switch (value)
            {
                case IParameterReferenceOperation parameter:
                    return Remember(parameter.Parameter, IsRequestParameter(parameter));

                case ILocalReferenceOperation local:
                    return IsTaintedLocal(local, depth);

                case IPropertyReferenceOperation property:
                    return IsTaintedProperty(property, depth);

                case IInvocationOperation invocation:
                    return IsTaintedCall(invocation, depth);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } or IInterpolatedStringOperation:
                    return IsTaintedConcatenation(Pieces(value), depth);

                case ICoalesceOperation coalesce:
                    return IsTainted(coalesce.Value, depth + 1) || IsTainted(coalesce.WhenNull, depth + 1);

                case IConditionalOperation { WhenFalse: not null } conditional:
                    return IsTainted(conditional.WhenTrue, depth + 1) || IsTainted(conditional.WhenFalse, depth + 1);

                default:
                    return false;
            }
        }

        /// <summary>
        /// Whether a condition before the redirect inspects a value on the taint path with a boolean call
        /// (<c>Url.IsLocalUrl(x)</c>, <c>Uri.IsWellFormedUriString(x, UriKind.Relative)</c>, <c>x.StartsWith("/")</c> …).
        /// Null-or-empty checks do not count.
        /// </summary>
        public bool IsGuarded()
        {
            if (_path.Count == 0)
            {
                return false;
            }

            var sinkEnd = _sink.Syntax.Span.End;
            foreach (var operation in _sink.GetRoot().Descendants())
            {
                if (operation is IInvocationOperation { Type.SpecialType: SpecialType.System_Boolean } check
                    && check.Syntax.SpanStart < sinkEnd
                    && !IsNullOrEmptyCheck(check.TargetMethod)
                    && InCondition(check)
                    && ReferencesPath(check))
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

        private bool ReferencesPath(IInvocationOperation check)
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
                    foreach (var onPath in _path)
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

        private bool Remember(ISymbol symbol, bool tainted)
        {
            if (tainted)
            {
                _path.Add(symbol);
            }

            return tainted;
        }

        private bool IsTaintedLocal(ILocalReferenceOperation local, int depth)
        {
            if (!LocalFlowIndex.TryGetWrites(local, out var writes))
            {
                return false;
            }

            foreach (var write in writes)
            {
                if (write.Value is not null && write.Kind != LocalWriteKind.Unknown && IsTainted(write.Value, depth + 1))
                {
                    _path.Add(local.Local);
                    return true;
                }
            }

            return false;
        }

        private bool IsTaintedProperty(IPropertyReferenceOperation property, int depth)
        {
            var symbol = property.Property;
            if (symbol.IsIndexer)
            {
                // Request.Query["x"], Request.Form["x"], Request.RouteValues["x"], RouteData.Values["x"]: the values a link
                // or a form sets. Headers and cookies are request values too, but not ones a link to the redirect chooses.
                return _symbols.Requests.GetCollection(symbol.ContainingType) is RequestCollection.Query or RequestCollection.Form or RequestCollection.RouteValues;
            }

            if (_symbols.Requests.IsBoundMember(symbol))
            {
                return Remember(symbol, true);
            }

            // model.ReturnUrl where model is a bound action parameter
            return property.Instance?.WalkDownConversions() is IParameterReferenceOperation owner
                && IsRequestParameter(owner) && Remember(symbol, true) && Remember(owner.Parameter, true);
        }

        private bool IsTaintedCall(IInvocationOperation invocation, int depth)
        {
            var method = invocation.TargetMethod;
            if (method.ContainingType.SpecialType == SpecialType.System_String && method.Name is "Concat" && method.IsStatic)
            {
                var pieces = new List<IOperation>();
                foreach (var argument in invocation.Arguments)
                {
                    AddArgumentPieces(argument.Value, pieces);
                }

                return IsTaintedConcatenation(pieces, depth);
            }

            if (method.ContainingType.SpecialType == SpecialType.System_String && method.Name is "Format" && method.IsStatic)
            {
                return IsTaintedFormat(invocation, depth);
            }

            if (!PassThroughMethods.Contains(method.Name))
            {
                return false;
            }

            if (invocation.Instance is { } instance && !(method.Name == "Content" && invocation.Arguments.Length > 0))
            {
                return IsTainted(instance, depth + 1);
            }

            return invocation.Arguments.Length > 0 && IsTainted(invocation.Arguments[0].Value, depth + 1);
        }

        private static void AddArgumentPieces(IOperation value, List<IOperation> pieces)
        {
            value = value.WalkDownConversions();
            if (value is IArrayCreationOperation { Initializer: { } initializer })
            {
                foreach (var element in initializer.ElementValues)
                {
                    pieces.Add(element);
                }
            }
            else
            {
                pieces.Add(value);
            }
        }

        private bool IsTaintedFormat(IInvocationOperation format, int depth)
        {
            var formatArgument = format.GetArgument("format")?.Value;
            if (formatArgument is null || !formatArgument.TryGetConstantString(out var text) || text is null)
            {
                return false;
            }

            var open = text.IndexOf('{');
            if (open < 0 || open + 2 >= text.Length || !char.IsDigit(text[open + 1]) || PrefixFixesHost(text.Substring(0, open)))
            {
                return false;
            }

            var index = text[open + 1] - '0';
            var values = new List<IOperation>();
            foreach (var argument in format.Arguments)
            {
                if (argument.Parameter?.Name != "format" && argument.Parameter?.Name != "provider")
                {
                    AddArgumentPieces(argument.Value, values);
                }
            }

            return index < values.Count && IsTainted(values[index], depth + 1);
        }

        /// <summary>Tainted when a request value comes before any constant prefix that fixes the host.</summary>
        private bool IsTaintedConcatenation(List<IOperation> pieces, int depth)
        {
            var prefix = string.Empty;
            foreach (var piece in pieces)
            {
                if (piece.TryGetConstantString(out var text))
                {
                    prefix += text;
                    if (PrefixFixesHost(prefix))
                    {
                        return false;
                    }

                    continue;
                }

                return IsTainted(piece, depth + 1);
            }

            return false;
        }

        private static List<IOperation> Pieces(IOperation value)
        {
            var pieces = new List<IOperation>();
            AddPieces(value, pieces);
            return pieces;
        }

        private static void AddPieces(IOperation value, List<IOperation> pieces)
        {
            value = value.WalkDownConversions();
            switch (value)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when !add.ConstantValue.HasValue:
                    AddPieces(add.LeftOperand, pieces);
                    AddPieces(add.RightOperand, pieces);
                    break;
                case IInterpolatedStringOperation interpolated:
                    foreach (var part in interpolated.Parts)
                    {
                        switch (part)
                        {
                            case IInterpolatedStringTextOperation textPart:
                                pieces.Add(textPart.Text);
                                break;
                            case IInterpolationOperation hole:
                                pieces.Add(hole.Expression);
                                break;
                        }
                    }

                    break;
                default:
                    pieces.Add(value);
                    break;
            }
        }

        /// <summary>A value the framework binds from the request into a parameter of an action, page handler or endpoint delegate.</summary>
        private bool IsRequestParameter(IParameterReferenceOperation reference)
            => _symbols.Requests.IsRequestBoundValue(reference.Parameter, reference);
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
