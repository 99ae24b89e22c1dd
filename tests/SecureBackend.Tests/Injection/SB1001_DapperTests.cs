using System.Threading.Tasks;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Injection.SqlInjectionAnalyzer,
    SecureBackend.CodeFixes.Injection.SqlInjectionFixer>;
using static SecureBackend.Tests.Injection.SqlExpect;

namespace SecureBackend.Tests.Injection;

/// <summary>SB1001 on Dapper's SqlMapper extensions and CommandDefinition, and the parameter-object fix.</summary>
public sealed class SB1001_DapperTests
{
    [Fact]
    public Task Flags_QueryWithConcatenation_AddsAnonymousParameterObject() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using Dapper;
        using Microsoft.Data.SqlClient;

        public record Product(int Id, string Name);

        class Repo
        {
            IEnumerable<Product> ByName(SqlConnection connection, string name)
                => connection.Query<Product>({|#0:"SELECT * FROM Products WHERE Name = '" + name + "'"|});
        }
        """,
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using Dapper;
        using Microsoft.Data.SqlClient;

        public record Product(int Id, string Name);

        class Repo
        {
            IEnumerable<Product> ByName(SqlConnection connection, string name)
                => connection.Query<Product>("SELECT * FROM Products WHERE Name = @name", new { name });
        }
        """,
        Sql(0, "Query", "name"));

    [Fact]
    public Task Flags_QueryAsyncWithExistingAnonymousParameters_ExtendsTheObject() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Data;
        using System.Threading.Tasks;
        using Dapper;

        public record Order(int Id);

        class Repo
        {
            Task<Order?> Find(IDbConnection connection, int id, Filter filter)
                => connection.QueryFirstOrDefaultAsync<Order>({|#0:$"SELECT * FROM Orders WHERE Id = @id AND Status = '{filter.Status}'"|}, new { id });
        }

        public class Filter { public string Status { get; set; } = ""; }
        """,
        /* lang=c#-test */ """
        using System.Data;
        using System.Threading.Tasks;
        using Dapper;

        public record Order(int Id);

        class Repo
        {
            Task<Order?> Find(IDbConnection connection, int id, Filter filter)
                => connection.QueryFirstOrDefaultAsync<Order>("SELECT * FROM Orders WHERE Id = @id AND Status = @Status", new { id, filter.Status });
        }

        public class Filter { public string Status { get; set; } = ""; }
        """,
        Sql(0, "QueryFirstOrDefaultAsync", "filter.Status"));

    [Fact]
    public Task Flags_ExecuteWithNamedArgumentsAfterSql_AddsNamedParam() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Dapper;
        using Microsoft.Data.Sqlite;

        class Repo
        {
            int Tag(SqliteConnection connection, string tag, string sku)
            {
                var sql = $"UPDATE Products SET Tag = '{tag}' WHERE Sku = '{sku}'";
                return connection.Execute({|#0:sql|}, commandTimeout: 30);
            }
        }
        """,
        /* lang=c#-test */ """
        using Dapper;
        using Microsoft.Data.Sqlite;

        class Repo
        {
            int Tag(SqliteConnection connection, string tag, string sku)
            {
                var sql = "UPDATE Products SET Tag = @tag WHERE Sku = @sku";
                return connection.Execute(sql, new { tag, sku }, commandTimeout: 30);
            }
        }
        """,
        Sql(0, "Execute", "tag"));

    [Fact]
    public Task Flags_CommandDefinitionWithLikePattern() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using System.Data;
        using Dapper;

        class Repo
        {
            IEnumerable<int> Search(IDbConnection connection, string text)
                => connection.Query<int>(new CommandDefinition({|#0:"SELECT Id FROM Notes WHERE Body LIKE '%" + text.Trim() + "%'"|}));
        }
        """,
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using System.Data;
        using Dapper;

        class Repo
        {
            IEnumerable<int> Search(IDbConnection connection, string text)
                => connection.Query<int>(new CommandDefinition("SELECT Id FROM Notes WHERE Body LIKE @text", new { text = "%" + text.Trim() + "%" }));
        }
        """,
        Sql(0, "CommandDefinition", "text"));

    [Fact]
    public Task Flags_QueryWithDynamicParameters_NoFixOffered() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Data;
        using Dapper;

        class Repo
        {
            object? Find(IDbConnection connection, string name, DynamicParameters parameters)
                => connection.ExecuteScalar({|#0:"SELECT Id FROM Users WHERE Name = '" + name + "'"|}, parameters);
        }
        """,
        Sql(0, "ExecuteScalar", "name"));
}
