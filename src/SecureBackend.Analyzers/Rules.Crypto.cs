using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers;

public static partial class Rules
{
    public static readonly DiagnosticDescriptor BrokenHashAlgorithm = Create(
        RuleIds.BrokenHashAlgorithm,
        title: "Broken hash algorithm",
        message: "'{0}' uses the broken hash algorithm {1}; use SHA-256 or stronger",
        DiagnosticSeverity.Warning,
        description: "MD5, SHA-1 and RIPEMD-160 have practical collision attacks. Use SHA-256 or a stronger member of the SHA-2 or SHA-3 families.");

    /// <summary>SB2001 for <c>HashAlgorithm/KeyedHashAlgorithm/HMAC.Create(name)</c> and <c>CryptoConfig.CreateFromName(name)</c> with a name known only at run time.</summary>
    public static readonly DiagnosticDescriptor HashAlgorithmChosenAtRunTime = Create(
        RuleIds.BrokenHashAlgorithm,
        title: "Broken hash algorithm",
        message: "'{0}' creates the hash algorithm named by '{1}', chosen at run time, which accepts MD5 and SHA-1; create SHA-256 or stronger by type",
        DiagnosticSeverity.Warning,
        description: "A hash algorithm created from a name that is only known at run time (configuration, a parameter, a request) is whatever that name says, MD5 and SHA-1 included. Create the algorithm by its type (SHA256.Create(), new HMACSHA256(key)) or validate the name against an allow-list of strong algorithms.");

    /// <summary>SB2001 for DSA keys: <c>DSA.Create</c>, <c>DSACng</c>, <c>DSACryptoServiceProvider</c>, <c>DSAOpenSsl</c>, and DSA by name.</summary>
    public static readonly DiagnosticDescriptor DsaSignature = Create(
        RuleIds.BrokenHashAlgorithm,
        title: "Broken hash algorithm",
        message: "'{0}' uses {1}, whose legacy forms sign SHA-1 digests and which FIPS 186-5 no longer approves for signatures; use ECDSA or RSA with SHA-256 or stronger",
        DiagnosticSeverity.Warning,
        description: "DSA as .NET Framework and DSACryptoServiceProvider implement it (FIPS 186-2) signs SHA-1 digests with 1,024-bit keys, and FIPS 186-5 withdrew DSA for signature generation altogether. Sign with ECDSA (P-256 or stronger) or RSA with SHA-256 or stronger.");

    public static readonly DiagnosticDescriptor PasswordFastHash = Create(
        RuleIds.PasswordFastHash,
        title: "Password hashed with a fast or unsalted hash",
        message: "Password value '{0}' is hashed with '{1}', a fast hash; use Argon2id or PBKDF2",
        DiagnosticSeverity.Warning,
        description: "Fast hashes let an attacker who obtains the stored hashes test billions of guesses per second. Store passwords with a salted, deliberately slow password hash such as Argon2id or PBKDF2.");

    public static readonly DiagnosticDescriptor WeakKeyDerivation = Create(
        RuleIds.WeakKeyDerivation,
        title: "Weak key derivation settings",
        message: "'{0}' derives keys with {1}; OWASP recommends {2}",
        DiagnosticSeverity.Warning,
        description: "PBKDF2 with few iterations or with SHA-1 is cheap to brute-force. Follow current OWASP guidance (Password Storage Cheat Sheet): PBKDF2-HMAC-SHA256 with at least 600,000 iterations, -SHA512 with at least 210,000 or -SHA1 with at least 1,300,000.");

    public static readonly DiagnosticDescriptor InsecureRandomness = Create(
        RuleIds.InsecureRandomness,
        title: "Insecure randomness used for a security value",
        message: "'{0}' is generated with '{1}', which is predictable; use RandomNumberGenerator",
        DiagnosticSeverity.Warning,
        description: "System.Random is not a cryptographic generator: its output can be predicted from a few samples. Tokens, passwords, salts, keys, nonces and codes must come from RandomNumberGenerator.");

    public static readonly DiagnosticDescriptor HardCodedSecret = Create(
        RuleIds.HardCodedSecret,
        title: "Hard-coded secret",
        message: "{0} is hard-coded; load it from configuration or a secret store",
        DiagnosticSeverity.Warning,
        description: "Secrets written into source code end up in version control, build artifacts and decompiled binaries. Read them from configuration, user secrets or a secret store.");

    public static readonly DiagnosticDescriptor NonConstantTimeComparison = Create(
        RuleIds.NonConstantTimeComparison,
        title: "Secret compared in non-constant time",
        message: "Secret value '{0}' is compared with '{1}', which leaks timing; use CryptographicOperations.FixedTimeEquals",
        DiagnosticSeverity.Warning,
        description: "Ordinary equality stops at the first differing byte, so the response time tells an attacker how much of a guessed hash, MAC or token is right. Compare secrets with CryptographicOperations.FixedTimeEquals.");

    public static readonly DiagnosticDescriptor TokenValidationDisabled = Create(
        RuleIds.TokenValidationDisabled,
        title: "Token validation disabled",
        message: "'{0}' is set to {1}, which switches off part of token validation",
        DiagnosticSeverity.Warning,
        description: "Turning off signature, lifetime, issuer or audience validation, replacing a validator with one that accepts everything, or downloading signing keys over plain HTTP lets forged, replayed or foreign tokens authenticate.");

    public static readonly DiagnosticDescriptor WeakCipher = Create(
        RuleIds.WeakCipher,
        title: "Weak cipher, mode or initialization vector",
        message: "'{0}' uses {1}; use AES-GCM or AES with a random IV and a MAC",
        DiagnosticSeverity.Warning,
        description: "DES and RC2 keys can be brute-forced and TripleDES has a 64-bit block that leaks plaintext after a few gigabytes (Sweet32). ECB mode encrypts equal blocks to equal ciphertext, and a fixed or all-zero IV makes equal messages encrypt alike. Encrypt with AesGcm, or with AES-CBC using a fresh random IV per message and a MAC over the ciphertext.");

    public static readonly DiagnosticDescriptor WeakAsymmetricKey = Create(
        RuleIds.WeakAsymmetricKey,
        title: "Weak asymmetric key or padding",
        message: "'{0}' uses {1}; {2}",
        DiagnosticSeverity.Warning,
        description: "RSA keys shorter than 2048 bits and elliptic curves smaller than 256 bits give less than 112 bits of security and are within reach of well-funded attackers. RSA encryption with PKCS#1 v1.5 padding is open to padding-oracle attacks (Bleichenbacher); use OAEP.");

    public static readonly DiagnosticDescriptor InsecureDatabaseConnection = Create(
        RuleIds.InsecureDatabaseConnection,
        title: "Database connection without validated encryption",
        message: "The connection string sets '{0}', so {1}",
        DiagnosticSeverity.Warning,
        description: "TrustServerCertificate=True accepts any certificate the database server presents, and Encrypt=False/Optional or SslMode=Disable sends credentials and data in cleartext. Anyone on the network path can then read or change queries and results. Install a certificate the client trusts and keep Encrypt=True without TrustServerCertificate.");

    public static readonly DiagnosticDescriptor WeakIdentitySettings = Create(
        RuleIds.WeakIdentitySettings,
        title: "Weak ASP.NET Core Identity or cookie authentication settings",
        message: "'{0}' {1}",
        DiagnosticSeverity.Warning,
        description: "Short minimum password lengths and switched-off account lockout let an attacker guess passwords online; a sliding authentication cookie with a window of days never expires while it is used, so a stolen cookie stays valid. Require at least 8 characters, keep lockout on for every account and every password sign-in, and give cookies a short idle window or an absolute lifetime.");
}
