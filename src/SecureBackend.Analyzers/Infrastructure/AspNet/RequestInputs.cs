using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Infrastructure.AspNet;

/// <summary>
/// Recognises values bound from the HTTP request: string parameters of MVC/API controller actions, Razor Pages
/// handlers and minimal-API endpoint delegates (which methods those are, <see cref="MvcModel"/> and
/// <see cref="EndpointModel"/> answer), <c>[BindProperty]</c>/<c>[FromQuery]</c>… properties, and reads of
/// <c>Request.Query</c>, <c>Request.Form</c>, <c>Request.Headers</c>, <c>Request.Cookies</c> and route values.
/// </summary>
internal sealed class RequestInputs
{
    private readonly INamedTypeSymbol? _controllerBase;
    private readonly INamedTypeSymbol? _fromServicesAttribute;
    private readonly INamedTypeSymbol? _bindPropertyAttribute;
    private readonly INamedTypeSymbol? _bindPropertiesAttribute;
    private readonly INamedTypeSymbol? _bindingSourceMetadata;
    private readonly INamedTypeSymbol? _queryCollection;
    private readonly INamedTypeSymbol? _formCollection;
    private readonly INamedTypeSymbol? _headerDictionary;
    private readonly INamedTypeSymbol? _requestCookies;
    private readonly INamedTypeSymbol? _routeValues;
    private readonly INamedTypeSymbol? _stringValues;
    private readonly INamedTypeSymbol? _httpRequest;
    private readonly MvcModel _mvc;
    private readonly EndpointModel _endpoints;

    private RequestInputs(KnownTypes types)
    {
        _mvc = MvcModel.Create(types);
        _endpoints = EndpointModel.Create(types, _mvc);
        _controllerBase = types.Get("Microsoft.AspNetCore.Mvc.ControllerBase");
        _fromServicesAttribute = types.Get("Microsoft.AspNetCore.Mvc.FromServicesAttribute");
        _bindPropertyAttribute = types.Get("Microsoft.AspNetCore.Mvc.BindPropertyAttribute");
        _bindPropertiesAttribute = types.Get("Microsoft.AspNetCore.Mvc.BindPropertiesAttribute");
        _bindingSourceMetadata = types.Get("Microsoft.AspNetCore.Mvc.ModelBinding.IBindingSourceMetadata");
        _queryCollection = types.Get("Microsoft.AspNetCore.Http.IQueryCollection");
        _formCollection = types.Get("Microsoft.AspNetCore.Http.IFormCollection");
        _headerDictionary = types.Get("Microsoft.AspNetCore.Http.IHeaderDictionary");
        _requestCookies = types.Get("Microsoft.AspNetCore.Http.IRequestCookieCollection");
        _routeValues = types.Get("Microsoft.AspNetCore.Routing.RouteValueDictionary");
        _stringValues = types.Get("Microsoft.Extensions.Primitives.StringValues");
        _httpRequest = types.Get("Microsoft.AspNetCore.Http.HttpRequest");
    }

    public static RequestInputs Create(KnownTypes types) => new(types);

    /// <summary>The controllers, actions and page handlers of the compilation.</summary>
    public MvcModel Mvc => _mvc;

    /// <summary>The minimal-API endpoints of the compilation.</summary>
    public EndpointModel Endpoints => _endpoints;

    /// <summary>
    /// Whether <paramref name="parameter"/> is a text value the framework binds from the request.
    /// <paramref name="usage"/> is an operation inside the parameter's method (used to find an endpoint lambda).
    /// </summary>
    public bool IsRequestBoundParameter(IParameterSymbol parameter, IOperation usage)
    {
        if (!IsTextType(parameter.Type) || parameter.RefKind != RefKind.None || HasServiceAttribute(parameter))
        {
            return false;
        }

        if (parameter.ContainingSymbol is not IMethodSymbol method)
        {
            return false;
        }

        return IsRequestHandler(method, usage);
    }

    /// <summary>
    /// Whether <paramref name="parameter"/> of an action, page handler or endpoint delegate carries request content:
    /// text, bytes, or a model the framework binds from the body, query, route, form or headers (any type declared
    /// outside <c>System</c>/<c>Microsoft</c>, or one with a <c>[From…]</c> attribute). Services, the cancellation
    /// token and framework objects such as <c>HttpContext</c> or <c>ClaimsPrincipal</c> are not.
    /// </summary>
    public bool IsRequestBoundValue(IParameterSymbol parameter, IOperation usage)
    {
        if (parameter.RefKind != RefKind.None || HasServiceAttribute(parameter) || parameter.ContainingSymbol is not IMethodSymbol method)
        {
            return false;
        }

        return IsRequestHandler(method, usage) && (IsTextType(parameter.Type) || IsBytes(parameter.Type) || HasBindingSource(parameter) || IsModelType(parameter.Type));
    }

    /// <summary>A property the framework binds from the request (<c>[BindProperty]</c>, <c>[FromQuery]</c> …), whatever its type.</summary>
    public bool IsBoundMember(IPropertySymbol property) => IsBoundProperty(property);

    /// <summary>Whether <paramref name="type"/> is <c>HttpRequest</c>: everything read from it comes from the client.</summary>
    public bool IsHttpRequest(ITypeSymbol? type) => type.InheritsFromOrEquals(_httpRequest);

    /// <summary>A read of a request collection (<c>Request.Query["q"]</c> …) or of a request-bound property.</summary>
    public bool IsRequestRead(IPropertyReferenceOperation reference)
    {
        var property = reference.Property;
        if (property.IsIndexer)
        {
            return GetCollection(property.ContainingType) != RequestCollection.None;
        }

        return IsTextType(property.Type) && IsBoundProperty(property);
    }

    /// <summary>
    /// Whether an endpoint's body reads the raw request body itself (<c>Request.Body</c>, <c>Request.BodyReader</c>) and a
    /// request header that carries a credential (<c>Request.Headers["Stripe-Signature"]</c>, <c>"X-Hub-Signature-256"</c>,
    /// <c>"X-Api-Key"</c>, <c>"Authorization"</c>): a webhook or machine endpoint, whose caller proves itself in a header
    /// that no cross-site form can set.
    /// </summary>
    public bool ReadsRawBodyWithCredentialHeader(ImmutableArray<IOperation> blocks)
    {
        if (_httpRequest is null || _headerDictionary is null)
        {
            return false;
        }

        var body = false;
        var header = false;
        foreach (var block in blocks)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IPropertyReferenceOperation { Property.Name: "Body" or "BodyReader" } reference
                        when reference.Property.ContainingType.InheritsFromOrEquals(_httpRequest):
                        body = true;
                        break;
                    case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer
                        when indexer.Property.ContainingType.IsOrImplements(_headerDictionary):
                        header |= IsCredentialHeader(indexer.Arguments[0].Value);
                        break;
                    case IInvocationOperation { TargetMethod.Name: "TryGetValue", Instance: { } instance, Arguments.Length: 2 } invocation
                        when instance.Type.IsOrImplements(_headerDictionary):
                        header |= IsCredentialHeader(invocation.Arguments[0].Value);
                        break;
                }
            }
        }

        return body && header;
    }

    private static bool IsCredentialHeader(IOperation name)
    {
        if (name.ConstantValue is not { HasValue: true, Value: string text })
        {
            return false;
        }

        foreach (var word in CredentialHeaderWords)
        {
            if (text.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] CredentialHeaderWords = { "signature", "hmac", "key", "token", "secret", "auth" };

    /// <summary>Whether <paramref name="type"/> is a request-collection type whose <c>TryGetValue</c> yields request input.</summary>
    public bool IsRequestCollection(ITypeSymbol? type) => GetCollection(type) != RequestCollection.None;

    /// <summary>Which request collection <paramref name="type"/> is (<c>Request.Query</c>, <c>Request.Form</c> …), or <see cref="RequestCollection.None"/>.</summary>
    public RequestCollection GetCollection(ITypeSymbol? type)
    {
        if (type is null)
        {
            return RequestCollection.None;
        }

        return type.IsOrImplements(_queryCollection) ? RequestCollection.Query
            : type.IsOrImplements(_formCollection) ? RequestCollection.Form
            : type.IsOrImplements(_headerDictionary) ? RequestCollection.Headers
            : type.IsOrImplements(_requestCookies) ? RequestCollection.Cookies
            : type.InheritsFromOrEquals(_routeValues) ? RequestCollection.RouteValues
            : RequestCollection.None;
    }

    /// <summary>
    /// Whether <paramref name="method"/> receives a request: an action or Razor Pages handler (<see cref="MvcModel.IsRequestHandler"/>)
    /// or a minimal-API endpoint delegate (<see cref="EndpointModel.IsHandler"/>, found from <paramref name="usage"/>).
    /// </summary>
    public bool IsRequestHandler(IMethodSymbol method, IOperation usage) => method.MethodKind switch
    {
        MethodKind.AnonymousFunction => _endpoints.IsHandler(method, usage),
        MethodKind.Ordinary => _mvc.IsRequestHandler(method),
        _ => false,
    };

    private bool IsTextType(ITypeSymbol type)
        => type.SpecialType == SpecialType.System_String
            || (_stringValues is not null && SymbolEqualityComparer.Default.Equals(type, _stringValues));

    private static bool IsBytes(ITypeSymbol type) => type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte };

    /// <summary>A class, record or struct of the application's own (not a framework or primitive type).</summary>
    private static bool IsModelType(ITypeSymbol type)
    {
        if (type.SpecialType != SpecialType.None || type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return false;
        }

        var ns = type.ContainingNamespace;
        return !ns.IsWithinNamespace("System") && !ns.IsWithinNamespace("Microsoft");
    }

    private bool HasBindingSource(IParameterSymbol parameter)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass.IsOrImplements(_bindingSourceMetadata))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>[FromServices]</c>, <c>[FromKeyedServices]</c>: the container supplies the value, not the request.</summary>
    private bool HasServiceAttribute(IParameterSymbol parameter) => _mvc.Bindings.GetDeclaredSource(parameter) == BindingSource.Services;

    private bool IsBoundProperty(IPropertySymbol property)
    {
        if (property.DeclaredAccessibility != Accessibility.Public || property.IsStatic)
        {
            return false;
        }

        foreach (var attribute in property.GetAttributes())
        {
            var type = attribute.AttributeClass;
            if (type.InheritsFromOrEquals(_bindPropertyAttribute)
                || (type.IsOrImplements(_bindingSourceMetadata) && !type.InheritsFromOrEquals(_fromServicesAttribute)))
            {
                return true;
            }
        }

        var containing = property.ContainingType;
        return property.SetMethod is not null
            && MvcModel.HasAttribute(containing, _bindPropertiesAttribute, inherited: true)
            && (_mvc.IsPageModel(containing) || containing.InheritsFromOrEquals(_controllerBase));
    }
}

/// <summary>The request collections of <c>HttpRequest</c> and routing, as <see cref="RequestInputs.GetCollection"/> tells them apart.</summary>
internal enum RequestCollection
{
    None,

    /// <summary><c>IQueryCollection</c>: <c>Request.Query</c>.</summary>
    Query,

    /// <summary><c>IFormCollection</c>: <c>Request.Form</c>.</summary>
    Form,

    /// <summary><c>IHeaderDictionary</c>: <c>Request.Headers</c>.</summary>
    Headers,

    /// <summary><c>IRequestCookieCollection</c>: <c>Request.Cookies</c>.</summary>
    Cookies,

    /// <summary><c>RouteValueDictionary</c>: <c>Request.RouteValues</c>, <c>RouteData.Values</c>.</summary>
    RouteValues,
}
