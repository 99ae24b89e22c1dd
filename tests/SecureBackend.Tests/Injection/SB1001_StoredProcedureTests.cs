using System.Threading.Tasks;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Injection.SqlInjectionAnalyzer,
    SecureBackend.CodeFixes.Injection.SqlInjectionFixer>;
using VerifyAnalyzer = SecureBackend.Tests.Infrastructure.AnalyzerVerifier<SecureBackend.Analyzers.Injection.SqlInjectionAnalyzer>;
using static SecureBackend.Tests.Injection.SqlExpect;

namespace SecureBackend.Tests.Injection;

/// <summary>
/// SB1001 on text sent with <c>CommandType.StoredProcedure</c>: a procedure name sent as an RPC, not parsed as SQL,
/// reported only when it carries request-bound input.
/// </summary>
public sealed class SB1001_StoredProcedureTests
{
    [Fact]
    public Task DoesNotFlag_DapperProcedureNameBuiltFromNonConstants() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using System.Data;
        using System.Threading.Tasks;
        using Dapper;

        public record Item(int Id);

        public class ItemRepository
        {
            private readonly IDbConnection _connection;
            private readonly string _schema;

            public ItemRepository(IDbConnection connection, string schema)
            {
                _connection = connection;
                _schema = schema;
            }

            public Task<IEnumerable<Item>> ReadByIds(string table, IEnumerable<int> ids)
                => _connection.QueryAsync<Item>($"[{_schema}].[{table}_ReadByIds]", new { Ids = ids }, commandType: CommandType.StoredProcedure);

            public Task<int> Delete(string table, int id)
            {
                var type = CommandType.StoredProcedure;
                return _connection.ExecuteAsync(_schema + "." + table + "_DeleteById", new { Id = id }, commandType: type);
            }

            public Task<Item?> Read(string table, int id)
            {
                var definition = new CommandDefinition($"[{_schema}].[{table}_ReadById]", new { Id = id }, commandType: CommandType.StoredProcedure);
                return _connection.QueryFirstOrDefaultAsync<Item>(definition);
            }
        }
        """);

    [Fact]
    public Task Flags_DapperTextCommandOrUnknownCommandType() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using System.Data;
        using System.Threading.Tasks;
        using Dapper;

        public record Item(int Id);

        public class ItemRepository
        {
            private readonly IDbConnection _connection;
            private readonly string _schema;

            public ItemRepository(IDbConnection connection, string schema)
            {
                _connection = connection;
                _schema = schema;
            }

            public Task<IEnumerable<Item>> ReadAll(string table)
                => _connection.QueryAsync<Item>({|#0:$"SELECT * FROM [{_schema}].[{table}]"|}, commandType: CommandType.Text);

            public Task<int> Delete(string table, int id, CommandType type)
                => _connection.ExecuteAsync({|#1:_schema + "." + table + "_DeleteById"|}, new { Id = id }, commandType: type);

            public Task<Item?> Read(string table, int id, bool procedure)
            {
                var type = CommandType.StoredProcedure;
                if (!procedure)
                {
                    type = CommandType.Text;
                }

                var definition = new CommandDefinition({|#2:$"[{_schema}].[{table}_ReadById]"|}, new { Id = id }, commandType: type);
                return _connection.QueryFirstOrDefaultAsync<Item>(definition);
            }
        }
        """,
        Sql(0, "QueryAsync", "_schema"),
        Sql(1, "ExecuteAsync", "_schema"),
        Sql(2, "CommandDefinition", "_schema"));

    [Fact]
    public Task DoesNotFlag_AdoNetCommandWithStoredProcedureType() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Data;
        using Microsoft.Data.SqlClient;

        public class Procedures
        {
            private readonly string _schema;

            public Procedures(string schema) => _schema = schema;

            public int TypeAfterText(SqlConnection connection, string name)
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"[{_schema}].[{name}]";
                command.CommandType = CommandType.StoredProcedure;
                return command.ExecuteNonQuery();
            }

            public int TypeBeforeText(SqlConnection connection, string name)
            {
                var command = new SqlCommand();
                command.Connection = connection;
                command.CommandType = CommandType.StoredProcedure;
                command.CommandText = _schema + "." + name;
                return command.ExecuteNonQuery();
            }

            public int Constructor(SqlConnection connection, string name)
            {
                using (var command = new SqlCommand($"[{_schema}].[{name}]", connection))
                {
                    command.CommandType = CommandType.StoredProcedure;
                    return command.ExecuteNonQuery();
                }
            }

            public int Initializer(SqlConnection connection, string name)
            {
                using var command = new SqlCommand($"[{_schema}].[{name}]", connection) { CommandType = CommandType.StoredProcedure };
                using var other = new SqlCommand { Connection = connection, CommandType = CommandType.StoredProcedure, CommandText = _schema + "." + name };
                return command.ExecuteNonQuery() + other.ExecuteNonQuery();
            }
        }
        """);

    [Fact]
    public Task Flags_AdoNetCommandTextOrTypeOfAnotherCommand() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Data;
        using Microsoft.Data.SqlClient;

        public class Procedures
        {
            private readonly string _schema;

            public Procedures(string schema) => _schema = schema;

            public int OtherCommand(SqlConnection connection, string name)
            {
                using var command = connection.CreateCommand();
                using var audit = connection.CreateCommand();
                command.CommandText = {|#0:$"SELECT * FROM [{_schema}].[{name}]"|};
                audit.CommandType = CommandType.StoredProcedure;
                audit.CommandText = "dbo.Audit";
                return command.ExecuteNonQuery() + audit.ExecuteNonQuery();
            }

            public int SwitchedBackToText(SqlConnection connection, string name)
            {
                using var command = new SqlCommand({|#1:$"SELECT * FROM [{_schema}].[{name}]"|}, connection) { CommandType = CommandType.StoredProcedure };
                command.CommandType = CommandType.Text;
                return command.ExecuteNonQuery();
            }
        }
        """,
        Sql(0, "SqlCommand.CommandText", "_schema"),
        Sql(1, "SqlCommand", "_schema"));

    [Fact]
    public Task Flags_ProcedureNameFromRequestInput() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Data;
        using Dapper;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Data.SqlClient;

        [ApiController, Route("procedures")]
        public class ProceduresController : ControllerBase
        {
            private readonly SqlConnection _connection = new();

            [HttpPost("{name}")]
            public IActionResult Run(string name)
                => Ok(_connection.Execute({|#0:$"[dbo].[{name}]"|}, commandType: CommandType.StoredProcedure));

            [HttpPost]
            public IActionResult RunFromQuery()
            {
                using var command = new SqlCommand({|#1:"dbo." + Request.Query["proc"]|}, _connection);
                command.CommandType = CommandType.StoredProcedure;
                return Ok(command.ExecuteNonQuery());
            }
        }
        """,
        Sql(0, "Execute", "name"),
        Sql(1, "SqlCommand", "Request.Query[\"proc\"]"));

    [Fact]
    public Task DoesNotFlag_ProcedureHelperCalledWithBuiltName() => VerifyAnalyzer.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Data;
        using Dapper;
        using Microsoft.Data.SqlClient;

        public class Db
        {
            private readonly SqlConnection _connection = new();

            public int Call(string procedure) => _connection.Execute(procedure, commandType: CommandType.StoredProcedure);
        }

        public class Orders
        {
            private readonly Db _db = new();

            public int Close(string schema, string table) => _db.Call($"[{schema}].[{table}_Close]");
        }
        """);

    [Fact]
    public Task Flags_ProcedureHelperCalledWithRequestInput() => VerifyAnalyzer.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Data;
        using Dapper;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Data.SqlClient;

        public class Db
        {
            private readonly SqlConnection _connection = new();

            public int Call(string procedure) => _connection.Execute(procedure, commandType: CommandType.StoredProcedure);

            public int Run(string sql) => _connection.Execute(sql);
        }

        [ApiController, Route("orders")]
        public class OrdersController : ControllerBase
        {
            private readonly Db _db = new();

            [HttpPost]
            public IActionResult Close(string table, string schema)
                => Ok(_db.Call({|#0:$"[dbo].[{table}_Close]"|}) + _db.Run({|#1:$"DELETE FROM [{schema}].[Orders]"|}));
        }
        """,
        ViaWrapper(0, "Db.Call", "table"),
        ViaWrapper(1, "Db.Run", "schema"));
}
