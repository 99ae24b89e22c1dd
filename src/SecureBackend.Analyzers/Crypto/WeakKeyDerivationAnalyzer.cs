using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Crypto;

/// <summary>
/// SB2003: PBKDF2 below current OWASP guidance — <c>new Rfc2898DeriveBytes(…)</c> (SHA-1 and 1,000 iterations when
/// not given), static <c>Rfc2898DeriveBytes.Pbkdf2</c>, ASP.NET Core's <c>KeyDerivation.Pbkdf2</c> — and PBKDF1
/// (<c>PasswordDeriveBytes</c>). The minimums are OWASP's (PBKDF2-HMAC-SHA256 600,000, -SHA512 210,000, -SHA1
/// 1,300,000) and the message names the one that applies. Iteration counts are read through constants and constant
/// arithmetic, locals assigned only constants, static readonly fields and static get-only properties with a constant
/// initializer; a count that is not constant is not judged, and a constant that meets its minimum is never reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakKeyDerivationAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Every report needs one of these written in the source (<see cref="SourceWords"/>).</summary>
    private static readonly ImmutableArray<string> WrittenNames = ImmutableArray.Create(
        "Pbkdf2", "Rfc2898DeriveBytes", "PasswordDeriveBytes");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.WeakKeyDerivation);

    protected override bool IsRelevant(KnownTypes types)
        => types.HasAny(
            "System.Security.Cryptography.Rfc2898DeriveBytes",
            "System.Security.Cryptography.PasswordDeriveBytes",
            "Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivation");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        if (!SourceWords.AnyWritten(context.Compilation, WrittenNames, context.CancellationToken))
        {
            return;
        }

        var symbols = CryptoSymbols.Get(types);
        context.RegisterOperationAction(c => AnalyzeCreation(c, symbols), OperationKind.ObjectCreation);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
    }

    /// <summary>Reads the settings of a PBKDF2 call, or returns false when <paramref name="operation"/> is none.</summary>
    internal static bool TryGetSettings(IOperation operation, CryptoSymbols symbols, out KeyDerivationSettings settings)
    {
        settings = default;
        switch (operation)
        {
            case IObjectCreationOperation creation when creation.Constructor is not null
                && SymbolEqualityComparer.Default.Equals(creation.Type, symbols.Rfc2898DeriveBytes):
                settings = FromArguments("Rfc2898DeriveBytes", creation.GetArgument("iterations"), creation.GetArgument("hashAlgorithm"), symbols, defaultsApply: true);
                return true;

            case IInvocationOperation invocation when invocation.TargetMethod.Name == "Pbkdf2"
                && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.Rfc2898DeriveBytes):
                settings = FromArguments("Rfc2898DeriveBytes.Pbkdf2", invocation.GetArgument("iterations"), invocation.GetArgument("hashAlgorithm"), symbols, defaultsApply: false);
                return true;

            case IInvocationOperation invocation when invocation.TargetMethod.Name == "Pbkdf2"
                && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.KeyDerivation):
                var prf = invocation.GetArgument("prf");
                var hash = prf?.Value.WalkDownConversions() is IFieldReferenceOperation { Field.Name: var prfName }
                    ? prfName.Replace("HMAC", string.Empty)
                    : prf?.Value.ConstantValue is { HasValue: true, Value: int prfValue } ? prfValue switch { 0 => "SHA1", 1 => "SHA256", 2 => "SHA512", _ => null } : null;
                var iterations = invocation.GetArgument("iterationCount");
                settings = new KeyDerivationSettings("KeyDerivation.Pbkdf2", hash, false, KeyDerivationSettings.MinimumConstant(iterations?.Value), false, prf, iterations);
                return true;

            default:
                return false;
        }
    }

    private static KeyDerivationSettings FromArguments(string api, IArgumentOperation? iterations, IArgumentOperation? hash, CryptoSymbols symbols, bool defaultsApply)
    {
        var hashIsDefault = defaultsApply && hash is null;
        var iterationsAreDefault = defaultsApply && iterations is null;
        var hashName = hashIsDefault ? "SHA1" : symbols.HashAlgorithmNameOf(hash?.Value);
        var count = iterationsAreDefault ? KeyDerivationSettings.DefaultIterations : KeyDerivationSettings.MinimumConstant(iterations?.Value);
        return new KeyDerivationSettings(api, hashName, hashIsDefault, count, iterationsAreDefault, hash, iterations);
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, CryptoSymbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (SymbolEqualityComparer.Default.Equals(creation.Type, symbols.PasswordDeriveBytes))
        {
            context.Report(Diagnostic.Create(Rules.WeakKeyDerivation, creation.Syntax.GetLocation(), "PasswordDeriveBytes", "PBKDF1", KeyDerivationSettings.Sha256Recommendation));
            return;
        }

        Check(context, creation, symbols);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CryptoSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name == "Pbkdf2")
        {
            Check(context, invocation, symbols);
        }
    }

    private static void Check(OperationAnalysisContext context, IOperation operation, CryptoSymbols symbols)
    {
        if (TryGetSettings(operation, symbols, out var settings) && settings.IsWeak(out var reason))
        {
            context.Report(Diagnostic.Create(Rules.WeakKeyDerivation, operation.Syntax.GetLocation(), settings.Api, reason, settings.Recommendation));
        }
    }
}
