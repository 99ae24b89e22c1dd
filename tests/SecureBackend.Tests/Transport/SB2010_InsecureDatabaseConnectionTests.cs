using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.CodeFixes.Transport;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Transport.InsecureDatabaseConnectionAnalyzer,
    SecureBackend.CodeFixes.Transport.InsecureDatabaseConnectionFixer>;

namespace SecureBackend.Tests.Transport;

public sealed class SB2010_InsecureDatabaseConnectionTests
{
    [Fact]
    public Task Flags_TrustServerCertificateInSqlConnectionLiteral() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        public class Orders
        {
            public SqlConnection Open() => new SqlConnection({|#0:"Server=db.shop.internal;Database=Shop;Integrated Security=true;TrustServerCertificate=True;"|});
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        public class Orders
        {
            public SqlConnection Open() => new SqlConnection("Server=db.shop.internal;Database=Shop;Integrated Security=true;");
        }
        """,
        InsecureDatabaseConnectionFixer.RequireValidatedEncryptionKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("TrustServerCertificate=True", "any certificate the server presents is accepted"));

    [Fact]
    public Task Flags_EncryptFalseAndTrustInOneString_FixAll() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        public static class Defaults
        {
            public const string Database = {|#0:{|#1:"Data Source=sql01;Initial Catalog=Shop;Encrypt=False;Trust Server Certificate=true"|}|};
        }
        """,
        /* lang=c#-test */ """
        public static class Defaults
        {
            public const string Database = "Data Source=sql01;Initial Catalog=Shop;Encrypt=True";
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Encrypt=False", "data and credentials may travel unencrypted"),
        Verify.Diagnostic().WithLocation(1).WithArguments("Trust Server Certificate=true", "any certificate the server presents is accepted"));

    [Fact]
    public Task Flags_InterpolatedConnectionString() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        public class Reports
        {
            public SqlConnection Open(string host, string db) => new SqlConnection($"Server={host};Database={db}[|;TrustServerCertificate=True|]");
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        public class Reports
        {
            public SqlConnection Open(string host, string db) => new SqlConnection($"Server={host};Database={db}");
        }
        """);

    [Fact]
    public Task Flags_ConfigurationValueConcatenatedWithTrustSetting() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;
        using Microsoft.Extensions.Configuration;

        public class Reports
        {
            public SqlConnection Open(IConfiguration configuration)
                => new SqlConnection(configuration.GetConnectionString("Reports") + [|";TrustServerCertificate=True"|]);

            public string Fallback(IConfiguration configuration)
                => configuration.GetConnectionString("Shop") ?? [|"Server=tcp:shop.database.windows.net,1433;Database=Shop;Encrypt=Optional"|];
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;
        using Microsoft.Extensions.Configuration;

        public class Reports
        {
            public SqlConnection Open(IConfiguration configuration)
                => new SqlConnection(configuration.GetConnectionString("Reports") + "");

            public string Fallback(IConfiguration configuration)
                => configuration.GetConnectionString("Shop") ?? "Server=tcp:shop.database.windows.net,1433;Database=Shop;Encrypt=True";
        }
        """);

    [Fact]
    public Task Flags_SqlConnectionStringBuilderSettings() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        public class Factory
        {
            public string Build(string server)
            {
                var builder = new SqlConnectionStringBuilder
                {
                    DataSource = server,
                    {|#0:TrustServerCertificate = true|},
                    [|Encrypt = SqlConnectionEncryptOption.Optional|],
                };
                [|builder.Encrypt = false|];
                return builder.ConnectionString;
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        public class Factory
        {
            public string Build(string server)
            {
                var builder = new SqlConnectionStringBuilder
                {
                    DataSource = server,
                    TrustServerCertificate = false,
                    Encrypt = SqlConnectionEncryptOption.Mandatory,
                };
                builder.Encrypt = true;
                return builder.ConnectionString;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("TrustServerCertificate = true", "any certificate the server presents is accepted"));

    [Fact]
    public Task Flags_NpgsqlSslModeDisable_NoFixOffered() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Npgsql;

        public class Catalog
        {
            public NpgsqlDataSource Open() => NpgsqlDataSource.Create([|"Host=pg.internal;Database=catalog;SSL Mode=Disable"|]);

            public string Build() => new NpgsqlConnectionStringBuilder { Host = "pg.internal", [|SslMode = SslMode.Disable|] }.ConnectionString;
        }
        """);

    [Fact]
    public Task Flags_TrustSettingPassedAsConnectionStringWithoutServerKey() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        public class Reports
        {
            public SqlConnection Open() => new SqlConnection([|"TrustServerCertificate=True;Encrypt=True"|]);
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        public class Reports
        {
            public SqlConnection Open() => new SqlConnection("Encrypt=True");
        }
        """);

    [Fact]
    public Task DoesNotFlag_LocalDevelopmentServers() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        public static class LocalDatabases
        {
            public const string A = "Server=localhost;Database=Shop;TrustServerCertificate=True";
            public const string B = "Server=(localdb)\\MSSQLLocalDB;Database=Shop;Trusted_Connection=True;TrustServerCertificate=true";
            public const string C = "Data Source=.;Initial Catalog=Shop;Encrypt=False";
            public const string D = "Server=127.0.0.1,1433;Database=Shop;User Id=sa;Encrypt=false";
            public const string E = "Host=localhost;Port=5432;Database=shop;SslMode=Disable";
            public const string F = @"Server=.\SQLEXPRESS;Database=Shop;TrustServerCertificate=True";
        }
        """);

    [Fact]
    public Task DoesNotFlag_BuilderForLocalServer() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        public class Factory
        {
            public string A() => new SqlConnectionStringBuilder { DataSource = "localhost", TrustServerCertificate = true }.ConnectionString;
            public string B() => new SqlConnectionStringBuilder("Server=(localdb)\\MSSQLLocalDB;Database=Shop") { Encrypt = false }.ConnectionString;
        }
        """);

    [Fact]
    public Task DoesNotFlag_DesignTimeFactory() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore.Design;

        public class ShopDb : DbContext
        {
            public ShopDb(DbContextOptions<ShopDb> options) : base(options) { }
        }

        public class ShopDbFactory : IDesignTimeDbContextFactory<ShopDb>
        {
            private const string ConnectionString = "Server=sql-dev;Database=Shop;TrustServerCertificate=True";

            public ShopDb CreateDbContext(string[] args) => new ShopDb(new DbContextOptionsBuilder<ShopDb>().Options);
        }
        """);

    [Fact]
    public Task DoesNotFlag_DevelopmentOnlyBranch() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Data.SqlClient;
        using Microsoft.Extensions.Hosting;

        public class Startup
        {
            public SqlConnection Open(IWebHostEnvironment env, string configured)
            {
                if (env.IsDevelopment())
                {
                    return new SqlConnection("Server=sql-dev;Database=Shop;TrustServerCertificate=True");
                }

                return new SqlConnection(configured);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_SafeSettingsAndUnrelatedText() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        public class Factory
        {
            public SqlConnection A() => new SqlConnection("Server=db.shop.internal;Database=Shop;Encrypt=True;TrustServerCertificate=False");
            public string B() => "feature=x;encrypt=false;mode=fast";
            public string C() => "Use TrustServerCertificate=True only against a local server.";
            public string D(bool trust) => new SqlConnectionStringBuilder { DataSource = "db", TrustServerCertificate = trust }.ConnectionString;
            public string E() => "Server=db.shop.internal;Database=Shop;Column Encryption Setting=Disabled";
        }
        """);
}
