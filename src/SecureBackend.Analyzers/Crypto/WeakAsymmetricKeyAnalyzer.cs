using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Crypto;

/// <summary>
/// SB2009: RSA keys shorter than 2048 bits (<c>new RSACryptoServiceProvider(1024)</c>, <c>new RSACng(1024)</c>,
/// <c>RSA.Create(1024)</c>, <c>KeySize = 1024</c> on an RSA object), elliptic curves smaller than 256 bits
/// (<c>ECCurve.CreateFromFriendlyName/CreateFromValue/CreateFromOid</c> with a constant name or OID of such a curve,
/// <c>ECCurve.NamedCurves.brainpoolP160r1</c> … <c>brainpoolP224t1</c>), and PKCS#1 v1.5 encryption padding
/// (<c>RSAEncryptionPadding.Pkcs1</c>, <c>RSACryptoServiceProvider.Encrypt/Decrypt(data, false)</c>). Only constant
/// sizes, names and flags are reported. Quiet in test projects. PKCS#1 v1.5 <em>signatures</em> are a suggestion
/// (Info, no fix): <c>RSASignaturePadding.Pkcs1</c> passed directly to <c>RSA.SignData/SignHash/TrySignData/TrySignHash</c>
/// and <c>new RSAPKCS1SignatureFormatter(…)</c>; verification is not reported (it checks signatures others made).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakAsymmetricKeyAnalyzer : SecureBackendAnalyzer
{
    /// <summary>Which rewrite the fixer may apply: <see cref="KeySizeFix"/>, <see cref="OaepFix"/> or <see cref="OaepFlagFix"/>.</summary>
    internal const string FixProperty = "Fix";

    internal const string KeySizeFix = "KeySize";

    internal const string OaepFix = "Oaep";

    internal const string OaepFlagFix = "OaepFlag";

    internal const int MinimumRsaKeySize = 2048;

    private static readonly ImmutableHashSet<string> WeakCurves = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "nistP192", "P-192", "secp192r1", "prime192v1", "prime192v2", "prime192v3", "secp192k1",
        "nistP224", "P-224", "secp224r1", "secp224k1",
        "secp160r1", "secp160r2", "secp160k1", "secp112r1", "secp112r2", "secp128r1", "secp128r2",
        "prime239v1", "prime239v2", "prime239v3",
        "brainpoolP160r1", "brainpoolP160t1", "brainpoolP192r1", "brainpoolP192t1", "brainpoolP224r1", "brainpoolP224t1",
        "1.2.840.10045.3.1.1", "1.2.840.10045.3.1.2", "1.2.840.10045.3.1.3",
        "1.2.840.10045.3.1.4", "1.2.840.10045.3.1.5", "1.2.840.10045.3.1.6",
        "1.3.132.0.33", "1.3.132.0.32", "1.3.132.0.31", "1.3.132.0.8", "1.3.132.0.9", "1.3.132.0.30",
        "1.3.36.3.3.2.8.1.1.1", "1.3.36.3.3.2.8.1.1.2", "1.3.36.3.3.2.8.1.1.3",
        "1.3.36.3.3.2.8.1.1.4", "1.3.36.3.3.2.8.1.1.5", "1.3.36.3.3.2.8.1.1.6");

    /// <summary>
    /// Every report needs one of these written in the source (<see cref="SourceWords"/>): the factories, an RSA type
    /// (constructed, declared or derived from), <c>Encrypt</c>/<c>Decrypt</c>, <c>KeySize</c>, <c>Pkcs1</c>, or a curve.
    /// </summary>
    private static readonly ImmutableArray<string> WrittenNames = ImmutableArray.Create(
        "Create", "CreateFromFriendlyName", "CreateFromValue", "CreateFromOid", "Encrypt", "Decrypt", "RSA", "RSACryptoServiceProvider",
        "RSACng", "RSAOpenSsl", "KeySize", "Pkcs1", "NamedCurves", "brainpoolP160r1", "brainpoolP160t1", "brainpoolP192r1", "brainpoolP192t1",
        "brainpoolP224r1", "brainpoolP224t1");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.WeakAsymmetricKey);

    protected override bool IsRelevant(KnownTypes types)
        => types.Has("System.Security.Cryptography.AsymmetricAlgorithm") && !CodeScopes.IsTestProject(types);

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
        context.RegisterOperationAction(c => AnalyzePropertyReference(c, symbols), OperationKind.PropertyReference);
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

        if (method.IsStatic && method.Name == "Create" && SymbolEqualityComparer.Default.Equals(type, symbols.Rsa))
        {
            ReportKeySize(context, invocation.GetArgument("keySizeInBits"), "RSA.Create");
            return;
        }

        if (method.IsStatic && method.Name is "CreateFromFriendlyName" or "CreateFromValue" or "CreateFromOid"
            && SymbolEqualityComparer.Default.Equals(type, symbols.EcCurve)
            && invocation.Arguments.Length == 1)
        {
            var argument = invocation.Arguments[0].Value;
            string? name = null;
            if (argument.TryGetConstantString(out var constant))
            {
                name = constant;
            }
            else if (argument.WalkDownConversions() is IObjectCreationOperation { Arguments.Length: >= 1 } oid
                     && SymbolEqualityComparer.Default.Equals(oid.Type, symbols.Oid))
            {
                foreach (var oidArgument in oid.Arguments)
                {
                    if (oidArgument.Value.TryGetConstantString(out var text) && text is not null && WeakCurves.Contains(text.Trim()))
                    {
                        name = text;
                    }
                }
            }

            if (name is not null && WeakCurves.Contains(name.Trim()))
            {
                Report(context, argument.Syntax.GetLocation(), "ECCurve." + method.Name, "the curve " + name.Trim() + ", smaller than 256 bits", "use nistP256 or larger", null);
            }

            return;
        }

        if (!method.IsStatic && method.Name is "Encrypt" or "Decrypt" && type.InheritsFromOrEquals(symbols.RsaCryptoServiceProvider))
        {
            var flag = invocation.GetArgument("fOAEP");
            if (flag?.Value.ConstantValue is { HasValue: true, Value: false })
            {
                Report(context, flag.Value.Syntax.GetLocation(), "RSACryptoServiceProvider." + method.Name, "PKCS#1 v1.5 padding (fOAEP: false)", "use OAEP padding", OaepFlagFix);
            }
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, Symbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is INamedTypeSymbol formatter && formatter.InheritsFromOrEquals(symbols.RsaPkcs1SignatureFormatter))
        {
            ReportSuggestion(context, creation.Syntax.GetLocation(), "new " + formatter.Name);
            return;
        }

        if (creation.Type is not INamedTypeSymbol type || !type.InheritsFromOrEquals(symbols.Rsa))
        {
            return;
        }

        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter is { Name: "dwKeySize" or "keySize" or "keySizeInBits", Type.SpecialType: SpecialType.System_Int32 })
            {
                ReportKeySize(context, argument, "new " + type.Name);
            }
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, Symbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property.Name: "KeySize" } target
            && target.Instance?.Type.InheritsFromOrEquals(symbols.Rsa) == true
            && IsWeakRsaSize(assignment.Value, out var bits))
        {
            Report(context, assignment.Value.Syntax.GetLocation(), "KeySize", "a " + bits + "-bit RSA key", "use at least 2048 bits", KeySizeFix);
        }
    }

    private static void AnalyzePropertyReference(OperationAnalysisContext context, Symbols symbols)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        var property = reference.Property;
        if (!property.IsStatic)
        {
            return;
        }

        if (property.Name == "Pkcs1" && SymbolEqualityComparer.Default.Equals(property.ContainingType, symbols.RsaSignaturePadding))
        {
            if (reference.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { IsStatic: false, Name: "SignData" or "SignHash" or "TrySignData" or "TrySignHash" } signer } }
                && signer.ContainingType.InheritsFromOrEquals(symbols.Rsa))
            {
                ReportSuggestion(context, reference.Syntax.GetLocation(), "RSA." + signer.Name);
            }

            return;
        }

        if (property.Name == "Pkcs1" && SymbolEqualityComparer.Default.Equals(property.ContainingType, symbols.RsaEncryptionPadding))
        {
            Report(context, reference.Syntax.GetLocation(), "RSAEncryptionPadding.Pkcs1", "PKCS#1 v1.5 encryption padding, open to padding-oracle attacks", "use RSAEncryptionPadding.OaepSHA256", OaepFix);
            return;
        }

        if (property.Name.StartsWith("brainpoolP", StringComparison.Ordinal)
            && WeakCurves.Contains(property.Name)
            && property.ContainingType is { Name: "NamedCurves" } named
            && SymbolEqualityComparer.Default.Equals(named.ContainingType, symbols.EcCurve))
        {
            Report(context, reference.Syntax.GetLocation(), "ECCurve.NamedCurves." + property.Name, "the curve " + property.Name + ", smaller than 256 bits", "use nistP256 or larger", null);
        }
    }

    private static void ReportKeySize(OperationAnalysisContext context, IArgumentOperation? argument, string api)
    {
        if (argument is not null && IsWeakRsaSize(argument.Value, out var bits))
        {
            Report(context, argument.Value.Syntax.GetLocation(), api, "a " + bits + "-bit RSA key", "use at least 2048 bits", KeySizeFix);
        }
    }

    private static bool IsWeakRsaSize(IOperation value, out int bits)
    {
        bits = 0;
        if (value.WalkDownConversions().ConstantValue is { HasValue: true, Value: int size } && size > 0 && size < MinimumRsaKeySize)
        {
            bits = size;
            return true;
        }

        return false;
    }

    private static void Report(OperationAnalysisContext context, Location location, string api, string problem, string advice, string? fix)
    {
        var properties = fix is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);
        context.Report(Diagnostic.Create(Rules.WeakAsymmetricKey, location, properties, api, problem, advice));
    }

    /// <summary>
    /// PKCS#1 v1.5 signatures: a suggestion (Info) under the same ID, without a fix, as PSS changes the signature
    /// format every verifier expects.
    /// </summary>
    private static void ReportSuggestion(OperationAnalysisContext context, Location location, string api)
        => context.Report(Diagnostic.Create(Rules.WeakAsymmetricKey, location, DiagnosticSeverity.Info, additionalLocations: null, properties: null, api, "PKCS#1 v1.5 signature padding", "prefer RSASignaturePadding.Pss in new code"));

    private sealed class Symbols
    {
        public Symbols(KnownTypes types)
        {
            Rsa = types.Get("System.Security.Cryptography.RSA");
            RsaCryptoServiceProvider = types.Get("System.Security.Cryptography.RSACryptoServiceProvider");
            RsaEncryptionPadding = types.Get("System.Security.Cryptography.RSAEncryptionPadding");
            RsaSignaturePadding = types.Get("System.Security.Cryptography.RSASignaturePadding");
            RsaPkcs1SignatureFormatter = types.Get("System.Security.Cryptography.RSAPKCS1SignatureFormatter");
            EcCurve = types.Get("System.Security.Cryptography.ECCurve");
            Oid = types.Get("System.Security.Cryptography.Oid");
        }

        public INamedTypeSymbol? Rsa { get; }

        public INamedTypeSymbol? RsaCryptoServiceProvider { get; }

        public INamedTypeSymbol? RsaEncryptionPadding { get; }

        public INamedTypeSymbol? RsaSignaturePadding { get; }

        public INamedTypeSymbol? RsaPkcs1SignatureFormatter { get; }

        public INamedTypeSymbol? EcCurve { get; }

        public INamedTypeSymbol? Oid { get; }
    }
}
