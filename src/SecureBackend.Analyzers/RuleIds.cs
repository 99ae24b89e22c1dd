namespace SecureBackend.Analyzers;

/// <summary>
/// Every SecureBackend rule identifier. The thousands digit is the family:
/// 1 injection and output encoding, 2 cryptography, passwords and secrets, 3 request forgery, cookies, CORS and
/// redirects, 4 transport security, 5 configuration and data exposure.
/// </summary>
public static class RuleIds
{
    // SB1xxx: injection and output encoding
    public const string SqlFromStrings = "SB1001";
    public const string CommandInjection = "SB1002";
    public const string CrossSiteScripting = "SB1003";
    public const string PathTraversal = "SB1004";
    public const string XmlExternalEntities = "SB1005";
    public const string LdapInjection = "SB1006";
    public const string XPathInjection = "SB1007";

    // SB2xxx: cryptography, passwords and secrets
    public const string BrokenHashAlgorithm = "SB2001";
    public const string PasswordFastHash = "SB2002";
    public const string WeakKeyDerivation = "SB2003";
    public const string InsecureRandomness = "SB2004";
    public const string HardCodedSecret = "SB2005";
    public const string NonConstantTimeComparison = "SB2006";
    public const string TokenValidationDisabled = "SB2007";
    public const string WeakCipher = "SB2008";
    public const string WeakAsymmetricKey = "SB2009";
    public const string InsecureDatabaseConnection = "SB2010";
    public const string WeakIdentitySettings = "SB2011";

    // SB3xxx: request forgery, cookies, CORS and redirects
    public const string MissingAntiforgery = "SB3001";
    public const string AntiforgeryDisabled = "SB3002";
    public const string InsecureCookie = "SB3003";
    public const string PermissiveCors = "SB3004";
    public const string OpenRedirect = "SB3005";

    // SB4xxx: transport security
    public const string MissingHttpsRedirection = "SB4001";
    public const string MissingHsts = "SB4002";
    public const string CertificateValidationDisabled = "SB4003";
    public const string ObsoleteTls = "SB4004";
    public const string CleartextProtocol = "SB4005";

    // SB5xxx: configuration and data exposure
    public const string DeveloperExceptionPage = "SB5001";
    public const string SensitiveDataLogging = "SB5002";
    public const string UnsafeDeserialization = "SB5003";
    public const string ExceptionDetailsExposed = "SB5004";
    public const string AuthenticationWithoutRateLimiting = "SB5005";
    public const string MissingSecurityHeaders = "SB5006";
    public const string ForwardedHeadersTrustAll = "SB5007";

    // SB5008 (dependency audit) is a build policy, not a diagnostic: NuGet reports NU1901-NU1904 and the package's
    // build/SecureBackend.Analyzers.targets raises NU1903/NU1904 under SecureBackendEnforce (docs/rules/SB5008.md).
}
