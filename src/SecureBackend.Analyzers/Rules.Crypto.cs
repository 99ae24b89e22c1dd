using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers;

public static partial class Rules
{
    public static readonly DiagnosticDescriptor BrokenHashAlgorithm = new(
        RuleIds.BrokenHashAlgorithm,
        title: "Broken hash algorithm",
        messageFormat: "'{0}' uses the broken hash algorithm {1}; use SHA-256 or stronger",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "MD5, SHA-1 and RIPEMD-160 have practical collision attacks. Use SHA-256 or a stronger member of the SHA-2 or SHA-3 families.",
        helpLinkUri: HelpLinks.For(RuleIds.BrokenHashAlgorithm));

    /// <summary>SB2001 for <c>HashAlgorithm/KeyedHashAlgorithm/HMAC.Create(name)</c> and <c>CryptoConfig.CreateFromName(name)</c> with a name known only at run time.</summary>
    public static readonly DiagnosticDescriptor HashAlgorithmChosenAtRunTime = new(
        RuleIds.BrokenHashAlgorithm,
        title: "Broken hash algorithm",
        messageFormat: "'{0}' creates the hash algorithm named by '{1}', chosen at run time, which accepts MD5 and SHA-1; create SHA-256 or stronger by type",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A hash algorithm created from a name that is only known at run time (configuration, a parameter, a request) is whatever that name says, MD5 and SHA-1 included. Create the algorithm by its type (SHA256.Create(), new HMACSHA256(key)) or validate the name against an allow-list of strong algorithms.",
        helpLinkUri: HelpLinks.For(RuleIds.BrokenHashAlgorithm));

    /// <summary>SB2001 for DSA keys: <c>DSA.Create</c>, <c>DSACng</c>, <c>DSACryptoServiceProvider</c>, <c>DSAOpenSsl</c>, and DSA by name.</summary>
    public static readonly DiagnosticDescriptor DsaSignature = new(
        RuleIds.BrokenHashAlgorithm,
        title: "Broken hash algorithm",
        messageFormat: "'{0}' uses {1}, whose legacy forms sign SHA-1 digests and which FIPS 186-5 no longer approves for signatures; use ECDSA or RSA with SHA-256 or stronger",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "DSA as .NET Framework and DSACryptoServiceProvider implement it (FIPS 186-2) signs SHA-1 digests with 1,024-bit keys, and FIPS 186-5 withdrew DSA for signature generation altogether. Sign with ECDSA (P-256 or stronger) or RSA with SHA-256 or stronger.",
        helpLinkUri: HelpLinks.For(RuleIds.BrokenHashAlgorithm));

    public static readonly DiagnosticDescriptor PasswordFastHash = new(
        RuleIds.PasswordFastHash,
        title: "Password hashed with a fast or unsalted hash",
        messageFormat: "Password value '{0}' is hashed with '{1}', a fast hash; use Argon2id or PBKDF2",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Fast hashes let an attacker who obtains the stored hashes test billions of guesses per second. Store passwords with a salted, deliberately slow password hash such as Argon2id or PBKDF2.",
        helpLinkUri: HelpLinks.For(RuleIds.PasswordFastHash));

    public static readonly DiagnosticDescriptor WeakKeyDerivation = new(
        RuleIds.WeakKeyDerivation,
        title: "Weak key derivation settings",
        messageFormat: "'{0}' derives keys with {1}; OWASP recommends {2}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "PBKDF2 with few iterations or with SHA-1 is cheap to brute-force. Follow current OWASP guidance (Password Storage Cheat Sheet): PBKDF2-HMAC-SHA256 with at least 600,000 iterations, -SHA512 with at least 210,000 or -SHA1 with at least 1,300,000.",
        helpLinkUri: HelpLinks.For(RuleIds.WeakKeyDerivation));

    public static readonly DiagnosticDescriptor InsecureRandomness = new(
        RuleIds.InsecureRandomness,
        title: "Insecure randomness used for a security value",
        messageFormat: "'{0}' is generated with '{1}', which is predictable; use RandomNumberGenerator",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "System.Random is not a cryptographic generator: its output can be predicted from a few samples. Tokens, passwords, salts, keys, nonces and codes must come from RandomNumberGenerator.",
        helpLinkUri: HelpLinks.For(RuleIds.InsecureRandomness));

    public static readonly DiagnosticDescriptor HardCodedSecret = new(
        RuleIds.HardCodedSecret,
        title: "Hard-coded secret",
        messageFormat: "{0} is hard-coded; load it from configuration or a secret store",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Secrets written into source code end up in version control, build artifacts and decompiled binaries. Read them from configuration, user secrets or a secret store.",
        helpLinkUri: HelpLinks.For(RuleIds.HardCodedSecret));

    public static readonly DiagnosticDescriptor NonConstantTimeComparison = new(
        RuleIds.NonConstantTimeComparison,
        title: "Secret compared in non-constant time",
        messageFormat: "Secret value '{0}' is compared with '{1}', which leaks timing; use CryptographicOperations.FixedTimeEquals",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Ordinary equality stops at the first differing byte, so the response time tells an attacker how much of a guessed hash, MAC or token is right. Compare secrets with CryptographicOperations.FixedTimeEquals.",
        helpLinkUri: HelpLinks.For(RuleIds.NonConstantTimeComparison));

    public static readonly DiagnosticDescriptor TokenValidationDisabled = new(
        RuleIds.TokenValidationDisabled,
        title: "Token validation disabled",
        messageFormat: "'{0}' is set to {1}, which switches off part of token validation",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Turning off signature, lifetime, issuer or audience validation, replacing a validator with one that accepts everything, or downloading signing keys over plain HTTP lets forged, replayed or foreign tokens authenticate.",
        helpLinkUri: HelpLinks.For(RuleIds.TokenValidationDisabled));

    public static readonly DiagnosticDescriptor WeakCipher = new(
        RuleIds.WeakCipher,
        title: "Weak cipher, mode or initialization vector",
        messageFormat: "'{0}' uses {1}; use AES-GCM or AES with a random IV and a MAC",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "DES and RC2 keys can be brute-forced and TripleDES has a 64-bit block that leaks plaintext after a few gigabytes (Sweet32). ECB mode encrypts equal blocks to equal ciphertext, and a fixed or all-zero IV makes equal messages encrypt alike. Encrypt with AesGcm, or with AES-CBC using a fresh random IV per message and a MAC over the ciphertext.",
        helpLinkUri: HelpLinks.For(RuleIds.WeakCipher));

    public static readonly DiagnosticDescriptor WeakAsymmetricKey = new(
        RuleIds.WeakAsymmetricKey,
        title: "Weak asymmetric key or padding",
        messageFormat: "'{0}' uses {1}; {2}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "RSA keys shorter than 2048 bits and elliptic curves smaller than 256 bits give less than 112 bits of security and are within reach of well-funded attackers. RSA encryption with PKCS#1 v1.5 padding is open to padding-oracle attacks (Bleichenbacher); use OAEP.",
        helpLinkUri: HelpLinks.For(RuleIds.WeakAsymmetricKey));

    public static readonly DiagnosticDescriptor InsecureDatabaseConnection = new(
        RuleIds.InsecureDatabaseConnection,
        title: "Database connection without validated encryption",
        messageFormat: "The connection string sets '{0}', so {1}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "TrustServerCertificate=True accepts any certificate the database server presents, and Encrypt=False/Optional or SslMode=Disable sends credentials and data in cleartext. Anyone on the network path can then read or change queries and results. Install a certificate the client trusts and keep Encrypt=True without TrustServerCertificate.",
        helpLinkUri: HelpLinks.For(RuleIds.InsecureDatabaseConnection));
}
