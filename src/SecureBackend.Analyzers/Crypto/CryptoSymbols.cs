using Microsoft.CodeAnalysis;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Crypto;

/// <summary>The hashing and key-derivation types the crypto rules recognise, resolved once per compilation.</summary>
internal sealed class CryptoSymbols
{
    private CryptoSymbols(KnownTypes types)
    {
        HashAlgorithm = types.Get("System.Security.Cryptography.HashAlgorithm");
        KeyedHashAlgorithm = types.Get("System.Security.Cryptography.KeyedHashAlgorithm");
        Hmac = types.Get("System.Security.Cryptography.HMAC");
        Md5 = types.Get("System.Security.Cryptography.MD5");
        Sha1 = types.Get("System.Security.Cryptography.SHA1");
        Sha256 = types.Get("System.Security.Cryptography.SHA256");
        Ripemd160 = types.Get("System.Security.Cryptography.RIPEMD160");
        HmacMd5 = types.Get("System.Security.Cryptography.HMACMD5");
        HmacSha1 = types.Get("System.Security.Cryptography.HMACSHA1");
        // Absent from the .NET (Core) reference packs; present on .NET Framework, and matched only where a reference has it.
        HmacRipemd160 = types.Get("System.Security.Cryptography.HMACRIPEMD160");
        Dsa = types.Get("System.Security.Cryptography.DSA");
        AsymmetricAlgorithm = types.Get("System.Security.Cryptography.AsymmetricAlgorithm");
        HmacSha256 = types.Get("System.Security.Cryptography.HMACSHA256");
        CryptoConfig = types.Get("System.Security.Cryptography.CryptoConfig");
        IncrementalHash = types.Get("System.Security.Cryptography.IncrementalHash");
        HashAlgorithmName = types.Get("System.Security.Cryptography.HashAlgorithmName");
        CryptographicOperations = types.Get("System.Security.Cryptography.CryptographicOperations");
        Rfc2898DeriveBytes = types.Get("System.Security.Cryptography.Rfc2898DeriveBytes");
        PasswordDeriveBytes = types.Get("System.Security.Cryptography.PasswordDeriveBytes");
        KeyDerivation = types.Get("Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivation");
        KeyDerivationPrf = types.Get("Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivationPrf");
        Encoding = types.Get("System.Text.Encoding");
        Enumerable = types.Get("System.Linq.Enumerable");
        PasswordHasher = types.Get("Microsoft.AspNetCore.Identity.IPasswordHasher`1");
        Guid = types.Get("System.Guid");
    }

    public INamedTypeSymbol? HashAlgorithm { get; }

    public INamedTypeSymbol? KeyedHashAlgorithm { get; }

    public INamedTypeSymbol? Hmac { get; }

    public INamedTypeSymbol? Md5 { get; }

    public INamedTypeSymbol? Sha1 { get; }

    public INamedTypeSymbol? Sha256 { get; }

    public INamedTypeSymbol? Ripemd160 { get; }

    public INamedTypeSymbol? HmacMd5 { get; }

    public INamedTypeSymbol? HmacSha1 { get; }

    public INamedTypeSymbol? HmacSha256 { get; }

    public INamedTypeSymbol? HmacRipemd160 { get; }

    public INamedTypeSymbol? Dsa { get; }

    public INamedTypeSymbol? AsymmetricAlgorithm { get; }

    public INamedTypeSymbol? CryptoConfig { get; }

    public INamedTypeSymbol? IncrementalHash { get; }

    public INamedTypeSymbol? HashAlgorithmName { get; }

    public INamedTypeSymbol? CryptographicOperations { get; }

    public INamedTypeSymbol? Rfc2898DeriveBytes { get; }

    public INamedTypeSymbol? PasswordDeriveBytes { get; }

    public INamedTypeSymbol? KeyDerivation { get; }

    public INamedTypeSymbol? KeyDerivationPrf { get; }

    public INamedTypeSymbol? Encoding { get; }

    public INamedTypeSymbol? Enumerable { get; }

    public INamedTypeSymbol? PasswordHasher { get; }

    public INamedTypeSymbol? Guid { get; }

    public static CryptoSymbols Get(KnownTypes types) => new(types);

    /// <summary>Whether the type is a fast hash or MAC: anything deriving from <c>HashAlgorithm</c>.</summary>
    public bool IsFastHash(ITypeSymbol? type) => type.InheritsFromOrEquals(HashAlgorithm);

    /// <summary>Whether the type is DSA or derives from it (<c>DSACng</c>, <c>DSACryptoServiceProvider</c>, <c>DSAOpenSsl</c>).</summary>
    public bool IsDsa(ITypeSymbol? type) => Dsa is not null && type.InheritsFromOrEquals(Dsa);

    /// <summary>The broken algorithm a hash type implements (MD5, SHA-1, RIPEMD-160, HMAC-MD5, HMAC-SHA1, HMAC-RIPEMD-160), or null.</summary>
    /// <remarks>
    /// Runs for every object creation: one walk up the base types, where the type name settles almost every step before
    /// the five algorithm types (unrelated to each other, so the first match is the only one) are compared.
    /// </remarks>
    public string? BrokenAlgorithmOf(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            var (broken, algorithm) = current.Name switch
            {
                "MD5" => (Md5, "MD5"),
                "SHA1" => (Sha1, "SHA-1"),
                "HMACMD5" => (HmacMd5, "HMAC-MD5"),
                "HMACSHA1" => (HmacSha1, "HMAC-SHA1"),
                "RIPEMD160" => (Ripemd160, "RIPEMD-160"),
                "HMACRIPEMD160" => (HmacRipemd160, "HMAC-RIPEMD-160"),
                _ => (null, null),
            };

            if (broken is not null && SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, broken))
            {
                return algorithm;
            }
        }

        return null;
    }

    /// <summary>
    /// The name a <c>HashAlgorithmName</c> value stands for when it is visible: <c>HashAlgorithmName.SHA1</c>,
    /// <c>new HashAlgorithmName("MD5")</c>. Null when unknown.
    /// </summary>
    public string? HashAlgorithmNameOf(Microsoft.CodeAnalysis.IOperation? value)
    {
        switch (value?.WalkDownConversions())
        {
            case Microsoft.CodeAnalysis.Operations.IPropertyReferenceOperation { Property.IsStatic: true } property
                when SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, HashAlgorithmName):
                return property.Property.Name;
            case Microsoft.CodeAnalysis.Operations.IObjectCreationOperation creation
                when SymbolEqualityComparer.Default.Equals(creation.Type, HashAlgorithmName) && creation.Arguments.Length == 1
                     && creation.Arguments[0].Value.TryGetConstantString(out var name) && name is not null:
                return name.ToUpperInvariant().Replace("-", string.Empty);
            default:
                return null;
        }
    }
}
