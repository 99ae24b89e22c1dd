using System.Threading.Tasks;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Injection.SqlInjectionAnalyzer,
    SecureBackend.CodeFixes.Injection.SqlInjectionFixer>;
using static SecureBackend.Tests.Injection.SqlExpect;

namespace SecureBackend.Tests.Injection;

/// <summary>SB1001 is reported but no fix is offered: a parameter would change the query or the rewrite is not local.</summary>
public sealed class SB1001_NoFixTests
{
    [Fact]
    public Task Flags_IdentifiersAndSortDirection_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        class Repo
        {
            void List(SqlConnection connection, string table, string column, string direction)
            {
                _ = new SqlCommand({|#0:"SELECT * FROM " + table|}, connection);
                _ = new SqlCommand({|#1:$"SELECT * FROM Products ORDER BY {column} {direction}"|}, connection);
                _ = new SqlCommand({|#2:$"SELECT [{column}] FROM Products WHERE Id = 1"|}, connection);
            }
        }
        """,
        Sql(0, "SqlCommand", "table"),
        Sql(1, "SqlCommand", "column"),
        Sql(2, "SqlCommand", "column"));

    [Fact]
    public Task Flags_InListAndFragments_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.Sqlite;

        class Repo
        {
            void List(SqliteCommand command, string ids, string quotedNames, string where)
            {
                command.CommandText = {|#0:"SELECT * FROM Products WHERE Id IN (" + ids + ")"|};
                command.CommandText = {|#1:$"SELECT * FROM Products WHERE Name IN ('{quotedNames}')"|};
                command.CommandText = {|#2:"SELECT * FROM Products WHERE " + where|};
            }
        }
        """,
        Sql(0, "SqliteCommand.CommandText", "ids"),
        Sql(1, "SqliteCommand.CommandText", "quotedNames"),
        Sql(2, "SqliteCommand.CommandText", "where"));

    [Fact]
    public Task Flags_UnquotedTextOnPostgreSqlAndUnknownProviders_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Data;
        using Dapper;
        using Npgsql;

        class Repo
        {
            void Delete(NpgsqlCommand command, IDbConnection connection, string id)
            {
                command.CommandText = {|#0:"DELETE FROM orders WHERE id = " + id|};
                connection.Execute({|#1:"DELETE FROM orders WHERE id = " + id|});
            }
        }
        """,
        Sql(0, "NpgsqlCommand.CommandText", "id"),
        Sql(1, "Execute", "id"));

    [Fact]
    public Task Flags_CommandNotInADeclaration_AndFormatShapes_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Text;
        using Microsoft.Data.SqlClient;

        class Repo
        {
            object Find(SqlConnection connection, string name)
            {
                var builder = new StringBuilder("SELECT * FROM Users WHERE Name = '").Append(name).Append('\'');
                _ = new SqlCommand({|#0:builder.ToString()|}, connection).ExecuteScalar();
                return new SqlCommand({|#1:"SELECT * FROM Users WHERE Name = '" + name + "'"|}, connection).ExecuteScalar();
            }
        }
        """,
        Sql(0, "SqlCommand", "name"),
        Sql(1, "SqlCommand", "name"));

    [Fact]
    public Task Flags_EfCoreRawWithParametersOrConstantHoles_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Linq;
        using Microsoft.EntityFrameworkCore;

        public class Product { public int Id { get; set; } public string Name { get; set; } = ""; }
        public class ShopDb : DbContext { public DbSet<Product> Products => Set<Product>(); }

        class Repo
        {
            private const string Table = "Products";

            void Find(ShopDb db, string name, string category, string column)
            {
                _ = db.Products.FromSqlRaw({|#0:"SELECT * FROM Products WHERE Name = '" + name + "' AND Category = {0}"|}, category).ToList();
                _ = db.Products.FromSqlRaw({|#1:$"SELECT * FROM {Table} WHERE Name = '{name}'"|}).ToList();
                _ = db.Products.FromSqlRaw({|#2:$"SELECT * FROM Products ORDER BY {column}"|}).ToList();
                _ = db.Database.ExecuteSqlRaw({|#3:"DELETE FROM Products WHERE Id = " + name|});
            }
        }
        """,
        Sql(0, "FromSqlRaw", "name"),
        Sql(1, "FromSqlRaw", "name"),
        Sql(2, "FromSqlRaw", "column"),
        Sql(3, "ExecuteSqlRaw", "name"));

    [Fact]
    public Task Flags_LocalUsedTwice_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        class Repo
        {
            void Find(SqlCommand first, SqlCommand second, string name)
            {
                var sql = "SELECT * FROM Users WHERE Name = '" + name + "'";
                first.CommandText = {|#0:sql|};
                second.CommandText = {|#1:sql|};
            }
        }
        """,
        Sql(0, "SqlCommand.CommandText", "name"),
        Sql(1, "SqlCommand.CommandText", "name"));
}
