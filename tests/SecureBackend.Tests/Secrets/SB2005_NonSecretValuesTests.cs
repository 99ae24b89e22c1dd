using System.Threading.Tasks;
using Verify = SecureBackend.Tests.Infrastructure.AnalyzerVerifier<SecureBackend.Analyzers.Secrets.HardCodedSecretAnalyzer>;

namespace SecureBackend.Tests.Secrets;

/// <summary>
/// SB2005 and values that are not secrets although they sit under a secret name or look like a credential: local
/// development connection strings in EF Core design-time factories, masking placeholders, and constants that name a
/// secret (claim types, configuration keys, header and field names). Each exclusion is paired with its closest real case.
/// </summary>
public sealed class SB2005_NonSecretValuesTests
{
    private const string Usings = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Design;
        using Microsoft.Extensions.Configuration;

        public sealed class ShopContext : DbContext
        {
            public ShopContext(string connectionString) => ConnectionString = connectionString;

            public string ConnectionString { get; }
        }

        """;

    // ---------------------------------------------------------------- design-time factories

    [Fact]
    public Task DoesNotFlag_LocalServerInADesignTimeFactory() => Verify.AnalyzerAsync(
        Usings + """
        public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<ShopContext>
        {
            public ShopContext CreateDbContext(string[] args)
            {
                const string ConnectionString = "Server=localhost;Port=54320;Database=test;Username=postgres;Password=postgres";
                return new ShopContext(ConnectionString);
            }
        }

        public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<ShopContext>
        {
            private const string Local = "Data Source=(localdb)\\MSSQLLocalDB;Initial Catalog=Shop;User Id=sa;Password=SqlServer2026!?";

            public ShopContext CreateDbContext(string[] args)
                => new ShopContext(args.Length > 0 ? args[0] : "Server=tcp:127.0.0.1,14330;Database=test;User=sa;Password=Dev#Pass1");
        }
        """);

    [Fact]
    public Task Flags_RemoteServerInADesignTimeFactoryAndLocalServerElsewhere() => Verify.AnalyzerAsync(
        Usings + """
        public sealed class MigrationsFactory : IDesignTimeDbContextFactory<ShopContext>
        {
            public ShopContext CreateDbContext(string[] args)
                => new ShopContext({|#0:"Server=sql.internal.example.com;Database=shop;User Id=migrator;Password=M1grat0r!2024"|});
        }

        public sealed class MixedFactory : IDesignTimeDbContextFactory<ShopContext>
        {
            public ShopContext CreateDbContext(string[] args)
                => new ShopContext({|#1:"Host=localhost,db.example.com;Username=app;Password=Sh0pApp#2024"|});
        }

        public static class Database
        {
            public static ShopContext Open() => new ShopContext({|#2:"Server=localhost;Database=shop;User Id=sa;Password=Sh0pApp#2024"|});
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The password in this connection string"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The password in this connection string"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The password in this connection string"));

    // ---------------------------------------------------------------- masking placeholders

    [Fact]
    public Task DoesNotFlag_MaskingPlaceholders() => Verify.AnalyzerAsync(
        Usings + """
        public sealed record Client(string Id, string Secret, string Role);

        public static class ClientListing
        {
            public static object Describe(IEnumerable<Client> clients, string appName)
                => clients.Select(x => new { Id = x.Id, ClientId = $"{appName}:{x.Id}", ClientSecret = "obfuscated", x.Role }).ToList();

            public static Dictionary<string, string> Settings() => new()
            {
                ["Smtp:Password"] = "masked",
                ["Payments:ApiKey"] = "[redacted]",
                ["Storage:AccountKey"] = "<hidden>",
            };
        }
        """);

    [Fact]
    public Task Flags_SecretThatMerelyContainsAMaskingWord() => Verify.AnalyzerAsync(
        Usings + """
        public static class ClientListing
        {
            public static object Describe(string id) => new { Id = id, ClientSecret = {|#0:"masked-8f2b1c9d0e7a"|} };

            public static Dictionary<string, string> Settings() => new() { ["Smtp:Password"] = {|#1:"Obfuscated#2024"|} };
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The value of 'ClientSecret'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The value of 'Smtp:Password'"));

    // ---------------------------------------------------------------- constants that name a secret

    [Fact]
    public Task DoesNotFlag_ConstantsThatNameASecret() => Verify.AnalyzerAsync(
        Usings + """
        public static class AppClaimTypes
        {
            public const string ClientSecret = "urn:shop:clientSecret";
            public const string ApiKey = "URN:Shop:Claims:ApiKey";
        }

        public static class TokenRequest
        {
            public const string ClientB64HashedPassword = "password_hash_b64";
        }

        public static class SettingKeys
        {
            public const string GoogleClientSecret = "Authentication:Schemes:Google:ClientSecret";
            public const string WebhookSecret = "Integrations:Payments:Webhooks:SigningSecret";
        }

        public static class Headers
        {
            public const string WebhookSecretToken = "X-Webhook-Secret-Token";
            public const string ApiKey = "X-Partner-Api-Key-2";
            public const string ProxyAuthToken = "Proxy-Authorization-Access-Token";
        }
        """);

    [Fact]
    public Task Flags_CredentialsBesideNameConstants() => Verify.AnalyzerAsync(
        Usings + """
        public static class AppClaimTypes
        {
            public const string ClientSecret = {|#0:"9c8b7a6d5e4f3a2b"|};
        }

        public static class TokenRequest
        {
            public const string ClientPassword = {|#1:"my_password_is_secret_2024"|};
        }

        public static class Seeds
        {
            public static Dictionary<string, string?> Settings() => new()
            {
                ["Authentication:Schemes:Google:ClientSecret"] = {|#2:"GOCSPX-1a2b3c4d5e6f7g8h"|},
            };

            public const string WebhookSecret = {|#3:"Whsec-Live-Key-2024-8f2b"|};
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The value of 'ClientSecret'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The value of 'ClientPassword'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The value of 'Authentication:Schemes:Google:ClientSecret'"),
        Verify.Diagnostic().WithLocation(3).WithArguments("The value of 'WebhookSecret'"));

    // ---------------------------------------------------------------- still reported: accounts and keys

    [Fact]
    public Task Flags_LiteralPasswordsForAccountCreationAndSignIn() => Verify.AnalyzerAsync(
        """
        #nullable enable
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Identity;

        public sealed class Bootstrap
        {
            public async Task RunAsync(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn)
            {
                var admin = new IdentityUser("admin@shop.example");
                await users.CreateAsync(admin, {|#0:"Adm1n!Passw0rd"|});
                await users.AddPasswordAsync(admin, {|#1:"Second#Passw0rd"|});
                await signIn.PasswordSignInAsync("admin@shop.example", {|#2:"Adm1n!Passw0rd"|}, isPersistent: false, lockoutOnFailure: false);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("The 'password' argument of 'UserManager.CreateAsync'"),
        Verify.Diagnostic().WithLocation(1).WithArguments("The 'password' argument of 'UserManager.AddPasswordAsync'"),
        Verify.Diagnostic().WithLocation(2).WithArguments("The 'password' argument of 'SignInManager.PasswordSignInAsync'"));
}
