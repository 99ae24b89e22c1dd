using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Names;

namespace SecureBackend.Analyzers.Crypto;

/// <summary>
/// SB2001: MD5, SHA-1, RIPEMD-160, HMAC-MD5 and HMAC-SHA1 in any form — their types (<c>Create</c>, <c>HashData</c>,
/// <c>HashDataAsync</c>, <c>TryHashData</c>, constructors of the CryptoServiceProvider/Managed/Cng classes),
/// <c>HashAlgorithm/HMAC/KeyedHashAlgorithm.Create(name)</c> and <c>CryptoConfig.CreateFromName(name)</c> with a
/// constant broken name, the parameterless <c>HashAlgorithm.Create()</c>/<c>HMAC.Create()</c> (SHA-1 by default on
/// .NET Framework), and <c>HashAlgorithmName.MD5/SHA1</c> passed to <c>IncrementalHash</c> or
/// <c>CryptographicOperations</c>. Quiet where SB2002 reports the same call (a password hash) and where a protocol
/// mandates the algorithm with no alternative: name-based UUIDs (<c>new Guid(hash)</c>, RFC 4122 v3/v5) and Have I Been
/// Pwned range queries (SHA-1). ETags, cache keys and Gravatar hashes are reported — neither requires MD5 — at Info
/// severity when <see cref="DigestPurpose"/> proves the digest serves only such purposes.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BrokenHashAlgorithmAnalyzer : SecureBackendAnalyzer
{
    internal const string AlgorithmProperty = "Algorithm";

    /// <summary>Set to <c>true</c> on findings whose digest only serves non-security purposes (reported at suggestion severity).</summary>
    internal const string NonSecurityUseProperty = "NonSecurityUse";

    /// <summary><c>suggestion</c> (default): non-security uses are reported at Info severity; <c>warning</c>: at the rule's severity, like every other use.</summary>
    internal const string NonSecurityUsesOption = ConfigOptions.Prefix + "SB2001.non_security_uses";

    private static readonly Dictionary<string, string> BrokenNames = CreateBrokenNames();

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.BrokenHashAlgorithm);

    protected override bool IsRelevant(KnownTypes types) => types.Has("System.Security.Cryptography.HashAlgorithm");

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, KnownTypes types)
    {
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
        if (method.Name is "Create" or "CreateFromName" && HasStringParameter(method))
        {
            if (!IsNamedFactoryType(type) && symbols.BrokenAlgorithmOf(type) is null)
            {
                return;
            }

            algorithm = invocation.Arguments.Length > 0 && invocation.Arguments[0].Value.TryGetConstantString(out var name) && name is not null
                && BrokenNames.TryGetValue(name.Trim(), out var named) ? named : null;
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
                Report(context, invocation, argument.Value.Syntax, type!.Name + "." + invocation.TargetMethod.Name, algorithm, symbols);
            }
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, CryptoSymbols symbols)
    {
        var creation = (IObjectCreationOperation)context.Operation;
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
    private static void Report(OperationAnalysisContext context, IOperation hash, SyntaxNode node, string api, string algorithm, CryptoSymbols symbols)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(AlgorithmProperty, algorithm);
        var severity = Rules.BrokenHashAlgorithm.DefaultSeverity;
        if (DigestPurpose.IsNonSecurityOnly(hash, algorithm, context.ContainingSymbol, symbols))
        {
            properties = properties.Add(NonSecurityUseProperty, "true");
            if (!string.Equals(context.Options.GetString(node.SyntaxTree, NonSecurityUsesOption)?.Trim(), "warning", StringComparison.OrdinalIgnoreCase))
            {
                severity = DiagnosticSeverity.Info;
            }
        }

        context.Report(Diagnostic.Create(Rules.BrokenHashAlgorithm, node.GetLocation(), severity, additionalLocations: null, properties, api, algorithm));
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
        names["http://www.w3.org/2000/09/xmldsig#sha1"] = "SHA-1";
        names["http://www.w3.org/2001/04/xmldsig-more#md5"] = "MD5";
        names["http://www.w3.org/2000/09/xmldsig#hmac-sha1"] = "HMAC-SHA1";
        names["http://www.w3.org/2001/04/xmldsig-more#hmac-md5"] = "HMAC-MD5";
        names["http://www.w3.org/2001/04/xmlenc#ripemd160"] = "RIPEMD-160";
        return names;
    }
}
