using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Injection.SqlInjectionAnalyzer,
    SecureBackend.CodeFixes.Injection.SqlInjectionFixer>;
using static SecureBackend.Tests.Injection.SqlExpect;

namespace SecureBackend.Tests.Injection;

/// <summary>
/// SB1001 on holes filled from members whose every write in source stores fixed text (constants, <c>nameof</c>,
/// <c>typeof(X).Name</c>, enum names, constructor parameters every caller fills with constants), and on the closest
/// members that anyone can set.
/// </summary>
public sealed class SB1001_FixedMemberTests
{
    [Fact]
    public Task DoesNotFlag_RepositoryMembersAssignedOnlyFixedText() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using System.Data;
        using Dapper;

        public enum Store { Primary, Archive }

        public abstract class Repository<T>
        {
            protected Repository(IDbConnection connection, string? schema = null, string? table = null)
            {
                Connection = connection;
                if (!string.IsNullOrWhiteSpace(schema))
                {
                    Schema = schema;
                }

                if (!string.IsNullOrWhiteSpace(table))
                {
                    Table = table;
                }
            }

            protected IDbConnection Connection { get; }
            protected string Schema { get; private set; } = "dbo";
            protected string Table { get; private set; } = typeof(T).Name;

            public IEnumerable<T> All() => Connection.Query<T>($"SELECT * FROM [{Schema}].[{Table}]");
        }

        public class Order { }
        public class Invoice { }

        public class OrderRepository : Repository<Order>
        {
            private string _view = nameof(Order) + "View";
            private readonly string _store;

            public OrderRepository(IDbConnection connection, bool archived) : base(connection)
            {
                _store = archived ? Store.Archive.ToString() : Store.Primary.ToString();
            }

            public void UseSummaryView() => _view = nameof(Order) + "Summary";

            public IEnumerable<Order> FromView() => Connection.Query<Order>("SELECT * FROM " + _store + "." + _view);
        }

        public class InvoiceRepository : Repository<Invoice>
        {
            public InvoiceRepository(IDbConnection connection) : this(connection, "billing") { }

            private InvoiceRepository(IDbConnection connection, string schema) : base(connection, schema, "Invoices") { }
        }

        public class Line { }

        public class LineRepository(IDbConnection connection) : Repository<Line>(connection, table: nameof(Line) + "s");
        """);

    [Fact]
    public Task Flags_MembersThatOtherCodeOrCallersCanSet() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using System.Data;
        using System.Linq;
        using Dapper;

        public abstract class Repository<T>
        {
            protected Repository(IDbConnection connection, string? schema = null)
            {
                Connection = connection;
                if (!string.IsNullOrWhiteSpace(schema))
                {
                    Schema = schema;
                }
            }

            protected IDbConnection Connection { get; }
            protected string Schema { get; private set; } = "dbo";

            public IEnumerable<T> All() => Connection.Query<T>({|#0:$"SELECT * FROM [{Schema}].[{typeof(T).Name}]"|});
        }

        public class Order { }

        public class OrderRepository(IDbConnection connection, Settings settings) : Repository<Order>(connection, settings.Schema);

        public class Settings
        {
            public string Schema { get; set; } = "dbo";
            public string Table { get; set; } = "Orders";
        }

        public class ReportRepository
        {
            private readonly IDbConnection _connection;
            private readonly string _schema;
            private string _table = "Reports";

            public ReportRepository(IDbConnection connection, string schema = "dbo")
            {
                _connection = connection;
                _schema = schema;
            }

            public void Use(string table) => _table = table;

            public IEnumerable<int> Ids(Settings settings)
                => _connection.Query<int>({|#1:$"SELECT Id FROM [{_schema}].[Reports]"|})
                    .Concat(_connection.Query<int>({|#2:$"SELECT Id FROM [dbo].[{_table}]"|}))
                    .Concat(_connection.Query<int>({|#3:$"SELECT Id FROM [dbo].[{settings.Table}]"|}));
        }
        """,
        Sql(0, "Query", "Schema"),
        Sql(1, "Query", "_schema"),
        Sql(2, "Query", "_table"),
        Sql(3, "Query", "settings.Table"));

    private const string BaseRepository = """

        public abstract class Repository
        {
            protected Repository(string connectionString, string? schema = null)
            {
                Connection = new SqlConnection(connectionString);
                if (schema is not null)
                {
                    Schema = schema;
                }
            }

            protected SqlConnection Connection { get; }
            protected string Schema { get; private set; } = "dbo";

            public int Count(string table) => Connection.ExecuteScalar<int>($"SELECT COUNT(*) FROM [{Schema}].[Items]");
        }
        """;

    [Fact]
    public Task DoesNotFlag_BaseCallThatCannotBeBoundLeavesTheParameterAtItsDefault() => BrokenCode(
        /* lang=c#-test */ """
        using Dapper;
        using Microsoft.Data.SqlClient;

        public class ItemRepository : Repository
        {
            public ItemRepository(GlobalSettings settings) : base(settings.SqlServer.ConnectionString) { }
        }
        """ + BaseRepository);

    [Fact]
    public Task Flags_BaseCallThatCannotBeBoundButFillsTheParameter() => BrokenCode(
        /* lang=c#-test */ """
        using Dapper;
        using Microsoft.Data.SqlClient;

        public class ItemRepository : Repository
        {
            public ItemRepository(GlobalSettings settings) : base(settings.SqlServer.ConnectionString, settings.Schema) { }
        }
        """ + BaseRepository.Replace("ExecuteScalar<int>($", "ExecuteScalar<int>({|#0:$").Replace("[Items]\")", "[Items]\"|})"),
        Sql(0, "ExecuteScalar", "Schema"));

    private static Task BrokenCode(string source, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source, FixedCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
