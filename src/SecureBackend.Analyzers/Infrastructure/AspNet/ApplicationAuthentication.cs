using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureBackend.Analyzers.Infrastructure.AspNet;

/// <summary>The value of the <c>securebackend.authentication</c> option.</summary>
public enum AuthenticationMode
{
    /// <summary>Decided from what the compilation registers (see <see cref="ApplicationAuthentication.SendsAmbientCredentials"/>).</summary>
    Auto,

    /// <summary>Browsers authenticate with credentials they attach on their own: cookies, Windows authentication, client certificates.</summary>
    Cookies,

    /// <summary>Every client sends its credentials explicitly (bearer tokens, API keys in headers).</summary>
    Tokens,
}

/// <summary>Kinds of authentication schemes an application registers.</summary>
[Flags]
public enum AuthenticationSchemeKinds
{
    None = 0,

    /// <summary>Credentials the browser attaches on its own: cookie, Identity, OpenID Connect / OAuth / WS-Federation sign-in, Negotiate, client certificates.</summary>
    Ambient = 1,

    /// <summary>Credentials the client must attach explicitly: JWT bearer, bearer tokens, token introspection, custom header handlers.</summary>
    Token = 2,
}

/// <summary>
/// What an ASP.NET Core application sets up, as far as one compilation shows it, that decides which requests another
/// web site can make a browser send with the user's credentials: the authentication schemes registered
/// (<c>AddCookie</c>, <c>AddIdentity</c>, <c>AddOpenIdConnect</c>, <c>AddNegotiate</c> … against <c>AddJwtBearer</c>,
/// <c>AddBearerToken</c> …), HTTP method override from a form field, and CORS policies that allow credentials from every
/// origin; and whether the project serves pages to browsers (controllers that render views or redirect to actions,
/// Razor Pages). Shared by the forgery, cookie and transport rules.
/// </summary>
/// <remarks>
/// The calls come from <see cref="SetupCalls"/>, the one scan for the few method names that matter (shared with
/// <see cref="ApplicationSetup"/>, cached per tree); only the invocations found are bound, through the semantic model of their tree, and recognised by symbol: the method's name,
/// that it is declared outside the compilation, and the type it extends (<c>IServiceCollection</c>,
/// <c>AuthenticationBuilder</c>, <c>CorsPolicyBuilder</c>, <c>IApplicationBuilder</c>, the MVC and Razor Pages base
/// classes). Computed at most once per compilation, and only when a rule needs it.
/// </remarks>
public sealed class ApplicationAuthentication
{
    public const string Option = "securebackend.authentication";

    private static readonly ImmutableDictionary<string, AuthenticationSchemeKinds> SchemeMethods = new Dictionary<string, AuthenticationSchemeKinds>(StringComparer.Ordinal)
    {
        ["AddCookie"] = AuthenticationSchemeKinds.Ambient,
        ["AddIdentity"] = AuthenticationSchemeKinds.Ambient,
        ["AddDefaultIdentity"] = AuthenticationSchemeKinds.Ambient,
        ["AddIdentityApiEndpoints"] = AuthenticationSchemeKinds.Ambient | AuthenticationSchemeKinds.Token,
        ["AddIdentityCookies"] = AuthenticationSchemeKinds.Ambient,
        ["AddOpenIdConnect"] = AuthenticationSchemeKinds.Ambient,
        ["AddOAuth"] = AuthenticationSchemeKinds.Ambient,
        ["AddGoogle"] = AuthenticationSchemeKinds.Ambient,
        ["AddFacebook"] = AuthenticationSchemeKinds.Ambient,
        ["AddMicrosoftAccount"] = AuthenticationSchemeKinds.Ambient,
        ["AddTwitter"] = AuthenticationSchemeKinds.Ambient,
        ["AddWsFederation"] = AuthenticationSchemeKinds.Ambient,
        ["AddNegotiate"] = AuthenticationSchemeKinds.Ambient,
        ["AddCertificate"] = AuthenticationSchemeKinds.Ambient,
        ["AddMicrosoftIdentityWebApp"] = AuthenticationSchemeKinds.Ambient,
        ["AddMicrosoftIdentityWebAppAuthentication"] = AuthenticationSchemeKinds.Ambient,
        ["AddIdentityServer"] = AuthenticationSchemeKinds.Ambient, // its login pages sign in with a cookie
        ["AddRemoteScheme"] = AuthenticationSchemeKinds.Ambient,
        ["AddJwtBearer"] = AuthenticationSchemeKinds.Token,
        ["AddBearerToken"] = AuthenticationSchemeKinds.Token,
        ["AddMicrosoftIdentityWebApi"] = AuthenticationSchemeKinds.Token,
        ["AddMicrosoftIdentityWebApiAuthentication"] = AuthenticationSchemeKinds.Token,
        ["AddOAuth2Introspection"] = AuthenticationSchemeKinds.Token,
        ["AddIdentityServerAuthentication"] = AuthenticationSchemeKinds.Token,
        ["AddScheme"] = AuthenticationSchemeKinds.None, // decided by the handler type
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Members of the MVC and Razor Pages base classes that answer a browser with a page or send it back to one, and the
    /// service registrations that set up views or pages (<c>AddMvc</c> is left out: JSON APIs call it too).
    /// </summary>
    private static readonly ImmutableHashSet<string> PageMethods = ImmutableHashSet.Create(
        StringComparer.Ordinal, "View", "PartialView", "ViewComponent", "RedirectToAction", "RedirectToPage", "Page", "AddControllersWithViews", "AddRazorPages");

    private const string MethodOverride = "UseHttpMethodOverride";
    private const string OriginPredicate = "SetIsOriginAllowed";

    private static readonly PerCompilation<ApplicationAuthentication> Compilations = new(Compute);

    private readonly Compilation _compilation;
    private readonly Symbols _symbols;
    private readonly List<InvocationExpressionSyntax>? _pageCandidates;
    private readonly HashSet<string>? _ambientNames;
    private readonly object _pagesGate = new();
    private int _servesPages; // 0 not yet known, 1 no, 2 yes

    private ApplicationAuthentication(
        Compilation compilation, Symbols symbols, AuthenticationSchemeKinds schemes, bool overridesMethodFromForm, bool allowsCredentialsFromAnyOrigin,
        List<InvocationExpressionSyntax>? pageCandidates, HashSet<string>? ambientNames)
    {
        _compilation = compilation;
        _ambientNames = ambientNames;
        _symbols = symbols;
        Schemes = schemes;
        OverridesMethodFromForm = overridesMethodFromForm;
        AllowsCredentialsFromAnyOrigin = allowsCredentialsFromAnyOrigin;
        _pageCandidates = pageCandidates;
        if (symbols.ClassicController is not null || pageCandidates is null)
        {
            _servesPages = symbols.ClassicController is not null ? 2 : 1;
        }
    }

    /// <summary>The kinds of the authentication schemes registered in the compilation.</summary>
    public AuthenticationSchemeKinds Schemes { get; }

    /// <summary><c>UseHttpMethodOverride</c> with options that name a form field: a form POST can become PUT, PATCH or DELETE.</summary>
    public bool OverridesMethodFromForm { get; }

    /// <summary>A CORS policy with <c>AllowCredentials()</c> and an always-true <c>SetIsOriginAllowed</c>: every site passes the preflight.</summary>
    public bool AllowsCredentialsFromAnyOrigin { get; }

    /// <summary>
    /// Whether the project serves pages to browsers: controllers that render views or redirect to actions, Razor Pages,
    /// <c>AddControllersWithViews</c>/<c>AddRazorPages</c>, or a reference to classic ASP.NET MVC. The candidate calls
    /// are bound on first use, until one counts.
    /// </summary>
    public bool ServesPages(CancellationToken cancellationToken)
    {
        var known = Volatile.Read(ref _servesPages);
        if (known != 0)
        {
            return known == 2;
        }

        lock (_pagesGate)
        {
            if (_servesPages != 0)
            {
                return _servesPages == 2;
            }

            var result = false;
            SemanticModel? model = null;
            foreach (var invocation in _pageCandidates!)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (model?.SyntaxTree != invocation.SyntaxTree)
                {
                    model = SemanticModels.Of(_compilation, invocation.SyntaxTree);
                }

                if (Bind(model, invocation, cancellationToken) is { } target && _symbols.IsPageMethod(target))
                {
                    result = true;
                    break;
                }
            }

            Volatile.Write(ref _servesPages, result ? 2 : 1);
            return result;
        }
    }

    /// <summary>The <c>securebackend.authentication</c> option for <paramref name="tree"/> (<c>auto</c> when absent or unknown).</summary>
    public static AuthenticationMode GetMode(AnalyzerOptions options, SyntaxTree tree)
    {
        var value = options.GetString(tree, Option)?.Trim();
        if (string.Equals(value, "cookies", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationMode.Cookies;
        }

        return string.Equals(value, "tokens", StringComparison.OrdinalIgnoreCase) ? AuthenticationMode.Tokens : AuthenticationMode.Auto;
    }

    /// <summary>
    /// Whether browsers send this application credentials on their own. <c>cookies</c>/<c>tokens</c> decide; in
    /// <c>auto</c>, an ambient scheme registered anywhere decides yes, token schemes alone decide no, and with no
    /// registration in sight the answer is yes only for a project that serves pages (their form posts can be
    /// authenticated by nothing but what the browser attaches) and no for the rest (an API whose authentication is set
    /// up in another project).
    /// </summary>
    public static bool SendsAmbientCredentials(AuthenticationMode mode, Compilation compilation, CancellationToken cancellationToken)
    {
        switch (mode)
        {
            case AuthenticationMode.Cookies:
                return true;
            case AuthenticationMode.Tokens:
                return false;
        }

        var application = Get(compilation, cancellationToken);
        if ((application.Schemes & AuthenticationSchemeKinds.Ambient) != 0)
        {
            return true;
        }

        return application.Schemes == AuthenticationSchemeKinds.None && application.ServesPages(cancellationToken);
    }

    /// <summary>The application model of the whole compilation: computed once, from candidates cached per tree.</summary>
    public static ApplicationAuthentication Get(Compilation compilation, CancellationToken cancellationToken)
        => Compilations.Get(compilation, cancellationToken);

    private static ApplicationAuthentication Compute(Compilation compilation, CancellationToken cancellationToken)
    {
        var symbols = new Symbols(KnownTypes.Get(compilation));
        var schemes = AuthenticationSchemeKinds.None;
        var overrides = false;
        var anyOrigin = false;
        List<InvocationExpressionSyntax>? pageCandidates = null;
        HashSet<string>? ambientNames = null;
        foreach (var calls in SetupCalls.Get(compilation, cancellationToken).WithCalls)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tree = calls.Tree;
            SyntaxNode? root = null;
            SemanticModel? model = null;
            foreach (var call in calls.Calls)
            {
                var method = call.Method;
                if (!IsModelled(method))
                {
                    continue; // a call only ApplicationSetup reads
                }

                root ??= tree.GetRoot(cancellationToken);
                if (root.FindToken(call.Position).Parent is not SimpleNameSyntax name || SetupCalls.InvocationOf(name) is not { } invocation)
                {
                    continue;
                }

                if (PageMethods.Contains(method))
                {
                    (pageCandidates ??= new List<InvocationExpressionSyntax>()).Add(invocation); // bound only if no scheme decides
                    continue;
                }

                if (!MayMatter(method, invocation))
                {
                    continue; // a shape that cannot count whatever it binds to
                }

                // Only for the few invocations whose name matters, once per compilation.
                model ??= SemanticModels.Of(compilation, tree);
                if (Bind(model, invocation, cancellationToken) is not { } target)
                {
                    continue;
                }

                if (method == MethodOverride)
                {
                    overrides |= symbols.IsFormMethodOverride(target, invocation, model, cancellationToken);
                }
                else if (method == OriginPredicate)
                {
                    anyOrigin |= symbols.IsCredentialedAnyOrigin(target, invocation, model, cancellationToken);
                }
                else
                {
                    var kind = symbols.ClassifyScheme(target);
                    schemes |= kind;
                    if ((kind & AuthenticationSchemeKinds.Ambient) != 0 && SchemeName(target, invocation, model, cancellationToken) is { } schemeName)
                    {
                        (ambientNames ??= new HashSet<string>(StringComparer.Ordinal)).Add(schemeName);
                    }
                }
            }
        }

        return new ApplicationAuthentication(compilation, symbols, schemes, overrides, anyOrigin, pageCandidates, ambientNames);
    }

    /// <summary>The constant <c>authenticationScheme</c> argument of a scheme registration (<c>AddCookie("Admin")</c>).</summary>
    private static string? SchemeName(IMethodSymbol target, InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        var arguments = invocation.ArgumentList.Arguments;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            var parameterName = argument.NameColon?.Name.Identifier.ValueText
                ?? (i < target.Parameters.Length ? target.Parameters[i].Name : null);
            if (parameterName == "authenticationScheme")
            {
                return model.GetConstantValue(argument.Expression, cancellationToken) is { HasValue: true, Value: string name } ? name : null;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="name"/> is a scheme browsers send credentials for on their own: the default names of the
    /// cookie, Identity, OpenID Connect, Windows and certificate handlers, and the names the compilation gives to the
    /// cookie-style schemes it registers.
    /// </summary>
    public bool IsAmbientSchemeName(string name) => DefaultAmbientNames.Contains(name) || (_ambientNames?.Contains(name) ?? false);

    private static readonly HashSet<string> DefaultAmbientNames = new(StringComparer.Ordinal)
    {
        "Cookies", "Identity.Application", "Identity.External", "Identity.TwoFactorRememberMe", "Identity.TwoFactorUserId",
        "OpenIdConnect", "Negotiate", "Windows", "NTLM", "Kerberos", "Certificate", "WsFederation", "Google", "Facebook",
        "Microsoft", "Twitter", "OAuth",
    };

    /// <summary>The invoked method; a call whose arguments do not bind yet (half-typed code) still names its method group.</summary>
    private static IMethodSymbol? Bind(SemanticModel model, InvocationExpressionSyntax invocation, CancellationToken cancellationToken)
    {
        var info = model.GetSymbolInfo(invocation, cancellationToken);
        return (info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null)) as IMethodSymbol;
    }

    /// <summary>Syntax checks that spare binding: an always-true origin predicate, the options overload of the method override.</summary>
    private static bool MayMatter(string method, InvocationExpressionSyntax invocation) => method switch
    {
        OriginPredicate => invocation.ArgumentList.Arguments.Count == 1 && Symbols.IsAlwaysTrue(invocation.ArgumentList.Arguments[0].Expression),
        MethodOverride => invocation.ArgumentList.Arguments.Count > 0,
        _ => true,
    };

    /// <summary>The names of the invoked methods this model looks at, for <see cref="SetupCalls"/>.</summary>
    internal static ImmutableArray<string> CallNames { get; } = BuildCallNames();

    private static bool IsModelled(string method)
        => SchemeMethods.ContainsKey(method) || PageMethods.Contains(method) || method == MethodOverride || method == OriginPredicate;

    private static ImmutableArray<string> BuildCallNames()
    {
        var names = ImmutableArray.CreateBuilder<string>();
        names.AddRange(SchemeMethods.Keys);
        names.AddRange(PageMethods);
        names.Add(MethodOverride);
        names.Add(OriginPredicate);
        return names.ToImmutable();
    }

    /// <summary>The types the candidates are recognised by.</summary>
    private sealed class Symbols
    {
        private readonly INamedTypeSymbol? _serviceCollection;
        private readonly INamedTypeSymbol? _authenticationBuilder;
        private readonly INamedTypeSymbol? _cookieHandler;
        private readonly INamedTypeSymbol? _remoteHandler;
        private readonly INamedTypeSymbol? _controller;
        private readonly INamedTypeSymbol? _controllerBase;
        private readonly INamedTypeSymbol? _pageModel;
        private readonly INamedTypeSymbol? _methodOverrideExtensions;
        private readonly INamedTypeSymbol? _methodOverrideOptions;
        private readonly INamedTypeSymbol? _corsPolicyBuilder;

        public Symbols(KnownTypes types)
        {
            _serviceCollection = types.Get("Microsoft.Extensions.DependencyInjection.IServiceCollection");
            _authenticationBuilder = types.Get("Microsoft.AspNetCore.Authentication.AuthenticationBuilder");
            _cookieHandler = types.Get("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationHandler");
            _remoteHandler = types.Get("Microsoft.AspNetCore.Authentication.RemoteAuthenticationHandler`1");
            _controller = types.Get("Microsoft.AspNetCore.Mvc.Controller");
            _controllerBase = types.Get("Microsoft.AspNetCore.Mvc.ControllerBase");
            _pageModel = types.Get("Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
            _methodOverrideExtensions = types.Get("Microsoft.AspNetCore.Builder.HttpMethodOverrideExtensions");
            _methodOverrideOptions = types.Get("Microsoft.AspNetCore.Builder.HttpMethodOverrideOptions");
            _corsPolicyBuilder = types.Get("Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder");
            ClassicController = types.Get("System.Web.Mvc.Controller");
        }

        public INamedTypeSymbol? ClassicController { get; }

        /// <summary>A registration declared outside the compilation on <c>IServiceCollection</c> or <c>AuthenticationBuilder</c>.</summary>
        public AuthenticationSchemeKinds ClassifyScheme(IMethodSymbol method)
        {
            if (!SchemeMethods.TryGetValue(method.Name, out var kinds) || IsInSource(method))
            {
                return AuthenticationSchemeKinds.None;
            }

            var definition = method.ReducedFrom ?? method;
            var receiver = definition.IsExtensionMethod && definition.Parameters.Length > 0 ? definition.Parameters[0].Type : definition.ContainingType;
            if (!receiver.IsOrImplements(_serviceCollection) && !receiver.InheritsFromOrEquals(_authenticationBuilder))
            {
                return AuthenticationSchemeKinds.None;
            }

            if (method.Name == "AddScheme")
            {
                // AddScheme<TOptions, THandler>: the handler decides; a custom handler reads headers unless it is a cookie or remote sign-in handler.
                if (method.TypeArguments.Length != 2)
                {
                    return AuthenticationSchemeKinds.None;
                }

                var handler = method.TypeArguments[1];
                return handler.InheritsFromOrEquals(_cookieHandler) || handler.InheritsFromOrEquals(_remoteHandler)
                    ? AuthenticationSchemeKinds.Ambient
                    : AuthenticationSchemeKinds.Token;
            }

            return kinds;
        }

        public bool IsPageMethod(IMethodSymbol method)
        {
            if (method.Name is "AddControllersWithViews" or "AddRazorPages")
            {
                var definition = method.ReducedFrom ?? method;
                return !IsInSource(method) && definition.IsExtensionMethod && definition.Parameters.Length > 0
                    && definition.Parameters[0].Type.IsOrImplements(_serviceCollection);
            }

            var owner = method.ContainingType?.OriginalDefinition;
            return owner is not null
                && (SymbolEqualityComparer.Default.Equals(owner, _controller) || SymbolEqualityComparer.Default.Equals(owner, _controllerBase)
                    || SymbolEqualityComparer.Default.Equals(owner, _pageModel));
        }

        /// <summary><c>UseHttpMethodOverride(options)</c> where <c>HttpMethodOverrideOptions.FormFieldName</c> is set in the compilation.</summary>
        public bool IsFormMethodOverride(IMethodSymbol method, InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
        {
            var definition = method.ReducedFrom ?? method;
            if (_methodOverrideOptions is null || !SymbolEqualityComparer.Default.Equals(definition.ContainingType, _methodOverrideExtensions))
            {
                return false;
            }

            foreach (var parameter in definition.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, _methodOverrideOptions))
                {
                    return NamesFormField(invocation, model, cancellationToken);
                }
            }

            return false;
        }

        /// <summary>
        /// <c>SetIsOriginAllowed(_ =&gt; true)</c> on a CORS policy builder whose chain (or statement) also calls
        /// <c>AllowCredentials()</c>.
        /// </summary>
        public bool IsCredentialedAnyOrigin(IMethodSymbol method, InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
        {
            if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, _corsPolicyBuilder)
                || invocation.ArgumentList.Arguments.Count != 1 || !IsAlwaysTrue(invocation.ArgumentList.Arguments[0].Expression))
            {
                return false;
            }

            SyntaxNode scope = invocation;
            while (scope.Parent is ExpressionSyntax or ArgumentSyntax or ArgumentListSyntax)
            {
                scope = scope.Parent;
            }

            if (scope.Parent is ExpressionStatementSyntax or ArrowExpressionClauseSyntax or ReturnStatementSyntax or EqualsValueClauseSyntax)
            {
                scope = scope.Parent;
            }

            if (scope.Parent is BlockSyntax block)
            {
                scope = block; // builder.SetIsOriginAllowed(…); builder.AllowCredentials(); in the same block
            }

            foreach (var node in scope.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AllowCredentials" } } credentials
                    && model.GetSymbolInfo(credentials, cancellationToken).Symbol is IMethodSymbol allow
                    && SymbolEqualityComparer.Default.Equals(allow.ContainingType, _corsPolicyBuilder))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool IsAlwaysTrue(ExpressionSyntax expression)
        {
            var body = expression switch
            {
                SimpleLambdaExpressionSyntax lambda => (SyntaxNode?)lambda.ExpressionBody ?? lambda.Block,
                ParenthesizedLambdaExpressionSyntax lambda => (SyntaxNode?)lambda.ExpressionBody ?? lambda.Block,
                AnonymousMethodExpressionSyntax method => method.Block,
                _ => null,
            };

            return body switch
            {
                LiteralExpressionSyntax literal => literal.IsKind(SyntaxKind.TrueLiteralExpression),
                BlockSyntax { Statements.Count: 1 } block => block.Statements[0] is ReturnStatementSyntax { Expression: LiteralExpressionSyntax literal }
                    && literal.IsKind(SyntaxKind.TrueLiteralExpression),
                _ => false,
            };
        }

        /// <summary>The options argument assigns <c>FormFieldName</c> a value other than null (in its initializer, or anywhere in the same method).</summary>
        private bool NamesFormField(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
        {
            SyntaxNode scope = invocation;
            foreach (var ancestor in invocation.Ancestors())
            {
                scope = ancestor;
                if (ancestor is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or CompilationUnitSyntax or AccessorDeclarationSyntax)
                {
                    break;
                }
            }

            foreach (var node in scope.DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax assignment
                    && (assignment.Left is IdentifierNameSyntax { Identifier.ValueText: "FormFieldName" }
                        || assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FormFieldName" })
                    && !assignment.Right.IsKind(SyntaxKind.NullLiteralExpression)
                    && model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is IPropertySymbol property
                    && SymbolEqualityComparer.Default.Equals(property.ContainingType, _methodOverrideOptions))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsInSource(IMethodSymbol method)
        {
            var definition = method.ReducedFrom ?? method.OriginalDefinition;
            return definition.Locations.Length > 0 && definition.Locations[0].IsInSource;
        }
    }
}
