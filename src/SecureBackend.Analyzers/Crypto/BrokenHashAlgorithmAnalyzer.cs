using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Names;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Crypto;

/// <summary>
/// SB2001: MD5, SHA-1, RIPEMD-160, HMAC-MD5, HMAC-SHA1 and HMAC-RIPEMD-160 in any form — their types (<c>Create</c>, <c>HashData</c>,
/// <c>HashDataAsync</c>, <c>TryHashData</c>, constructors of the CryptoServiceProvider/Managed/Cng classes),
/// <c>HashAlgorithm/HMAC/KeyedHashAlgorithm.Create(name)</c> and <c>CryptoConfig.CreateFromName(name)</c> with a
/// constant broken name, the parameterless <c>HashAlgorithm.Create()</c>/<c>HMAC.Create()</c> (SHA-1 by default on
/// .NET Framework), and <c>HashAlgorithmName.MD5/SHA1</c> passed to <c>IncrementalHash</c> or
/// <c>CryptographicOperations</c>. Quiet where SB2002 reports the same call (a password hash) and where a protocol
/// mandates the algorithm with no alternative: name-based UUIDs (<c>new Guid(hash)</c>, RFC 4122 v3/v5) and Have I Been
/// Pwned range queries (SHA-1). ETags, cache keys and Gravatar hashes are reported — neither requires MD5 — at Info
/// severity when <see cref="DigestPurpose"/> proves the digest serves only such purposes. Also reported, through their
/// own descriptors and without a fix: the named factories given a name known only at run time
/// (<see cref="Rules.HashAlgorithmChosenAtRunTime"/>; for <c>CryptoConfig</c> when the object is used as a hash), and
/// DSA keys (<see cref="Rules.DsaSignature"/>: <c>DSA.Create</c>, <c>DSACng</c>, <c>DSACryptoServiceProvider</c>,
/// <c>DSAOpenSsl</c>, <c>"DSA"</c> given to <c>CryptoConfig</c> or <c>AsymmetricAlgorithm.Create</c>). Types absent from
/// the .NET reference packs (<c>HMACRIPEMD160</c>, <c>MD5Cng</c>, <c>SHA1Cng</c>) are matched by metadata name where a
/// reference has them.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BrokenHashAlgorithmAnalyzer : SecureBackendAnalyzer
{
    internal const string AlgorithmProperty = "Algorithm";

    /// <summary>Set to <c>true</c> on findings whose digest only serves non-security purposes (reported at suggestion severity).</summary>
    internal const string NonSecurityUseProperty = "NonSecurityUse";

    /// <summary><c>suggestion</c> (default): non-security uses are reported at Info severity; <c>warning</c>: at the rule's severity, like every other use.</summary>
    internal const string NonSecurityUsesOption = ConfigOptions.Prefix + "SB2001.non_security_uses";

    /// <summary>
    /// Set on findings the fix does not rewrite: <see cref="RunTimeKind"/> (an algorithm named at run time) and
    /// <see cref="DsaKind"/> (a DSA key: moving to ECDSA or RSA changes keys and signature formats).
    /// </summary>
    internal const string KindProperty = "Kind";

    internal const string RunTimeKind = "RunTime";

    internal const string DsaKind = "DSA";

    private static readonly Dictionary<string, string> BrokenNames = CreateBrokenNames();

    /// <summary>The names <c>CryptoConfig</c> and <c>AsymmetricAlgorithm.Create</c> map to DSA.</summary>
    private static readonly HashSet<string> DsaNames = NameSet.Of(
        StringComparer.OrdinalIgnoreCase,
        "DSA", "System.Security.Cryptography.DSA", "DSACryptoServiceProvider", "System.Security.Cryptography.DSACryptoServiceProvider",
        "http://www.w3.org/2000/09/xmldsig#dsa-sha1");

    /// <summary>
    /// Every report needs one of these written in the source (<see cref="SourceWords"/>): a factory or one-shot hash
    /// method, <c>IncrementalHash</c>/<c>CryptographicOperations</c>, or a broken algorithm's or DSA's type (constructed,
    /// declared for <c>new()</c>, or derived from).
    /// </summary>
    private static readonly ImmutableArray<string> WrittenNames = ImmutableArray.Create(
        "Create", "CreateFromName", "HashData", "HashDataAsync", "TryHashData", "IncrementalHash", "CryptographicOperations",
        "MD5", "SHA1", "RIPEMD160", "HMACMD5", "HMACSHA1", "HMACRIPEMD160", "MD5CryptoServiceProvider", "MD5Cng", "SHA1Managed",
        "SHA1CryptoServiceProvider", "SHA1Cng", "RIPEMD160Managed", "DSA", "DSACryptoServiceProvider", "DSACng", "DSAOpenSsl");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Rules.BrokenHashAlgorithm, Rules.HashAlgorithmChosenAtRunTime, Rules.DsaSignature);

    protected override bool IsRelevant(KnownTypes types) => types.Has("System.Security.Cryptography.HashAlgorithm");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
        if (!SourceWords.AnyWritten(context.Compilation, WrittenNames, context.CancellationToken))
        {
            return;
        }

        var symbols = CryptoSymbols.Get(types);
        context.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        context.RegisterOperationAction(c => AnalyzeCreation(c, symbols), OperationKind.ObjectCreation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CryptoSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!method.IsStatic || method.ContainingType is not { } type)
        {
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(type, symbols.IncrementalHash) || SymbolEqualityComparer.Default.Equals(type, symbols.CryptographicOperations))
        {
            AnalyzeAlgorithmNameArguments(context, invocation, symbols);
            return;
        }

        string? algorithm;
        if (method.Name == "Create" && symbols.IsDsa(type))
        {
            // DSA.Create(), DSA.Create(keySize), DSA.Create(parameters), DSA.Create("DSA").
            ReportDsa(context, invocation.Syntax, type.Name + "." + method.Name, type);
            return;
        }

        if (method.Name is "Create" or "CreateFromName" && HasStringParameter(method))
        {
            var namedFactory = IsNamedFactoryType(type);
            var asymmetricFactory = SymbolEqualityComparer.Default.Equals(type, symbols.AsymmetricAlgorithm);
            if (!namedFactory && !asymmetricFactory && symbols.BrokenAlgorithmOf(type) is null)
            {
                return;
            }

            if (invocation.Arguments.Length == 0 || invocation.Syntax.ContainsDiagnostics)
            {
                return;
            }

            var nameArgument = invocation.Arguments[0].Value;
            var names = new List<string>();
            if (!TryResolveNames(nameArgument, symbols, names))
            {
                // The name is known only at run time: whatever it says is created, MD5 and SHA-1 included.
                if (namedFactory && (!SymbolEqualityComparer.Default.Equals(type, symbols.CryptoConfig) || ProducesHash(invocation, symbols)))
                {
                    ReportChosenAtRunTime(context, invocation, type.Name + "." + method.Name, nameArgument, symbols);
                }

                return;
            }

            algorithm = null;
            var createsAnyAlgorithm = asymmetricFactory || SymbolEqualityComparer.Default.Equals(type, symbols.CryptoConfig);
            foreach (var name in names)
            {
                var trimmed = name.Trim();
                if (createsAnyAlgorithm && DsaNames.Contains(trimmed))
                {
                    ReportDsa(context, invocation.Syntax, type.Name + "." + method.Name, null);
                    return;
                }

                if (!asymmetricFactory && BrokenNames.TryGetValue(trimmed, out var named))
                {
                    algorithm = named;
                    break;
                }
            }
        }
        else if (method.Name == "Create" && method.Parameters.Length == 0 && IsNamedFactoryType(type) && !invocation.Syntax.ContainsDiagnostics)
        {
            // The parameterless factories return the configured default: SHA-1 / HMAC-SHA1 on .NET Framework.
            algorithm = SymbolEqualityComparer.Default.Equals(type, symbols.HashAlgorithm) ? "SHA-1 (the default)" : "HMAC-SHA1 (the default)";
        }
        else if (method.Name is "Create" or "HashData" or "HashDataAsync" or "TryHashData")
        {
            algorithm = symbols.BrokenAlgorithmOf(type);
        }
        else
        {
            return;
        }

        if (algorithm is null || IsReportedAsPasswordHash(context, invocation, symbols) || IsNonSecurityUse(invocation, context.ContainingSymbol, symbols))
        {
            return;
        }

        Report(context, invocation, invocation.Syntax, type.Name + "." + method.Name, algorithm, symbols);
    }

    /// <summary>
    /// The names an algorithm-name argument can have: a constant, <c>HashAlgorithmName.SHA256.Name</c>, a conditional
    /// of such, or a local only ever assigned such. False when any of them is known only at run time.
    /// </summary>
    /// <summary>Adds the algorithm names <paramref name="value"/> may hold to <paramref name="names"/>; false when one is not known before run time.</summary>
    private static bool TryResolveNames(IOperation value, CryptoSymbols symbols, List<string> names)
        => ValueTrace<bool>.Of(new AlgorithmNames(symbols, names), value);

    /// <summary>
    /// The policy over <see cref="ValueTrace{T}"/> behind <see cref="TryResolveNames"/>: reads constant strings and
    /// <c>HashAlgorithmName.X.Name</c> itself, adding each name to its list; the trace follows both branches of
    /// <c>?:</c> and <c>??</c> and locals (every write an initializer or assignment), all of which must resolve.
    /// </summary>
    private sealed class AlgorithmNames : ValuePolicy<bool>
    {
        private readonly CryptoSymbols _symbols;
        private readonly List<string> _names;

        public AlgorithmNames(CryptoSymbols symbols, List<string> names)
        {
            _symbols = symbols;
            _names = names;
        }

        /// <summary>
        /// 4, not <see cref="FlowBudget.MaxDepth"/>: an algorithm name is chosen next to the factory call; a name further
        /// away counts as chosen at run time (reported as such for the named factories).
        /// </summary>
        public override int MaxDepth => 4;

        public override bool Exhausted => false;

        public override bool TryRead(IOperation value, ValueTrace<bool> trace, int depth, out bool result)
        {
            result = true;
            if (value.TryGetConstantString(out var constant))
            {
                if (constant is not null)
                {
                    _names.Add(constant);
                }

                return true;
            }

            if (value is IPropertyReferenceOperation { Property.Name: "Name", Instance: { } instance } && _symbols.HashAlgorithmNameOf(instance) is { } algorithmName)
            {
                _names.Add(algorithmName);
                return true;
            }

            result = false;
            return value is not (IConditionalOperation or ICoalesceOperation or ILocalReferenceOperation); // those the trace follows
        }

        public override bool Leaf(IOperation value, int depth) => false;

        /// <summary>Every branch and write must resolve.</summary>
        public override bool Merge(bool first, bool second) => first && second;

        public override bool IsSettled(bool result) => !result;

        public override bool Unseen(ILocalReferenceOperation local, LocalWrite? write) => false;
    }

    /// <summary>
    /// Whether the object <c>CryptoConfig.CreateFromName</c> returns is used as a hash: cast or <c>as</c>-converted to
    /// a type deriving from <c>HashAlgorithm</c>. The factory also creates ciphers, signature formatters and XML
    /// transforms, so an object left untyped is not judged.
    /// </summary>
    private static bool ProducesHash(IInvocationOperation invocation, CryptoSymbols symbols)
    {
        for (IOperation? current = invocation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IParenthesizedOperation:
                    continue;
                case IConversionOperation conversion:
                    if (symbols.IsFastHash(conversion.Type))
                    {
                        return true;
                    }

                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    private static void ReportChosenAtRunTime(OperationAnalysisContext context, IInvocationOperation invocation, string api, IOperation name, CryptoSymbols symbols)
    {
        if (IsNonSecurityUse(invocation, context.ContainingSymbol, symbols))
        {
            return;
        }

        var keyed = invocation.TargetMethod.ContainingType.Name is "HMAC" or "KeyedHashAlgorithm" || ProducesKeyedHash(invocation, symbols);

        // Graded like the SHA-1 it may well be: an HMAC always counts as a security use.
        var text = name.Syntax.ToString();
        if (text.Length > 60)
        {
            text = text.Substring(0, 57) + "...";
        }

        Report(context, Rules.HashAlgorithmChosenAtRunTime, invocation, invocation.Syntax, api, text, keyed ? "HMAC-SHA1" : "SHA-1", symbols, RunTimeKind);
    }

    private static bool ProducesKeyedHash(IInvocationOperation invocation, CryptoSymbols symbols)
    {
        var parent = invocation.Parent;
        while (parent is IParenthesizedOperation)
        {
            parent = parent.Parent;
        }

        return parent is IConversionOperation conversion && conversion.Type.InheritsFromOrEquals(symbols.KeyedHashAlgorithm);
    }

    private static void ReportDsa(OperationAnalysisContext context, SyntaxNode node, string api, ITypeSymbol? type)
    {
        var algorithm = type?.Name == "DSACryptoServiceProvider" ? "DSA (SHA-1 and 1,024-bit keys only)" : "DSA";
        var properties = ImmutableDictionary<string, string?>.Empty.Add(AlgorithmProperty, "DSA").Add(KindProperty, DsaKind);
        context.Report(Diagnostic.Create(Rules.DsaSignature, node.GetLocation(), properties, api, algorithm));
    }

    /// <summary>The factories that take an algorithm name: <c>HashAlgorithm</c>, <c>HMAC</c>, <c>KeyedHashAlgorithm</c>, <c>CryptoConfig</c>.</summary>
    private static bool IsNamedFactoryType(INamedTypeSymbol type)
        => type.Name is "HashAlgorithm" or "HMAC" or "KeyedHashAlgorithm" or "CryptoConfig"
           && type.ContainingType is null
           && type.ContainingNamespace.IsNamespace("System.Security.Cryptography");

    private static void AnalyzeAlgorithmNameArguments(OperationAnalysisContext context, IInvocationOperation invocation, CryptoSymbols symbols)
    {
        var type = invocation.TargetMethod.ContainingType;
        foreach (var argument in invocation.Arguments)
        {
            if (!SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, symbols.HashAlgorithmName))
            {
                continue;
            }

            var algorithm = symbols.HashAlgorithmNameOf(argument.Value) switch
            {
                "MD5" => invocation.TargetMethod.Name.IndexOf("Hmac", StringComparison.OrdinalIgnoreCase) >= 0 ? "HMAC-MD5" : "MD5",
                "SHA1" => invocation.TargetMethod.Name.IndexOf("Hmac", StringComparison.OrdinalIgnoreCase) >= 0 ? "HMAC-SHA1" : "SHA-1",
                _ => null,
            };
            if (algorithm is not null && !IsNonSecurityUse(invocation, context.ContainingSymbol, symbols))
            {
                Report(context, invocation, argument.Value.Syntax, type!.Name + "." + invocation.TargetMethod.Name, algorithm, symbols, reported: argument.Value);
            }
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, CryptoSymbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (symbols.IsDsa(creation.Type))
        {
            ReportDsa(context, creation.Syntax, "new " + creation.Type!.Name, creation.Type);
            return;
        }

        var algorithm = symbols.BrokenAlgorithmOf(creation.Type);
        if (algorithm is null || IsReportedAsPasswordHash(context, creation, symbols) || IsNonSecurityUse(creation, context.ContainingSymbol, symbols))
        {
            return;
        }

        Report(context, creation, creation.Syntax, "new " + creation.Type!.Name, algorithm, symbols);
    }

    /// <summary>
    /// Reports at the rule's severity, or at Info where the digest provably serves only non-security purposes (see
    /// <see cref="DigestPurpose"/>) and the project has not asked for every use to be reported alike. An
    /// <c>.editorconfig</c> severity for SB2001 still applies to both, as it replaces the effective severity.
    /// </summary>
    /// <remarks>
    /// <paramref name="reported"/>: the operation at <paramref name="node"/> when it is not <paramref name="hash"/> (a
    /// <c>HashAlgorithmName</c> argument); the fix's hand-off (<see cref="BrokenHashFixData"/>) is computed from it.
    /// </remarks>
    private static void Report(OperationAnalysisContext context, IOperation hash, SyntaxNode node, string api, string algorithm, CryptoSymbols symbols, IOperation? reported = null)
        => Report(context, Rules.BrokenHashAlgorithm, hash, node, api, algorithm, algorithm, symbols, kind: null, reported ?? hash);

    private static void Report(OperationAnalysisContext context, DiagnosticDescriptor descriptor, IOperation hash, SyntaxNode node, string api, string argument, string algorithm, CryptoSymbols symbols, string? kind, IOperation? reported = null)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(AlgorithmProperty, algorithm);
        if (kind is not null)
        {
            properties = properties.Add(KindProperty, kind);
        }
        else if (reported is not null)
        {
            properties = BrokenHashFixData.Add(properties, reported, symbols);
        }

        var severity = Rules.BrokenHashAlgorithm.DefaultSeverity;
        if (DigestPurpose.IsNonSecurityOnly(hash, algorithm, context.ContainingSymbol, symbols))
        {
            properties = properties.Add(NonSecurityUseProperty, "true");
            if (!string.Equals(context.Options.GetString(node.SyntaxTree, NonSecurityUsesOption)?.Trim(), "warning", StringComparison.OrdinalIgnoreCase))
            {
                severity = DiagnosticSeverity.Info;
            }
        }

        context.Report(Diagnostic.Create(descriptor, node.GetLocation(), severity, additionalLocations: null, properties, api, argument));
    }

    /// <summary>SB2002 reports the same call when it hashes a password; one diagnostic per span is enough.</summary>
    private static bool IsReportedAsPasswordHash(OperationAnalysisContext context, IOperation operation, CryptoSymbols symbols)
        => PasswordHashDetector.IsFastHashSink(operation, symbols)
           && PasswordHashDetector.TryMatch(operation, symbols, PasswordNames.For(context.Options, operation.Syntax.SyntaxTree), context.ContainingSymbol, out _);

    /// <summary>
    /// Uses where a protocol mandates the algorithm and offers no alternative: name-based UUIDs (v3 = MD5, v5 = SHA-1)
    /// built with <c>new Guid(…)</c> or held in a UUID-named variable, and Have I Been Pwned range queries (SHA-1).
    /// </summary>
    private static bool IsNonSecurityUse(IOperation operation, ISymbol? containingSymbol, CryptoSymbols symbols)
    {
        if (containingSymbol is not null && (HasUuidWord(containingSymbol.Name) || PasswordHashDetector.IsBreachCheck(containingSymbol)))
        {
            return true;
        }

        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, symbols.Guid):
                    return true;
                case IVariableDeclaratorOperation declarator:
                    return HasUuidWord(declarator.Symbol.Name);
                case ISimpleAssignmentOperation assignment:
                    return assignment.Target switch
                    {
                        IPropertyReferenceOperation property => HasUuidWord(property.Property.Name),
                        IFieldReferenceOperation field => HasUuidWord(field.Field.Name),
                        ILocalReferenceOperation local => HasUuidWord(local.Local.Name),
                        _ => false,
                    };
                case IReturnOperation:
                case IExpressionStatementOperation:
                case IBlockOperation:
                    return false;
            }
        }

        return false;
    }

    private static bool HasUuidWord(string name)
    {
        var words = IdentifierWords.Split(name);
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] is "uuid" or "uuids" or "guid" or "guids")
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasStringParameter(IMethodSymbol method)
        => method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_String;

    private static Dictionary<string, string> CreateBrokenNames()
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Add(string algorithm, params string[] aliases)
        {
            foreach (var alias in aliases)
            {
                names[alias] = algorithm;
                names["System.Security.Cryptography." + alias] = algorithm;
            }
        }

        Add("MD5", "MD5", "MD5CryptoServiceProvider", "MD5Cng");
        Add("SHA-1", "SHA", "SHA1", "SHA1CryptoServiceProvider", "SHA1Managed", "SHA1Cng");
        Add("SHA-1 (the default)", "HashAlgorithm");
        Add("HMAC-SHA1 (the default)", "HMAC", "KeyedHashAlgorithm");
        Add("HMAC-MD5", "HMACMD5");
        Add("HMAC-SHA1", "HMACSHA1");
        Add("RIPEMD-160", "RIPEMD160", "RIPEMD-160", "RIPEMD160Managed");
        Add("HMAC-RIPEMD-160", "HMACRIPEMD160");
        names["http://www.w3.org/2000/09/xmldsig#sha1"] = "SHA-1";
        names["http://www.w3.org/2001/04/xmldsig-more#md5"] = "MD5";
        names["http://www.w3.org/2000/09/xmldsig#hmac-sha1"] = "HMAC-SHA1";
        names["http://www.w3.org/2001/04/xmldsig-more#hmac-md5"] = "HMAC-MD5";
        names["http://www.w3.org/2001/04/xmlenc#ripemd160"] = "RIPEMD-160";
        return names;
    }
}
