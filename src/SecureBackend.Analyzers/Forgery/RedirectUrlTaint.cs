using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Forgery;

/// <summary>
/// SB3005's policy over <see cref="ValueTrace{T}"/>: whether the start of a redirect URL comes from the request (an
/// action, page handler or endpoint parameter, a bound property or a bound model's property, <c>Request.Query/Form/RouteValues</c>,
/// all as <see cref="RequestInputs"/> defines them), before any constant prefix that fixes the host. The policy reads
/// concatenation, interpolation, <c>string.Concat/Format</c> and the calls that pass a URL on; the trace supplies
/// locals' writes, <c>?:</c>, <c>??</c> and conversions. One per redirect: <see cref="Path"/> lists the symbols the
/// request value reached the URL through, for the guard check.
/// </summary>
internal sealed class RedirectUrlTaint : ValuePolicy<bool>
{
    private static readonly HashSet<string> PassThroughMethods = NameSet.Of(
        "ToString", "Trim", "TrimEnd", "ToLower", "ToLowerInvariant", "ToUpper", "ToUpperInvariant",
        "First", "FirstOrDefault", "Last", "LastOrDefault", "Single", "SingleOrDefault",
        "UnescapeDataString", "UrlDecode", "Content");

    private static readonly char[] HostTerminators = { '/', '?', '#', '\\' };
    private static readonly char[] PathDelimiters = { ':', '/', '?', '#', '\\' };

    private readonly RequestInputs _requests;

    public RedirectUrlTaint(RequestInputs requests) => _requests = requests;

    /// <summary>The parameters, locals and properties on the way from the request value to the URL (once tainted).</summary>
    public List<ISymbol> Path { get; } = new();

    /// <summary>
    /// 8, not <see cref="FlowBudget.MaxDepth"/>: each step reads every piece of a concatenation or format call, and the
    /// rule asks only where the URL's start comes from, which is a few steps from the request value in every shape it reports.
    /// </summary>
    public override int MaxDepth => 8;

    public override bool Exhausted => false;

    /// <summary>Whether the start of <paramref name="url"/> comes from the request.</summary>
    public bool IsTainted(IOperation url) => ValueTrace<bool>.Of(this, url);

    public override bool Leaf(IOperation value, int depth) => false;

    public override bool Unseen(ILocalReferenceOperation local, LocalWrite? write) => false;

    public override bool Follows(LocalWriteKind kind) => kind != LocalWriteKind.Unknown;

    public override bool Merge(bool first, bool second) => first || second;

    public override bool IsSettled(bool result) => result;

    public override bool AtLocal(ILocalReferenceOperation local, bool written) => Remember(local.Local, written);

    public override bool TryRead(IOperation value, ValueTrace<bool> trace, int depth, out bool result)
    {
        if (value.ConstantValue.HasValue)
        {
            result = false;
            return true;
        }

        switch (value)
        {
            case IParameterReferenceOperation parameter:
                result = Remember(parameter.Parameter, IsRequestParameter(parameter));
                return true;

            case IPropertyReferenceOperation property:
                result = IsTaintedProperty(property);
                return true;

            case IInvocationOperation invocation:
                result = IsTaintedCall(invocation, trace, depth);
                return true;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } or IInterpolatedStringOperation:
                result = IsTaintedConcatenation(Pieces(value), trace, depth);
                return true;

            default:
                result = false;
                return false; // locals, ?: and ??: the trace follows them; anything else is a leaf
        }
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

    private bool Remember(ISymbol symbol, bool tainted)
    {
        if (tainted)
        {
            Path.Add(symbol);
        }

        return tainted;
    }

    private bool IsTaintedProperty(IPropertyReferenceOperation property)
    {
        var symbol = property.Property;
        if (symbol.IsIndexer)
        {
            // Request.Query["x"], Request.Form["x"], Request.RouteValues["x"], RouteData.Values["x"]: the values a link
            // or a form sets. Headers and cookies are request values too, but not ones a link to the redirect chooses.
            return _requests.GetCollection(symbol.ContainingType) is RequestCollection.Query or RequestCollection.Form or RequestCollection.RouteValues;
        }

        if (_requests.IsBoundMember(symbol))
        {
            return Remember(symbol, true);
        }

        // model.ReturnUrl where model is a bound action parameter
        return property.Instance?.WalkDownConversions() is IParameterReferenceOperation owner
            && IsRequestParameter(owner) && Remember(symbol, true) && Remember(owner.Parameter, true);
    }

    private static bool IsTaintedCall(IInvocationOperation invocation, ValueTrace<bool> trace, int depth)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType.SpecialType == SpecialType.System_String && method.Name is "Concat" && method.IsStatic)
        {
            var pieces = new List<IOperation>();
            foreach (var argument in invocation.Arguments)
            {
                AddArgumentPieces(argument.Value, pieces);
            }

            return IsTaintedConcatenation(pieces, trace, depth);
        }

        if (method.ContainingType.SpecialType == SpecialType.System_String && method.Name is "Format" && method.IsStatic)
        {
            return IsTaintedFormat(invocation, trace, depth);
        }

        if (!PassThroughMethods.Contains(method.Name))
        {
            return false;
        }

        if (invocation.Instance is { } instance && !(method.Name == "Content" && invocation.Arguments.Length > 0))
        {
            return trace.Of(instance, depth + 1);
        }

        return invocation.Arguments.Length > 0 && trace.Of(invocation.Arguments[0].Value, depth + 1);
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

    private static bool IsTaintedFormat(IInvocationOperation format, ValueTrace<bool> trace, int depth)
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

        return index < values.Count && trace.Of(values[index], depth + 1);
    }

    /// <summary>Tainted when a request value comes before any constant prefix that fixes the host.</summary>
    private static bool IsTaintedConcatenation(List<IOperation> pieces, ValueTrace<bool> trace, int depth)
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

            return trace.Of(piece, depth + 1);
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
        => _requests.IsRequestBoundValue(reference.Parameter, reference);
}
