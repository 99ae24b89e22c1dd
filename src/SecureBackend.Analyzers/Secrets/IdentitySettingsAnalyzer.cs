using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Secrets;

/// <summary>
/// SB2011: weak ASP.NET Core Identity and cookie-authentication settings — <c>PasswordOptions.RequiredLength</c> below
/// the minimum length, <c>LockoutOptions.AllowedForNewUsers = false</c>, <c>SignInManager&lt;T&gt;.PasswordSignInAsync</c>
/// with <c>lockoutOnFailure: false</c>, and <c>CookieAuthenticationOptions.ExpireTimeSpan</c> longer than the
/// configured maximum while sliding expiration stays on. Only constant values (literals, constants, and locals whose
/// only write is such a value) count; development-only code and test projects are left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IdentitySettingsAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Kind of finding, passed to the code fix in <see cref="Diagnostic.Properties"/>.</summary>
    public const string KindProperty = "Kind";

    /// <summary>The value the fix writes (the configured minimum length, or <c>true</c>).</summary>
    public const string ReplacementProperty = "Replacement";

    public const string PasswordLengthKind = "PasswordLength";
    public const string LockoutForNewUsersKind = "LockoutForNewUsers";
    public const string LockoutOnFailureKind = "LockoutOnFailure";
    public const string SlidingCookieKind = "SlidingCookie";

    /// <summary>Passwords shorter than this are reported (NIST SP 800-63B: at least 8 characters).</summary>
    public const string MinimumPasswordLengthOption = ConfigOptions.Prefix + "SB2011.minimum_password_length";

    /// <summary>A sliding authentication cookie may stay idle this many hours at most before it expires.</summary>
    public const string MaximumSlidingExpirationHoursOption = ConfigOptions.Prefix + "SB2011.maximum_sliding_expiration_hours";

    public const int DefaultMinimumPasswordLength = 8;
    public const int DefaultMaximumSlidingExpirationHours = 24;

    private const string PasswordOptionsName = "Microsoft.AspNetCore.Identity.PasswordOptions";
    private const string LockoutOptionsName = "Microsoft.AspNetCore.Identity.LockoutOptions";
    private const string SignInManagerName = "Microsoft.AspNetCore.Identity.SignInManager`1";
    private const string CookieOptionsName = "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions";
    private const string TimeSpanName = "System.TimeSpan";

    private static readonly ImmutableDictionary<string, string?> LockoutForNewUsersProperties =
        ImmutableDictionary<string, string?>.Empty.Add(KindProperty, LockoutForNewUsersKind).Add(ReplacementProperty, "true");

    private static readonly ImmutableDictionary<string, string?> LockoutOnFailureProperties =
        ImmutableDictionary<string, string?>.Empty.Add(KindProperty, LockoutOnFailureKind).Add(ReplacementProperty, "true");

    private static readonly ImmutableDictionary<string, string?> SlidingCookieProperties =
        ImmutableDictionary<string, string?>.Empty.Add(KindProperty, SlidingCookieKind);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.WeakIdentitySettings);

    protected override bool IsRelevant(KnownTypes types)
        => types.HasAny(PasswordOptionsName, LockoutOptionsName, SignInManagerName, CookieOptionsName);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var symbols = new Symbols(
            types.Get(PasswordOptionsName),
            types.Get(LockoutOptionsName),
            types.Get(SignInManagerName),
            types.Get(CookieOptionsName),
            types.Get(TimeSpanName),
            SecretsScope.IsTestProject(types));
        context.RegisterOperationAction(c => AnalyzeAssignment(c, symbols), OperationKind.SimpleAssignment);
        if (symbols.SignInManager is not null)
        {
            context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, Symbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { } property })
        {
            return;
        }

        // Three property names matter: compare the name before the type (this runs for every assignment).
        switch (property.Name)
        {
            case "RequiredLength" when property.ContainingType.InheritsFromOrEquals(symbols.PasswordOptions):
                if (ConstantValue(assignment.Value) is int length && !IsExempt(context, assignment, symbols))
                {
                    var minimum = MinimumPasswordLength(context, assignment);
                    if (length < minimum)
                    {
                        var text = minimum.ToString(CultureInfo.InvariantCulture);
                        var properties = ImmutableDictionary<string, string?>.Empty
                            .Add(KindProperty, PasswordLengthKind).Add(ReplacementProperty, text);
                        Report(context, assignment, properties, "RequiredLength",
                            "is " + length.ToString(CultureInfo.InvariantCulture) + ", so passwords shorter than " + text + " characters are accepted; require at least " + text);
                    }
                }

                break;

            case "AllowedForNewUsers" when property.ContainingType.InheritsFromOrEquals(symbols.LockoutOptions):
                if (ConstantValue(assignment.Value) is false && !IsExempt(context, assignment, symbols))
                {
                    Report(context, assignment, LockoutForNewUsersProperties, "AllowedForNewUsers",
                        "is false, so new accounts are never locked out however many passwords are tried; leave it true");
                }

                break;

            case "ExpireTimeSpan" when property.ContainingType.InheritsFromOrEquals(symbols.CookieOptions):
                AnalyzeExpireTimeSpan(context, assignment, symbols);
                break;
        }
    }

    private static void AnalyzeExpireTimeSpan(OperationAnalysisContext context, ISimpleAssignmentOperation assignment, Symbols symbols)
    {
        if (TimeSpanTicks(assignment.Value, symbols, depth: 0) is not { } ticks)
        {
            return;
        }

        var maximumHours = MaximumSlidingHours(context, assignment);
        if (ticks <= maximumHours * TimeSpan.TicksPerHour || !SlidesInScope(assignment, symbols) || IsExempt(context, assignment, symbols))
        {
            return;
        }

        Report(context, assignment, SlidingCookieProperties, "ExpireTimeSpan",
            "is " + Describe(ticks) + " with sliding expiration, so a cookie used at least once in that time never expires; set SlidingExpiration = false or keep the window to "
            + Describe(maximumHours * TimeSpan.TicksPerHour) + " or less");
    }

    /// <summary>
    /// Whether the cookie slides: <c>SlidingExpiration</c> defaults to true, so it slides unless the same lambda or
    /// method assigns it anything but a constant true.
    /// </summary>
    private static bool SlidesInScope(ISimpleAssignmentOperation assignment, Symbols symbols)
    {
        IOperation scope = assignment;
        while (scope.Parent is { } parent && scope is not IAnonymousFunctionOperation)
        {
            scope = parent;
        }

        foreach (var operation in scope.Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "SlidingExpiration" } property } } sliding
                && property.ContainingType.InheritsFromOrEquals(symbols.CookieOptions)
                && ConstantValue(sliding.Value) is not true)
            {
                return false;
            }
        }

        return true;
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, Symbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name != "PasswordSignInAsync" || !method.ContainingType.InheritsFromOrEquals(symbols.SignInManager))
        {
            return;
        }

        var argument = invocation.GetArgument("lockoutOnFailure");
        if (argument is null || ConstantValue(argument.Value) is not false || IsExempt(context, invocation, symbols))
        {
            return;
        }

        if (SecretsScope.IsSuppressed(symbols.IsTestProject, context.Options, invocation.Syntax.SyntaxTree))
        {
            return;
        }

        context.Report(Diagnostic.Create(Rules.WeakIdentitySettings, argument.Syntax.GetLocation(), LockoutOnFailureProperties,
            "PasswordSignInAsync", "is called with lockoutOnFailure: false, so failed passwords never lock the account; pass true"));
    }

    private static bool IsExempt(OperationAnalysisContext context, IOperation operation, Symbols symbols)
        => DevelopmentGuards.IsInDevelopmentOnlyCode(operation)
           || SecretsScope.IsSuppressed(symbols.IsTestProject, context.Options, operation.Syntax.SyntaxTree);

    private static void Report(OperationAnalysisContext context, ISimpleAssignmentOperation assignment,
        ImmutableDictionary<string, string?> properties, string name, string description)
        => context.Report(Diagnostic.Create(Rules.WeakIdentitySettings, assignment.Syntax.GetLocation(), properties, name, description));

    private static int MinimumPasswordLength(OperationAnalysisContext context, IOperation operation)
    {
        var value = context.Options.GetInt(operation.Syntax.SyntaxTree, MinimumPasswordLengthOption, DefaultMinimumPasswordLength);
        return value > 0 ? value : DefaultMinimumPasswordLength;
    }

    private static long MaximumSlidingHours(OperationAnalysisContext context, IOperation operation)
    {
        var value = context.Options.GetInt(operation.Syntax.SyntaxTree, MaximumSlidingExpirationHoursOption, DefaultMaximumSlidingExpirationHours);
        return value > 0 ? value : DefaultMaximumSlidingExpirationHours;
    }

    /// <summary>
    /// The constant value of <paramref name="value"/>: a literal or constant, or a local of the same method whose only
    /// write is one. Null when the value is not known at compile time (configuration, parameters, several writes).
    /// </summary>
    private static object? ConstantValue(IOperation value)
    {
        value = value.WalkDownConversions();
        if (value.ConstantValue.HasValue)
        {
            return value.ConstantValue.Value;
        }

        return SingleWrite(value) is { } written && written.WalkDownConversions().ConstantValue is { HasValue: true } constant
            ? constant.Value
            : null;
    }

    /// <summary>The value of a local whose only write is its initializer or one assignment.</summary>
    private static IOperation? SingleWrite(IOperation value)
    {
        if (value is not ILocalReferenceOperation { Local: { } local })
        {
            return null;
        }

        if (!LocalFlowIndex.For(value).TryGetWrites(local, out var writes) || writes.Count != 1
            || writes[0].Kind is not (LocalWriteKind.Initializer or LocalWriteKind.Assignment))
        {
            return null;
        }

        return writes[0].Value;
    }

    /// <summary>
    /// The ticks of a <c>TimeSpan</c> known at compile time: <c>TimeSpan.FromDays/FromHours/FromMinutes/FromSeconds</c>
    /// and <c>new TimeSpan(…)</c> with constant arguments, <c>TimeSpan.MaxValue</c>, or a local holding one.
    /// </summary>
    private static long? TimeSpanTicks(IOperation value, Symbols symbols, int depth)
    {
        value = value.WalkDownConversions();
        switch (value)
        {
            case IInvocationOperation { TargetMethod: { IsStatic: true } method } invocation
                when SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.TimeSpan):
                return SumArguments(invocation.Arguments, UnitOfMethod(method.Name));

            case IObjectCreationOperation { Constructor: { } constructor } creation
                when SymbolEqualityComparer.Default.Equals(constructor.ContainingType, symbols.TimeSpan):
                return SumArguments(creation.Arguments, methodUnit: 0);

            case IFieldReferenceOperation { Field: { Name: "MaxValue", IsStatic: true } field }
                when SymbolEqualityComparer.Default.Equals(field.ContainingType, symbols.TimeSpan):
                return long.MaxValue;

            case ILocalReferenceOperation when depth == 0 && SingleWrite(value) is { } written:
                return TimeSpanTicks(written, symbols, depth + 1);

            default:
                return null;
        }
    }

    /// <summary>Ticks per unit of a <c>TimeSpan.FromX</c> method's single <c>value</c> parameter (0: unknown).</summary>
    private static long UnitOfMethod(string name) => name switch
    {
        "FromDays" => TimeSpan.TicksPerDay,
        "FromHours" => TimeSpan.TicksPerHour,
        "FromMinutes" => TimeSpan.TicksPerMinute,
        "FromSeconds" => TimeSpan.TicksPerSecond,
        "FromMilliseconds" => TimeSpan.TicksPerMillisecond,
        "FromTicks" => 1,
        _ => 0,
    };

    /// <summary>Ticks per unit of a parameter named after its unit (<c>days</c>, <c>hours</c> …; 0: unknown).</summary>
    private static long UnitOfParameter(string name) => name switch
    {
        "days" => TimeSpan.TicksPerDay,
        "hours" => TimeSpan.TicksPerHour,
        "minutes" => TimeSpan.TicksPerMinute,
        "seconds" => TimeSpan.TicksPerSecond,
        "milliseconds" => TimeSpan.TicksPerMillisecond,
        "microseconds" => 10,
        "ticks" => 1,
        _ => 0,
    };

    /// <summary>
    /// Sums constant arguments, each in the unit its parameter is named after (<paramref name="methodUnit"/> for a
    /// parameter named <c>value</c>). Null when an argument is not constant or a unit is unknown.
    /// </summary>
    private static long? SumArguments(ImmutableArray<IArgumentOperation> arguments, long methodUnit)
    {
        if (arguments.IsEmpty)
        {
            return null;
        }

        double total = 0;
        foreach (var argument in arguments)
        {
            if (argument.Parameter is not { } parameter)
            {
                return null;
            }

            var unit = parameter.Name == "value" ? methodUnit : UnitOfParameter(parameter.Name);
            if (unit == 0 || ConstantValue(argument.Value) is not { } constant)
            {
                return null;
            }

            double number;
            try
            {
                number = Convert.ToDouble(constant, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException)
            {
                return null;
            }

            total += number * unit;
        }

        return total >= long.MaxValue ? long.MaxValue : total <= 0 ? 0 : (long)total;
    }

    /// <summary>"30 days", "36 hours", "90 minutes".</summary>
    private static string Describe(long ticks)
    {
        if (ticks == long.MaxValue)
        {
            return "TimeSpan.MaxValue";
        }

        if (ticks % TimeSpan.TicksPerDay == 0)
        {
            return Plural(ticks / TimeSpan.TicksPerDay, "day");
        }

        return ticks % TimeSpan.TicksPerHour == 0
            ? Plural(ticks / TimeSpan.TicksPerHour, "hour")
            : Plural(ticks / TimeSpan.TicksPerMinute, "minute");
    }

    private static string Plural(long count, string unit)
        => count.ToString(CultureInfo.InvariantCulture) + " " + unit + (count == 1 ? "" : "s");

    private sealed class Symbols
    {
        public Symbols(INamedTypeSymbol? passwordOptions, INamedTypeSymbol? lockoutOptions, INamedTypeSymbol? signInManager,
            INamedTypeSymbol? cookieOptions, INamedTypeSymbol? timeSpan, bool isTestProject)
        {
            PasswordOptions = passwordOptions;
            LockoutOptions = lockoutOptions;
            SignInManager = signInManager;
            CookieOptions = cookieOptions;
            TimeSpan = timeSpan;
            IsTestProject = isTestProject;
        }

        public INamedTypeSymbol? PasswordOptions { get; }

        public INamedTypeSymbol? LockoutOptions { get; }

        public INamedTypeSymbol? SignInManager { get; }

        public INamedTypeSymbol? CookieOptions { get; }

        public INamedTypeSymbol? TimeSpan { get; }

        public bool IsTestProject { get; }
    }
}
