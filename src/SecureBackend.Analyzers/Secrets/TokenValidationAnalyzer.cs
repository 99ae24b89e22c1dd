using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Secrets;

/// <summary>
/// SB2007: <c>TokenValidationParameters</c> with a validation switch set to a constant <c>false</c>, with a
/// validator delegate that accepts everything, and <c>RequireHttpsMetadata = false</c> outside development-only code.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TokenValidationAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Kinds of finding, passed to the code fix in <see cref="Diagnostic.Properties"/>.</summary>
    public const string KindProperty = "Kind";

    public const string SwitchKind = "Switch";
    public const string DelegateKind = "Delegate";

    private const string TokenValidationParametersName = "Microsoft.IdentityModel.Tokens.TokenValidationParameters";
    private const string SecurityTokenName = "Microsoft.IdentityModel.Tokens.SecurityToken";
    private const string JwtBearerOptionsName = "Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions";
    private const string OpenIdConnectOptionsName = "Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions";

    private static readonly ImmutableHashSet<string> ValidationSwitches = ImmutableHashSet.Create(
        "ValidateIssuerSigningKey", "ValidateLifetime", "ValidateIssuer", "ValidateAudience",
        "RequireSignedTokens", "RequireExpirationTime", "RequireAudience");

    private static readonly HashSet<string> LifetimeSwitches = NameSet.Of("ValidateLifetime", "RequireExpirationTime");

    private static readonly ImmutableHashSet<string> AlwaysTrueValidators = ImmutableHashSet.Create(
        "AudienceValidator", "LifetimeValidator", "IssuerSigningKeyValidator", "IssuerSigningKeyValidatorUsingConfiguration");

    private static readonly ImmutableHashSet<string> SignatureValidators = ImmutableHashSet.Create(
        "SignatureValidator", "SignatureValidatorUsingConfiguration");

    /// <summary>Every property name an assignment is looked at for (a plain set: this is checked for every assignment).</summary>
    private static readonly HashSet<string> AnalyzedNames = new(
        ValidationSwitches.Concat(AlwaysTrueValidators).Concat(SignatureValidators).Concat(new[] { "IssuerValidator", "RequireHttpsMetadata" }),
        StringComparer.Ordinal);

    private static readonly HashSet<string> TokenReaders = NameSet.Of(
        "ReadToken", "ReadJwtToken", "ReadJsonWebToken");

    private static readonly ImmutableDictionary<string, string?> SwitchProperties =
        ImmutableDictionary<string, string?>.Empty.Add(KindProperty, SwitchKind);

    private static readonly ImmutableDictionary<string, string?> DelegateProperties =
        ImmutableDictionary<string, string?>.Empty.Add(KindProperty, DelegateKind);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.TokenValidationDisabled);

    protected override bool IsRelevant(KnownTypes types)
        => types.HasAny(TokenValidationParametersName, JwtBearerOptionsName, OpenIdConnectOptionsName);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        var symbols = new Symbols(
            types.Get(TokenValidationParametersName),
            types.Get(SecurityTokenName),
            types.Get(JwtBearerOptionsName),
            types.Get(OpenIdConnectOptionsName),
            SecretsScope.IsTestProject(types));
        context.RegisterOperationAction(c => AnalyzeAssignment(c, symbols), OperationKind.SimpleAssignment);
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, Symbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { } property })
        {
            return;
        }

        // Only a few property names matter: check the name before the type's hierarchy (this runs for every assignment).
        var name = property.Name;
        if (!IsAnalyzedName(name))
        {
            return;
        }

        var owner = property.ContainingType;
        if (owner.InheritsFromOrEquals(symbols.TokenValidationParameters))
        {
            AnalyzeTokenValidationParameter(context, assignment, property.Name, symbols);
        }
        else if (property.Name == "RequireHttpsMetadata"
                 && (owner.InheritsFromOrEquals(symbols.JwtBearerOptions) || owner.InheritsFromOrEquals(symbols.OpenIdConnectOptions))
                 && IsConstantFalse(assignment.Value)
                 && !DevelopmentGuards.IsInDevelopmentOnlyCode(assignment)
                 && !(owner.InheritsFromOrEquals(symbols.JwtBearerOptions) && FetchesNoMetadata(assignment, symbols)))
        {
            Report(context, assignment, symbols, SwitchProperties, property.Name, "false");
        }
    }

    /// <summary>
    /// JWT bearer options that validate with keys of their own (<c>IssuerSigningKey</c>, <c>IssuerSigningKeys</c> or a key
    /// resolver on the <c>TokenValidationParameters</c>) and set no <c>Authority</c>, <c>MetadataAddress</c> or
    /// configuration in the same lambda or method: no metadata document is downloaded, so <c>RequireHttpsMetadata</c>
    /// has nothing to protect.
    /// </summary>
    private static bool FetchesNoMetadata(ISimpleAssignmentOperation assignment, Symbols symbols)
    {
        IOperation scope = assignment;
        while (scope.Parent is { } parent && scope is not IAnonymousFunctionOperation)
        {
            scope = parent;
        }

        var ownKeys = false;
        foreach (var operation in scope.Descendants())
        {
            if (operation is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { } property } } candidate)
            {
                continue;
            }

            switch (property.Name)
            {
                case "Authority" or "MetadataAddress" or "Configuration" or "ConfigurationManager"
                    when property.ContainingType.InheritsFromOrEquals(symbols.JwtBearerOptions):
                    return false;
                case "IssuerSigningKey" or "IssuerSigningKeys" or "IssuerSigningKeyResolver" or "IssuerSigningKeyResolverUsingConfiguration"
                    when property.ContainingType.InheritsFromOrEquals(symbols.TokenValidationParameters)
                         && !(candidate.Value.ConstantValue.HasValue && candidate.Value.ConstantValue.Value is null):
                    ownKeys = true;
                    break;
            }
        }

        return ownKeys;
    }

    private static bool IsAnalyzedName(string name) => AnalyzedNames.Contains(name);

    private static void AnalyzeTokenValidationParameter(OperationAnalysisContext context, ISimpleAssignmentOperation assignment, string name, Symbols symbols)
    {
        if (ValidationSwitches.Contains(name))
        {
            if (IsConstantFalse(assignment.Value) && !(LifetimeSwitches.Contains(name) && ReadsExpiredTokens(context.ContainingSymbol)))
            {
                Report(context, assignment, symbols, SwitchProperties, name, "false");
            }

            return;
        }

        if (GetLambda(assignment.Value) is not { } lambda || !MatchesDelegate(lambda, assignment.Target.Type))
        {
            return;
        }

        string? description = null;
        if (AlwaysTrueValidators.Contains(name) && AllReturns(lambda, static (value, _, _) => IsConstantTrue(value), symbols))
        {
            description = "a delegate that always returns true";
        }
        else if (name == "IssuerValidator" && AllReturns(lambda, static (value, function, _) => ReturnsFirstParameter(value, function), symbols))
        {
            description = "a delegate that accepts any issuer";
        }
        else if (SignatureValidators.Contains(name) && AllReturns(lambda, static (value, function, s) => IsUnvalidatedToken(value, function, s), symbols)
                 && !CallsAnythingElse(lambda))
        {
            description = "a delegate that returns the token without checking its signature";
        }

        if (description is not null)
        {
            Report(context, assignment, symbols, DelegateProperties, name, description);
        }
    }

    /// <summary>
    /// <c>GetPrincipalFromExpiredToken</c>: the refresh-token flow reads the claims of an access token that has
    /// expired on purpose, so lifetime validation is off by design there (signature validation must stay on).
    /// </summary>
    private static bool ReadsExpiredTokens(ISymbol? symbol)
    {
        for (var current = symbol; current is IMethodSymbol method; current = method.ContainingSymbol)
        {
            foreach (var word in IdentifierWords.Split(method.Name))
            {
                if (word is "expired" or "expiring")
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void Report(OperationAnalysisContext context, ISimpleAssignmentOperation assignment, Symbols symbols,
        ImmutableDictionary<string, string?> properties, string name, string value)
    {
        if (SecretsScope.IsSuppressed(symbols.IsTestProject, context.Options, assignment.Syntax.SyntaxTree))
        {
            return;
        }

        context.Report(Diagnostic.Create(Rules.TokenValidationDisabled, assignment.Syntax.GetLocation(), properties, name, value));
    }

    private static bool IsConstantFalse(IOperation value)
        => value.WalkDownConversions().ConstantValue is { HasValue: true, Value: false };

    private static bool IsConstantTrue(IOperation value)
        => value.WalkDownConversions().ConstantValue is { HasValue: true, Value: true };

    private static IAnonymousFunctionOperation? GetLambda(IOperation value)
        => value.WalkDownConversions() switch
        {
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda,
            IAnonymousFunctionOperation lambda => lambda,
            _ => null,
        };

    /// <summary>A lambda whose parameters fit the property's delegate type (half-typed code binds lambdas loosely).</summary>
    private static bool MatchesDelegate(IAnonymousFunctionOperation lambda, ITypeSymbol? delegateType)
        => delegateType is INamedTypeSymbol { DelegateInvokeMethod: { } invoke }
           && invoke.Parameters.Length == lambda.Symbol.Parameters.Length;

    private delegate bool ReturnCheck(IOperation value, IAnonymousFunctionOperation function, Symbols symbols);

    /// <summary>Whether the lambda returns at least once and every return of its own body satisfies <paramref name="check"/>.</summary>
    private static bool AllReturns(IAnonymousFunctionOperation lambda, ReturnCheck check, Symbols symbols)
    {
        var any = false;
        foreach (var operation in lambda.Body.Descendants())
        {
            if (operation is IReturnOperation ret && BelongsTo(ret, lambda))
            {
                if (ret.ReturnedValue is null || !check(ret.ReturnedValue, lambda, symbols))
                {
                    return false;
                }

                any = true;
            }
            else if (operation is IThrowOperation)
            {
                return false;
            }
        }

        return any;
    }

    private static bool BelongsTo(IOperation operation, IAnonymousFunctionOperation lambda)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current == lambda;
            }
        }

        return false;
    }

    private static bool ReturnsFirstParameter(IOperation value, IAnonymousFunctionOperation lambda)
        => lambda.Symbol.Parameters.Length > 0
           && value.WalkDownConversions() is IParameterReferenceOperation reference
           && SymbolEqualityComparer.Default.Equals(reference.Parameter, lambda.Symbol.Parameters[0]);

    /// <summary><c>new JwtSecurityToken(token)</c>, <c>new JsonWebToken(token)</c>, <c>handler.ReadJwtToken(token)</c>.</summary>
    private static bool IsUnvalidatedToken(IOperation value, IAnonymousFunctionOperation lambda, Symbols symbols)
    {
        if (lambda.Symbol.Parameters.Length == 0)
        {
            return false;
        }

        var tokenParameter = lambda.Symbol.Parameters[0];
        switch (value.WalkDownConversions())
        {
            case IObjectCreationOperation creation when creation.Type.InheritsFromOrEquals(symbols.SecurityToken):
                return PassesParameter(creation.Arguments, tokenParameter);
            case IInvocationOperation invocation when TokenReaders.Contains(invocation.TargetMethod.Name):
                return PassesParameter(invocation.Arguments, tokenParameter);
            default:
                return false;
        }
    }

    private static bool PassesParameter(ImmutableArray<IArgumentOperation> arguments, IParameterSymbol parameter)
    {
        foreach (var argument in arguments)
        {
            if (argument.Value.WalkDownConversions() is IParameterReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Any call other than reading the token could be a custom signature check.</summary>
    private static bool CallsAnythingElse(IAnonymousFunctionOperation lambda)
    {
        foreach (var operation in lambda.Body.Descendants())
        {
            if (operation is IInvocationOperation invocation && !TokenReaders.Contains(invocation.TargetMethod.Name))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Symbols
    {
        public Symbols(INamedTypeSymbol? tokenValidationParameters, INamedTypeSymbol? securityToken,
            INamedTypeSymbol? jwtBearerOptions, INamedTypeSymbol? openIdConnectOptions, bool isTestProject)
        {
            TokenValidationParameters = tokenValidationParameters;
            SecurityToken = securityToken;
            JwtBearerOptions = jwtBearerOptions;
            OpenIdConnectOptions = openIdConnectOptions;
            IsTestProject = isTestProject;
        }

        public INamedTypeSymbol? TokenValidationParameters { get; }

        public INamedTypeSymbol? SecurityToken { get; }

        public INamedTypeSymbol? JwtBearerOptions { get; }

        public INamedTypeSymbol? OpenIdConnectOptions { get; }

        public bool IsTestProject { get; }
    }
}
