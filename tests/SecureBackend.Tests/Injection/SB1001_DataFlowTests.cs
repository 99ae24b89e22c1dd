using System.Threading.Tasks;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Injection.SqlInjectionAnalyzer,
    SecureBackend.CodeFixes.Injection.SqlInjectionFixer>;
using static SecureBackend.Tests.Injection.SqlExpect;

namespace SecureBackend.Tests.Injection;

/// <summary>SB1001 following SQL text through locals, branches, loops, string.Format/Concat/Join and StringBuilder.</summary>
public sealed class SB1001_DataFlowTests
{
    [Fact]
    public Task Flags_CompoundAssignmentInBranch_NoFixForMultiWriteLocal() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        class Repo
        {
            void List(SqlConnection connection, string category, bool onlyActive)
            {
                var sql = "SELECT * FROM Products WHERE 1 = 1";
                if (onlyActive)
                {
                    sql += " AND Active = 1";
                }

                if (category != null)
                {
                    sql += " AND Category = '" + category + "'";
                }

                using var command = new SqlCommand({|#0:sql|}, connection);
                command.ExecuteReader();
            }
        }
        """,
        Sql(0, "SqlCommand", "category"));

    [Fact]
    public Task Flags_ConditionalReassignment() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.Sqlite;

        class Repo
        {
            void Run(SqliteCommand command, string table, bool archive)
            {
                string sql;
                if (archive)
                {
                    sql = "DELETE FROM " + table;
                }
                else
                {
                    sql = "DELETE FROM Current";
                }

                command.CommandText = {|#0:sql|};
            }
        }
        """,
        Sql(0, "SqliteCommand.CommandText", "table"));

    [Fact]
    public Task Flags_StringFormat() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        class Repo
        {
            void Run(SqlConnection connection, string email, int id)
            {
                var command = new SqlCommand({|#0:string.Format("UPDATE Users SET Email = '{0}' WHERE Id = {1}", email, id)|}, connection);
            }
        }
        """,
        Sql(0, "SqlCommand", "email"));

    [Fact]
    public Task Flags_StringConcatAndJoinOfInput() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using Npgsql;

        class Repo
        {
            void Run(NpgsqlCommand command, IEnumerable<string> names, string orderBy)
            {
                command.CommandText = {|#0:"SELECT * FROM users WHERE name IN ('" + string.Join("','", names) + "')"|};
                command.CommandText = {|#1:string.Concat("SELECT * FROM users ORDER BY ", orderBy)|};
            }
        }
        """,
        Sql(0, "NpgsqlCommand.CommandText", "names"),
        Sql(1, "NpgsqlCommand.CommandText", "orderBy"));

    [Fact]
    public Task Flags_StringBuilderWithInputAppendedInLoop() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using System.Text;
        using MySqlConnector;

        class Repo
        {
            void Run(MySqlCommand command, Dictionary<string, string> filters)
            {
                var sql = new StringBuilder("SELECT * FROM items WHERE 1 = 1");
                foreach (var filter in filters)
                {
                    sql.Append(" AND ").Append(filter.Key).Append(" = '").Append(filter.Value).Append('\'');
                }

                command.CommandText = {|#0:sql.ToString()|};
            }
        }
        """,
        Sql(0, "MySqlCommand.CommandText", "filter.Key"));

    [Fact]
    public Task Flags_StringBuilderAppendFormatAndInterpolatedAppend() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Text;
        using Microsoft.Data.SqlClient;

        class Repo
        {
            void Run(SqlCommand command, string city, string zip)
            {
                var sb = new StringBuilder();
                sb.AppendLine("SELECT * FROM Addresses");
                sb.AppendFormat("WHERE City = '{0}'", city);
                command.CommandText = {|#0:sb.ToString()|};

                var other = new StringBuilder("SELECT * FROM Addresses ");
                other.Append($"WHERE Zip = '{zip}'");
                command.CommandText = {|#1:other.ToString()|};
            }
        }
        """,
        Sql(0, "SqlCommand.CommandText", "city"),
        Sql(1, "SqlCommand.CommandText", "zip"));

    [Fact]
    public Task Flags_ValueFlowingThroughSeveralLocalsAndCoalesce() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        class Repo
        {
            void Run(SqlConnection connection, string? requested)
            {
                var sort = requested ?? "Name";
                var clause = " ORDER BY " + sort;
                var sql = "SELECT * FROM Products";
                sql = sql + clause;
                using var command = new SqlCommand({|#0:sql|}, connection);
            }
        }
        """,
        Sql(0, "SqlCommand", "clause"));

    [Fact]
    public Task Flags_InputAppendedInsideLoopAfterTheRead() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        class Repo
        {
            void Run(SqlCommand command, string[] tables)
            {
                var sql = "SELECT 1";
                foreach (var table in tables)
                {
                    command.CommandText = {|#0:sql|};
                    command.ExecuteNonQuery();
                    sql = "DELETE FROM " + table;
                }
            }
        }
        """,
        Sql(0, "SqlCommand.CommandText", "table"));

    [Fact]
    public Task DoesNotFlag_WritesAfterTheLastReadOutsideLoops() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        class Repo
        {
            string Run(SqlCommand command, string name)
            {
                var sql = "SELECT * FROM Products WHERE Name = @name";
                command.CommandText = sql;
                command.Parameters.AddWithValue("@name", name);
                command.ExecuteReader();
                sql = "-- ran for " + name;
                return sql;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_SelfReferencingLocalOfConstants() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        class Repo
        {
            void Run(SqlCommand command, int pages)
            {
                var sql = "SELECT 1";
                for (var i = 0; i < pages; i++)
                {
                    sql = sql + " UNION ALL SELECT " + i;
                    sql += ";";
                }

                command.CommandText = sql;
            }
        }
        """);
}
