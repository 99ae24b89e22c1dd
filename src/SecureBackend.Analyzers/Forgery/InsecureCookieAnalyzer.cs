using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;

namespace SecureBackend.Analyzers.Forgery;

/// <summary>
/// SB3003: cookies issued without Secure, session/authentication cookies readable by script, SameSite=None without
/// Secure. Explicit unsafe settings are reported where they are written (statements on locals, parameters, fields and
/// properties, object initializers, deconstructions), unless a later statement of the same block writes the safe
/// value before the cookie is used, or — for SameSite=None and SameAsRequest — the write only runs under an HTTPS
/// check (<see cref="HttpsGuards"/>); <c>CookieOptions</c> that never set
/// <c>Secure = true</c> and session cookies appended with default options too, unless a cookie policy with
/// <c>Secure = CookieSecurePolicy.Always</c> is configured and applied with <c>UseCookiePolicy</c> anywhere in the
/// compilation (see <see cref="ApplicationSetup"/>). Classic ASP.NET's <c>System.Web.HttpCookie</c> is checked like a
/// <c>CookieOptions</c>: <c>Secure = false</c>, <c>HttpOnly = false</c> on a session or authentication cookie, and a
/// cookie created without <c>Secure</c> (and, for a session or authentication cookie, without <c>HttpOnly</c>).
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

    /// <summary><c>new HttpCookie(name) { … }</c> of a session or authentication cookie: add <c>HttpOnly = true</c>.</summary>
    public const string AddHttpOnlyFix = "AddHttpOnly";

    /// <summary>Diagnostic property: with <see cref="AddSecureFix"/>, also add <c>HttpOnly = true</c>.</summary>
    public const string AlsoHttpOnlyProperty = "AlsoHttpOnly";

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
        => types.HasAny("Microsoft.AspNetCore.Http.CookieOptions", "Microsoft.AspNetCore.Http.CookieBuilder", "System.Web.HttpCookie");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var symbols = new Symbols(types);
        context.RegisterOperationAction(c => AnalyzeAssignment(c, symbols), OperationKind.SimpleAssignment);
        context.RegisterOperationAction(c => AnalyzeDeconstruction(c, symbols), OperationKind.DeconstructionAssignment);
        context.RegisterOperationAction(c => AnalyzeCreation(c, symbols), OperationKind.ObjectCreation);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
    }

    private static ImmutableDictionary<string, string?> Fix(string fix) => ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);

    private static void AnalyzeAssignment(OperationAnalysisContext context, Symbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation target)
        {
            AnalyzeSetting(context, symbols, target, assignment.Value, assignment);
        }
    }

    /// <summary><c>(options.Secure, options.HttpOnly) = (false, false);</c>: each element pair is a setting of its own.</summary>
    private static void AnalyzeDeconstruction(OperationAnalysisContext context, Symbols symbols)
    {
        var deconstruction = (IDeconstructionAssignmentOperation)context.Operation;
        if (deconstruction.Target is ITupleOperation targets && deconstruction.Value.WalkDownConversions() is ITupleOperation values)
        {
            AnalyzePairs(context, symbols, targets, values, 0);
        }
    }

    private static void AnalyzePairs(OperationAnalysisContext context, Symbols symbols, ITupleOperation targets, ITupleOperation values, int depth)
    {
        if (targets.Elements.Length != values.Elements.Length || depth > 4)
        {
            return;
        }

        for (var i = 0; i < targets.Elements.Length; i++)
        {
            var value = values.Elements[i].WalkDownConversions();
            switch (targets.Elements[i])
            {
                case IPropertyReferenceOperation target:
                    AnalyzeSetting(context, symbols, target, value, value);
                    break;
                case ITupleOperation nestedTargets when value is ITupleOperation nestedValues:
                    AnalyzePairs(context, symbols, nestedTargets, nestedValues, depth + 1);
                    break;
            }
        }
    }

    /// <summary>
    /// One write of a cookie setting: <paramref name="write"/> is the assignment (or, in a deconstruction, the value
    /// element) that the diagnostic points at.
    /// </summary>
    private static void AnalyzeSetting(OperationAnalysisContext context, Symbols symbols, IPropertyReferenceOperation target, IOperation assignedValue, IOperation write)
    {
        var property = target.Property;
        var owner = property.ContainingType;
        var value = assignedValue.WalkDownConversions().ConstantValue;
        if (!value.HasValue)
        {
            return;
        }

        var isHttpCookie = owner.InheritsFromOrEquals(symbols.HttpCookie);
        var isOptions = isHttpCookie || owner.InheritsFromOrEquals(symbols.CookieOptions);
        var isBuilder = !isOptions && owner.InheritsFromOrEquals(symbols.CookieBuilder);
        if ((!isOptions && !isBuilder) || DevelopmentGuards.IsInDevelopmentOnlyCode(write))
        {
            return;
        }

        switch (property.Name)
        {
            case "Secure" when isOptions && value.Value is false:
                if (!OverriddenBeforeUse(write, target, static v => v is true))
                {
                    Report(context, write, SecureTrueFix, isHttpCookie ? "HttpCookie.Secure" : "CookieOptions.Secure", "is false, so the cookie is also sent over cleartext HTTP");
                }

                break;

            case "HttpOnly" when value.Value is false:
                if ((isBuilder ? IsSessionOrAuthBuilder(target.Instance, symbols)
                        : isHttpCookie ? IsSensitiveHttpCookie(target, symbols) : IsSensitiveOptions(target, symbols))
                    && !OverriddenBeforeUse(write, target, static v => v is true))
                {
                    Report(context, write, HttpOnlyTrueFix, (isBuilder ? "CookieBuilder" : isHttpCookie ? "HttpCookie" : "CookieOptions") + ".HttpOnly",
                        "is false for a session or authentication cookie, so injected script can read it");
                }

                break;

            // SameAsRequest issues Secure cookies on HTTPS requests: code that only runs when the app is served over
            // HTTPS gets Secure cookies from it. None never does.
            case "SecurePolicy" when isBuilder && value.Value is int policy && policy is SecurePolicyNone or SecurePolicySameAsRequest:
                if ((policy == SecurePolicyNone || !HttpsGuards.IsInHttpsOnlyCode(write))
                    && !OverriddenBeforeUse(write, target, static v => v is int later && later == SecurePolicyAlways))
                {
                    Report(context, write, SecurePolicyAlwaysFix, "CookieBuilder.SecurePolicy",
                        policy == SecurePolicyNone
                            ? "is None, so the cookie is also sent over cleartext HTTP"
                            : "is SameAsRequest, so the cookie is issued without Secure on every HTTP request");
                }

                break;

            // SameSite=None with the default SameAsRequest policy is Secure whenever the request is HTTPS: a setting
            // guarded by an HTTPS check (the app's own URL starts with https://, Request.IsHttps) is Secure.
            case "SameSite" when isBuilder && value.Value is int mode && mode == SameSiteNone:
                if (!BuilderRequiresSecure(target, symbols) && !HttpsGuards.IsInHttpsOnlyCode(write)
                    && !OverriddenBeforeUse(write, target, static v => v is int later && later != SameSiteNone))
                {
                    Report(context, write, AddSecurePolicyFix, "CookieBuilder.SameSite",
                        "is None without SecurePolicy = Always, so browsers reject the cookie or send it cross-site over cleartext HTTP");
                }

                break;
        }
    }

    /// <summary>
    /// The unsafe write is followed in the same block, before any other statement touches the cookie, by an
    /// unconditional write of a safe value to the same setting (<c>new CookieOptions { Secure = false }</c> then
    /// <c>options.Secure = true;</c>). A safe value written only in a branch, or after the cookie was used, does not count.
    /// </summary>
    private static bool OverriddenBeforeUse(IOperation write, IPropertyReferenceOperation target, Func<object?, bool> isSafe)
    {
        var instance = target.Instance?.WalkDownConversions();
        IOperation anchor = write;
        ISymbol? holder;
        if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            if (FindCreation(target) is not { } creation)
            {
                return false;
            }

            anchor = creation;
            holder = HolderOf(creation);
            instance = null;
        }
        else
        {
            holder = RootSymbol(instance);
        }

        if (holder is null)
        {
            return false;
        }

        return LaterStatementsSet(anchor, holder, instance, target.Property.Name, isSafe);
    }

    /// <summary>
    /// Walks the statements after <paramref name="anchor"/>'s statement in its block: true when one writes a value
    /// <paramref name="isSafe"/> accepts to <paramref name="setting"/> of the cookie before any statement other than
    /// another setting of the same cookie touches <paramref name="holder"/>.
    /// </summary>
    private static bool LaterStatementsSet(IOperation anchor, ISymbol holder, IOperation? instance, string setting, Func<object?, bool> isSafe)
    {
        var statement = anchor;
        while (statement.Parent is not null and not IBlockOperation)
        {
            if (statement.Parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }

            statement = statement.Parent;
        }

        if (statement.Parent is not IBlockOperation block)
        {
            return false;
        }

        var index = block.Operations.IndexOf(statement);
        for (var i = index + 1; index >= 0 && i < block.Operations.Length; i++)
        {
            var next = block.Operations[i];
            if (next is IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: IPropertyReferenceOperation later } assignment }
                && SameCookie(later.Instance, holder, instance))
            {
                if (later.Property.Name != setting)
                {
                    continue; // another setting of the same cookie
                }

                var constant = assignment.Value.WalkDownConversions().ConstantValue;
                return !constant.HasValue || isSafe(constant.Value);
            }

            if (Mentions(next, holder))
            {
                return false; // used, or set in a branch, before a safe value is written
            }
        }

        return false;
    }

    private static bool SameCookie(IOperation? laterInstance, ISymbol holder, IOperation? instance)
    {
        laterInstance = laterInstance?.WalkDownConversions();
        if (laterInstance is null || !SymbolEqualityComparer.Default.Equals(RootSymbol(laterInstance), holder))
        {
            return false;
        }

        return instance is null
            ? SymbolEqualityComparer.Default.Equals(ReferencedSymbol(laterInstance), holder)
            : laterInstance.Syntax.IsEquivalentTo(instance.Syntax, topLevel: false);
    }

    private static bool Mentions(IOperation operation, ISymbol holder)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (SymbolEqualityComparer.Default.Equals(ReferencedSymbol(descendant), holder))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The variable, parameter, field or property a member chain starts from: <c>options</c> in
    /// <c>options.Cookie</c>, <c>Property</c> in <c>this.Property</c>, <c>field</c> in <c>field</c>.
    /// </summary>
    private static ISymbol? RootSymbol(IOperation? operation)
    {
        for (var depth = 0; operation is not null && depth < 8; depth++)
        {
            operation = operation.WalkDownConversions();
            if (operation is IMemberReferenceOperation { Instance: { } instance } && instance.WalkDownConversions() is not IInstanceReferenceOperation)
            {
                operation = instance;
                continue;
            }

            return ReferencedSymbol(operation);
        }

        return null;
    }

    /// <summary>The local, field or property a new cookie object is stored into.</summary>
    private static ISymbol? HolderOf(IOperation creation)
    {
        var current = creation;
        while (current.Parent is IConversionOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            IFieldInitializerOperation { InitializedFields.Length: 1 } field => field.InitializedFields[0],
            IPropertyInitializerOperation { InitializedProperties.Length: 1 } property => property.InitializedProperties[0],
            ISimpleAssignmentOperation { Target: var target } => ReferencedSymbol(target),
            _ => null,
        };
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
                && target.Instance?.Syntax.IsEquivalentTo(instance, topLevel: false) == true
                && !IsOnlyInABranch(assignment, sameSite))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A <c>CookieOptions</c> whose cookie name (in the <c>Append</c> call that uses it) names a session or auth cookie:
    /// the options object is created in the call, or held by a local, field or property passed to it in the same method.
    /// </summary>
    private static bool IsSensitiveOptions(IPropertyReferenceOperation property, Symbols symbols)
    {
        var instance = property.Instance?.WalkDownConversions();
        ISymbol? holder;
        if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            if (FindCreation(property) is not { } creation)
            {
                return false;
            }

            if (AppendedName(ArgumentParent(creation), symbols) is { } name)
            {
                return IsSensitiveName(name);
            }

            holder = HolderOf(creation);
        }
        else
        {
            holder = instance is ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation
                ? ReferencedSymbol(instance)
                : null;
        }

        if (holder is null)
        {
            return false;
        }

        foreach (var operation in property.GetRoot().Descendants())
        {
            if (SymbolEqualityComparer.Default.Equals(ReferencedSymbol(operation), holder)
                && AppendedName(ArgumentParent(operation), symbols) is { } name && IsSensitiveName(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An <c>HttpCookie</c> whose name (the constant first argument of <c>new HttpCookie(name, …)</c>) names a session
    /// or auth cookie: the setting is in the creation's initializer, or on a local, field or property that a creation
    /// is stored into in the same method.
    /// </summary>
    private static bool IsSensitiveHttpCookie(IPropertyReferenceOperation property, Symbols symbols)
    {
        var instance = property.Instance?.WalkDownConversions();
        if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            return FindCreation(property) is { } creation && HttpCookieName(creation) is { } name && IsSensitiveName(name);
        }

        var holder = instance is ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation
            ? ReferencedSymbol(instance)
            : null;
        if (holder is null)
        {
            return false;
        }

        foreach (var operation in property.GetRoot().Descendants())
        {
            if (operation is IObjectCreationOperation creation && creation.Type.InheritsFromOrEquals(symbols.HttpCookie)
                && SymbolEqualityComparer.Default.Equals(HolderOf(creation), holder)
                && HttpCookieName(creation) is { } name && IsSensitiveName(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The constant name of <c>new HttpCookie(name, …)</c>.</summary>
    private static string? HttpCookieName(IObjectCreationOperation creation)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name == "name" && argument.Value.TryGetConstantString(out var name))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>
    /// The classic way to delete a cookie: issue it again with <c>Expires</c> in the past (<c>DateTime.Now.AddDays(-1)</c>,
    /// <c>DateTime.MinValue</c>), in the initializer or on the variable holding it anywhere in the method.
    /// </summary>
    private static bool IsExpiredCookie(IObjectCreationOperation creation)
    {
        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Expires" } } assignment && IsPastDate(assignment.Value))
                {
                    return true;
                }
            }
        }

        if (HolderOf(creation) is not { } holder)
        {
            return false;
        }

        foreach (var operation in creation.GetRoot().Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Expires" } target } assignment
                && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(target.Instance), holder) && IsPastDate(assignment.Value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPastDate(IOperation value)
    {
        value = value.WalkDownConversions();
        if (value is IFieldReferenceOperation { Field.Name: "MinValue" } field)
        {
            return field.Field.ContainingType.SpecialType == SpecialType.System_DateTime;
        }

        return value is IInvocationOperation { Arguments.Length: 1 } add
            && add.TargetMethod.Name.StartsWith("Add", StringComparison.Ordinal)
            && add.TargetMethod.ContainingType.SpecialType == SpecialType.System_DateTime
            && add.Arguments[0].Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: var amount }
            && amount switch { int i => i < 0, long l => l < 0, double d => d < 0, _ => false };
    }

    /// <summary>
    /// Whether <paramref name="write"/> sits in a branch, loop or catch that <paramref name="other"/> is not in: a
    /// setting written only there does not hold on every path through <paramref name="other"/>.
    /// </summary>
    private static bool IsOnlyInABranch(IOperation write, IOperation other)
    {
        var span = other.Syntax.Span;
        for (var current = write.Parent; current is not null; current = current.Parent)
        {
            if (current.Syntax.Span.Contains(span))
            {
                return false;
            }

            if (current is IConditionalOperation or ILoopOperation or ISwitchOperation or ISwitchCaseOperation or ICatchClauseOperation
                or IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
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
        if (creation.Type.InheritsFromOrEquals(symbols.HttpCookie))
        {
            AnalyzeHttpCookieCreation(context, creation);
            return;
        }

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

    /// <summary>
    /// <c>new HttpCookie(name, …)</c>: <c>Secure</c> and <c>HttpOnly</c> default to false. Reported when the initializer
    /// and the later statements of the same block (before the cookie is used) never set <c>Secure</c>, or — for a session
    /// or authentication cookie name — never set <c>HttpOnly</c>; one diagnostic per cookie. A cookie issued with
    /// <c>Expires</c> in the past deletes it; web.config's <c>&lt;httpCookies requireSSL="true"&gt;</c> is not visible.
    /// </summary>
    private static void AnalyzeHttpCookieCreation(OperationAnalysisContext context, IObjectCreationOperation creation)
    {
        if (creation.Syntax.ContainsDiagnostics || DevelopmentGuards.IsInDevelopmentOnlyCode(creation) || IsExpiredCookie(creation))
        {
            return;
        }

        var secureSet = false;
        var httpOnlySet = false;
        var sameSiteNone = false;
        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment)
                {
                    switch (target.Property.Name)
                    {
                        case "Secure":
                            secureSet = true; // true, or a value we cannot judge; Secure = false is reported on its own
                            break;
                        case "HttpOnly":
                            httpOnlySet = true;
                            break;
                        case "SameSite" when assignment.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: int mode } && mode == SameSiteNone:
                            sameSiteNone = true;
                            break;
                    }
                }
            }
        }

        var holder = HolderOf(creation);
        secureSet = secureSet || (holder is not null && LaterStatementsSet(creation, holder, null, "Secure", static value => value is not false));
        var name = HttpCookieName(creation);
        var needsHttpOnly = !httpOnlySet && name is not null && IsSensitiveName(name)
            && (holder is null || !LaterStatementsSet(creation, holder, null, "HttpOnly", static value => value is not false));
        if (secureSet && !needsHttpOnly)
        {
            return;
        }

        var properties = Fix(secureSet ? AddHttpOnlyFix : AddSecureFix);
        if (!secureSet && needsHttpOnly)
        {
            properties = properties.Add(AlsoHttpOnlyProperty, "true");
        }

        context.Report(Diagnostic.Create(
            Rules.InsecureCookie,
            creation.Syntax.GetLocation(),
            properties,
            secureSet ? "HttpCookie.HttpOnly" : "HttpCookie.Secure",
            secureSet
                ? "is never set to true (it defaults to false) for a session or authentication cookie, so injected script can read it"
                : needsHttpOnly
                    ? "and HttpOnly are never set to true (they default to false), so the session or authentication cookie is also sent over cleartext HTTP and readable by script"
                    : sameSiteNone
                        ? "is never set to true while SameSite is None, so browsers reject the cookie or send it over cleartext HTTP"
                        : "is never set to true (it defaults to false), so the cookie is also sent over cleartext HTTP"));
    }

    private static bool IsDeleteArgument(IObjectCreationOperation creation, Symbols symbols)
        => ArgumentParent(creation)?.Parent is IInvocationOperation { TargetMethod.Name: "Delete" } delete
        && delete.TargetMethod.ContainingType.IsOrImplements(symbols.ResponseCookies);

    /// <summary>
    /// <c>var o = new CookieOptions(); o.Secure = …;</c> (also for a field or property target): a statement after the
    /// creation, in the same block and before the cookie is otherwise used, sets <c>Secure</c> to anything but
    /// <c>false</c>. A <c>Secure</c> written only in a branch, or after the cookie was appended, does not count.
    /// </summary>
    private static bool SecureIsAssignedLater(IObjectCreationOperation creation)
        => HolderOf(creation) is { } holder && LaterStatementsSet(creation, holder, null, "Secure", static value => value is not false);

    private static ISymbol? ReferencedSymbol(IOperation? operation) => operation?.WalkDownConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
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
            HttpCookie = types.Get("System.Web.HttpCookie");
        }

        public INamedTypeSymbol? CookieOptions { get; }

        public INamedTypeSymbol? CookieBuilder { get; }

        public INamedTypeSymbol? ResponseCookies { get; }

        public INamedTypeSymbol? CookieAuthenticationOptions { get; }

        public INamedTypeSymbol? SessionOptions { get; }

        /// <summary>Classic ASP.NET (.NET Framework) cookie: its settings work like <c>CookieOptions</c>'.</summary>
        public INamedTypeSymbol? HttpCookie { get; }
    }
}
