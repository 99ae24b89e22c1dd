using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = SecureBackend.Tests.Infrastructure.AnalyzerVerifier<SecureBackend.Analyzers.Secrets.HardCodedSecretAnalyzer>;

namespace SecureBackend.Tests.Secrets;

public sealed class SB2005_HardCodedSecretTests
{
    private const string Usings = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Net;
        using System.Net.Http;
        using System.Net.Http.Headers;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.Extensions.Configuration;
        using Microsoft.IdentityModel.Tokens;

        """;

    // ---------------------------------------------------------------- must flag: names

    [Fact]
    public Task Flags_ConstantFieldNamedApiKey() => Verify.AnalyzerAsync(
        Usings + """
        class PaymentsClient
        {
            private const string ApiKey = {|#0:"sk-4f9a8b7c6d5e4f3a2b1c0d9e"|};
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The value of 'ApiKey'"));

    [Fact]
    public Task Flags_PropertiesLocalsAndSnakeCase() => Verify.AnalyzerAsync(
        Usings + """
        class OAuthClient
        {
            public string ClientSecret { get; set; } = [|"8f2b1c9d0e7a6b5c"|];
            private static readonly string DB_PASSWORD = [|"x7!kQ2#vL9"|];

            public string Connect()
            {
                var password = [|"P@ssw0rd!2024"|];
                string db_pass = [|"r00tr00t"|];
                string refreshToken;
                refreshToken = [|"1//0gLx7aZ_refresh_9bq"|];
                return password + db_pass + refreshToken + DB_PASSWORD + ClientSecret;
            }
        }
        """);

    [Fact]
    public Task Flags_InventedKebabCaseDefaults() => Verify.AnalyzerAsync(
        Usings + """
        class JwtOptions
        {
            public string SecretKey { get; set; } = {|#0:"dev-secret-key"|};
            public string ApiToken { get; set; } = {|#1:"my-api-token"|};
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The value of 'SecretKey'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The value of 'ApiToken'"));

    [Fact]
    public Task Flags_ObjectInitializerAndNamedArguments() => Verify.AnalyzerAsync(
        Usings + """
        class SmtpSettings { public string Host { get; set; } = ""; public string UserName { get; set; } = ""; public string Password { get; set; } = ""; }

        class Mailer
        {
            public SmtpSettings Settings() => new SmtpSettings { Host = "smtp.example.com", UserName = "mailer", Password = {|#0:"hunter22!"|} };

            public bool Login(string userName, string password) => userName.Length > password.Length;

            public bool Admin() => Login(userName: "admin", password: {|#1:"Admin#2024"|});
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The value of 'Password'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The 'password' argument of 'Mailer.Login'"));

    [Fact]
    public Task Flags_SeededAdministratorPassword() => Verify.AnalyzerAsync(
        Usings + """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Identity;

        class Seeder
        {
            public async Task SeedAsync(UserManager<IdentityUser> users)
            {
                var admin = new IdentityUser("admin@shop.example");
                await users.CreateAsync(admin, {|#0:"Adm1n!Passw0rd"|});
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The 'password' argument of 'UserManager.CreateAsync'"));

    [Fact]
    public Task Flags_InMemoryConfigurationEntries() => Verify.AnalyzerAsync(
        Usings + """
        class Setup
        {
            public IConfiguration Build() => new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Jwt:Issuer"] = "https://shop.example",
                    ["Jwt:Key"] = {|#0:"ThisIsMyVerySecretSigningKey12345"|},
                    ["ConnectionStrings:Default"] = {|#1:"Server=db;Database=shop;User Id=sa;Password=Sup3rS3cret!;"|},
                })
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    { "Stripe:SecretKey", {|#2:"sk_test_51Habc123def456"|} },
                })
                .Build();

            public void Override(IConfiguration configuration) => configuration["Smtp:Password"] = {|#3:"m4il-pa55"|};
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The value of 'Jwt:Key'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The password in this connection string"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The value of 'Stripe:SecretKey'"),
        Verify.Diagnostic().WithLocation(3).WithArguments("The value of 'Smtp:Password'"));

    [Fact]
    public Task Flags_FormFieldsHeadersAndEnvironment() => Verify.AnalyzerAsync(
        Usings + """
        class TokenClient
        {
            public HttpRequestMessage Create(HttpClient client)
            {
                var form = new FormUrlEncodedContent(new[]
                {
                    new KeyValuePair<string, string>("grant_type", "client_credentials"),
                    new KeyValuePair<string, string>("client_id", "shop-backend"),
                    new KeyValuePair<string, string>("client_secret", {|#0:"9c8b7a6d5e4f"|}),
                });
                client.DefaultRequestHeaders.Add("X-Api-Key", {|#1:"a1b2c3d4e5f6g7h8"|});
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", {|#2:"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"|});
                var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = form };
                request.Headers.Add("Authorization", {|#3:"Basic c2hvcDpzM2NyM3Q="|});
                Environment.SetEnvironmentVariable("DB_PASSWORD", {|#4:"pa55word!"|});
                return request;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The value of 'client_secret'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The value of 'X-Api-Key'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The credentials passed to 'AuthenticationHeaderValue'"),
        Verify.Diagnostic().WithLocation(3).WithArguments("The credentials in the 'Authorization' header"),
        Verify.Diagnostic().WithLocation(4).WithArguments("The value of 'DB_PASSWORD'"));

    [Fact]
    public Task Flags_ParameterDefaultsAndTypeQualifiedKey() => Verify.AnalyzerAsync(
        Usings + """
        class JwtSettings
        {
            public string Issuer { get; set; } = "https://shop.example";
            public string Key { get; set; } = {|#0:"jwt-signing-key-0123456789abcdef"|};
        }

        class Db
        {
            public void Connect(string user = "root", string password = {|#1:"root123!"|}) { }
        }

        record RedisOptions(string Host, string Password = {|#2:"r3dis-Pa55"|});
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The value of 'Key'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The default value of 'password'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The default value of 'Password'"));

    [Fact]
    public Task Flags_ConfigurationFallbackLiteral() => Verify.AnalyzerAsync(
        Usings + """
        class Tokens
        {
            public SymmetricSecurityKey Key(IConfiguration configuration)
            {
                var signingKey = configuration["Jwt:Key"] ?? {|#0:"dev-fallback-signing-key-123"|};
                var other = Environment.GetEnvironmentVariable("JWT_SECRET") ?? "another-fallback-key-0987654321";
                var first = new SymmetricSecurityKey(Encoding.UTF8.GetBytes({|#1:other|}));
                return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey + first.KeyId));
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The value of 'signingKey'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The 'key' argument of 'SymmetricSecurityKey'"));

    [Fact]
    public Task Flags_SecretNamedConstantOnceAtItsDeclaration_NotAgainWhereItReachesAKeyApi() => Verify.AnalyzerAsync(
        Usings + """
        static class AuthorizationConstants
        {
            public const string JWT_SECRET_KEY = {|#0:"SecretKeyOfDoomThatMustBeLongEnough"|};
            public static readonly string SigningSecret = {|#1:"another-long-signing-secret-value"|};
        }

        static class Keys
        {
            public const string Material = "neutral-name-but-still-a-signing-key";
        }

        class TokenSetup
        {
            public TokenValidationParameters Parameters(bool rotate)
            {
                var key = Encoding.ASCII.GetBytes(AuthorizationConstants.JWT_SECRET_KEY);
                var bytes = rotate ? key : Encoding.UTF8.GetBytes(AuthorizationConstants.JWT_SECRET_KEY);
                var second = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(AuthorizationConstants.SigningSecret));
                var material = Encoding.UTF8.GetBytes(Keys.Material);
                return new TokenValidationParameters
                {
                    IssuerSigningKey = new SymmetricSecurityKey(key),
                    TokenDecryptionKey = new SymmetricSecurityKey({|#2:material|}),
                    IssuerSigningKeys = new[] { second, new SymmetricSecurityKey(bytes) },
                };
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The value of 'JWT_SECRET_KEY'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The value of 'SigningSecret'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The 'key' argument of 'SymmetricSecurityKey'"));

    // ---------------------------------------------------------------- must flag: APIs that take keys and passwords

    [Fact]
    public Task Flags_LiteralSigningKeyForTokens() => Verify.AnalyzerAsync(
        Usings + """
        class TokenService
        {
            public SigningCredentials Credentials()
            {
                var securityKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes({|#0:"super-secret-jwt-signing-key-0123456789"|}));
                return new SigningCredentials(securityKey, SecurityAlgorithms.HmacSha256);
            }

            public SymmetricSecurityKey FromBase64() => new SymmetricSecurityKey(Convert.FromBase64String({|#1:"c2VjcmV0LWtleS1mb3ItdG9rZW5zLTEyMzQ1Njc4OTA="|}));
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The 'key' argument of 'SymmetricSecurityKey'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The 'key' argument of 'SymmetricSecurityKey'"));

    [Fact]
    public Task Flags_HmacKeysThroughNeutralFieldsAndLocals() => Verify.AnalyzerAsync(
        Usings + """
        class Webhooks
        {
            private static readonly byte[] Material = Encoding.ASCII.GetBytes("k3y-m4t3r14l-f0r-hm4c");
            private const string Shared = "whsec_5f4e3d2c1b0a";

            public byte[] Sign(byte[] body)
            {
                using var hmac = new HMACSHA256({|#0:Material|});
                var raw = "0123456789abcdef0123";
                var second = HMACSHA512.HashData(Encoding.UTF8.GetBytes({|#1:raw|}), body);
                var third = HMACSHA256.HashData(Encoding.UTF8.GetBytes({|#2:Shared|}), body);
                return hmac.ComputeHash(second.Length > third.Length ? second : third);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The 'key' argument of 'HMACSHA256'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The 'key' argument of 'HMACSHA512.HashData'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The 'key' argument of 'HMACSHA256.HashData'"));

    [Fact]
    public Task Flags_LiteralKeysAndIvsForSymmetricCiphers() => Verify.AnalyzerAsync(
        Usings + """
        class Vault
        {
            public ICryptoTransform Encryptor()
            {
                var aes = Aes.Create();
                aes.Key = {|#0:new byte[] { 0x10, 0x22, 0x3A, 0x4F, 0x51, 0x6B, 0x7C, 0x8D, 0x9E, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6, 0x07 }|};
                aes.IV = {|#1:new byte[16]|};
                var key = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
                return aes.CreateDecryptor({|#2:key|}, Encoding.ASCII.GetBytes({|#3:"0000111122223333"|}));
            }

            public AesGcm Gcm() => new AesGcm(Convert.FromHexString({|#4:"00112233445566778899AABBCCDDEEFF"|}), 16);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The value assigned to 'Aes.Key'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The value assigned to 'Aes.IV'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The 'rgbKey' argument of 'SymmetricAlgorithm.CreateDecryptor'"),
        Verify.Diagnostic().WithLocation(3).WithArguments("The 'rgbIV' argument of 'SymmetricAlgorithm.CreateDecryptor'"),
        Verify.Diagnostic().WithLocation(4).WithArguments("The 'key' argument of 'AesGcm'"));

    [Fact]
    public Task Flags_LiteralPasswordsForCredentialsAndKeyDerivation() => Verify.AnalyzerAsync(
        Usings + """
        class Legacy
        {
            public object[] Create(byte[] salt)
            {
                return new object[]
                {
                    new NetworkCredential("svc-mailer", {|#0:"M@ilerPass1"|}),
                    new Rfc2898DeriveBytes({|#1:"MyStaticPassphrase"|}, salt, 600_000, HashAlgorithmName.SHA256),
                    Rfc2898DeriveBytes.Pbkdf2({|#2:"an0ther-pass"u8|}, salt, 600_000, HashAlgorithmName.SHA256, 32),
                    new PasswordDeriveBytes({|#3:"legacy-passphrase!"|}, salt),
                };
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The 'password' argument of 'NetworkCredential'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The 'password' argument of 'Rfc2898DeriveBytes'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The 'password' argument of 'Rfc2898DeriveBytes.Pbkdf2'"),
        Verify.Diagnostic().WithLocation(3).WithArguments("The 'strPassword' argument of 'PasswordDeriveBytes'"));

    // ---------------------------------------------------------------- must flag: strings that embed credentials

    [Fact]
    public Task Flags_ConnectionStringsWithLiteralPasswords() => Verify.AnalyzerAsync(
        Usings + """
        class Data
        {
            private const string Main = {|#0:"Server=sql.internal;Database=shop;User Id=shop_app;Password=Sh0pApp#2024;"|};

            public string[] All(string host, string database)
            {
                return new[]
                {
                    Main,
                    {|#1:$"Server={host};Database={database};User Id=app;Pwd=Tr0ub4dor&3;"|},
                    {|#2:"Host=pg;Username=app;" + "Password='semi;colon';"|},
                    string.Format({|#3:"Server={0};User Id=app;Password=letmein123;"|}, host),
                    {|#4:"DefaultEndpointsProtocol=https;AccountName=shopstore;AccountKey=bXlzdG9yYWdla2V5MTIzNDU2Nzg5MA==;EndpointSuffix=core.windows.net"|},
                    "Server=" + host + {|#5:";User Id=sa;Password=Passw0rd!"|},
                };
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The password in this connection string"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The password in this connection string"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The password in this connection string"),
        Verify.Diagnostic().WithLocation(3).WithArguments("The password in this connection string"),
        Verify.Diagnostic().WithLocation(4).WithArguments("The password in this connection string"),
        Verify.Diagnostic().WithLocation(5).WithArguments("The password in this connection string"));

    [Fact]
    public Task Flags_VerbatimRawAndEscapedLiterals() => Verify.AnalyzerAsync(
        Usings + """"
        class Data
        {
            public string[] All() => new[]
            {
                {|#0:@"Server=sql.internal;User Id=app;Password=Sh0p""App#2024;"|},
                {|#1:"""Server=sql.internal;User Id=app;Password=R4wStr1ng!;"""|},
                {|#2:"Server=sql.internal;User Id=app;Password=Esc\u0061ped99;"|},
                @"Server=sql.internal;User Id=app;Password=;",
                """Server=sql.internal;User Id=app;Password=<password>;""",
            };

            public string Key() => {|#3:"""
                -----BEGIN RSA PRIVATE KEY-----
                MIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF0kXkFq1cYc6+b7GzjvT2fMZ9Z1x
                -----END RSA PRIVATE KEY-----
                """|};
        }
        """",
        Verify.Diagnostic().WithLocation(0).WithArguments("The password in this connection string"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The password in this connection string"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The password in this connection string"),
        Verify.Diagnostic().WithLocation(3).WithArguments("The private key in this string"));

    [Fact]
    public Task Flags_TokensWhosePrefixComesFromAConstantHole() => Verify.AnalyzerAsync(
        Usings + """
        class Maps
        {
            private const string KeyStart = "AI";
            private const string Scheme = "https";

            public string TileUrl(string region) => {|#0:$"{KeyStart}zaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8/{region}"|};

            public string Broker(string host) => {|#1:$"{Scheme}://shop:Rabb1tPass@{host}/orders"|};

            public string Label(string region) => $"{KeyStart} tiles for {region} (zaSy legend)";
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The Google API key in this string"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The password in this URL"));

    [Fact]
    public Task Flags_CredentialsInUrlsKeysAndKnownTokenFormats() => Verify.AnalyzerAsync(
        Usings + """
        class Endpoints
        {
            public Uri Broker = new Uri({|#0:"amqp://shop:Rabb1tPass@mq.internal:5672/orders"|});
            public string Cache = {|#1:"redis://:r3disPass@cache:6379/0"|};
            public string Deploy = {|#2:"ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"|};
            public string Pem = {|#3:"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----"|};
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The password in this URL"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The password in this URL"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The GitHub token in this string"),
        Verify.Diagnostic().WithLocation(3).WithArguments("The private key in this string"));

    [Fact]
    public Task Flags_CredentialCheckedAgainstALiteral() => Verify.AnalyzerAsync(
        Usings + """
        class LoginRequest { public string UserName { get; set; } = ""; public string Password { get; set; } = ""; }

        class Backdoor
        {
            public bool IsAdmin(LoginRequest request, string apiKey)
            {
                return (request.UserName == "admin" && request.Password == {|#0:"S3cr3t!Adm1n"|})
                    || string.Equals(apiKey, {|#1:"9f8e7d6c5b4a"|}, StringComparison.Ordinal)
                    || {|#2:"k-123456789"|}.Equals(apiKey);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The value compared with 'Password'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The value compared with 'apiKey'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The value compared with 'apiKey'"));

    [Fact]
    public Task Flags_ConfiguredAdditionalName()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Licensing { private const string LicenseKey = [|"LIC-7788-AB12-CD34"|]; }
                """,
        };
        test.WithEditorConfig("securebackend.SB2005.names = license key");
        return test.RunAsync();
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task DoesNotFlag_EmptyNullAndConfiguredValues() => Verify.AnalyzerAsync(
        Usings + """
        class SmtpSettings { public string Password { get; set; } = ""; public string? ApiKey { get; set; } = null; public string Token { get; set; } = string.Empty; }

        class Setup
        {
            public void Configure(IConfiguration configuration, SmtpSettings settings)
            {
                settings.Password = configuration["Smtp:Password"] ?? "";
                settings.ApiKey = Environment.GetEnvironmentVariable("API_KEY");
                settings.Token = configuration.GetValue<string>("Api:Token") ?? string.Empty;
                var clientSecret = configuration["Auth:ClientSecret"]!;
                string? password = default;
                var signingKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"]!));
                var generated = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
                Console.WriteLine(clientSecret + password + signingKey.KeySize + generated.KeySize);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_Placeholders() => Verify.AnalyzerAsync(
        Usings + """
        class Samples
        {
            private const string ApiKey = "<your-api-key>";
            private const string Password = "${DB_PASSWORD}";
            private const string Secret = "***";
            private const string ClientSecret = "changeme";
            private const string AccessToken = "your-access-token-here";
            private const string SigningKey = "xxxxxxxxxxxxxxxx";
            private const string AuthToken = "YOUR_AUTH_TOKEN";
            private const string PrivateKey = "{0}";
            private const string AdminPassword = "%ADMIN_PASSWORD%";
            public SymmetricSecurityKey Key() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes("<replace-with-a-256-bit-key>"));
        }
        """);

    [Fact]
    public Task DoesNotFlag_NamesThatAreNotSecrets() => Verify.AnalyzerAsync(
        Usings + """
        class AccountConstants
        {
            public const string PasswordField = "password";
            public const string PasswordLabel = "Password:";
            public const int PasswordMinLength = 12;
            public const string TokenEndpoint = "/connect/token";
            public const string ApiKeyHeaderName = "X-Api-Key";
            public const string AccessTokenKey = "access_token";
            public const string SecretName = "DbPassword";
            public const string TokenType = "Bearer";
            public const string PasswordResetTokenProvider = "PasswordReset";
            public const string PasswordRegex = "^(?=.*[A-Z])(?=.*\\d).{12,}$";
            public const string PasswordChars = "abcdefghijkmnpqrstuvwxyz23456789";
            public const string TokenPurpose = "ResetPassword";
            public const string AuthTokenCookie = "auth_token";
            public const string AdminPasswordHash = "AQAAAAIAAYagAAAAEJ7nY1Nn0";
            public const string KeyVaultUri = "https://shop-vault.vault.azure.net/";
            public const string CacheKey = "products:all";
            public const string PasswordRequiredMessage = "Password is required";
        }
        """);

    [Fact]
    public Task DoesNotFlag_ValuesThatAreLabelsOfTheSecret() => Verify.AnalyzerAsync(
        Usings + """
        class OAuthNames
        {
            public const string ApiKey = "X-API-KEY";
            public const string RefreshToken = "refresh_token";
            public const string ClientSecret = "client_secret";
            public const string Password = "Password";
            public const string JwtKey = "Jwt:Key";
            public const string DbPassword = "DB_PASSWORD";
            public const string CsrfToken = "__RequestVerificationToken";
            public const string Token = "token";
            public const string ResetPassword = "reset-password";
            public const string AuthToken = "X-Auth-Token";

            public string Error(string password) => password.Length == 0 ? "Password is required" : "";

            public void SignOut(Microsoft.AspNetCore.Http.HttpResponse response)
            {
                response.Cookies.Append("access_token", "deleted");
                response.Cookies.Append("refresh_token", "");
            }

            public Dictionary<string, string> Form(string password) => new()
            {
                ["grant_type"] = "password",
                ["password"] = password,
                ["scope"] = "api offline_access",
            };
        }
        """);

    [Fact]
    public Task DoesNotFlag_ComparisonsWithEmptyPlaceholderOrNonSecretValues() => Verify.AnalyzerAsync(
        Usings + """
        class Checks
        {
            public bool Run(string password, string tokenType, string? token, string role, string grantType)
            {
                return password == ""
                    || tokenType == "Bearer"
                    || token == null
                    || token == "null"
                    || role == "Admin"
                    || grantType == "password"
                    || password == string.Empty;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ConnectionStringsWithoutLiteralPasswords() => Verify.AnalyzerAsync(
        Usings + """
        class Data
        {
            public string[] All(string host, string password, IConfiguration configuration)
            {
                return new[]
                {
                    "Server=.;Database=shop;Integrated Security=true;TrustServerCertificate=true",
                    "Data Source=shop.db",
                    "Server=.;Database=shop;User Id=app;Password=;",
                    $"Server={host};Database=shop;User Id=app;Password={password};",
                    "Server=" + host + ";User Id=app;Password=" + password,
                    string.Format("Server={0};User Id=app;Password={1};", host, password),
                    "Server=db;User Id=app;Password=<password>;",
                    "Host=pg;Username=app;Pwd=***",
                    configuration.GetConnectionString("Default") ?? "",
                    "Login failed for the account; check the password and try again",
                };
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_UrlsWithoutPasswords() => Verify.AnalyzerAsync(
        Usings + """
        class Links
        {
            public string[] All(string user, string password) => new[]
            {
                "https://deploy@git.example.com/shop.git",
                "mailto:security@example.com",
                "https://example.com/reset?token=abc123&email=a@b.com",
                "https://{0}:{1}@registry.example.com",
                $"https://{user}:{password}@registry.example.com",
                "https://user:@example.com/",
                "git@github.com:shop/backend.git",
            };
        }
        """);

    [Fact]
    public Task DoesNotFlag_KeysAndIvsThatAreGeneratedOrConfigured() => Verify.AnalyzerAsync(
        Usings + """
        class Vault
        {
            public ICryptoTransform Encryptor(IConfiguration configuration, byte[] storedKey)
            {
                var aes = Aes.Create();
                aes.GenerateKey();
                var iv = new byte[16];
                RandomNumberGenerator.Fill(iv);
                aes.IV = iv;
                aes.Key = Convert.FromBase64String(configuration["Crypto:Key"]!);
                using var hmac = new HMACSHA256(storedKey);
                return aes.CreateEncryptor(storedKey, aes.IV);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_FakeSampleAndPaginationNames() => Verify.AnalyzerAsync(
        Usings + """
        class Docs
        {
            public const string FakePassword = "not-a-real-one-1";
            public const string SampleApiKey = "demo-1234-5678";
            public const string ExampleToken = "eyJ0eXAi.example";
            public const string NextPageToken = "page-2";
            public const string DummySecret = "abc";
        }
        """);

    [Fact]
    public Task DoesNotFlag_DevelopmentOnlyCode() => Verify.AnalyzerAsync(
        Usings + """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        static class Setup
        {
            public static string Connection(WebApplicationBuilder builder)
            {
                if (builder.Environment.IsDevelopment())
                {
                    var devPassword = "DevOnly123!";
                    return "Server=localhost;User Id=sa;Password=DevOnly123!;" + devPassword;
                }

                return builder.Configuration.GetConnectionString("Default")!;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ConfiguredPlaceholdersAndExclusions()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Local
                {
                    private const string ApiKey = "local-dev-secret";
                    private const string WebhookSecret = "whsec_documented_public_value";
                }
                """,
        };
        test.WithEditorConfig("securebackend.SB2005.placeholders = local-dev-secret\nsecurebackend.SB2005.excluded_names = webhook secret");
        return test.RunAsync();
    }

    [Fact]
    public async Task DoesNotFlag_TestProjects()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class LoginTests
                {
                    private const string Password = "P@ssw0rd!";
                    private const string Connection = "Server=.;User Id=sa;Password=Test123!;";
                }
                """,
        };
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location));
        await test.RunAsync();
    }

    [Fact]
    public async Task DoesNotFlag_HalfTypedCodeBeyondClearIntent()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Broken
                {
                    private const string ApiKey = ;
                    public string Password { get; set; } = Unknown.Value;
                    public void A() { var token = ; var secret = "abc" + ; new NetworkCredential("u", ); new SymmetricSecurityKey(Encoding.UTF8.GetBytes()); }
                    public void B(Aes aes) { aes.Key = new byte[] { 1, 2, ; aes.IV = new byte[]; }
                    public void C(Dictionary<string, string> d) { d[] = "x"; d["Jwt:Key"] = ; }
                }
                """,
        };
        test.CompilerDiagnostics = CompilerDiagnostics.None;

        // The key being typed is already made of literals: reported, and nothing else is.
        test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithSpan(16, 40, 16, 59).WithArguments("The value assigned to 'Aes.Key'"));
        await test.RunAsync();
    }
}
