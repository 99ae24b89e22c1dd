using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Crypto;

/// <summary>
/// SB2008: weak symmetric encryption. DES, TripleDES and RC2 (<c>Create()</c> and the constructors of their
/// CryptoServiceProvider/Cng classes); ECB mode (<c>Mode = CipherMode.ECB</c>, <c>EncryptEcb</c>); and a fixed IV:
/// <c>IV = …</c>, <c>CreateEncryptor(key, iv)</c>, <c>EncryptCbc/EncryptCfb(…, iv)</c> with bytes that are the same on
/// every run (see <see cref="FixedBytes"/>). Decryption calls are not reported for the mode or IV: the matching
/// encryption is. Quiet in test projects. No code fix: a different cipher, mode or IV cannot read existing ciphertext.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakCipherAnalyzer : SecureBackendAnalyzer
{
    /// <summary>
    /// Every report needs one of these written in the source (<see cref="SourceWords"/>): the factory, a weak
    /// algorithm's type (constructed, declared or derived from), a mode-taking method, or the <c>Mode</c>/<c>IV</c> property.
    /// </summary>
    private static readonly ImmutableArray<string> WrittenNames = ImmutableArray.Create(
        "Create", "DES", "TripleDES", "RC2", "DESCryptoServiceProvider", "TripleDESCryptoServiceProvider", "RC2CryptoServiceProvider",
        "TripleDESCng", "EncryptEcb", "TryEncryptEcb", "CreateEncryptor", "EncryptCbc", "TryEncryptCbc", "EncryptCfb", "TryEncryptCfb",
        "Mode", "IV");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.WeakCipher);

    protected override bool IsRelevant(KnownTypes types)
        => types.Has("System.Security.Cryptography.SymmetricAlgorithm") && !CodeScopes.IsTestProject(types);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        if (!SourceWords.AnyWritten(context.Compilation, WrittenNames, context.CancellationToken))
        {
            return;
        }

        var symbols = new Symbols(types);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        context.RegisterOperationAction(c => AnalyzeCreation(c, symbols), OperationKind.ObjectCreation);
        context.RegisterOperationAction(c => AnalyzeAssignment(c, symbols), OperationKind.SimpleAssignment);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, Symbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return;
        }

        if (method.IsStatic)
        {
            if (method.Name == "Create" && symbols.WeakAlgorithmOf(type) is { } algorithm)
            {
                Report(context, invocation.Syntax, type.Name + ".Create", algorithm);
            }

            return;
        }

        if (!type.InheritsFromOrEquals(symbols.SymmetricAlgorithm))
        {
            return;
        }

        switch (method.Name)
        {
            case "EncryptEcb":
            case "TryEncryptEcb":
                Report(context, invocation.GetNameLocation(), method.Name, "ECB mode, which encrypts equal blocks to equal ciphertext");
                return;
            case "CreateEncryptor":
                ReportFixedIv(context, invocation.GetArgument("rgbIV"), "CreateEncryptor");
                return;
            case "EncryptCbc":
            case "TryEncryptCbc":
            case "EncryptCfb":
            case "TryEncryptCfb":
                ReportFixedIv(context, invocation.GetArgument("iv"), method.Name);
                return;
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, Symbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is INamedTypeSymbol type && symbols.WeakAlgorithmOf(type) is { } algorithm)
        {
            Report(context, creation.Syntax, "new " + type.Name, algorithm);
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, Symbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "Mode" or "IV" } property }
            || !property.ContainingType.InheritsFromOrEquals(symbols.SymmetricAlgorithm))
        {
            return;
        }

        if (property.Name == "Mode")
        {
            if (assignment.Value.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: int mode } } value
                && mode == EcbModeValue
                && SymbolEqualityComparer.Default.Equals(value.Type, symbols.CipherMode))
            {
                Report(context, assignment.Syntax, "Mode", "ECB mode, which encrypts equal blocks to equal ciphertext");
            }

            return;
        }

        ReportFixedIv(context, assignment.Value, "IV", assignment.Syntax);
    }

    /// <summary><c>CipherMode.ECB</c>.</summary>
    private const int EcbModeValue = 2;

    private static void ReportFixedIv(OperationAnalysisContext context, IArgumentOperation? argument, string api)
    {
        if (argument is not null)
        {
            ReportFixedIv(context, argument.Value, api, argument.Value.Syntax);
        }
    }

    private static void ReportFixedIv(OperationAnalysisContext context, IOperation value, string api, SyntaxNode node)
    {
        var kind = FixedBytes.Classify(value);
        if (kind == FixedBytesKind.NotFixed)
        {
            return;
        }

        Report(context, node, api, kind == FixedBytesKind.Zeros ? "an all-zero IV" : "a constant IV written in the source");
    }

    private static void Report(OperationAnalysisContext context, SyntaxNode node, string api, string problem)
        => Report(context, node.GetLocation(), api, problem);

    private static void Report(OperationAnalysisContext context, Location location, string api, string problem)
        => context.Report(Diagnostic.Create(Rules.WeakCipher, location, api, problem));

    private sealed class Symbols
    {
        public Symbols(KnownTypes types)
        {
            SymmetricAlgorithm = types.Get("System.Security.Cryptography.SymmetricAlgorithm");
            CipherMode = types.Get("System.Security.Cryptography.CipherMode");
            Des = types.Get("System.Security.Cryptography.DES");
            TripleDes = types.Get("System.Security.Cryptography.TripleDES");
            Rc2 = types.Get("System.Security.Cryptography.RC2");
        }

        public INamedTypeSymbol? SymmetricAlgorithm { get; }

        public INamedTypeSymbol? CipherMode { get; }

        private INamedTypeSymbol? Des { get; }

        private INamedTypeSymbol? TripleDes { get; }

        private INamedTypeSymbol? Rc2 { get; }

        /// <summary>The weak algorithm <paramref name="type"/> is or implements, or null.</summary>
        public string? WeakAlgorithmOf(INamedTypeSymbol type)
        {
            if (type.InheritsFromOrEquals(Des))
            {
                return "DES, whose 56-bit key can be brute-forced";
            }

            if (type.InheritsFromOrEquals(TripleDes))
            {
                return "TripleDES, whose 64-bit block leaks plaintext on long streams (Sweet32)";
            }

            return type.InheritsFromOrEquals(Rc2) ? "RC2, a broken cipher" : null;
        }
    }
}
