using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Infrastructure.AspNet;

/// <summary>HTTP verbs an MVC action accepts, as declared by its verb attributes.</summary>
[Flags]
internal enum ActionVerbs
{
    None = 0,
    Get = 1,
    Head = 2,
    Options = 4,
    Post = 8,
    Put = 16,
    Patch = 32,
    Delete = 64,

    /// <summary>A verb attribute whose verbs cannot be read (a custom attribute, a non-constant argument).</summary>
    Unknown = 128,

    Safe = Get | Head | Options,
    Unsafe = Post | Put | Patch | Delete,
}

/// <summary>
/// The one model of MVC controllers, actions and Razor Pages handlers, for ASP.NET Core MVC and, when referenced,
/// classic ASP.NET MVC (<c>System.Web.Mvc</c>) and Web API (<c>System.Web.Http</c>): which classes are controllers,
/// which methods are actions or page handlers (the methods whose parameters the framework binds from the request, see
/// <see cref="IsRequestHandler"/>), their verbs, and how their attributes treat antiforgery validation and
/// authentication. Resolved once per compilation.
/// </summary>
internal sealed class MvcModel
{
    private readonly INamedTypeSymbol? _controller;
    private readonly INamedTypeSymbol? _controllerBase;
    private readonly INamedTypeSymbol? _apiBehaviorMetadata;
    private readonly INamedTypeSymbol? _nonAction;
    private readonly INamedTypeSymbol? _nonController;
    private readonly INamedTypeSymbol? _controllerAttribute;
    private readonly INamedTypeSymbol? _webApiController;
    private readonly INamedTypeSymbol? _httpMethodAttribute;
    private readonly INamedTypeSymbol? _httpGet;
    private readonly INamedTypeSymbol? _httpHead;
    private readonly INamedTypeSymbol? _httpOptions;
    private readonly INamedTypeSymbol? _httpPost;
    private readonly INamedTypeSymbol? _httpPut;
    private readonly INamedTypeSymbol? _httpPatch;
    private readonly INamedTypeSymbol? _httpDelete;
    private readonly INamedTypeSymbol? _acceptVerbs;
    private readonly BindingSources _bindings;
    private readonly INamedTypeSymbol? _authorize;
    private readonly INamedTypeSymbol? _requireAntiforgery;

    // Classic ASP.NET MVC 5 (System.Web.Mvc), recognised by metadata name when the application references it.
    private readonly INamedTypeSymbol? _classicController;
    private readonly INamedTypeSymbol? _classicNonAction;
    private readonly INamedTypeSymbol? _classicHttpGet;
    private readonly INamedTypeSymbol? _classicHttpHead;
    private readonly INamedTypeSymbol? _classicHttpOptions;
    private readonly INamedTypeSymbol? _classicHttpPost;
    private readonly INamedTypeSymbol? _classicHttpPut;
    private readonly INamedTypeSymbol? _classicHttpPatch;
    private readonly INamedTypeSymbol? _classicHttpDelete;
    private readonly INamedTypeSymbol? _classicAcceptVerbs;

    private MvcModel(KnownTypes types)
    {
        _controller = types.Get("Microsoft.AspNetCore.Mvc.Controller");
        _controllerBase = types.Get("Microsoft.AspNetCore.Mvc.ControllerBase");
        _apiBehaviorMetadata = types.Get("Microsoft.AspNetCore.Mvc.Infrastructure.IApiBehaviorMetadata");
        _nonAction = types.Get("Microsoft.AspNetCore.Mvc.NonActionAttribute");
        _nonController = types.Get("Microsoft.AspNetCore.Mvc.NonControllerAttribute");
        _controllerAttribute = types.Get("Microsoft.AspNetCore.Mvc.ControllerAttribute");
        _webApiController = types.Get("System.Web.Http.ApiController");
        _httpMethodAttribute = types.Get("Microsoft.AspNetCore.Mvc.Routing.HttpMethodAttribute");
        _httpGet = types.Get("Microsoft.AspNetCore.Mvc.HttpGetAttribute");
        _httpHead = types.Get("Microsoft.AspNetCore.Mvc.HttpHeadAttribute");
        _httpOptions = types.Get("Microsoft.AspNetCore.Mvc.HttpOptionsAttribute");
        _httpPost = types.Get("Microsoft.AspNetCore.Mvc.HttpPostAttribute");
        _httpPut = types.Get("Microsoft.AspNetCore.Mvc.HttpPutAttribute");
        _httpPatch = types.Get("Microsoft.AspNetCore.Mvc.HttpPatchAttribute");
        _httpDelete = types.Get("Microsoft.AspNetCore.Mvc.HttpDeleteAttribute");
        _acceptVerbs = types.Get("Microsoft.AspNetCore.Mvc.AcceptVerbsAttribute");
        _bindings = BindingSources.Create(types);
        _authorize = types.Get("Microsoft.AspNetCore.Authorization.AuthorizeAttribute");
        _requireAntiforgery = types.Get("Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute");
        ValidateAntiforgery = types.Get("Microsoft.AspNetCore.Mvc.ValidateAntiForgeryTokenAttribute");
        AutoValidateAntiforgery = types.Get("Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute");
        IgnoreAntiforgery = types.Get("Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute");
        PageModel = types.Get("Microsoft.AspNetCore.Mvc.RazorPages.PageModel");

        _classicController = types.Get("System.Web.Mvc.Controller");
        if (_classicController is not null)
        {
            _classicNonAction = types.Get("System.Web.Mvc.NonActionAttribute");
            _classicHttpGet = types.Get("System.Web.Mvc.HttpGetAttribute");
            _classicHttpHead = types.Get("System.Web.Mvc.HttpHeadAttribute");
            _classicHttpOptions = types.Get("System.Web.Mvc.HttpOptionsAttribute");
            _classicHttpPost = types.Get("System.Web.Mvc.HttpPostAttribute");
            _classicHttpPut = types.Get("System.Web.Mvc.HttpPutAttribute");
            _classicHttpPatch = types.Get("System.Web.Mvc.HttpPatchAttribute");
            _classicHttpDelete = types.Get("System.Web.Mvc.HttpDeleteAttribute");
            _classicAcceptVerbs = types.Get("System.Web.Mvc.AcceptVerbsAttribute");
            ClassicValidateAntiforgery = types.Get("System.Web.Mvc.ValidateAntiForgeryTokenAttribute");
        }
    }

    /// <summary>Where the parameters of actions and endpoint handlers are bound from.</summary>
    public BindingSources Bindings => _bindings;

    public INamedTypeSymbol? ValidateAntiforgery { get; }

    public INamedTypeSymbol? AutoValidateAntiforgery { get; }

    public INamedTypeSymbol? IgnoreAntiforgery { get; }

    public INamedTypeSymbol? PageModel { get; }

    public INamedTypeSymbol? ClassicValidateAntiforgery { get; }

    /// <summary>Whether ASP.NET Core MVC or classic ASP.NET MVC is referenced.</summary>
    public bool HasMvc => _controllerBase is not null || _classicController is not null;

    public static MvcModel Create(KnownTypes types) => new(types);

    /// <summary>Whether <paramref name="type"/> is one of the validating antiforgery attributes (or derives from one).</summary>
    public bool IsValidatingAttribute(ITypeSymbol? type)
        => type.InheritsFromOrEquals(ValidateAntiforgery)
        || type.InheritsFromOrEquals(AutoValidateAntiforgery)
        || type.InheritsFromOrEquals(ClassicValidateAntiforgery);

    public bool IsIgnoreAttribute(ITypeSymbol? type) => type.InheritsFromOrEquals(IgnoreAntiforgery);

    public bool IsPageModel(ITypeSymbol? type) => type.InheritsFromOrEquals(PageModel);

    /// <summary>The framework a controller class belongs to, or <see cref="ControllerKind.None"/>.</summary>
    public ControllerKind GetControllerKind(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.IsStatic)
        {
            return ControllerKind.None;
        }

        if (type.InheritsFromOrEquals(_controller))
        {
            return HasAttribute(type, _nonController, inherited: true) ? ControllerKind.None : ControllerKind.Views;
        }

        if (type.InheritsFromOrEquals(_controllerBase))
        {
            return HasAttribute(type, _nonController, inherited: true) ? ControllerKind.None : ControllerKind.Api;
        }

        return type.InheritsFromOrEquals(_classicController) ? ControllerKind.Classic : ControllerKind.None;
    }

    /// <summary>
    /// Whether the framework discovers <paramref name="type"/> as a controller, or as the base class of one: a class deriving
    /// from <c>ControllerBase</c> (ASP.NET Core), <c>System.Web.Mvc.Controller</c> or <c>System.Web.Http.ApiController</c>,
    /// or marked <c>[Controller]</c>, or (when ASP.NET Core MVC is referenced) a concrete class whose name ends in
    /// <c>Controller</c>; declared public, and not <c>[NonController]</c>. Abstract controllers count: their actions are
    /// the actions of the controllers deriving from them.
    /// </summary>
    public bool IsController(INamedTypeSymbol? type)
    {
        if (type is null || type.TypeKind != TypeKind.Class || type.IsStatic || type.DeclaredAccessibility != Accessibility.Public)
        {
            return false;
        }

        if (GetControllerKind(type) != ControllerKind.None)
        {
            return true;
        }

        if (HasAttribute(type, _nonController, inherited: true))
        {
            return false;
        }

        return type.InheritsFromOrEquals(_webApiController)
            || HasAttribute(type, _controllerAttribute, inherited: true)
            || (_controllerBase is not null && !type.IsAbstract && type.Name.EndsWith("Controller", StringComparison.Ordinal));
    }

    /// <summary>
    /// Whether the framework calls <paramref name="method"/> for a request and binds its parameters from it: an action of
    /// a controller (<see cref="IsController"/>, <see cref="IsAction"/>) or a Razor Pages handler (<see cref="IsPageHandler"/>).
    /// Minimal-API endpoint delegates are answered by <see cref="EndpointModel.IsHandler"/>.
    /// </summary>
    public bool IsRequestHandler(IMethodSymbol method)
        => method.MethodKind == MethodKind.Ordinary
        && (IsPageHandler(method) || (IsController(method.ContainingType) && IsAction(method)));

    /// <summary>A public instance <c>On…</c> method of a <c>PageModel</c> (<c>OnGet</c>, <c>OnPostAsync</c>, <c>OnPostDelete</c> …).</summary>
    public bool IsPageHandler(IMethodSymbol method)
        => method.DeclaredAccessibility == Accessibility.Public
        && !method.IsStatic
        && method.Name.StartsWith("On", StringComparison.Ordinal)
        && method.ContainingType.InheritsFromOrEquals(PageModel);

    /// <summary>Whether the class (or a base class, or its assembly) carries <c>[ApiController]</c>.</summary>
    public bool IsApiController(INamedTypeSymbol type)
    {
        if (_apiBehaviorMetadata is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass.IsOrImplements(_apiBehaviorMetadata))
                {
                    return true;
                }
            }
        }

        foreach (var attribute in type.ContainingAssembly.GetAttributes())
        {
            if (attribute.AttributeClass.IsOrImplements(_apiBehaviorMetadata))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="method"/> is an action of a controller: public, instance, ordinary, non-generic,
    /// not <c>[NonAction]</c>, and not an override of a framework member (<c>OnActionExecuting</c>, <c>Dispose</c> …).
    /// </summary>
    public bool IsAction(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.DeclaredAccessibility != Accessibility.Public
            || method.IsStatic || method.IsAbstract || method.IsGenericMethod || method.Name == "Dispose")
        {
            return false;
        }

        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            if (HasAttribute(current, _nonAction) || HasAttribute(current, _classicNonAction))
            {
                return false;
            }

            if (current.OverriddenMethod is null && current.IsOverride)
            {
                return false; // overrides something we cannot see
            }

            if (IsFrameworkType(current.ContainingType))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The verbs declared by the action's verb attributes (also on the methods it overrides).</summary>
    public ActionVerbs GetVerbs(IMethodSymbol method)
    {
        var verbs = ActionVerbs.None;
        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            foreach (var attribute in current.GetAttributes())
            {
                verbs |= GetVerbs(attribute);
            }
        }

        return verbs;
    }

    /// <summary>Whether the action binds form data explicitly: <c>[FromForm]</c>, <c>IFormFile</c>(s), <c>IFormCollection</c>.</summary>
    public bool BindsForm(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (IsFormParameter(parameter))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the parameter is bound from the form: <c>[FromForm]</c> or a form-file / form-collection type.</summary>
    public bool IsFormParameter(IParameterSymbol parameter)
    {
        return HasFormAttribute(parameter) || IsFormType(parameter.Type);
    }

    /// <summary>Whether the symbol carries <c>[FromForm]</c> (or another <c>IFromFormMetadata</c> attribute).</summary>
    public bool HasFormAttribute(ISymbol symbol) => _bindings.HasFormAttribute(symbol);

    /// <summary><c>IFormFile</c>, <c>IFormFileCollection</c>, <c>IFormCollection</c>, arrays and lists of form files.</summary>
    public bool IsFormType(ITypeSymbol type) => _bindings.IsFormType(type);

    /// <summary>Whether a parameter of the action is read from the request body by an input formatter (JSON).</summary>
    public bool BindsBody(IMethodSymbol method, bool isApiController)
    {
        foreach (var parameter in method.Parameters)
        {
            if (_bindings.GetActionSource(parameter, isApiController) == BindingSource.Body)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// How a page on another site could make a browser send <paramref name="action"/> a request (see
    /// <see cref="ForgeryReach"/>). A plain HTML form sends GET or POST with a form, multipart or text/plain body;
    /// PUT, PATCH, DELETE and JSON bodies need a CORS preflight. Verbless actions count only when they bind the form;
    /// classic ASP.NET MVC takes the verb from a form field by default.
    /// </summary>
    public ForgeryReach GetReach(IMethodSymbol action, ControllerKind kind, bool isApiController, out ActionVerbs verbs)
    {
        verbs = GetVerbs(action);
        if ((verbs & ActionVerbs.Unsafe) == 0)
        {
            // GET/HEAD/OPTIONS only, a verb we cannot read, or a verbless action that binds no form (the parameters are
            // only looked at when the verbs leave the question open).
            return verbs == ActionVerbs.None && BindsForm(action) ? ForgeryReach.Form : ForgeryReach.None;
        }

        if (kind == ControllerKind.Classic)
        {
            return ForgeryReach.Form;
        }

        if (BindsBody(action, isApiController))
        {
            return ForgeryReach.CrossOriginOnly;
        }

        return (verbs & ActionVerbs.Post) != 0 ? ForgeryReach.Form : ForgeryReach.MethodOverride;
    }

    /// <summary>
    /// Whether every authentication scheme allowed by an <c>[Authorize(AuthenticationSchemes = "Bearer")]</c> on the
    /// action or its controller is a bearer token scheme, which browsers never attach on their own.
    /// </summary>
    public bool IsBearerOnly(IMethodSymbol method, INamedTypeSymbol controller)
    {
        if (_authorize is null)
        {
            return false;
        }

        var bearer = false;
        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            if (!CheckBearer(current.GetAttributes(), ref bearer))
            {
                return false;
            }
        }

        for (var current = controller; current is not null; current = current.BaseType)
        {
            if (!CheckBearer(current.GetAttributes(), ref bearer))
            {
                return false;
            }
        }

        return bearer;
    }

    /// <summary>How the attributes on the action and its controller chain treat antiforgery validation.</summary>
    public AntiforgeryCoverage GetCoverage(IMethodSymbol method, INamedTypeSymbol controller)
    {
        var coverage = AntiforgeryCoverage.None;
        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            coverage |= Classify(current.GetAttributes());
        }

        for (var current = controller; current is not null; current = current.BaseType)
        {
            coverage |= Classify(current.GetAttributes());
        }

        return coverage;
    }

    /// <summary>Whether the operation is part of an attribute application (<c>[AutoValidateAntiforgeryToken]</c> is an object creation too).</summary>
    public static bool IsInAttribute(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current.Kind == OperationKind.Attribute)
            {
                return true;
            }
        }

        return false;
    }

    public static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attributeType, bool inherited = false)
    {
        if (attributeType is null)
        {
            return false;
        }

        for (var current = symbol; current is not null; current = inherited ? (current as INamedTypeSymbol)?.BaseType : null)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass.InheritsFromOrEquals(attributeType))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>"POST", "POST and PUT", … for messages.</summary>
    public static string Describe(ActionVerbs verbs)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        if ((verbs & ActionVerbs.Post) != 0)
        {
            builder.Add("POST");
        }

        if ((verbs & ActionVerbs.Put) != 0)
        {
            builder.Add("PUT");
        }

        if ((verbs & ActionVerbs.Patch) != 0)
        {
            builder.Add("PATCH");
        }

        if ((verbs & ActionVerbs.Delete) != 0)
        {
            builder.Add("DELETE");
        }

        return builder.Count switch
        {
            0 => "form",
            1 => builder[0],
            _ => string.Join(", ", builder, 0, builder.Count - 1) + " and " + builder[builder.Count - 1],
        };
    }

    private AntiforgeryCoverage Classify(ImmutableArray<AttributeData> attributes)
    {
        var coverage = AntiforgeryCoverage.None;
        foreach (var attribute in attributes)
        {
            var type = attribute.AttributeClass;
            if (IsValidatingAttribute(type))
            {
                coverage |= AntiforgeryCoverage.Validated;
            }
            else if (IsIgnoreAttribute(type))
            {
                coverage |= AntiforgeryCoverage.Ignored;
            }
            else if (type.InheritsFromOrEquals(_requireAntiforgery))
            {
                var required = attribute.ConstructorArguments.Length == 0
                    || attribute.ConstructorArguments[0].Value is not false;
                coverage |= required ? AntiforgeryCoverage.Validated : AntiforgeryCoverage.Ignored;
            }
        }

        return coverage;
    }

    private bool CheckBearer(ImmutableArray<AttributeData> attributes, ref bool bearer)
    {
        foreach (var attribute in attributes)
        {
            if (!attribute.AttributeClass.InheritsFromOrEquals(_authorize))
            {
                continue;
            }

            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key != "AuthenticationSchemes" || named.Value.Value is not string schemes)
                {
                    continue;
                }

                foreach (var scheme in schemes.Split(','))
                {
                    if (!string.Equals(scheme.Trim(), "Bearer", StringComparison.OrdinalIgnoreCase))
                    {
                        return false; // a cookie (or unknown) scheme is accepted too
                    }
                }

                bearer = true;
            }
        }

        return true;
    }

    private ActionVerbs GetVerbs(AttributeData attribute)
    {
        var type = attribute.AttributeClass;
        if (type is null)
        {
            return ActionVerbs.None;
        }

        if (type.InheritsFromOrEquals(_httpGet) || type.InheritsFromOrEquals(_classicHttpGet))
        {
            return ActionVerbs.Get;
        }

        if (type.InheritsFromOrEquals(_httpPost) || type.InheritsFromOrEquals(_classicHttpPost))
        {
            return ActionVerbs.Post;
        }

        if (type.InheritsFromOrEquals(_httpPut) || type.InheritsFromOrEquals(_classicHttpPut))
        {
            return ActionVerbs.Put;
        }

        if (type.InheritsFromOrEquals(_httpPatch) || type.InheritsFromOrEquals(_classicHttpPatch))
        {
            return ActionVerbs.Patch;
        }

        if (type.InheritsFromOrEquals(_httpDelete) || type.InheritsFromOrEquals(_classicHttpDelete))
        {
            return ActionVerbs.Delete;
        }

        if (type.InheritsFromOrEquals(_httpHead) || type.InheritsFromOrEquals(_classicHttpHead))
        {
            return ActionVerbs.Head;
        }

        if (type.InheritsFromOrEquals(_httpOptions) || type.InheritsFromOrEquals(_classicHttpOptions))
        {
            return ActionVerbs.Options;
        }

        if (type.InheritsFromOrEquals(_acceptVerbs) || type.InheritsFromOrEquals(_classicAcceptVerbs))
        {
            return ReadAcceptVerbs(attribute);
        }

        return type.InheritsFromOrEquals(_httpMethodAttribute) ? ActionVerbs.Unknown : ActionVerbs.None;
    }

    private static ActionVerbs ReadAcceptVerbs(AttributeData attribute)
    {
        var verbs = ActionVerbs.None;
        foreach (var argument in attribute.ConstructorArguments)
        {
            if (argument.Kind == TypedConstantKind.Array)
            {
                foreach (var item in argument.Values)
                {
                    verbs |= ParseVerb(item.Value);
                }
            }
            else if (argument.Kind == TypedConstantKind.Enum && argument.Value is int flags)
            {
                // System.Web.Mvc.HttpVerbs: Get = 1, Post = 2, Put = 4, Delete = 8, Head = 16, Patch = 32, Options = 64.
                verbs |= ((flags & 1) != 0 ? ActionVerbs.Get : 0) | ((flags & 2) != 0 ? ActionVerbs.Post : 0)
                    | ((flags & 4) != 0 ? ActionVerbs.Put : 0) | ((flags & 8) != 0 ? ActionVerbs.Delete : 0)
                    | ((flags & 16) != 0 ? ActionVerbs.Head : 0) | ((flags & 32) != 0 ? ActionVerbs.Patch : 0)
                    | ((flags & 64) != 0 ? ActionVerbs.Options : 0);
            }
            else
            {
                verbs |= ParseVerb(argument.Value);
            }
        }

        return verbs == ActionVerbs.None ? ActionVerbs.Unknown : verbs;
    }

    private static ActionVerbs ParseVerb(object? value)
    {
        if (value is not string verb)
        {
            return ActionVerbs.Unknown;
        }

        switch (verb.Trim().ToUpperInvariant())
        {
            case "GET": return ActionVerbs.Get;
            case "HEAD": return ActionVerbs.Head;
            case "OPTIONS": return ActionVerbs.Options;
            case "POST": return ActionVerbs.Post;
            case "PUT": return ActionVerbs.Put;
            case "PATCH": return ActionVerbs.Patch;
            case "DELETE": return ActionVerbs.Delete;
            default: return ActionVerbs.Unknown;
        }
    }

    private bool IsFrameworkType(INamedTypeSymbol type)
        => type.SpecialType == SpecialType.System_Object
        || SymbolEqualityComparer.Default.Equals(type, _controller)
        || SymbolEqualityComparer.Default.Equals(type, _controllerBase)
        || SymbolEqualityComparer.Default.Equals(type, _classicController)
        || SymbolEqualityComparer.Default.Equals(type, _webApiController)
        || SymbolEqualityComparer.Default.Equals(type, PageModel);
}

/// <summary>Which MVC a controller belongs to.</summary>
internal enum ControllerKind
{
    None,

    /// <summary>ASP.NET Core <c>Controller</c> (views, form posts).</summary>
    Views,

    /// <summary>ASP.NET Core <c>ControllerBase</c> only.</summary>
    Api,

    /// <summary>Classic ASP.NET MVC <c>System.Web.Mvc.Controller</c>.</summary>
    Classic,
}

/// <summary>How a page on another site can make a browser send an action a request with the user's credentials.</summary>
internal enum ForgeryReach
{
    /// <summary>Not at all: GET/HEAD/OPTIONS, or a verbless action that binds no form.</summary>
    None,

    /// <summary>A plain form post (POST, or a verbless action binding the form), with no JSON body to satisfy.</summary>
    Form,

    /// <summary>PUT/PATCH/DELETE without a JSON body: a form post once the app takes the method from a form field.</summary>
    MethodOverride,

    /// <summary>A JSON body: only a credentialed cross-origin request, which the app's CORS policy must allow.</summary>
    CrossOriginOnly,
}

[Flags]
internal enum AntiforgeryCoverage
{
    None = 0,
    Validated = 1,
    Ignored = 2,
}
