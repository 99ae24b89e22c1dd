using System.Threading.Tasks;
using Verify = SecureBackend.Tests.Infrastructure.AnalyzerVerifier<SecureBackend.Analyzers.Secrets.HardCodedSecretAnalyzer>;

namespace SecureBackend.Tests.Secrets;

/// <summary>
/// SB2005 on credentials written into strings: connection strings and URLs assembled from parts, <c>password=…</c>
/// key-value text, defaults of parameters; and the strings that only look like one: SQL parameter placeholders, values
/// that repeat their key or user name, public values, format markers, log and exception messages, names that spell
/// themselves, and sample data of the application's own objects.
/// </summary>
public sealed class SB2005_EmbeddedCredentialTests
{
    private const string Usings = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using System.Net;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;

        """;

    // ---------------------------------------------------------------- must flag

    [Fact]
    public Task Flags_ConnectionStringsAssembledByConcatenationFormatAndConstantParts() => Verify.AnalyzerAsync(
        Usings + """
        class Data
        {
            private const string Part = "Tr0ub4dor&3";

            public string[] All(string host) => new[]
            {
                "Server=" + host + {|#0:";Database=shop;User Id=app;Password="|} + Part,
                "Host=" + host + {|#1:";Username=app;Password="|} + "Pg#Secret9" + ";SSL Mode=Require",
                string.Format({|#2:"Server={0};User Id={1};Password={2};"|}, host, "app", "letmein123"),
                string.Format(CultureInfo.InvariantCulture, {|#3:"Host={0};Username=app;Password={1}"|}, host, "Pg#Secret9"),
                {|#4:$"Server={host};User Id=app;Password={Part}"|},
            };
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The password in this connection string"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The password in this connection string"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The password in this connection string"),
        Verify.Diagnostic().WithLocation(3).WithArguments("The password in this connection string"),
        Verify.Diagnostic().WithLocation(4).WithArguments("The password in this connection string"));

    [Fact]
    public Task Flags_PasswordKeyValueTextAndUrlsBuiltFromParts() => Verify.AnalyzerAsync(
        Usings + """"
        class Clients
        {
            public string[] All(string host) => new[]
            {
                {|#0:"username=admin&password=Adm1nPass"|},
                {|#1:"pwd=Qwerty!234"|},
                {|#2:"https://api.example.com/login?user=svc&password=Svc#Pass1"|},
                {|#3:@"passwd=V3rb@tim!"|},
                {|#4:"""password=R4wString!"""|},
                {|#5:"amqp://shop:" + "Rabb1tPass" + "@"|} + host,
            };
        }
        """",
        Verify.Diagnostic().WithLocation(0).WithArguments("The password in this string"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The password in this string"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The password in this string"),
        Verify.Diagnostic().WithLocation(3).WithArguments("The password in this string"),
        Verify.Diagnostic().WithLocation(4).WithArguments("The password in this string"),
        Verify.Diagnostic().WithLocation(5).WithArguments("The password in this URL"));

    [Fact]
    public Task Flags_ParameterAndPrimaryConstructorDefaults() => Verify.AnalyzerAsync(
        Usings + """
        class SmtpSender(string host, string password = {|#0:"M4il#Pass"|})
        {
            public string Describe() => host + password.Length;
        }

        record struct BrokerOptions(string Host = "mq", string ApiKey = {|#1:"k-9f8e7d6c5b4a"|});

        static class Db
        {
            public static void Open(string user = "app", string password = {|#2:"0pen#Sesame"|}) { }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The default value of 'password'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The default value of 'ApiKey'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The default value of 'password'"));

    [Fact]
    public Task Flags_RealPasswordsInSeedObjectsAndFrameworkBuilders() => Verify.AnalyzerAsync(
        Usings + """
        using Microsoft.Data.SqlClient;

        public sealed class EmailAccount { public string Username { get; set; } = ""; public string Password { get; set; } = ""; }

        class Installer
        {
            public object[] Seed() => new object[]
            {
                new EmailAccount { Username = "shop", Password = {|#0:"M4il#2024"|} },
                new SqlConnectionStringBuilder { DataSource = "db", UserID = "sa", Password = {|#1:"1234"|} },
                new NetworkCredential("smtp", {|#2:"123"|}),
            };
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The value of 'Password'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The value of 'Password'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The 'password' argument of 'NetworkCredential'"));

    [Fact]
    public Task Flags_KebabSecretsWithoutATrackingPrefixAndDottedValuesThatAreNotNames() => Verify.AnalyzerAsync(
        Usings + """
        class Keys
        {
            public const string DeviceAuthKey = {|#0:"my-device-auth-key"|};
            public const string SigningKey = {|#1:"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"|};
            public const string ClientSecret = {|#2:"6ba7b810-1234-11d1-80b4-00c04fd430c8"|};
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The value of 'DeviceAuthKey'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The value of 'SigningKey'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The value of 'ClientSecret'"));

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task DoesNotFlag_SqlParameterPlaceholders() => Verify.AnalyzerAsync(
        Usings + """
        class Queries
        {
            public string[] All() => new[]
            {
                "UPDATE Users SET Password=@p WHERE Id=@id",
                "UPDATE users SET pwd=:pwd WHERE id=:id",
                "SELECT id FROM accounts WHERE login=? AND password=?",
                "UPDATE users SET password = $1 WHERE id = $2",
                "Server=db;User Id=app;Password=@password",
            };
        }
        """);

    [Fact]
    public Task DoesNotFlag_ValuesThatRepeatTheirKeyOrUserName() => Verify.AnalyzerAsync(
        Usings + """
        class Samples
        {
            public string[] All() => new[]
            {
                "Server=db;User Id=postgres;Password=postgres",
                "Host=pg;Username=app;Password=password",
                "ftp://anonymous:anonymous@ftp.example.com/pub",
                "user=guest&password=guest",
            };
        }
        """);

    [Fact]
    public Task DoesNotFlag_PublicValuesAndFormatMarkers() => Verify.AnalyzerAsync(
        Usings + """
        class Wellknown
        {
            public const string PublicKeyToken = "b77a5c561934e089";
            public const string PublishableKey = "pk_live_51Habc123def456";
            public const string WebAssembly = "System.Web, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a";
            public const string DefaultApiKey = "00000000-0000-0000-0000-000000000000";
            public const string TokenNamespace = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";
            public const string PrivateKey = "-----BEGIN RSA PRIVATE KEY-----";
            public const string PrivateKeyFooter = "-----END PRIVATE KEY-----";

            public string Strip(string pem) => pem.Replace("-----BEGIN PRIVATE KEY-----", "").Replace("-----END PRIVATE KEY-----", "");
        }
        """);

    [Fact]
    public Task DoesNotFlag_TextThatOnlyBecomesALogOrExceptionMessage() => Verify.AnalyzerAsync(
        Usings + """
        class Diagnostics
        {
            public void Run(ILogger<Diagnostics> logger, string host)
            {
                logger.LogWarning("Rejected connection string 'Server=db;User Id=app;Password=Hunter2!'");
                logger.LogInformation("Default broker credentials are amqp://guest:Gu3st!@" + host);
                Console.WriteLine(string.Format("pwd={0}", "Qwerty!234"));
                throw new ArgumentException($"Unsupported value password=Adm1nPass for {host}");
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_NamesThatSpellThemselvesAndSeedPlaceholders() => Verify.AnalyzerAsync(
        Usings + """
        static class FeatureFlagKeys
        {
            public const string DeviceAuthKey = "pm-27581-device-auth-key";
            public const string PasswordlessLoginToken = "1234-passwordless-login-token";
        }

        class EditorTemplates
        {
            private const string UsePasswordValue = "Switch.Microsoft.AspNetCore.Mvc.UsePasswordValue";
            private const string ResetTokenOption = "Identity.Tokens.PasswordResetToken";
        }

        public sealed class EmailAccount
        {
            public string Email { get; set; } = "";
            public string Username { get; set; } = "";
            public string Password { get; set; } = "";
        }

        class InstallationService
        {
            public List<EmailAccount> EmailAccounts() => new()
            {
                new() { Email = "test@mail.com", Username = "123", Password = "123" },
                new() { Email = "shop@mail.com", Username = "shop@mail.com", Password = "shop@mail.com" },
                new() { Email = "demo@mail.com", Username = "demo", Password = "1111" },
            };
        }
        """);
}
