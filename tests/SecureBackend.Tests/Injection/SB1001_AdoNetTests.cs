using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers;
using SecureBackend.CodeFixes.Injection;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Injection.SqlInjectionAnalyzer,
    SecureBackend.CodeFixes.Injection.SqlInjectionFixer>;

namespace SecureBackend.Tests.Injection;

/// <summary>SB1001 on ADO.NET commands of every provider, and the command-parameter fix.</summary>
public sealed class SB1001_AdoNetTests
{
    private static DiagnosticResult Sql(int location, string api, string piece)
        => Verify.Diagnostic(Rules.SqlFromStrings).WithLocation(location).WithArguments(api, piece);

    [Fact]
    public Task Flags_ConcatenatedSqlInSqlCommandConstructor() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        class Repo
        {
            object Find(SqlConnection connection, string name)
            {
                using var command = new SqlCommand({|#0:"SELECT * FROM Products WHERE Name = '" + name + "'"|}, connection);
                return command.ExecuteScalar();
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        class Repo
        {
            object Find(SqlConnection connection, string name)
            {
                using var command = new SqlCommand("SELECT * FROM Products WHERE Name = @name", connection);
                command.Parameters.AddWithValue("@name", name);
                return command.ExecuteScalar();
            }
        }
        """,
        Sql(0, "SqlCommand", "name"));

    [Fact]
    public Task Flags_InterpolatedSqlAssignedToCommandText() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.Sqlite;

        class Repo
        {
            void Delete(SqliteConnection connection, string sku, int shop)
            {
                var command = connection.CreateCommand();
                command.CommandText = {|#0:$"DELETE FROM Stock WHERE Sku = '{sku}' AND Shop = {shop}"|};
                command.ExecuteNonQuery();
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.Data.Sqlite;

        class Repo
        {
            void Delete(SqliteConnection connection, string sku, int shop)
            {
                var command = connection.CreateCommand();
                command.CommandText = $"DELETE FROM Stock WHERE Sku = @sku AND Shop = {shop}";
                command.Parameters.AddWithValue("@sku", sku);
                command.ExecuteNonQuery();
            }
        }
        """,
        Sql(0, "SqliteCommand.CommandText", "sku"));

    [Fact]
    public Task Flags_LikePatternMovesWildcardsIntoTheParameter() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Npgsql;

        class Repo
        {
            void Search(NpgsqlConnection connection, string term)
            {
                using (var command = new NpgsqlCommand({|#0:"SELECT id FROM products WHERE name LIKE '%" + term + "%' ORDER BY id"|}, connection))
                {
                    command.ExecuteReader();
                }
            }
        }
        """,
        /* lang=c#-test */ """
        using Npgsql;

        class Repo
        {
            void Search(NpgsqlConnection connection, string term)
            {
                using (var command = new NpgsqlCommand("SELECT id FROM products WHERE name LIKE @term ORDER BY id", connection))
                {
                    command.Parameters.AddWithValue("@term", "%" + term + "%");
                    command.ExecuteReader();
                }
            }
        }
        """,
        Sql(0, "NpgsqlCommand", "term"));

    [Fact]
    public Task Flags_SqlBuiltInLocalBeforeTheCommand() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using MySqlConnector;

        class Repo
        {
            object Count(MySqlConnection connection, string category, string brand)
            {
                var sql = "SELECT COUNT(*) FROM products WHERE category = '" + category + "' AND brand = '" + brand + "'";
                using var command = new MySqlCommand({|#0:sql|}, connection);
                return command.ExecuteScalar();
            }
        }
        """,
        /* lang=c#-test */ """
        using MySqlConnector;

        class Repo
        {
            object Count(MySqlConnection connection, string category, string brand)
            {
                var sql = "SELECT COUNT(*) FROM products WHERE category = @category AND brand = @brand";
                using var command = new MySqlCommand(sql, connection);
                command.Parameters.AddWithValue("@category", category);
                command.Parameters.AddWithValue("@brand", brand);
                return command.ExecuteScalar();
            }
        }
        """,
        Sql(0, "MySqlCommand", "category"));
}
