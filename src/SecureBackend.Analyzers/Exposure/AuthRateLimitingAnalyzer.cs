using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;

namespace SecureBackend.Analyzers.Exposure;

/// <summary>
/// SB5005: an endpoint that checks passwords, two-factor codes or reset tokens, signs users in or issues tokens, in an
/// application that applies no rate limiter to it.
/// </summary>
/// <remarks>
/// <para>
/// The endpoint is recognised by what it does: a call of <c>SignInManager&lt;T&gt;</c>'s password and two-factor
/// methods, <c>HttpContext.SignInAsync</c>, <c>Results.SignIn</c>/<c>ControllerBase.SignIn</c>,
/// <c>UserManager&lt;T&gt;.CheckPasswordAsync</c>/<c>GeneratePasswordResetTokenAsync</c>/<c>ResetPasswordAsync</c>, or a
/// token written with <c>JwtSecurityTokenHandler</c>/<c>JsonWebTokenHandler</c>, directly in a controller action or
/// Razor Pages <c>OnPost</c> handler that accepts POST, or in the handler lambda of a <c>MapPost/MapPut/MapPatch/Map</c>
/// endpoint; Identity's <c>MapIdentityApi&lt;T&gt;()</c> counts as one. Each endpoint is reported once, at the action's
/// name or the <c>Map…</c> call.
/// </para>
/// <para>
/// What the application does about rate limiting is read once per compilation from the files that mention it:
/// <c>AddRateLimiter</c>, <c>UseRateLimiter</c>, a <c>GlobalLimiter</c>, <c>RequireRateLimiting</c> anywhere (it cannot
/// always be tied to one endpoint, so it counts for all), <c>[EnableRateLimiting]</c> on the endpoint or its class.
/// Any other call, attribute or type whose name speaks of rate limiting or throttling — a package's
/// <c>UseIpRateLimiting()</c>, a call that does not bind, a hand-written throttling middleware — means the limiter is
/// out of sight and nothing is reported. Class libraries (no application host, see
/// <see cref="HostPipeline.IsApplication"/>) and test projects are never reported.
/// </para>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AuthRateLimitingAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Diagnostic property: how the endpoint is declared, <see cref="MinimalEndpoint"/> or <see cref="ActionEndpoint"/>.</summary>
    public const string EndpointKindProperty = "EndpointKind";

    public const string MinimalEndpoint = "Minimal";

    public const string ActionEndpoint = "Action";

    /// <summary>
    /// Diagnostic property: <see cref="NoLimiter"/> when the application has no rate limiting at all (the fix adds it),
    /// <see cref="NotApplied"/> when a limiter runs but no policy applies to the endpoint.
    /// </summary>
    public const string LimiterProperty = "Limiter";

    public const string NoLimiter = "None";

    public const string NotApplied = "NotApplied";

    /// <summary>Calls that map single endpoints: a rate limiting policy required on their result limits that endpoint only.</summary>
    private static readonly HashSet<string> EndpointMaps = NameSet.Of(
        "MapPost", "MapPut", "MapPatch", "MapGet", "MapDelete", "Map", "MapMethods", "MapIdentityApi");

    private static readonly string[] Words = { "ratelimit", "throttl", "globallimiter" };

    private static readonly HashSet<string> AuthMethods = NameSet.Of(
        "PasswordSignInAsync", "CheckPasswordSignInAsync", "TwoFactorSignInAsync", "TwoFactorAuthenticatorSignInAsync",
        "TwoFactorRecoveryCodeSignInAsync", "SignInAsync", "SignIn", "CheckPasswordAsync", "GeneratePasswordResetTokenAsync",
        "ResetPasswordAsync", "WriteToken", "CreateToken", "CreateEncodedJwt", "MapIdentityApi");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.AuthenticationWithoutRateLimiting);

    protected override bool IsRelevant(KnownTypes types)
        => types.Has("Microsoft.AspNetCore.Builder.IApplicationBuilder")
            && !types.HasAny("Microsoft.AspNetCore.TestHost.TestServer", "Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory`1");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var state = new LimiterState(types);
        context.RegisterOperationAction(state.OnInvocation, OperationKind.Invocation);
    }

    [System.Flags]
    private enum Facts
    {
        None = 0,
        Registered = 1,
        Middleware = 2,
        Global = 4,
        Attached = 8,
        OutOfSight = 16,
    }

    private sealed class LimiterState
    {
        private readonly Compilation _compilation;
        private readonly HostPipeline _pipeline;
        private readonly INamedTypeSymbol? _signInManager;
        private readonly INamedTypeSymbol? _userManager;
        private readonly INamedTypeSymbol? _authenticationExtensions;
        private readonly INamedTypeSymbol? _results;
        private readonly INamedTypeSymbol? _typedResults;
        private readonly INamedTypeSymbol? _controllerBase;
        private readonly INamedTypeSymbol? _controllerAttribute;
        private readonly INamedTypeSymbol? _nonController;
        private readonly INamedTypeSymbol? _nonAction;
        private readonly INamedTypeSymbol? _pageModel;
        private readonly INamedTypeSymbol? _jwtHandler;
        private readonly INamedTypeSymbol? _jsonWebTokenHandler;
        private readonly INamedTypeSymbol? _identityApi;
        private readonly INamedTypeSymbol? _endpointExtensions;
        private readonly INamedTypeSymbol? _httpMethodAttribute;
        private readonly INamedTypeSymbol? _enableRateLimiting;
        private readonly INamedTypeSymbol? _authorize;
        private readonly INamedTypeSymbol? _allowAnonymous;
        private readonly INamedTypeSymbol? _limiterServices;
        private readonly INamedTypeSymbol? _limiterMiddleware;
        private readonly INamedTypeSymbol? _limiterConventions;
        private readonly INamedTypeSymbol? _limiterOptions;
        private readonly object _gate = new();
        private Facts? _facts;

        public LimiterState(KnownTypes types)
        {
            _compilation = types.Compilation;
            _pipeline = HostPipeline.Get(types);
            _signInManager = types.Get("Microsoft.AspNetCore.Identity.SignInManager`1");
            _userManager = types.Get("Microsoft.AspNetCore.Identity.UserManager`1");
            _authenticationExtensions = types.Get("Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions");
            _results = types.Get("Microsoft.AspNetCore.Http.Results");
            _typedResults = types.Get("Microsoft.AspNetCore.Http.TypedResults");
            _controllerBase = types.Get("Microsoft.AspNetCore.Mvc.ControllerBase");
            _controllerAttribute = types.Get("Microsoft.AspNetCore.Mvc.ControllerAttribute");
            _nonController = types.Get("Microsoft.AspNetCore.Mvc.NonControllerAttribute");
            _nonAction = types.Get("Microsoft.AspNetCore.Mvc.NonActionAttribute");
            _pageModel = types.Get("Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
            _jwtHandler = types.Get("System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler");
            _jsonWebTokenHandler = types.Get("Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler");
            _identityApi = types.Get("Microsoft.AspNetCore.Routing.IdentityApiEndpointRouteBuilderExtensions");
            _endpointExtensions = types.Get("Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");
            _httpMethodAttribute = types.Get("Microsoft.AspNetCore.Mvc.Routing.HttpMethodAttribute");
            _enableRateLimiting = types.Get("Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute");
            _authorize = types.Get("Microsoft.AspNetCore.Authorization.AuthorizeAttribute");
            _allowAnonymous = types.Get("Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute");
            _limiterServices = types.Get("Microsoft.AspNetCore.Builder.RateLimiterServiceCollectionExtensions");
            _limiterMiddleware = types.Get("Microsoft.AspNetCore.Builder.RateLimiterApplicationBuilderExtensions");
            _limiterConventions = types.Get("Microsoft.AspNetCore.Builder.RateLimiterEndpointConventionBuilderExtensions");
            _limiterOptions = types.Get("Microsoft.AspNetCore.RateLimiting.RateLimiterOptions");
        }

        public void OnInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            string name;
            Location location;
            string kind;
            string action;
            ImmutableArray<AttributeData> lambdaAttributes = default;
            IMethodSymbol? endpoint = null;
            if (method.Name is "MapPost" or "MapPut" or "MapPatch" or "Map" or "MapMethods"
                && SymbolEqualityComparer.Default.Equals(method.ContainingType, _endpointExtensions))
            {
                // A minimal-API endpoint is judged at its Map call, from the first authentication call of its handler.
                if (!AcceptsPost(invocation) || Handler(invocation) is not { } lambda || FirstAuthCall(lambda, signedIn: false) is not { } first)
                {
                    return;
                }

                action = Describe(first.TargetMethod)!;
                (name, location, kind) = (MapName(invocation), NameLocation(invocation), MinimalEndpoint);
                lambdaAttributes = lambda.Symbol.GetAttributes();
            }
            else if (!AuthMethods.Contains(method.Name) || Describe(method) is not { } described)
            {
                return;
            }
            else if (method.Name == "MapIdentityApi")
            {
                (name, location, kind, action) = (method.Name + "<" + TypeArgument(method) + ">()", NameLocation(invocation), MinimalEndpoint, described);
            }
            else if (HostPipeline.ContainingMember(context.ContainingSymbol) is IMethodSymbol member && IsActionOrHandler(member)
                && !member.Locations.IsEmpty && InMapHandler(invocation) is null)
            {
                // An action for signed-in users that signs them in again (after a password or login change) only
                // refreshes the cookie: only its credential checks make it an authentication endpoint.
                if (FirstAuthCall(invocation.GetRoot(), RequiresSignedInUser(member)) != invocation)
                {
                    return; // one diagnostic per endpoint, from its first call
                }

                (name, location, kind, endpoint, action) = (member.ContainingType.Name + "." + member.Name, member.Locations[0], ActionEndpoint, member, described);
            }
            else
            {
                return;
            }

            var cancellationToken = context.CancellationToken;
            if (!_pipeline.IsApplication(cancellationToken))
            {
                return;
            }

            var facts = FactsOf(cancellationToken);
            string missing;
            if ((facts & Facts.OutOfSight) != 0)
            {
                return;
            }
            else if ((facts & Facts.Registered) == 0)
            {
                missing = "the application registers no rate limiter";
            }
            else if ((facts & Facts.Middleware) == 0)
            {
                missing = "the application never calls UseRateLimiter()";
            }
            else if ((facts & (Facts.Global | Facts.Attached)) != 0 || HasEnableRateLimiting(lambdaAttributes) || IsLimited(endpoint)
                || (kind == MinimalEndpoint && RequiresLimiting(invocation)))
            {
                return;
            }
            else
            {
                missing = "no rate limiting policy applies to it";
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(EndpointKindProperty, kind);
            if (facts == Facts.None)
            {
                properties = properties.Add(LimiterProperty, NoLimiter);
            }
            else if ((facts & (Facts.Registered | Facts.Middleware)) == (Facts.Registered | Facts.Middleware))
            {
                properties = properties.Add(LimiterProperty, NotApplied);
            }

            context.Report(Diagnostic.Create(Rules.AuthenticationWithoutRateLimiting, location, properties, name, action, missing));
        }

        // ---- what the endpoint does

        /// <summary>The first call of <paramref name="body"/> that makes it an authentication endpoint.</summary>
        private IInvocationOperation? FirstAuthCall(IOperation body, bool signedIn)
        {
            foreach (var operation in body.Descendants())
            {
                if (operation is IInvocationOperation candidate && AuthMethods.Contains(candidate.TargetMethod.Name)
                    && candidate.TargetMethod.Name is not "MapIdentityApi"
                    && !(signedIn && candidate.TargetMethod.Name is "SignInAsync" or "SignIn")
                    && Describe(candidate.TargetMethod) is not null)
                {
                    return candidate;
                }
            }

            return null;
        }

        /// <summary>The handler lambda of a <c>Map…</c> call.</summary>
        private static IAnonymousFunctionOperation? Handler(IInvocationOperation map)
        {
            foreach (var argument in map.Arguments)
            {
                var value = argument.Value;
                while (value is IDelegateCreationOperation or IConversionOperation or IParenthesizedOperation)
                {
                    value = value switch
                    {
                        IDelegateCreationOperation creation => creation.Target,
                        IConversionOperation conversion => conversion.Operand,
                        _ => ((IParenthesizedOperation)value).Operand,
                    };
                }

                if (value is IAnonymousFunctionOperation lambda)
                {
                    return lambda;
                }
            }

            return null;
        }

        private string? Describe(IMethodSymbol method)
        {
            var type = method.ContainingType;
            var call = "'" + method.Name + "'";
            switch (method.Name)
            {
                case "PasswordSignInAsync" or "CheckPasswordSignInAsync" when type.InheritsFromOrEquals(_signInManager):
                case "CheckPasswordAsync" when type.InheritsFromOrEquals(_userManager):
                    return "checks a password with " + call;
                case "TwoFactorSignInAsync" or "TwoFactorAuthenticatorSignInAsync" or "TwoFactorRecoveryCodeSignInAsync" when type.InheritsFromOrEquals(_signInManager):
                    return "checks a two-factor code with " + call;
                // SignInManager.SignInAsync checks no credential: it signs in a user just registered, confirmed or
                // changed, and a login that uses it checks the password with one of the calls above.
                case "SignInAsync" when SymbolEqualityComparer.Default.Equals(type, _authenticationExtensions):
                    return "signs a user in with 'HttpContext.SignInAsync'";
                case "SignIn" when SymbolEqualityComparer.Default.Equals(type, _results) || SymbolEqualityComparer.Default.Equals(type, _typedResults):
                    return "signs a user in with '" + type.Name + ".SignIn'";
                case "SignIn" when type.InheritsFromOrEquals(_controllerBase):
                    return "signs a user in with " + call;
                case "GeneratePasswordResetTokenAsync" or "ResetPasswordAsync" when type.InheritsFromOrEquals(_userManager):
                    return "handles a password reset with " + call;
                case "WriteToken" or "CreateToken" or "CreateEncodedJwt" when type.InheritsFromOrEquals(_jwtHandler) || type.InheritsFromOrEquals(_jsonWebTokenHandler):
                    return "issues a token with " + call;
                case "MapIdentityApi" when SymbolEqualityComparer.Default.Equals(type, _identityApi):
                    return "maps Identity's login, two-factor and password reset endpoints";
                default:
                    return null;
            }
        }

        private static string TypeArgument(IMethodSymbol method)
            => method.TypeArguments.Length == 1 ? method.TypeArguments[0].Name : "T";

        /// <summary>The endpoint-mapping call whose handler lambda contains <paramref name="invocation"/>, or null.</summary>
        private IInvocationOperation? InMapHandler(IOperation invocation)
        {
            for (var current = invocation.Parent; current is not null; current = current.Parent)
            {
                if (current is not IAnonymousFunctionOperation lambda)
                {
                    continue;
                }

                var value = lambda.Parent;
                while (value is IDelegateCreationOperation or IConversionOperation or IParenthesizedOperation)
                {
                    value = value.Parent;
                }

                if (value is IArgumentOperation { Parent: IInvocationOperation map }
                    && SymbolEqualityComparer.Default.Equals(map.TargetMethod.ContainingType, _endpointExtensions))
                {
                    return map;
                }
            }

            return null;
        }

        private static bool AcceptsPost(IInvocationOperation map)
        {
            switch (map.TargetMethod.Name)
            {
                case "MapPost" or "MapPut" or "MapPatch" or "Map":
                    return true;
                case "MapMethods":
                    foreach (var operation in map.Descendants())
                    {
                        if (operation is ILiteralOperation literal && literal.TryGetConstantString(out var verb)
                            && verb is not null && (IsVerb(verb, "POST") || IsVerb(verb, "PUT") || IsVerb(verb, "PATCH")))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        private static bool IsVerb(string text, string verb) => string.Equals(text, verb, System.StringComparison.OrdinalIgnoreCase);

        private static string MapName(IInvocationOperation map)
        {
            foreach (var argument in map.Arguments)
            {
                if (argument.Parameter?.Name == "pattern" && argument.Value.TryGetConstantString(out var pattern) && pattern is not null)
                {
                    return map.TargetMethod.Name + "(\"" + pattern + "\")";
                }
            }

            return map.TargetMethod.Name;
        }

        private static Location NameLocation(IInvocationOperation invocation)
            => invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: { } name } }
                ? name.GetLocation()
                : invocation.Syntax.GetLocation();

        /// <summary>A public action of a controller class that accepts POST, or a Razor Pages <c>OnPost…</c> handler.</summary>
        private bool IsActionOrHandler(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.IsStatic || method.DeclaredAccessibility != Accessibility.Public
                || method.ContainingType is not { TypeKind: TypeKind.Class } type)
            {
                return false;
            }

            if (type.InheritsFromOrEquals(_pageModel))
            {
                return method.Name.StartsWith("OnPost", System.StringComparison.Ordinal)
                    || method.Name.StartsWith("OnPut", System.StringComparison.Ordinal)
                    || method.Name.StartsWith("OnPatch", System.StringComparison.Ordinal);
            }

            return IsController(type) && !HasAttribute(method, _nonAction) && AcceptsPost(method);
        }

        private bool IsController(INamedTypeSymbol type)
        {
            if (HasAttribute(type, _nonController))
            {
                return false;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, _controllerBase) || HasAttribute(current, _controllerAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>No verb attribute (every verb is accepted), or one of POST, PUT, PATCH.</summary>
        private bool AcceptsPost(IMethodSymbol method)
        {
            var anyVerb = false;
            foreach (var attribute in method.GetAttributes())
            {
                if (!attribute.AttributeClass.InheritsFromOrEquals(_httpMethodAttribute))
                {
                    continue;
                }

                anyVerb = true;
                switch (attribute.AttributeClass!.Name)
                {
                    case "HttpPostAttribute" or "HttpPutAttribute" or "HttpPatchAttribute":
                        return true;
                    case "AcceptVerbsAttribute":
                        foreach (var argument in attribute.ConstructorArguments)
                        {
                            if (argument.Kind == TypedConstantKind.Array ? ContainsPost(argument.Values) : argument.Value is string verb && IsPostVerb(verb))
                            {
                                return true;
                            }
                        }

                        break;
                }
            }

            return !anyVerb;
        }

        private static bool ContainsPost(ImmutableArray<TypedConstant> values)
        {
            foreach (var value in values)
            {
                if (value.Value is string verb && IsPostVerb(verb))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsPostVerb(string verb) => IsVerb(verb, "POST") || IsVerb(verb, "PUT") || IsVerb(verb, "PATCH");

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

        private bool HasEnableRateLimiting(ImmutableArray<AttributeData> attributes)
        {
            if (attributes.IsDefault)
            {
                return false;
            }

            foreach (var attribute in attributes)
            {
                if (attribute.AttributeClass.InheritsFromOrEquals(_enableRateLimiting))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>[Authorize]</c> on the action or its class (or a base class), and no <c>[AllowAnonymous]</c> on the action.</summary>
        private bool RequiresSignedInUser(IMethodSymbol member)
        {
            if (HasAttribute(member, _allowAnonymous))
            {
                return false;
            }

            if (HasAttribute(member, _authorize))
            {
                return true;
            }

            for (var type = member.ContainingType; type is not null; type = type.BaseType)
            {
                if (HasAttribute(type, _allowAnonymous))
                {
                    return false;
                }

                if (HasAttribute(type, _authorize))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>[EnableRateLimiting]</c> on the action or handler, or on its class or a base class.</summary>
        private bool IsLimited(IMethodSymbol? endpoint)
        {
            if (endpoint is null)
            {
                return false;
            }

            if (HasAttribute(endpoint, _enableRateLimiting))
            {
                return true;
            }

            for (var type = endpoint.ContainingType; type is not null; type = type.BaseType)
            {
                if (HasAttribute(type, _enableRateLimiting))
                {
                    return true;
                }
            }

            return false;
        }

        // ---- what the application does about rate limiting, once per compilation

        private Facts FactsOf(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                return _facts ??= FindFacts(cancellationToken);
            }
        }

        private Facts FindFacts(CancellationToken cancellationToken)
        {
            var facts = Facts.None;
            foreach (var tree in _compilation.SyntaxTrees)
            {
                if (!SourceTextSearch.MentionsAny(tree.GetText(cancellationToken), Words))
                {
                    continue;
                }

                SemanticModel? model = null;
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    var name = node switch
                    {
                        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } => member.Name.Identifier.ValueText,
                        InvocationExpressionSyntax { Expression: SimpleNameSyntax simple } => simple.Identifier.ValueText,
                        AttributeSyntax attribute => attribute.Name.ToString(),
                        SimpleNameSyntax simple when node.Parent is not InvocationExpressionSyntax and not MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } => simple.Identifier.ValueText,
                        _ => null,
                    };
                    if (name is null || (!SpeaksOfLimits(name) && name != "GlobalLimiter"))
                    {
                        continue;
                    }

                    // Only the few files that mention rate limiting are bound, once per compilation.
                    model ??= SemanticModels.Of(_compilation, tree);
                    facts |= Classify(node, name, model, cancellationToken);
                    if ((facts & Facts.OutOfSight) != 0)
                    {
                        return facts;
                    }
                }
            }

            return facts;
        }

        private static bool SpeaksOfLimits(string name)
            => name.IndexOf("RateLimit", System.StringComparison.OrdinalIgnoreCase) >= 0
                || name.IndexOf("Throttl", System.StringComparison.OrdinalIgnoreCase) >= 0;

        private Facts Classify(SyntaxNode node, string name, SemanticModel model, CancellationToken cancellationToken)
        {
            var symbol = model.GetSymbolInfo(node, cancellationToken).Symbol;
            switch (node)
            {
                case InvocationExpressionSyntax:
                    if (symbol is not IMethodSymbol method)
                    {
                        return Facts.OutOfSight; // does not bind: a package that is not referenced here
                    }

                    var type = method.ContainingType;
                    if (SymbolEqualityComparer.Default.Equals(type, _limiterServices))
                    {
                        return Facts.Registered;
                    }

                    if (SymbolEqualityComparer.Default.Equals(type, _limiterMiddleware))
                    {
                        return Facts.Middleware;
                    }

                    if (SymbolEqualityComparer.Default.Equals(type, _limiterConventions))
                    {
                        return method.Name == "RequireRateLimiting" && !OnSingleEndpoint(node) ? Facts.Attached : Facts.None;
                    }

                    return IsBuiltIn(type) || IsOwnCode(method) ? Facts.None : Facts.OutOfSight;

                case AttributeSyntax:
                    var attributeType = symbol?.ContainingType;
                    return attributeType is null || !IsBuiltIn(attributeType) ? Facts.OutOfSight : Facts.None;

                default:
                    if (name == "GlobalLimiter")
                    {
                        return symbol is IPropertySymbol property && SymbolEqualityComparer.Default.Equals(property.ContainingType, _limiterOptions)
                            ? Facts.Global
                            : Facts.None;
                    }

                    // A hand-written or third-party throttling type (middleware, filter, policy).
                    return symbol is INamedTypeSymbol named && !IsBuiltIn(named) ? Facts.OutOfSight : Facts.None;
            }
        }

        /// <summary>
        /// Whether a <c>RequireRateLimiting</c> call is chained on a single endpoint's <c>Map…</c> call (it limits that
        /// endpoint only, see <see cref="RequiresLimiting"/>); on a group, conventions or a variable it counts for all.
        /// </summary>
        private static bool OnSingleEndpoint(SyntaxNode node)
        {
            var receiver = ((InvocationExpressionSyntax)node).Expression is MemberAccessExpressionSyntax access ? access.Expression : null;
            while (receiver is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member })
            {
                if (EndpointMaps.Contains(member.Name.Identifier.ValueText))
                {
                    return true;
                }

                receiver = member.Expression;
            }

            return false;
        }

        /// <summary>Whether <c>RequireRateLimiting</c> is chained on the <paramref name="map"/> call.</summary>
        private static bool RequiresLimiting(IInvocationOperation? map)
        {
            IOperation? current = map;
            while (current is not null)
            {
                var parent = current.Parent;
                while (parent is IConversionOperation or IArgumentOperation)
                {
                    current = parent;
                    parent = parent.Parent;
                }

                if (parent is not IInvocationOperation next
                    || !(next.Instance == current || (next.Arguments.Length > 0 && next.Arguments[0] == current)))
                {
                    return false;
                }

                if (next.TargetMethod.Name == "RequireRateLimiting")
                {
                    return true;
                }

                current = next;
            }

            return false;
        }

        /// <summary>The framework's own rate limiting types: what this rule understands.</summary>
        private static bool IsBuiltIn(INamedTypeSymbol? type)
            => type is not null
                && (type.ContainingNamespace.IsWithinNamespace("System.Threading.RateLimiting")
                    || type.ContainingNamespace.IsWithinNamespace("Microsoft.AspNetCore.RateLimiting")
                    || type.ContainingNamespace.IsNamespace("Microsoft.AspNetCore.Builder") && type.Name.StartsWith("RateLimiter", System.StringComparison.Ordinal));

        /// <summary>A method of the compilation: its body is read like any other file.</summary>
        private bool IsOwnCode(IMethodSymbol method)
            => SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly);
    }
}
