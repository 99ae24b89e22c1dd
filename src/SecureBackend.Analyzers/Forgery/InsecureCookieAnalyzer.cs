using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Forgery;

/// <summary>
/// SB3003: cookies issued without Secure, session/authentication cookies readable by script, SameSite=None without
/// Secure. Explicit unsafe settings are reported where they are written; <c>CookieOptions</c> that never set
/// <c>Secure = true</c> and session cookies appended with default options too, unless a cookie policy with
/// <c>Secure = CookieSecurePolicy.Always</c> is configured and applied with <c>UseCookiePolicy</c> anywhere in the
/// compilation (see <see cref="ApplicationSetup"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InsecureCookieAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Diagnostic property telling the fixer which safe value to write.</summary>
    public const string FixProperty = "Fix";

    /// <summary><c>Secure = false</c> → <c>true</c>.</summary>
    public const string SecureTrueFix = "SecureTrue";

    /// <summary><c>HttpOnly = false</c> → <c>true</c>.</summary>
    public const string HttpOnlyTrueFix = "HttpOnlyTrue";

    /// <summary><c>SecurePolicy = None/SameAsRequest</c> → <c>Always</c>.</summary>
    public const string SecurePolicyAlwaysFix = "SecurePolicyAlways";

    /// <summary><c>builder.SameSite = None</c>: add <c>builder.SecurePolicy = Always</c> after it.</summary>
    public const string AddSecurePolicyFix = "AddSecurePolicy";

    /// <summary><c>new CookieOptions { … }</c>: add <c>Secure = true</c>.</summary>
    public const string AddSecureFix = "AddSecure";

    /// <summary><c>Append(name, value)</c>: pass <c>new CookieOptions { HttpOnly = true, Secure = true }</c>.</summary>
    public const string AddOptionsFix = "AddOptions";

    private const int SecurePolicySameAsRequest = 0;
    private const int SecurePolicyAlways = 1;
    private const int SecurePolicyNone = 2;
    private const int SameSiteNone = 0;

    private static readonly string[] SensitiveNameParts =
    {
        "session", "auth", "token", "jwt", "login", "identity", "remember", "refresh", "credential", "sso", "aspnetcore.cookies",
    };

    private static readonly string[] ScriptReadableNameParts = { "xsrf", "csrf", "antiforgery", "requestverification" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.InsecureCookie);

    protected override bool IsRelevant(KnownTypes types)
        => types.HasAny("Microsoft.AspNetCore.Http.CookieOptions", "Microsoft.AspNetCore.Http.CookieBuilder");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var symbols = new Symbols(types);
        context.RegisterOperationAction(c => AnalyzeAssignment(c, symbols), OperationKind.SimpleAssignment);
        context.RegisterOperationAction(c => AnalyzeCreation(c, symbols), OperationKind.ObjectCreation);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
    }

    private static ImmutableDictionary<string, string?> Fix(string fix) => ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);

    private static void AnalyzeAssignment(OperationAnalysisContext context, Symbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target)
        {
            return;
        }

        var property = target.Property;
        var owner = property.ContainingType;
        var value = assignment.Value.WalkDownConversions().ConstantValue;
        if (!value.HasValue)
        {
            return;
        }

        var isOptions = owner.InheritsFromOrEquals(symbols.CookieOptions);
        var isBuilder = !isOptions && owner.InheritsFromOrEquals(symbols.CookieBuilder);
        if ((!isOptions && !isBuilder) || DevelopmentGuards.IsInDevelopmentOnlyCode(assignment))
        {
            return;
        }

        switch (property.Name)
        {
            case "Secure" when isOptions && value.Value is false:
                Report(context, assignment, SecureTrueFix, "CookieOptions.Secure", "is false, so the cookie is also sent over cleartext HTTP");
                break;

            case "HttpOnly" when value.Value is false:
                if (isBuilder ? IsSessionOrAuthBuilder(target.Instance, symbols) : IsSensitiveOptions(target, symbols))
                {
                    Report(context, assignment, HttpOnlyTrueFix, (isBuilder ? "CookieBuilder" : "CookieOptions") + ".HttpOnly",
                        "is false for a session or authentication cookie, so injected script can read it");
                }

                break;

            case "SecurePolicy" when isBuilder && value.Value is int policy && policy is SecurePolicyNone or SecurePolicySameAsRequest:
                Report(context, assignment, SecurePolicyAlwaysFix, "CookieBuilder.SecurePolicy",
                    policy == SecurePolicyNone
                        ? "is None, so the cookie is also sent over cleartext HTTP"
                        : "is SameAsRequest, so the cookie is issued without Secure on every HTTP request");
                break;

            case "SameSite" when isBuilder && value.Value is int mode && mode == SameSiteNone && !BuilderRequiresSecure(target, symbols):
                Report(context, assignment, AddSecurePolicyFix, "CookieBuilder.SameSite",
                    "is None without SecurePolicy = Always, so browsers reject the cookie or send it cross-site over cleartext HTTP");
                break;
        }
    }

    private static void Report(OperationAnalysisContext context, IOperation operation, string fix, string setting, string consequence)
        => context.Report(Diagnostic.Create(Rules.InsecureCookie, operation.Syntax.GetLocation(), Fix(fix), setting, consequence));

    /// <summary><c>options.Cookie</c> of cookie authentication or session options.</summary>
    private static bool IsSessionOrAuthBuilder(IOperation? builder, Symbols symbols)
    {
        if (builder?.WalkDownConversions() is not IPropertyReferenceOperation { Property.Name: "Cookie" } cookie)
        {
            return false;
        }

        var ownerType = cookie.Instance?.Type;
        return ownerType.InheritsFromOrEquals(symbols.CookieAuthenticationOptions) || ownerType.InheritsFromOrEquals(symbols.SessionOptions);
    }

    /// <summary>Whether the same method also sets <c>SecurePolicy = Always</c> on the same builder expression.</summary>
    private static bool BuilderRequiresSecure(IPropertyReferenceOperation sameSite, Symbols symbols)
    {
        var instance = sameSite.Instance?.Syntax;
        if (instance is null)
        {
            return false;
        }

        foreach (var operation in sameSite.GetRoot().Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "SecurePolicy" } target } assignment
                && target.Property.ContainingType.InheritsFromOrEquals(symbols.CookieBuilder)
                && assignment.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: int policy } && policy == SecurePolicyAlways
                && target.Instance?.Syntax.IsEquivalentTo(instance, topLevel: false) == true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A <c>CookieOptions</c> whose cookie name (in the <c>Append</c> call that uses it) names a session or auth cookie.</summary>
    private static bool IsSensitiveOptions(IPropertyReferenceOperation property, Symbols symbols)
    {
        var instance = property.Instance?.WalkDownConversions();
        IOperation? options = instance switch
        {
            IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } => FindCreation(property),
            ILocalReferenceOperation local => local,
            _ => null,
        };

        if (options is IObjectCreationOperation creation)
        {
            return AppendedName(ArgumentParent(creation), symbols) is { } name && IsSensitiveName(name);
        }

        if (options is ILocalReferenceOperation optionsLocal)
        {
            foreach (var operation in property.GetRoot().Descendants())
            {
                if (operation is ILocalReferenceOperation use && SymbolEqualityComparer.Default.Equals(use.Local, optionsLocal.Local)
                    && AppendedName(ArgumentParent(use), symbols) is { } name && IsSensitiveName(name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IObjectCreationOperation? FindCreation(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IObjectCreationOperation creation)
            {
                return creation;
            }
        }

        return null;
    }

    private static IArgumentOperation? ArgumentParent(IOperation operation)
    {
        var current = operation;
        while (current.Parent is IConversionOperation)
        {
            current = current.Parent;
        }

        return current.Parent as IArgumentOperation;
    }

    /// <summary>The constant cookie name of <c>Response.Cookies.Append(name, value, options)</c> when the argument is <c>options</c>.</summary>
    private static string? AppendedName(IArgumentOperation? argument, Symbols symbols)
    {
        if (argument?.Parent is not IInvocationOperation { TargetMethod.Name: "Append" } append
            || !append.TargetMethod.ContainingType.IsOrImplements(symbols.ResponseCookies))
        {
            return null;
        }

        var key = append.GetArgument("key")?.Value;
        return key is not null && key.TryGetConstantString(out var name) ? name : null;
    }

    internal static bool IsSensitiveName(string name)
    {
        var lower = name.ToLowerInvariant();
        foreach (var part in ScriptReadableNameParts)
        {
            if (lower.Contains(part))
            {
                return false; // an antiforgery request token that client script must read (XSRF-TOKEN)
            }
        }

        foreach (var part in SensitiveNameParts)
        {
            if (lower.Contains(part))
            {
                return true;
            }
        }

        return lower == "sid" || lower.EndsWith(".sid", StringComparison.Ordinal) || lower.EndsWith("_sid", StringComparison.Ordinal)
            || lower.EndsWith("-sid", StringComparison.Ordinal) || lower.EndsWith("sessid", StringComparison.Ordinal);
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, Symbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!creation.Type.InheritsFromOrEquals(symbols.CookieOptions) || creation.Arguments.Length > 0
            || creation.Syntax.ContainsDiagnostics || DevelopmentGuards.IsInDevelopmentOnlyCode(creation) || IsDeleteArgument(creation, symbols))
        {
            return; // new CookieOptions(other) copies Secure; options for Delete expire the cookie
        }

        var sameSiteNone = false;
        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment)
                {
                    if (target.Property.Name == "Secure")
                    {
                        return; // true, or a value we cannot judge; Secure = false is reported on its own
                    }

                    if (target.Property.Name == "SameSite" && assignment.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: int mode } && mode == SameSiteNone)
                    {
                        sameSiteNone = true;
                    }
                }
            }
        }

        if (SecureIsAssignedLater(creation) || ForcesSecureCookies(context))
        {
            return;
        }

        context.Report(Diagnostic.Create(
            Rules.InsecureCookie,
            creation.Syntax.GetLocation(),
            Fix(AddSecureFix),
            "CookieOptions.Secure",
            sameSiteNone
                ? "is never set to true while SameSite is None, so browsers reject the cookie or send it over cleartext HTTP"
                : "is never set to true (it defaults to false), so the cookie is also sent over cleartext HTTP"));
    }

    private static bool IsDeleteArgument(IObjectCreationOperation creation, Symbols symbols)
        => ArgumentParent(creation)?.Parent is IInvocationOperation { TargetMethod.Name: "Delete" } delete
        && delete.TargetMethod.ContainingType.IsOrImplements(symbols.ResponseCookies);

    /// <summary><c>var o = new CookieOptions(); o.Secure = …;</c> (also for a field or property target) in the same method.</summary>
    private static bool SecureIsAssignedLater(IObjectCreationOperation creation)
    {
        var current = (IOperation)creation;
        while (current.Parent is IConversionOperation)
        {
            current = current.Parent;
        }

        ISymbol? holder = current.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } => local.Local,
            ISimpleAssignmentOperation { Target: IFieldReferenceOperation field } => field.Field,
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } => property.Property,
            _ => null,
        };

        if (holder is null)
        {
            return false;
        }

        foreach (var operation in creation.GetRoot().Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Secure" } target }
                && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(target.Instance), holder))
            {
                return true;
            }
        }

        return false;
    }

    private static ISymbol? ReferencedSymbol(IOperation? operation) => operation?.WalkDownConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    private static void AnalyzeInvocation(OperationAnalysisContext context, Symbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name != "Append" || method.Parameters.Length != 2 || !method.ContainingType.IsOrImplements(symbols.ResponseCookies)
            || DevelopmentGuards.IsInDevelopmentOnlyCode(invocation))
        {
            return;
        }

        var key = invocation.GetArgument("key")?.Value;
        if (key is not null && key.TryGetConstantString(out var name) && name is not null && IsSensitiveName(name)
            && !ForcesSecureCookies(context))
        {
            context.Report(Diagnostic.Create(
                Rules.InsecureCookie,
                invocation.Syntax.GetLocation(),
                Fix(AddOptionsFix),
                "Append(\"" + name + "\", …)",
                "uses default options, so the session or authentication cookie has neither Secure nor HttpOnly"));
        }
    }

    /// <summary>
    /// A cookie policy with <c>Secure = CookieSecurePolicy.Always</c> applied with <c>UseCookiePolicy</c> somewhere in
    /// the compilation: the policy middleware marks every cookie Secure.
    /// </summary>
    private static bool ForcesSecureCookies(OperationAnalysisContext context)
        => ApplicationSetup.Get(context.Compilation, context.CancellationToken).ForcesSecureCookies;

    private sealed class Symbols
    {
        public Symbols(KnownTypes types)
        {
            CookieOptions = types.Get("Microsoft.AspNetCore.Http.CookieOptions");
            CookieBuilder = types.Get("Microsoft.AspNetCore.Http.CookieBuilder");
            ResponseCookies = types.Get("Microsoft.AspNetCore.Http.IResponseCookies");
            CookieAuthenticationOptions = types.Get("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions");
            SessionOptions = types.Get("Microsoft.AspNetCore.Builder.SessionOptions");
        }

        public INamedTypeSymbol? CookieOptions { get; }

        public INamedTypeSymbol? CookieBuilder { get; }

        public INamedTypeSymbol? ResponseCookies { get; }

        public INamedTypeSymbol? CookieAuthenticationOptions { get; }

        public INamedTypeSymbol? SessionOptions { get; }
    }
}
