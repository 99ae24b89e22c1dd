using System.Threading.Tasks;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Injection.SqlInjectionAnalyzer,
    SecureBackend.CodeFixes.Injection.SqlInjectionFixer>;
using static SecureBackend.Tests.Injection.SqlExpect;

namespace SecureBackend.Tests.Injection;

/// <summary>SB1001 on request-bound input used as the whole SQL text (the attacker writes the query).</summary>
public sealed class SB1001_RequestInputTests
{
    [Fact]
    public Task Flags_ControllerActionParameterAsWholeSql() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Dapper;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Data.SqlClient;

        [ApiController, Route("reports")]
        public class ReportsController : ControllerBase
        {
            private readonly SqlConnection _connection = new();

            [HttpGet]
            public IActionResult Run(string query)
            {
                var sql = query.Trim();
                return Ok(_connection.Query({|#0:sql|}));
            }

            [NonAction]
            public object Helper(string query) => _connection.ExecuteScalar(query);
        }
        """,
        Sql(0, "Query", "query"));

    [Fact]
    public Task Flags_RazorPageHandlerAndBoundProperty() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;
        using Microsoft.Data.Sqlite;

        public class AdminModel : PageModel
        {
            [BindProperty]
            public string Statement { get; set; } = "";

            public void OnPost(SqliteConnection connection, string filter)
            {
                using var command = new SqliteCommand({|#0:Statement|}, connection);
                command.CommandText = {|#1:filter|};
            }
        }
        """,
        Sql(0, "SqliteCommand", "Statement"),
        Sql(1, "SqliteCommand.CommandText", "filter"));

    [Fact]
    public Task Flags_MinimalApiEndpointParameterAndRequestCollections() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Dapper;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Data.SqlClient;

        static class Endpoints
        {
            public static void Map(WebApplication app, SqlConnection connection)
            {
                app.MapGet("/run", (string sql) => connection.Query({|#0:sql|}));
                app.MapPost("/raw", (HttpRequest request) =>
                {
                    string text = request.Query["sql"];
                    connection.Execute({|#1:text|});
                    connection.Execute({|#2:request.Form["statement"].ToString()|});
                    connection.Execute({|#3:request.RouteValues["name"]?.ToString()|});
                    if (request.Headers.TryGetValue("X-Sql", out var header))
                    {
                        connection.Execute({|#4:header|});
                    }
                });
            }
        }
        """,
        Sql(0, "Query", "sql"),
        Sql(1, "Execute", "request.Query[\"sql\"]"),
        Sql(2, "Execute", "request.Form[\"statement\"]"),
        Sql(3, "Execute", "request.RouteValues[\"name\"]"),
        Sql(4, "Execute", "header"));

    [Fact]
    public Task Flags_ActionOfAnAbstractBaseController() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Dapper;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Data.SqlClient;

        public abstract class ReportsBaseController : ControllerBase
        {
            private readonly SqlConnection _connection = new();

            [HttpGet]
            public IActionResult Run(string query) => Ok(_connection.Query({|#0:query|}));
        }

        public class SalesReportsController : ReportsBaseController
        {
        }
        """,
        Sql(0, "Query", "query"));

    [Fact]
    public Task DoesNotFlag_OverrideOfANonAction() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Dapper;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Data.SqlClient;

        public class ReportsController : ControllerBase
        {
            protected readonly SqlConnection Connection = new();

            [NonAction]
            public virtual object Run(string query) => Connection.ExecuteScalar("select 1");
        }

        public class SalesController : ReportsController
        {
            public override object Run(string query) => Connection.ExecuteScalar(query);
        }
        """);

    [Fact]
    public Task DoesNotFlag_ServicesAndNonEndpointLambdas() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Dapper;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Data.SqlClient;

        public class MaintenanceController : ControllerBase
        {
            [HttpPost]
            public IActionResult Run([FromServices] ScriptStore store, SqlConnection connection)
            {
                Func<string, int> run = text => connection.Execute(text);
                run(store.Current);
                return Ok(connection.Execute(store.Current));
            }
        }

        public class ScriptStore { public string Current { get; set; } = "SELECT 1"; }

        public class Worker
        {
            public int Run(SqlConnection connection, string script) => connection.Execute(script);
        }
        """);
}
