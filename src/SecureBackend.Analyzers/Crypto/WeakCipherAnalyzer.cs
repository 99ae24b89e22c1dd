using System.Collections.Generic;
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
/// Where <c>AesGcm</c> is available, AES encrypting in CBC mode (<c>EncryptCbc</c>, or <c>CreateEncryptor</c> on an
/// AES object whose mode is CBC, explicitly or by default) is reported at Info as a suggestion, unless its containing
/// type also computes an HMAC (the ciphertext is then presumably authenticated; see <see cref="CbcSuggestions"/>).
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
        if (symbols.Aes is not null && types.Has("System.Security.Cryptography.AesGcm"))
        {
            context.RegisterSymbolStartAction(start => CbcSuggestions.Start(start, symbols), SymbolKind.NamedType);
        }
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
            Aes = types.Get("System.Security.Cryptography.Aes");
            KeyedHashAlgorithm = types.Get("System.Security.Cryptography.KeyedHashAlgorithm");
            IncrementalHash = types.Get("System.Security.Cryptography.IncrementalHash");
            CipherMode = types.Get("System.Security.Cryptography.CipherMode");
            Des = types.Get("System.Security.Cryptography.DES");
            TripleDes = types.Get("System.Security.Cryptography.TripleDES");
            Rc2 = types.Get("System.Security.Cryptography.RC2");
        }

        public INamedTypeSymbol? SymmetricAlgorithm { get; }

        public INamedTypeSymbol? CipherMode { get; }

        public INamedTypeSymbol? Aes { get; }

        public INamedTypeSymbol? KeyedHashAlgorithm { get; }

        public INamedTypeSymbol? IncrementalHash { get; }

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
    /// <summary><c>CipherMode.CBC</c>.</summary>
    private const int CbcModeValue = 1;

    /// <summary>
    /// The AES-CBC suggestion. Candidates are collected per named type and reported when the type ends, unless one of
    /// its members computes an HMAC (a <c>KeyedHashAlgorithm</c> such as <c>HMACSHA256</c> created or called,
    /// <c>HMACSHA256.HashData</c>, <c>IncrementalHash.CreateHMAC</c>). An HMAC computed in another type is not seen.
    /// </summary>
    private sealed class CbcSuggestions
    {
        private readonly List<(Location Location, string Api)> candidates = new();
        private bool computesHmac;

        public static void Start(SymbolStartAnalysisContext context, Symbols symbols)
        {
            var state = new CbcSuggestions();
            context.RegisterOperationAction(c => state.AnalyzeInvocation(c, symbols), OperationKind.Invocation);
            context.RegisterOperationAction(c => state.AnalyzeCreation(c, symbols), OperationKind.ObjectCreation);
            context.RegisterSymbolEndAction(state.End);
        }

        private void AnalyzeCreation(OperationAnalysisContext context, Symbols symbols)
        {
            if (context.Operation.Type.InheritsFromOrEquals(symbols.KeyedHashAlgorithm))
            {
                MarkHmac();
            }
        }

        private void AnalyzeInvocation(OperationAnalysisContext context, Symbols symbols)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (type is null)
            {
                return;
            }

            if (type.InheritsFromOrEquals(symbols.KeyedHashAlgorithm)
                || (method.Name == "CreateHMAC" && SymbolEqualityComparer.Default.Equals(type, symbols.IncrementalHash)))
            {
                MarkHmac();
                return;
            }

            if (method.IsStatic || invocation.Instance is null || !type.InheritsFromOrEquals(symbols.SymmetricAlgorithm))
            {
                return;
            }

            switch (method.Name)
            {
                case "EncryptCbc":
                case "TryEncryptCbc":
                    if (IsAes(invocation.Instance, symbols) && !IsFixed(invocation.GetArgument("iv")))
                    {
                        Add(invocation.GetNameLocation(), method.Name);
                    }

                    return;
                case "CreateEncryptor":
                    if (!IsFixed(invocation.GetArgument("rgbIV")) && EncryptsWithAesCbc(invocation.Instance, symbols))
                    {
                        Add(invocation.GetNameLocation(), method.Name);
                    }

                    return;
            }
        }

        private void End(SymbolAnalysisContext context)
        {
            lock (candidates)
            {
                if (computesHmac)
                {
                    return;
                }

                foreach (var (location, api) in candidates)
                {
                    context.Report(Diagnostic.Create(Rules.WeakCipher, location, DiagnosticSeverity.Info, additionalLocations: null, properties: null, api, "AES-CBC without a MAC while AesGcm is available"));
                }
            }
        }

        private void MarkHmac()
        {
            lock (candidates)
            {
                computesHmac = true;
            }
        }

        private void Add(Location location, string api)
        {
            lock (candidates)
            {
                candidates.Add((location, api));
            }
        }

        private static bool IsFixed(IArgumentOperation? argument)
            => argument is not null && FixedBytes.Classify(argument.Value) != FixedBytesKind.NotFixed;

        /// <summary>The receiver is AES: by its static type, or a local of this method initialised with an AES object.</summary>
        private static bool IsAes(IOperation receiver, Symbols symbols)
        {
            receiver = receiver.WalkDownConversions();
            if (receiver.Type.InheritsFromOrEquals(symbols.Aes))
            {
                return true;
            }

            return receiver is ILocalReferenceOperation local
                && FindInitializer(receiver.GetRoot(), local.Local) is { } initializer
                && initializer.Type.InheritsFromOrEquals(symbols.Aes);
        }

        /// <summary>
        /// <c>CreateEncryptor</c> on an AES object whose mode is CBC: created in place (default mode), or a local of this
        /// method created with <c>Aes.Create()</c> / <c>new AesXxx()</c> or any AES receiver with
        /// <c>Mode = CipherMode.CBC</c> set in this method, where no other mode is set, no fixed IV is assigned and the
        /// local is not handed to other code that could change its mode.
        /// </summary>
        private static bool EncryptsWithAesCbc(IOperation receiver, Symbols symbols)
        {
            receiver = receiver.WalkDownConversions();
            if (receiver is IObjectCreationOperation or IInvocationOperation { TargetMethod: { IsStatic: true, Name: "Create" } })
            {
                return receiver.Type.InheritsFromOrEquals(symbols.Aes) && ModeOf(receiver as IObjectCreationOperation) != Mode.Other;
            }

            ISymbol? target = receiver switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
                _ => null,
            };
            if (target is null)
            {
                return false;
            }

            var root = receiver.GetRoot();
            var known = Mode.Unknown;
            if (target is ILocalSymbol localSymbol)
            {
                var initializer = FindInitializer(root, localSymbol);
                if (initializer is not null && initializer.Type.InheritsFromOrEquals(symbols.Aes)
                    && initializer is IObjectCreationOperation or IInvocationOperation { TargetMethod: { IsStatic: true, Name: "Create" } })
                {
                    known = ModeOf(initializer as IObjectCreationOperation);
                    if (known == Mode.Unknown)
                    {
                        known = Mode.Cbc;
                    }
                }
                else if (!receiver.Type.InheritsFromOrEquals(symbols.Aes))
                {
                    return false;
                }
            }
            else if (!receiver.Type.InheritsFromOrEquals(symbols.Aes))
            {
                return false;
            }

            foreach (var operation in root.Descendants())
            {
                if (!RefersTo(operation, target))
                {
                    continue;
                }

                switch (operation.Parent)
                {
                    case IPropertyReferenceOperation { Property.Name: "Mode" } mode when mode.Parent is ISimpleAssignmentOperation assignment && assignment.Target == mode:
                        if (!IsCbc(assignment.Value))
                        {
                            return false;
                        }

                        known = Mode.Cbc;
                        break;
                    case IPropertyReferenceOperation { Property.Name: "IV" } iv when iv.Parent is ISimpleAssignmentOperation assignment && assignment.Target == iv:
                        if (FixedBytes.Classify(assignment.Value) != FixedBytesKind.NotFixed)
                        {
                            return false;
                        }

                        break;
                    case IArgumentOperation:
                    case IConversionOperation:
                        return false;
                    case ISimpleAssignmentOperation write when write.Target == operation:
                        return false;
                }
            }

            return known == Mode.Cbc;
        }

        private static bool RefersTo(IOperation operation, ISymbol target) => operation switch
        {
            ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, target),
            IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, target),
            IFieldReferenceOperation field => SymbolEqualityComparer.Default.Equals(field.Field, target),
            _ => false,
        };

        private static IOperation? FindInitializer(IOperation root, ILocalSymbol local)
        {
            foreach (var operation in root.Descendants())
            {
                if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
                {
                    return declarator.Initializer?.Value.WalkDownConversions();
                }
            }

            return null;
        }

        /// <summary>The mode an object initializer sets (<c>new AesManaged { Mode = … }</c>), or Unknown when it sets none.</summary>
        private static Mode ModeOf(IObjectCreationOperation? creation)
        {
            if (creation?.Initializer is null)
            {
                return Mode.Unknown;
            }

            foreach (var initializer in creation.Initializer.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Mode" } } assignment)
                {
                    return IsCbc(assignment.Value) ? Mode.Cbc : Mode.Other;
                }
            }

            return Mode.Unknown;
        }

        private static bool IsCbc(IOperation value)
            => value.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: int mode } } && mode == CbcModeValue;

        private enum Mode
        {
            Unknown,
            Cbc,
            Other,
        }
    }
}
