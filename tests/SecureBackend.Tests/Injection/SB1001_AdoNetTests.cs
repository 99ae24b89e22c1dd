using System.Threading.Tasks;
using SecureBackend.CodeFixes.Injection;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Injection.SqlInjectionAnalyzer,
    SecureBackend.CodeFixes.Injection.SqlInjectionFixer>;
using static SecureBackend.Tests.Injection.SqlExpect;

namespace SecureBackend.Tests.Injection;

/// <summary>SB1001 on ADO.NET commands of every provider, and the command-parameter fix.</summary>
public sealed class SB1001_AdoNetTests
{
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

    [Fact]
    public Task Flags_LegacySystemDataSqlClientWithObjectInitializer() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        #pragma warning disable CS0618
        using System.Data.SqlClient;

        class Repo
        {
            void Lock(SqlConnection connection, string user)
            {
                var command = new SqlCommand { Connection = connection, CommandText = {|#0:"UPDATE Users SET Locked = 1 WHERE Login = N'" + user + "'"|} };
                command.ExecuteNonQuery();
            }
        }
        """,
        /* lang=c#-test */ """
        #pragma warning disable CS0618
        using System.Data.SqlClient;

        class Repo
        {
            void Lock(SqlConnection connection, string user)
            {
                var command = new SqlCommand { Connection = connection, CommandText = "UPDATE Users SET Locked = 1 WHERE Login = @user" };
                command.Parameters.AddWithValue("@user", user);
                command.ExecuteNonQuery();
            }
        }
        """,
        Sql(0, "SqlCommand.CommandText", "user"));

    [Fact]
    public Task Flags_DbCommandWithoutAddWithValue_UsesCreateParameter() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Data.Common;

        class Repo
        {
            object? Find(DbConnection connection, string email)
            {
                using var command = connection.CreateCommand();
                command.CommandText = {|#0:$"SELECT Id FROM Users WHERE Email = '{email}'"|};
                return command.ExecuteScalar();
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Data.Common;

        class Repo
        {
            object? Find(DbConnection connection, string email)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT Id FROM Users WHERE Email = @email";
                var emailParameter = command.CreateParameter();
                emailParameter.ParameterName = "@email";
                emailParameter.Value = email;
                command.Parameters.Add(emailParameter);
                return command.ExecuteScalar();
            }
        }
        """,
        Sql(0, "DbCommand.CommandText", "email"));

    [Fact]
    public Task Flags_DataAdapterSelectCommandText() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Data;
        using Microsoft.Data.SqlClient;

        class Repo
        {
            DataTable Load(SqlConnection connection, string region)
            {
                var table = new DataTable();
                using (var adapter = new SqlDataAdapter({|#0:"SELECT * FROM Sales WHERE Region = '" + region + "'"|}, connection))
                {
                    adapter.Fill(table);
                }

                return table;
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Data;
        using Microsoft.Data.SqlClient;

        class Repo
        {
            DataTable Load(SqlConnection connection, string region)
            {
                var table = new DataTable();
                using (var adapter = new SqlDataAdapter("SELECT * FROM Sales WHERE Region = @region", connection))
                {
                    adapter.SelectCommand.Parameters.AddWithValue("@region", region);
                    adapter.Fill(table);
                }

                return table;
            }
        }
        """,
        Sql(0, "SqlDataAdapter", "region"));

    [Fact]
    public Task Flags_BatchCommandAndRepeatedValueSharesOneParameter() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Npgsql;

        class Repo
        {
            void Archive(NpgsqlBatch batch, string owner)
            {
                var command = new NpgsqlBatchCommand({|#0:"UPDATE docs SET archived = true WHERE owner = '" + owner + "' OR editor = '" + owner + "'"|});
                batch.BatchCommands.Add(command);
            }
        }
        """,
        /* lang=c#-test */ """
        using Npgsql;

        class Repo
        {
            void Archive(NpgsqlBatch batch, string owner)
            {
                var command = new NpgsqlBatchCommand("UPDATE docs SET archived = true WHERE owner = @owner OR editor = @owner");
                command.Parameters.AddWithValue("@owner", owner);
                batch.BatchCommands.Add(command);
            }
        }
        """,
        Sql(0, "NpgsqlBatchCommand", "owner"));

    [Fact]
    public Task Flags_UnquotedTextComparedWithNumber_SqlServerGetsTextParameter() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        class Repo
        {
            void Delete(SqlConnection connection, string id, string name)
            {
                var command = connection.CreateCommand();
                command.CommandText = {|#0:"DELETE FROM Orders WHERE Id = " + id + " AND Name = @name"|};
                command.ExecuteNonQuery();
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        class Repo
        {
            void Delete(SqlConnection connection, string id, string name)
            {
                var command = connection.CreateCommand();
                command.CommandText = "DELETE FROM Orders WHERE Id = @id AND Name = @name";
                command.Parameters.AddWithValue("@id", id);
                command.ExecuteNonQuery();
            }
        }
        """,
        Sql(0, "SqlCommand.CommandText", "id"));

    [Fact]
    public Task Flags_NameAlreadyUsedInSql_GetsUniqueName() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.Sqlite;

        class Repo
        {
            void Find(SqliteCommand command, string name, Person person)
            {
                command.CommandText = {|#0:$"SELECT * FROM People WHERE Nick = @name AND Name = '{name}' AND City = '{person.City}' AND Zip = '{person.GetZip()}'"|};
                command.Parameters.AddWithValue("@name", "nick");
            }
        }

        class Person { private string _zip = ""; public string City { get; set; } = ""; public string GetZip() => _zip; public void SetZip(string zip) => _zip = zip; }
        """,
        /* lang=c#-test */ """
        using Microsoft.Data.Sqlite;

        class Repo
        {
            void Find(SqliteCommand command, string name, Person person)
            {
                command.CommandText = "SELECT * FROM People WHERE Nick = @name AND Name = @name2 AND City = @City AND Zip = @zip";
                command.Parameters.AddWithValue("@name2", name);
                command.Parameters.AddWithValue("@City", person.City);
                command.Parameters.AddWithValue("@zip", person.GetZip());
                command.Parameters.AddWithValue("@name", "nick");
            }
        }

        class Person { private string _zip = ""; public string City { get; set; } = ""; public string GetZip() => _zip; public void SetZip(string zip) => _zip = zip; }
        """,
        Sql(0, "SqliteCommand.CommandText", "name"));

    [Fact]
    public Task Flags_TopLevelStatementsMultiLineConcatenation() => new Verify.Test
    {
        TestState = { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication },
        TestCode = /* lang=c#-test */ """
            using Microsoft.Data.SqlClient;

            var name = args[0];
            using var connection = new SqlConnection("Server=.;Integrated Security=true");
            using var command = new SqlCommand({|#0:"SELECT Id, Name " +
                "FROM Customers " +
                "WHERE Name = '" + name + "' " +
                "ORDER BY Id"|}, connection);
            command.ExecuteReader();
            """,
        FixedCode = /* lang=c#-test */ """
            using Microsoft.Data.SqlClient;

            var name = args[0];
            using var connection = new SqlConnection("Server=.;Integrated Security=true");
            using var command = new SqlCommand("SELECT Id, Name " +
                "FROM Customers " +
                "WHERE Name = @name " +
                "ORDER BY Id", connection);
            command.Parameters.AddWithValue("@name", name);
            command.ExecuteReader();
            """,
        ExpectedDiagnostics = { Sql(0, "SqlCommand", "name") },
    }.RunAsync();

    [Fact]
    public Task Flags_CodeFixAppliesTheCommandParametersKey() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        class Repo
        {
            void Find(SqlCommand command, string sku)
            {
                command.CommandText = {|#0:@"SELECT *
                    FROM Stock
                    WHERE Sku = '" + sku + "'"|};
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        class Repo
        {
            void Find(SqlCommand command, string sku)
            {
                command.CommandText = @"SELECT *
                    FROM Stock
                    WHERE Sku = @sku";
                command.Parameters.AddWithValue("@sku", sku);
            }
        }
        """,
        SqlInjectionFixer.ParameterizeKey,
        Sql(0, "SqlCommand.CommandText", "sku"));
}
