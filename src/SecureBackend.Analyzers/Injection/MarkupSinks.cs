using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;

namespace SecureBackend.Analyzers.Injection;

/// <summary>
/// The APIs SB1003 watches, resolved once per compilation: the calls, constructors and conversions that put text into a
/// page as markup, unchanged. Each match gives the value written and the name the report shows.
/// </summary>
internal sealed class MarkupSinks
{
    public const string HtmlHelperName = "Microsoft.AspNetCore.Mvc.Rendering.IHtmlHelper";
    public const string HtmlStringName = "Microsoft.AspNetCore.Html.HtmlString";
    public const string MarkupStringName = "Microsoft.AspNetCore.Components.MarkupString";
    public const string ResultsName = "Microsoft.AspNetCore.Http.Results";
    public const string TypedResultsName = "Microsoft.AspNetCore.Http.TypedResults";
    public const string ResponseWritingName = "Microsoft.AspNetCore.Http.HttpResponseWritingExtensions";

    private const string MediaTypeHeaderValueName = "Microsoft.Net.Http.Headers.MediaTypeHeaderValue";
    private const string HttpResponseName = "Microsoft.AspNetCore.Http.HttpResponse";
    private const string HeaderDictionaryName = "Microsoft.AspNetCore.Http.IHeaderDictionary";

    private readonly INamedTypeSymbol? _htmlHelper;
    private readonly INamedTypeSymbol? _htmlString;
    private readonly INamedTypeSymbol? _markupString;
    private readonly MvcHelpers _mvcHelpers;
    private readonly INamedTypeSymbol? _results;
    private readonly INamedTypeSymbol? _typedResults;
    private readonly INamedTypeSymbol? _responseWriting;
    private readonly INamedTypeSymbol? _mediaTypeHeaderValue;
    private readonly INamedTypeSymbol? _httpResponse;
    private readonly INamedTypeSymbol? _headerDictionary;

    public MarkupSinks(KnownTypes types)
    {
        _htmlHelper = types.Get(HtmlHelperName);
        _htmlString = types.Get(HtmlStringName);
        _markupString = types.Get(MarkupStringName);
        _mvcHelpers = MvcHelpers.Create(types);
        _results = types.Get(ResultsName);
        _typedResults = types.Get(TypedResultsName);
        _responseWriting = types.Get(ResponseWritingName);
        _mediaTypeHeaderValue = types.Get(MediaTypeHeaderValueName);
        _httpResponse = types.Get(HttpResponseName);
        _headerDictionary = types.Get(HeaderDictionaryName);
    }

    public static bool AnyReferenced(KnownTypes types)
        => types.HasAny(HtmlHelperName, HtmlStringName, MarkupStringName, MvcHelpers.ControllerBaseName, MvcHelpers.PageModelName, ResultsName, ResponseWritingName);

    public bool HasConstructors => _htmlString is not null || _markupString is not null;

    public bool HasConversions => _markupString is not null;

    /// <summary><c>Html.Raw(x)</c>, <c>Content(x, "text/html")</c>, <c>Results.Content(x, "text/html")</c>, <c>Response.WriteAsync(x)</c> on an HTML response.</summary>
    public IOperation? Match(IInvocationOperation invocation, out string sink)
    {
        sink = string.Empty;
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Raw":
                if (!method.IsStatic && _htmlHelper is not null && invocation.Arguments.Length == 1
                    && (SymbolEqualityComparer.Default.Equals(method.ContainingType, _htmlHelper) || method.ContainingType.IsOrImplements(_htmlHelper)))
                {
                    sink = "Html.Raw";
                    return invocation.Arguments[0].Value;
                }

                return null;

            case "Content":
            case "Text":
                if (method.IsStatic
                    ? !(IsType(method.ContainingType, _results) || IsType(method.ContainingType, _typedResults))
                    : method.Name != "Content" || !_mvcHelpers.IsHelperType(method.ContainingType))
                {
                    return null;
                }

                if (!DeclaresHtml(invocation.GetArgument("contentType")?.Value))
                {
                    return null;
                }

                sink = method.IsStatic ? method.ContainingType.Name + "." + method.Name : method.Name;
                return (invocation.GetArgument("content") ?? invocation.GetArgument("utf8Content"))?.Value;

            case "WriteAsync":
                if (!method.IsStatic || !IsType(method.ContainingType, _responseWriting)
                    || invocation.GetArgument("response")?.Value is not { } response
                    || invocation.GetArgument("text")?.Value is not { } text
                    || !SetsHtmlContentType(invocation.GetRoot(), response))
                {
                    return null;
                }

                sink = "Response.WriteAsync";
                return text;

            default:
                return null;
        }
    }

    /// <summary><c>html.Raw(dynamicValue)</c>: a view without <c>@model</c> hands <c>Html.Raw</c> a dynamic model member.</summary>
    public IOperation? Match(IDynamicInvocationOperation invocation, out string sink)
    {
        sink = string.Empty;
        if (invocation.Operation is IDynamicMemberReferenceOperation { MemberName: "Raw", Instance.Type: { } receiver }
            && _htmlHelper is not null && invocation.Arguments.Length == 1
            && (SymbolEqualityComparer.Default.Equals(receiver, _htmlHelper) || receiver.IsOrImplements(_htmlHelper)))
        {
            sink = "Html.Raw";
            return invocation.Arguments[0];
        }

        return null;
    }

    /// <summary><c>new HtmlString(x)</c>, <c>new MarkupString(x)</c>.</summary>
    public IOperation? Match(IObjectCreationOperation creation, out string sink)
    {
        sink = string.Empty;
        if (creation.Arguments.Length != 1 || creation.Type is not INamedTypeSymbol type
            || !(IsType(type, _htmlString) || IsType(type, _markupString)))
        {
            return null;
        }

        sink = type.Name;
        return creation.Arguments[0].Value;
    }

    /// <summary><c>(MarkupString)x</c>.</summary>
    public IOperation? Match(IConversionOperation conversion, out string sink)
    {
        sink = string.Empty;
        if (conversion.OperatorMethod is not { } op || !IsType(op.ContainingType, _markupString)
            || !IsType(conversion.Type as INamedTypeSymbol, _markupString))
        {
            return null;
        }

        sink = "(MarkupString)";
        return conversion.Operand;
    }

    private static bool IsType(INamedTypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);

    /// <summary>A content type, fixed by the code, that a browser renders as HTML.</summary>
    private bool DeclaresHtml(IOperation? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        contentType = contentType.WalkDownConversions();
        if (contentType is IObjectCreationOperation { Arguments.Length: >= 1 } creation && IsType(creation.Type as INamedTypeSymbol, _mediaTypeHeaderValue))
        {
            contentType = creation.Arguments[0].Value.WalkDownConversions();
        }

        return contentType.TryGetConstantString(out var text) && IsHtmlMediaType(text);
    }

    public static bool IsHtmlMediaType(string? text)
    {
        if (text is null)
        {
            return false;
        }

        text = text.TrimStart();
        return text.StartsWith("text/html", StringComparison.OrdinalIgnoreCase)
               || text.StartsWith("application/xhtml+xml", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether the method sets the content type of <paramref name="response"/> to HTML: <c>Response.ContentType = "text/html"</c>
    /// or <c>Response.Headers.ContentType = "text/html; charset=utf-8"</c>.
    /// </summary>
    private bool SetsHtmlContentType(IOperation root, IOperation response)
    {
        if (_httpResponse is null)
        {
            return false;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "ContentType" } target } assignment
                || !DeclaresHtml(assignment.Value))
            {
                continue;
            }

            var owner = target.Instance?.WalkDownConversions();
            if (IsType(target.Property.ContainingType, _headerDictionary) || target.Property.ContainingType.IsOrImplements(_headerDictionary))
            {
                owner = owner is IPropertyReferenceOperation { Property.Name: "Headers" } headers ? headers.Instance : null;
            }
            else if (!target.Property.ContainingType.InheritsFromOrEquals(_httpResponse))
            {
                continue;
            }

            if (owner is not null && SameReference(owner, response))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether two expressions read the same variable or member chain (<c>context.Response</c> twice).</summary>
    private static bool SameReference(IOperation? left, IOperation? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        left = left.WalkDownConversions();
        right = right.WalkDownConversions();
        return (left, right) switch
        {
            (ILocalReferenceOperation a, ILocalReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Local, b.Local),
            (IParameterReferenceOperation a, IParameterReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Parameter, b.Parameter),
            (IInstanceReferenceOperation, IInstanceReferenceOperation) => true,
            (IFieldReferenceOperation a, IFieldReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Field, b.Field) && SameReference(a.Instance, b.Instance),
            (IPropertyReferenceOperation a, IPropertyReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Property, b.Property) && SameReference(a.Instance, b.Instance),
            _ => false,
        };
    }
}
