using System.Threading.Tasks;
using Verify = SecureBackend.Tests.Infrastructure.AnalyzerVerifier<SecureBackend.Analyzers.Injection.SqlInjectionAnalyzer>;
using static SecureBackend.Tests.Injection.SqlExpect;

namespace SecureBackend.Tests.Injection;

/// <summary>
/// SB1001 through the team's own data-access helpers: methods of the compilation that forward their string
/// parameter into a sink (found automatically, transitively and through interfaces), and sinks named in .editorconfig.
/// No fix applies to these (the SQL is executed elsewhere), so the analyzer verifier is used.
/// </summary>
public sealed class SB1001_WrapperAndConfigurationTests
{
    [Fact]
    public Task Flags_StringBuiltSqlPassedToRepositoryHelper() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using Dapper;
        using Microsoft.Data.SqlClient;

        public class Db
        {
            private readonly SqlConnection _connection = new();

            public IEnumerable<T> Query<T>(string sql) => _connection.Query<T>(sql);

            public int Run(string statement)
            {
                using var command = new SqlCommand(statement, _connection);
                return command.ExecuteNonQuery();
            }
        }

        public class Orders
        {
            private readonly Db _db = new();

            public IEnumerable<int> ByCustomer(string customer)
                => _db.Query<int>({|#0:$"SELECT Id FROM Orders WHERE Customer = '{customer}'"|});

            public int Close(string reference)
            {
                var sql = "UPDATE Orders SET Closed = 1 WHERE Reference = '" + reference + "'";
                return _db.Run({|#1:sql|});
            }

            public int Safe(int id) => _db.Run("DELETE FROM Orders WHERE Id = " + id);
        }
        """,
        ViaWrapper(0, "Db.Query", "customer"),
        ViaWrapper(1, "Db.Run", "reference"));

    [Fact]
    public Task Flags_TransitiveWrappersAndInterfaceCalls() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.Sqlite;

        public interface IRunner { int Run(string sql); }

        public sealed class Runner : IRunner
        {
            private readonly SqliteConnection _connection = new();

            public int Run(string sql) => Execute(sql, 30);

            private int Execute(string text, int timeout)
            {
                var command = _connection.CreateCommand();
                command.CommandTimeout = timeout;
                command.CommandText = text;
                return command.ExecuteNonQuery();
            }
        }

        public class Jobs
        {
            public void Purge(IRunner runner, string table) => runner.Run({|#0:"DELETE FROM " + table|});

            public void Local(SqliteConnection connection, string name)
            {
                int Exec(string sql) => new SqliteCommand(sql, connection).ExecuteNonQuery();
                Exec({|#1:$"DELETE FROM Users WHERE Name = '{name}'"|});
                Exec("DELETE FROM Users WHERE Name = 'guest'");
            }
        }
        """,
        ViaWrapper(0, "IRunner.Run", "table"),
        ViaWrapper(1, "Exec", "name"));

    [Fact]
    public Task Flags_ExtensionReceiversConstructorsAndBaseInitializersThatForwardSql() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        public static class SqlText
        {
            public static int RunOn(this string sql, SqlConnection connection) => new SqlCommand(sql, connection).ExecuteNonQuery();
        }

        public class Statement
        {
            public Statement(string text, SqlConnection connection) => Command = new SqlCommand(text, connection);

            public SqlCommand Command { get; }
        }

        public sealed class Purge : Statement
        {
            public Purge(string table, SqlConnection connection) : base({|#2:"DELETE FROM " + table|}, connection) { }
        }

        public class Maintenance
        {
            public void Run(SqlConnection connection, string table, string name)
            {
                var purge = "TRUNCATE TABLE " + table;
                {|#0:purge|}.RunOn(connection);
                _ = new Statement({|#1:$"DELETE FROM Users WHERE Name = '{name}'"|}, connection);
                "DELETE FROM Sessions".RunOn(connection);
                _ = new Statement("DELETE FROM Users WHERE Name = 'guest'", connection);
                _ = new Purge(table, connection);
            }
        }
        """,
        ViaWrapper(0, "SqlText.RunOn", "table"),
        ViaWrapper(1, "Statement", "name"),
        ViaWrapper(2, "Statement", "table"));

    [Fact]
    public Task DoesNotFlag_HelpersThatParameterizeOrDoNotReachSinks() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;
        using Microsoft.Extensions.Logging;

        public class Db
        {
            private readonly SqlConnection _connection = new();
            private readonly ILogger _logger = null!;

            public object? FindByName(string name)
            {
                using var command = new SqlCommand("SELECT Id FROM Users WHERE Name = @name", _connection);
                command.Parameters.AddWithValue("@name", name);
                return command.ExecuteScalar();
            }

            public void Log(string message) => _logger.LogInformation(message);
        }

        public class Users
        {
            public void Find(Db db, string name)
            {
                db.FindByName("%" + name + "%");
                db.Log("looking up " + name);
            }
        }
        """);

    [Fact]
    public Task Flags_SinkNamedInEditorConfig()
    {
        const string source = /* lang=c#-test */ """
                namespace Shop.Data
                {
                    public static class LegacyDb
                    {
                        public static int Execute(string connectionName, string commandText) => 0;
                        public static string LastStatement { get; set; } = "";
                    }

                    public class Catalog
                    {
                        public void Delete(string sku)
                        {
                            LegacyDb.Execute("main", {|#0:"DELETE FROM Products WHERE Sku = '" + sku + "'"|});
                            LegacyDb.LastStatement = {|#1:$"DELETE FROM Products WHERE Sku = '{sku}'"|};
                            LegacyDb.Execute("main", "DELETE FROM Products WHERE Sku = 'x'");
                        }
                    }
                }
                """;
        var test = new Verify.Test { TestCode = source }.WithEditorConfig("securebackend.SB1001.additional_sinks = M:Shop.Data.LegacyDb.Execute(System.String,System.String), P:Shop.Data.LegacyDb.LastStatement");
        test.ExpectedDiagnostics.Add(Sql(0, "LegacyDb.Execute", "sku"));
        test.ExpectedDiagnostics.Add(Sql(1, "LegacyDb.LastStatement", "sku"));
        return test.RunAsync();
    }

    [Fact]
    public Task DoesNotFlag_WithoutEditorConfigEntryOrWithUnknownIds()
    {
        const string source = /* lang=c#-test */ """
                using Microsoft.Data.SqlClient;

                public static class LegacyDb
                {
                    public static int Execute(string commandText) => commandText.Length;
                }

                public class Catalog
                {
                    public void Delete(string sku) => LegacyDb.Execute("DELETE FROM Products WHERE Sku = '" + sku + "'");
                }
                """;
        var test = new Verify.Test { TestCode = source }.WithEditorConfig("securebackend.SB1001.additional_sinks = M:Missing.Type.Run(System.String), not-an-id");
        return test.RunAsync();
    }
}
