using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Infrastructure.AspNet;

/// <summary>
/// Recognises values bound from the HTTP request: string parameters of MVC/API controller actions, Razor Pages
/// handlers and minimal-API endpoint delegates, <c>[BindProperty]</c>/<c>[FromQuery]</c>… properties, and reads of
/// <c>Request.Query</c>, <c>Request.Form</c>, <c>Request.Headers</c>, <c>Request.Cookies</c> and route values.
/// </summary>
internal sealed class RequestInputs
{
    private readonly INamedTypeSymbol? _controllerBase;
    private readonly INamedTypeSymbol? _controllerAttribute;
    private readonly INamedTypeSymbol? _nonControllerAttribute;
    private readonly INamedTypeSymbol? _nonActionAttribute;
    private readonly INamedTypeSymbol? _pageModel;
    private readonly INamedTypeSymbol? _fromServicesAttribute;
    private readonly INamedTypeSymbol? _fromKeyedServicesAttribute;
    private readonly INamedTypeSymbol? _bindPropertyAttribute;
    private readonly INamedTypeSymbol? _bindPropertiesAttribute;
    private readonly INamedTypeSymbol? _bindingSourceMetadata;
    private readonly INamedTypeSymbol? _queryCollection;
    private readonly INamedTypeSymbol? _formCollection;
    private readonly INamedTypeSymbol? _headerDictionary;
    private readonly INamedTypeSymbol? _requestCookies;
    private readonly INamedTypeSymbol? _routeValues;
    private readonly INamedTypeSymbol? _endpointRouteBuilderExtensions;
    private readonly INamedTypeSymbol? _delegate;
    private readonly INamedTypeSymbol? _stringValues;
    private readonly INamedTypeSymbol? _legacyMvcController;
    private readonly INamedTypeSymbol? _legacyApiController;
    private readonly INamedTypeSymbol? _httpRequest;

    private RequestInputs(KnownTypes types)
    {
        _controllerBase = types.Get("Microsoft.AspNetCore.Mvc.ControllerBase");
        _controllerAttribute = types.Get("Microsoft.AspNetCore.Mvc.ControllerAttribute");
        _nonControllerAttribute = types.Get("Microsoft.AspNetCore.Mvc.NonControllerAttribute");
        _nonActionAttribute = types.Get("Microsoft.AspNetCore.Mvc.NonActionAttribute");
        _pageModel = types.Get("Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
        _fromServicesAttribute = types.Get("Microsoft.AspNetCore.Mvc.FromServicesAttribute");
        _fromKeyedServicesAttribute = types.Get("Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute");
        _bindPropertyAttribute = types.Get("Microsoft.AspNetCore.Mvc.BindPropertyAttribute");
        _bindPropertiesAttribute = types.Get("Microsoft.AspNetCore.Mvc.BindPropertiesAttribute");
        _bindingSourceMetadata = types.Get("Microsoft.AspNetCore.Mvc.ModelBinding.IBindingSourceMetadata");
        _queryCollection = types.Get("Microsoft.AspNetCore.Http.IQueryCollection");
        _formCollection = types.Get("Microsoft.AspNetCore.Http.IFormCollection");
        _headerDictionary = types.Get("Microsoft.AspNetCore.Http.IHeaderDictionary");
        _requestCookies = types.Get("Microsoft.AspNetCore.Http.IRequestCookieCollection");
        _routeValues = types.Get("Microsoft.AspNetCore.Routing.RouteValueDictionary");
        _endpointRouteBuilderExtensions = types.Get("Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");
        _delegate = types.Get("System.Delegate");
        _stringValues = types.Get("Microsoft.Extensions.Primitives.StringValues");
        _legacyMvcController = types.Get("System.Web.Mvc.Controller");
        _legacyApiController = types.Get("System.Web.Http.ApiController");
        _httpRequest = types.Get("Microsoft.AspNetCore.Http.HttpRequest");
    }

    public static RequestInputs Create(KnownTypes types) => new(types);

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

        return method.MethodKind switch
        {
            MethodKind.AnonymousFunction => IsEndpointLambda(method, usage),
            MethodKind.Ordinary => IsControllerAction(method) || IsPageHandler(method),
            _ => false,
        };
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

        var bound = method.MethodKind switch
        {
            MethodKind.AnonymousFunction => IsEndpointLambda(method, usage),
            MethodKind.Ordinary => IsControllerAction(method) || IsPageHandler(method),
            _ => false,
        };

        return bound && (IsTextType(parameter.Type) || IsBytes(parameter.Type) || HasBindingSource(parameter) || IsModelType(parameter.Type));
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
            var type = property.ContainingType;
            return type.IsOrImplements(_queryCollection) || type.IsOrImplements(_formCollection)
                || type.IsOrImplements(_headerDictionary) || type.IsOrImplements(_requestCookies)
                || type.InheritsFromOrEquals(_routeValues);
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
    public bool IsRequestCollection(ITypeSymbol? type)
        => type.IsOrImplements(_queryCollection) || type.IsOrImplements(_formCollection) || type.IsOrImplements(_headerDictionary)
            || type.IsOrImplements(_requestCookies) || type.InheritsFromOrEquals(_routeValues);

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

    private bool HasServiceAttribute(IParameterSymbol parameter)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            var type = attribute.AttributeClass;
            if (type.InheritsFromOrEquals(_fromServicesAttribute) || type.InheritsFromOrEquals(_fromKeyedServicesAttribute))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsControllerAction(IMethodSymbol method)
    {
        if (method.DeclaredAccessibility != Accessibility.Public || method.IsStatic || method.IsAbstract || method.IsGenericMethod
            || HasAttribute(method, _nonActionAttribute))
        {
            return false;
        }

        var type = method.ContainingType;
        if (type is null || type.TypeKind != TypeKind.Class || type.IsAbstract || type.DeclaredAccessibility != Accessibility.Public
            || HasAttributeInHierarchy(type, _nonControllerAttribute))
        {
            return false;
        }

        if (type.InheritsFromOrEquals(_controllerBase) || type.InheritsFromOrEquals(_legacyMvcController) || type.InheritsFromOrEquals(_legacyApiController)
            || HasAttributeInHierarchy(type, _controllerAttribute))
        {
            return true;
        }

        // POCO controllers are discovered by name when MVC is referenced.
        return _controllerBase is not null && type.Name.EndsWith("Controller", System.StringComparison.Ordinal);
    }

    private bool IsPageHandler(IMethodSymbol method)
        => method.DeclaredAccessibility == Accessibility.Public
            && !method.IsStatic
            && method.Name.StartsWith("On", System.StringComparison.Ordinal)
            && method.ContainingType.InheritsFromOrEquals(_pageModel);

    private bool IsEndpointLambda(IMethodSymbol lambda, IOperation usage)
    {
        if (_endpointRouteBuilderExtensions is null)
        {
            return false;
        }

        for (var current = usage.Parent; current is not null; current = current.Parent)
        {
            if (current is not IAnonymousFunctionOperation function || !SymbolEqualityComparer.Default.Equals(function.Symbol, lambda))
            {
                continue;
            }

            var outer = function.Parent;
            while (outer is IDelegateCreationOperation or IConversionOperation)
            {
                outer = outer.Parent;
            }

            return outer is IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation invocation }
                && SymbolEqualityComparer.Default.Equals(parameter.Type, _delegate)
                && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, _endpointRouteBuilderExtensions);
        }

        return false;
    }

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
            && HasAttributeInHierarchy(containing, _bindPropertiesAttribute)
            && (containing.InheritsFromOrEquals(_pageModel) || containing.InheritsFromOrEquals(_controllerBase));
    }

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return false;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass.InheritsFromOrEquals(attributeType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAttributeInHierarchy(INamedTypeSymbol? type, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (HasAttribute(current, attributeType))
            {
                return true;
            }
        }

        return false;
    }
}
