using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.Flow;

namespace SecureBackend.Analyzers.Crypto;

/// <summary>
/// Grades an SB2001 finding: whether the MD5/SHA-1 digest provably serves only a non-security purpose — an HTTP
/// ETag (<c>EntityTagHeaderValue</c>, the <c>ETag</c> header or property, a method named for ETags), a cache or
/// dictionary key (the <c>key</c> of <c>IMemoryCache</c>/<c>IDistributedCache</c>/<c>HybridCache</c> and
/// dictionaries), a Gravatar URL (concatenated with a <c>gravatar.com</c> constant, or returned by a member or type
/// named for Gravatar/avatars), a file name (<c>Path.Combine/Join</c>), a <c>Guid</c> — and touches nothing
/// that protects anything: not an HMAC, no input named for a password, secret, token, key, signature, certificate or
/// session, not inside a member or type named for signing, verification, integrity, encryption or credentials, never
/// compared, stored or handed to unknown code. Anything not proven is a security use.
/// </summary>
internal static class DigestPurpose
{
    private const int MaxDepth = 10;

    /// <summary>Words in an input's name that make the digest touch a credential, token, key, signature or certificate.</summary>
    private static readonly HashSet<string> CredentialWords = NameSet.Of(
        "password", "passwords", "passwd", "pwd", "passphrase", "passcode", "pin", "secret", "secrets", "token", "tokens",
        "credential", "credentials", "signature", "signatures", "sig", "hmac", "mac", "salt", "nonce", "otp", "totp",
        "certificate", "certificates", "cert", "certs", "thumbprint", "thumbprints", "apikey", "key", "keys", "session",
        "sessions", "cookie", "cookies", "auth", "authorization", "authentication", "jwt", "license", "challenge", "verifier", "security", "stamp");

    /// <summary>Words in the containing member's or type's name that make the code a security one.</summary>
    private static readonly HashSet<string> SecurityContextWords = NameSet.Of(
        "password", "passwords", "passwd", "pwd", "secret", "secrets", "token", "tokens", "credential", "credentials",
        "sign", "signs", "signed", "signer", "signing", "signature", "signatures", "verify", "verifies", "verifier",
        "verification", "validate", "validates", "validation", "validator", "hmac", "mac", "certificate", "certificates",
        "cert", "thumbprint", "integrity", "checksum", "checksums", "tamper", "authenticate", "authentication", "auth",
        "login", "logon", "license", "licence", "encrypt", "encryption", "decrypt", "decryption", "cipher", "crypto",
        "cryptography", "protect", "protector", "security", "apikey", "otp", "totp", "nonce", "signin");

    /// <summary>Whether the hash at <paramref name="operation"/> provably serves only non-security purposes.</summary>
    /// <param name="operation">The reported operation: a static hash call, a factory call or constructor of the hash object, or <c>CryptographicOperations.HashData</c>.</param>
    /// <param name="algorithm">The algorithm reported (HMACs are always security uses).</param>
    public static bool IsNonSecurityOnly(IOperation operation, string algorithm, ISymbol? containingSymbol, CryptoSymbols symbols)
    {
        if (algorithm.StartsWith("HMAC", StringComparison.Ordinal) || containingSymbol is null || HasSecurityContext(containingSymbol))
        {
            return false;
        }

        var digests = new List<IInvocationOperation>(2);
        if (!CollectDigests(operation, symbols, digests) || digests.Count == 0)
        {
            return false;
        }

        var sources = new List<IOperation>();
        foreach (var digest in digests)
        {
            foreach (var argument in digest.Arguments)
            {
                if (argument.Parameter?.Name is "source" or "buffer" or "data" or "inputStream" or "inputBuffer")
                {
                    ValueSources.Collect(argument.Value, sources);
                }
            }
        }

        foreach (var source in sources)
        {
            if (TouchesCredential(source))
            {
                return false;
            }
        }

        var walk = new Walk(containingSymbol);
        foreach (var digest in digests)
        {
            if (!walk.OnlyNonSecurity(digest, 0))
            {
                return false;
            }
        }

        return walk.SawSink;
    }

    /// <summary>The calls that produce digest values from the reported hash, or false when the hash object escapes or is used otherwise.</summary>
    private static bool CollectDigests(IOperation operation, CryptoSymbols symbols, List<IInvocationOperation> digests)
    {
        if (operation is IInvocationOperation { TargetMethod: { IsStatic: true } method } invocation
            && method.Name is "HashData" or "HashDataAsync" && IsByteArrayResult(method))
        {
            digests.Add(invocation);
            return true;
        }

        if (!symbols.IsFastHash(operation.Type))
        {
            return false;
        }

        // The hash object: MD5.Create().ComputeHash(x), or a local whose only uses are ComputeHash and Dispose.
        var user = SkipConversionsUp(operation);
        if (user.Parent is IInvocationOperation { TargetMethod.Name: "ComputeHash" or "ComputeHashAsync" } direct && direct.Instance == user)
        {
            digests.Add(direct);
            return true;
        }

        if (user.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return false;
        }

        var local = declarator.Symbol;
        foreach (var descendant in operation.GetRoot().Descendants())
        {
            if (descendant is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            switch (reference.Parent)
            {
                case IInvocationOperation { TargetMethod.Name: "ComputeHash" or "ComputeHashAsync" } call when call.Instance == reference:
                    digests.Add(call);
                    break;
                case IInvocationOperation { TargetMethod.Name: "Dispose" or "Clear" } call when call.Instance == reference:
                    break;
                default:
                    return false; // TransformBlock, Hash, CryptoStream, stored, passed on: out of sight
            }
        }

        return true;
    }

    private static bool IsByteArrayResult(IMethodSymbol method)
    {
        var type = method.ReturnType;
        if (type is INamedTypeSymbol { Name: "ValueTask" or "Task", TypeArguments.Length: 1 } task)
        {
            type = task.TypeArguments[0];
        }

        return type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte };
    }

    private static bool TouchesCredential(IOperation source)
    {
        switch (source)
        {
            case IParameterReferenceOperation parameter:
                return HasCredentialWord(parameter.Parameter.Name) || IsCertificate(parameter.Type);
            case ILocalReferenceOperation local:
                return HasCredentialWord(local.Local.Name) || IsCertificate(local.Type);
            case IFieldReferenceOperation field:
                return HasCredentialWord(field.Field.Name) || IsCertificate(field.Type) || (field.Instance is { } owner && TouchesCredential(owner.WalkDownConversions()));
            case IPropertyReferenceOperation property:
                if (property.Property.IsIndexer)
                {
                    foreach (var argument in property.Arguments)
                    {
                        if (argument.Value.TryGetConstantString(out var key) && key is not null && HasCredentialWord(key))
                        {
                            return true;
                        }
                    }
                }

                return HasCredentialWord(property.Property.Name) || IsCertificate(property.Type)
                    || (property.Instance is { } receiver && TouchesCredential(receiver.WalkDownConversions()));
            case IInvocationOperation invocation:
                return HasCredentialWord(invocation.TargetMethod.Name) || IsCertificate(invocation.TargetMethod.ContainingType)
                    || (invocation.Instance is { } instance && TouchesCredential(instance.WalkDownConversions()));
            default:
                return false;
        }
    }

    private static bool IsCertificate(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name is "X509Certificate" or "X509Certificate2" && current.ContainingNamespace.IsNamespace("System.Security.Cryptography.X509Certificates"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasCredentialWord(string name)
    {
        var words = IdentifierWords.Split(name);
        var cache = words.Contains("cache") || words.Contains("cached");
        foreach (var word in words)
        {
            if (CredentialWords.Contains(word) && !(cache && word is "key" or "keys"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasSecurityContext(ISymbol containingSymbol)
    {
        for (var symbol = containingSymbol; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
        {
            foreach (var word in IdentifierWords.Split(symbol.Name))
            {
                if (SecurityContextWords.Contains(word))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A member or type named for ETags, Gravatar/avatars or cache keys (its results serve that purpose).</summary>
    private static bool HasNonSecurityPurposeName(ISymbol containingSymbol)
    {
        for (var symbol = containingSymbol; symbol is not null and not INamespaceSymbol; symbol = symbol.ContainingSymbol)
        {
            var words = IdentifierWords.Split(symbol.Name);
            for (var i = 0; i < words.Count; i++)
            {
                var word = words[i];
                var next = i + 1 < words.Count ? words[i + 1] : null;
                if (word is "etag" or "etags" or "gravatar" or "avatar"
                    || (word is "e" or "entity" && next is "tag" or "tags")
                    || (word is "cache" && next is "key" or "keys"))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IOperation SkipConversionsUp(IOperation operation)
    {
        while (operation.Parent is IConversionOperation or IParenthesizedOperation or IAwaitOperation)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>Follows a digest value forward to where it ends up.</summary>
    private sealed class Walk
    {
        private readonly ISymbol _containingSymbol;

        public Walk(ISymbol containingSymbol) => _containingSymbol = containingSymbol;

        /// <summary>Whether at least one non-security sink was reached.</summary>
        public bool SawSink { get; private set; }

        /// <summary>Whether every use of <paramref name="value"/> is a non-security sink, a neutral use or a step to further such uses.</summary>
        public bool OnlyNonSecurity(IOperation value, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            var user = SkipConversionsUp(value);
            switch (user.Parent)
            {
                case IArgumentOperation argument:
                    return ThroughArgument(argument, depth);

                case IInvocationOperation call when call.Instance == user:
                    return ThroughReceiver(call, depth);

                case IPropertyReferenceOperation { Property.Name: "Length" } length when length.Instance == user:
                    return true; // loops over the bytes

                case IArrayElementReferenceOperation element when element.ArrayReference == user:
                    return OnlyNonSecurity(element, depth + 1); // hash[i].ToString("x2")

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation:
                    return IsGravatarUrl(concatenation) ? Sink() : OnlyNonSecurity(concatenation, depth + 1);

                case IInterpolationOperation { Parent: IInterpolatedStringOperation interpolated }:
                    return IsGravatarUrl(interpolated) ? Sink() : OnlyNonSecurity(interpolated, depth + 1);

                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return ThroughLocal(declarator.Symbol, user, depth);

                case ISimpleAssignmentOperation assignment when assignment.Value == user:
                    return ThroughAssignment(assignment, depth);

                case IReturnOperation:
                    return HasNonSecurityPurposeName(_containingSymbol) && Sink();

                default:
                    return false;
            }
        }

        private bool Sink()
        {
            SawSink = true;
            return true;
        }

        private bool ThroughArgument(IArgumentOperation argument, int depth)
        {
            switch (argument.Parent)
            {
                case IInvocationOperation call:
                    var method = call.TargetMethod;
                    var type = method.ContainingType;
                    if (type is null)
                    {
                        return false;
                    }

                    if (IsSystemType(type, "Convert") && method.Name is "ToHexString" or "ToHexStringLower" or "ToBase64String"
                        || IsSystemType(type, "BitConverter") && method.Name == "ToString"
                        || type.SpecialType == SpecialType.System_String && method.IsStatic && method.Name is "Concat" or "Format" or "Join"
                        || method.Name == "GetString" && type.Name == "Encoding" && type.ContainingNamespace.IsNamespace("System.Text"))
                    {
                        return OnlyNonSecurity(call, depth + 1);
                    }

                    if (type.Name == "StringBuilder" && type.ContainingNamespace.IsNamespace("System.Text") && method.Name is "Append" or "AppendFormat" or "Insert")
                    {
                        return ThroughBuilder(call, depth);
                    }

                    if (method.Name is "Combine" or "Join" or "ChangeExtension" && type.Name == "Path" && type.ContainingNamespace.IsNamespace("System.IO"))
                    {
                        return Sink(); // a file name for server data
                    }

                    if (IsKeyArgument(argument, method))
                    {
                        // _tokenCache.Get(hash), _sessions.TryGetValue(hash, …): the store is named for credentials
                        var store = method.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : call.Instance;
                        return (store is null || !TouchesCredential(store.WalkDownConversions())) && Sink();
                    }

                    if (method.Name is "Append" or "Add" or "TryAdd" && IsETagHeaderCall(call))
                    {
                        return Sink();
                    }

                    return false;

                case IObjectCreationOperation creation when creation.Type is INamedTypeSymbol created:
                    if (IsSystemType(created, "Guid") || created.Name == "EntityTagHeaderValue")
                    {
                        return Sink();
                    }

                    return false;

                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when IsKeyedCollection(indexer.Property.ContainingType):
                    return (indexer.Instance is null || !TouchesCredential(indexer.Instance.WalkDownConversions())) && Sink(); // dictionary[digest]

                default:
                    return false;
            }
        }

        private bool ThroughReceiver(IInvocationOperation call, int depth)
        {
            var method = call.TargetMethod;
            if (method.ContainingType?.SpecialType == SpecialType.System_String
                && method.Name is "Replace" or "ToLower" or "ToLowerInvariant" or "ToUpper" or "ToUpperInvariant" or "Substring" or "Trim" or "TrimEnd" or "TrimStart" or "ToString" or "PadLeft")
            {
                return OnlyNonSecurity(call, depth + 1);
            }

            if (method.Name == "ToString" && method.ContainingType?.SpecialType is SpecialType.System_Byte or SpecialType.System_Object or SpecialType.System_ValueType)
            {
                return OnlyNonSecurity(call, depth + 1); // b.ToString("x2")
            }

            return false;
        }

        private bool ThroughLocal(ILocalSymbol local, IOperation anchor, int depth)
        {
            var reads = 0;
            foreach (var descendant in anchor.GetRoot().Descendants())
            {
                if (descendant is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    || reference.Parent is ISimpleAssignmentOperation write && write.Target == reference)
                {
                    continue;
                }

                reads++;
                if (!OnlyNonSecurity(reference, depth + 1))
                {
                    return false;
                }
            }

            return reads > 0;
        }

        private bool ThroughAssignment(ISimpleAssignmentOperation assignment, int depth)
        {
            switch (assignment.Target)
            {
                case ILocalReferenceOperation local:
                    return ThroughLocal(local.Local, assignment, depth);

                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                    foreach (var argument in indexer.Arguments)
                    {
                        if (argument.Value.TryGetConstantString(out var header) && string.Equals(header, "ETag", StringComparison.OrdinalIgnoreCase)
                            || argument.Value.WalkDownConversions() is IFieldReferenceOperation { Field.Name: "ETag" } or IPropertyReferenceOperation { Property.Name: "ETag" })
                        {
                            return Sink();
                        }
                    }

                    return false;

                case IPropertyReferenceOperation { Property.Name: "ETag" }:
                    return Sink();

                default:
                    return false;
            }
        }

        /// <summary><c>sb.Append(digest)</c>: every other use of the builder is another append or its <c>ToString()</c>, which is followed.</summary>
        private bool ThroughBuilder(IInvocationOperation append, int depth)
        {
            var receiver = append.Instance?.WalkDownConversions();
            while (receiver is IInvocationOperation { TargetMethod.Name: "Append" or "AppendFormat" or "Insert" } chained)
            {
                receiver = chained.Instance?.WalkDownConversions();
            }

            if (receiver is not ILocalReferenceOperation builder)
            {
                return false;
            }

            var results = 0;
            foreach (var descendant in append.GetRoot().Descendants())
            {
                if (descendant is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, builder.Local))
                {
                    continue;
                }

                switch (reference.Parent)
                {
                    case IInvocationOperation { TargetMethod.Name: "ToString" } use when use.Instance == reference:
                        results++;
                        if (!OnlyNonSecurity(use, depth + 1))
                        {
                            return false;
                        }

                        break;
                    case IInvocationOperation { TargetMethod.Name: "Append" or "AppendFormat" or "Insert" or "Clear" } use when use.Instance == reference:
                    case IPropertyReferenceOperation { Property.Name: "Length" }:
                        break;
                    default:
                        return false; // the builder itself is passed on, stored or returned
                }
            }

            return results > 0;
        }

        private static bool IsGravatarUrl(IOperation text)
        {
            foreach (var part in text.DescendantsAndSelf())
            {
                if (part.TryGetConstantString(out var constant) && constant is not null && constant.IndexOf("gravatar.com", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The <c>key</c> of a cache (<c>IMemoryCache</c>, <c>IDistributedCache</c>, <c>HybridCache</c> and their extensions) or of a dictionary.</summary>
        private static bool IsKeyArgument(IArgumentOperation argument, IMethodSymbol method)
        {
            if (argument.Parameter?.Name != "key")
            {
                return false;
            }

            var owner = method.IsExtensionMethod && method.Parameters.Length > 0 ? method.Parameters[0].Type : method.ContainingType;
            return owner is not null && (owner.ContainingNamespace.IsWithinNamespace("Microsoft.Extensions.Caching") || IsKeyedCollection(owner));
        }

        private static bool IsKeyedCollection(ITypeSymbol? type)
            => type is not null && (type.ContainingNamespace.IsWithinNamespace("System.Collections") || type.ContainingNamespace.IsWithinNamespace("Microsoft.Extensions.Caching"));

        private static bool IsETagHeaderCall(IInvocationOperation call)
        {
            if (call.Arguments.Length < 2)
            {
                return false;
            }

            var first = call.Arguments[0].Value.WalkDownConversions();
            return first.TryGetConstantString(out var name) && string.Equals(name, "ETag", StringComparison.OrdinalIgnoreCase)
                   || first is IFieldReferenceOperation { Field.Name: "ETag" } or IPropertyReferenceOperation { Property.Name: "ETag" };
        }

        private static bool IsSystemType(INamedTypeSymbol type, string name)
            => type.Name == name && type.ContainingType is null && type.ContainingNamespace.IsNamespace("System");
    }
}
