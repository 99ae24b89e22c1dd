using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers.Infrastructure.AspNet;

/// <summary>Where ASP.NET Core takes a parameter's value from, as far as the declaration shows it.</summary>
public enum BindingSource
{
    /// <summary>MVC model binding from any value provider: form fields, query string, route values.</summary>
    ModelBinding,

    /// <summary>The request body, read by an input formatter (JSON) — <c>[FromBody]</c> or inferred.</summary>
    Body,

    /// <summary><c>[FromForm]</c>, <c>IFormFile</c>(s), <c>IFormCollection</c>.</summary>
    Form,

    Query,

    Route,

    Header,

    /// <summary><c>[FromServices]</c>, <c>[FromKeyedServices]</c>, or an interface that only a service can satisfy.</summary>
    Services,

    /// <summary>Framework values that are not read from the request's content: <c>CancellationToken</c>, <c>HttpContext</c> …</summary>
    Special,
}

/// <summary>
/// Binding sources of controller action and minimal API handler parameters, by symbol: the <c>[From…]</c> attributes
/// (and any attribute implementing their metadata interfaces), form-file types, and the inference rules of
/// <c>[ApiController]</c> and of minimal APIs (a complex type without an attribute is the JSON body). Resolved once per
/// compilation.
/// </summary>
public sealed class BindingSources
{
    private readonly INamedTypeSymbol? _fromBody;
    private readonly INamedTypeSymbol? _fromBodyMetadata;
    private readonly INamedTypeSymbol? _fromForm;
    private readonly INamedTypeSymbol? _fromFormMetadata;
    private readonly INamedTypeSymbol? _fromQuery;
    private readonly INamedTypeSymbol? _fromQueryMetadata;
    private readonly INamedTypeSymbol? _fromRoute;
    private readonly INamedTypeSymbol? _fromRouteMetadata;
    private readonly INamedTypeSymbol? _fromHeader;
    private readonly INamedTypeSymbol? _fromHeaderMetadata;
    private readonly INamedTypeSymbol? _fromServices;
    private readonly INamedTypeSymbol? _fromServiceMetadata;
    private readonly INamedTypeSymbol? _fromKeyedServices;
    private readonly INamedTypeSymbol? _formFile;
    private readonly INamedTypeSymbol? _formFileCollection;
    private readonly INamedTypeSymbol? _formCollection;
    private readonly INamedTypeSymbol? _httpContext;
    private readonly INamedTypeSymbol? _httpRequest;
    private readonly INamedTypeSymbol? _httpResponse;
    private readonly INamedTypeSymbol? _claimsPrincipal;
    private readonly INamedTypeSymbol? _cancellationToken;
    private readonly INamedTypeSymbol? _stream;
    private readonly INamedTypeSymbol? _pipeReader;
    private readonly INamedTypeSymbol? _guid;
    private readonly INamedTypeSymbol? _dateTimeOffset;
    private readonly INamedTypeSymbol? _timeSpan;
    private readonly INamedTypeSymbol? _uri;
    private readonly INamedTypeSymbol? _dateOnly;
    private readonly INamedTypeSymbol? _timeOnly;
    private readonly INamedTypeSymbol? _enumerable;

    private BindingSources(KnownTypes types)
    {
        _fromBody = types.Get("Microsoft.AspNetCore.Mvc.FromBodyAttribute");
        _fromBodyMetadata = types.Get("Microsoft.AspNetCore.Http.Metadata.IFromBodyMetadata");
        _fromForm = types.Get("Microsoft.AspNetCore.Mvc.FromFormAttribute");
        _fromFormMetadata = types.Get("Microsoft.AspNetCore.Http.Metadata.IFromFormMetadata");
        _fromQuery = types.Get("Microsoft.AspNetCore.Mvc.FromQueryAttribute");
        _fromQueryMetadata = types.Get("Microsoft.AspNetCore.Http.Metadata.IFromQueryMetadata");
        _fromRoute = types.Get("Microsoft.AspNetCore.Mvc.FromRouteAttribute");
        _fromRouteMetadata = types.Get("Microsoft.AspNetCore.Http.Metadata.IFromRouteMetadata");
        _fromHeader = types.Get("Microsoft.AspNetCore.Mvc.FromHeaderAttribute");
        _fromHeaderMetadata = types.Get("Microsoft.AspNetCore.Http.Metadata.IFromHeaderMetadata");
        _fromServices = types.Get("Microsoft.AspNetCore.Mvc.FromServicesAttribute");
        _fromServiceMetadata = types.Get("Microsoft.AspNetCore.Http.Metadata.IFromServiceMetadata");
        _fromKeyedServices = types.Get("Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute");
        _formFile = types.Get("Microsoft.AspNetCore.Http.IFormFile");
        _formFileCollection = types.Get("Microsoft.AspNetCore.Http.IFormFileCollection");
        _formCollection = types.Get("Microsoft.AspNetCore.Http.IFormCollection");
        _httpContext = types.Get("Microsoft.AspNetCore.Http.HttpContext");
        _httpRequest = types.Get("Microsoft.AspNetCore.Http.HttpRequest");
        _httpResponse = types.Get("Microsoft.AspNetCore.Http.HttpResponse");
        _claimsPrincipal = types.Get("System.Security.Claims.ClaimsPrincipal");
        _cancellationToken = types.Get("System.Threading.CancellationToken");
        _stream = types.Get("System.IO.Stream");
        _pipeReader = types.Get("System.IO.Pipelines.PipeReader");
        _guid = types.Get("System.Guid");
        _dateTimeOffset = types.Get("System.DateTimeOffset");
        _timeSpan = types.Get("System.TimeSpan");
        _uri = types.Get("System.Uri");
        _dateOnly = types.Get("System.DateOnly");
        _timeOnly = types.Get("System.TimeOnly");
        _enumerable = types.Get("System.Collections.IEnumerable");
    }

    public static BindingSources Create(KnownTypes types) => new(types);

    /// <summary>
    /// The source of an MVC action parameter. Without an attribute, <c>[ApiController]</c> infers the body for complex
    /// types; plain controllers bind them from form, query and route values like any other parameter.
    /// </summary>
    public BindingSource GetActionSource(IParameterSymbol parameter, bool apiController)
    {
        if (GetDeclaredSource(parameter) is { } declared)
        {
            return declared;
        }

        if (GetTypeSource(parameter.Type) is { } byType)
        {
            return byType;
        }

        return apiController && IsComplex(parameter.Type) ? BindingSource.Body : BindingSource.ModelBinding;
    }

    /// <summary>The source of a minimal API handler parameter: a complex type without an attribute is the JSON body.</summary>
    public BindingSource GetEndpointSource(IParameterSymbol parameter)
    {
        if (GetDeclaredSource(parameter) is { } declared)
        {
            return declared;
        }

        if (GetTypeSource(parameter.Type) is { } byType)
        {
            return byType;
        }

        return IsComplex(parameter.Type) ? BindingSource.Body : BindingSource.ModelBinding;
    }

    /// <summary>Whether the symbol carries <c>[FromForm]</c> (or another <c>IFromFormMetadata</c> attribute).</summary>
    public bool HasFormAttribute(ISymbol symbol) => GetDeclaredSource(symbol) == BindingSource.Form;

    /// <summary><c>IFormFile</c>, <c>IFormFileCollection</c>, <c>IFormCollection</c>, arrays and lists of form files.</summary>
    public bool IsFormType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            type = array.ElementType;
        }
        else if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
            && generic.TypeArguments[0].IsOrImplements(_formFile))
        {
            return true; // List<IFormFile>, IEnumerable<IFormFile> …
        }

        return type.IsOrImplements(_formFile) || type.IsOrImplements(_formFileCollection) || type.IsOrImplements(_formCollection);
    }

    /// <summary>The source named by a binding attribute on <paramref name="symbol"/>, or null.</summary>
    public BindingSource? GetDeclaredSource(ISymbol symbol)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            var type = attribute.AttributeClass;
            if (type is null)
            {
                continue;
            }

            if (type.InheritsFromOrEquals(_fromBody) || type.IsOrImplements(_fromBodyMetadata))
            {
                return BindingSource.Body;
            }

            if (type.InheritsFromOrEquals(_fromForm) || type.IsOrImplements(_fromFormMetadata))
            {
                return BindingSource.Form;
            }

            if (type.InheritsFromOrEquals(_fromQuery) || type.IsOrImplements(_fromQueryMetadata))
            {
                return BindingSource.Query;
            }

            if (type.InheritsFromOrEquals(_fromRoute) || type.IsOrImplements(_fromRouteMetadata))
            {
                return BindingSource.Route;
            }

            if (type.InheritsFromOrEquals(_fromHeader) || type.IsOrImplements(_fromHeaderMetadata))
            {
                return BindingSource.Header;
            }

            if (type.InheritsFromOrEquals(_fromServices) || type.IsOrImplements(_fromServiceMetadata) || type.InheritsFromOrEquals(_fromKeyedServices))
            {
                return BindingSource.Services;
            }
        }

        return null;
    }

    private BindingSource? GetTypeSource(ITypeSymbol type)
    {
        if (IsFormType(type))
        {
            return BindingSource.Form;
        }

        if (type.InheritsFromOrEquals(_httpContext) || type.InheritsFromOrEquals(_httpRequest) || type.InheritsFromOrEquals(_httpResponse)
            || type.InheritsFromOrEquals(_claimsPrincipal) || SymbolEqualityComparer.Default.Equals(type, _cancellationToken)
            || type.InheritsFromOrEquals(_stream) || type.InheritsFromOrEquals(_pipeReader))
        {
            return BindingSource.Special; // a raw Stream reads the body whatever its content type: not the JSON formatter
        }

        if (type.TypeKind == TypeKind.Interface && !type.IsOrImplements(_enumerable))
        {
            return BindingSource.Services; // no formatter deserializes an arbitrary interface; the container supplies it
        }

        return null;
    }

    /// <summary>Not convertible from a single string: neither a primitive, enum, string, nor a well-known value type.</summary>
    private bool IsComplex(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Decimal:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_String:
            case SpecialType.System_DateTime:
            case SpecialType.System_Object:
                return false;
        }

        if (type.TypeKind is TypeKind.Enum or TypeKind.TypeParameter or TypeKind.Error or TypeKind.Dynamic)
        {
            return false;
        }

        return !(SymbolEqualityComparer.Default.Equals(type, _guid) || SymbolEqualityComparer.Default.Equals(type, _dateTimeOffset)
            || SymbolEqualityComparer.Default.Equals(type, _timeSpan) || SymbolEqualityComparer.Default.Equals(type, _uri)
            || SymbolEqualityComparer.Default.Equals(type, _dateOnly) || SymbolEqualityComparer.Default.Equals(type, _timeOnly));
    }
}
