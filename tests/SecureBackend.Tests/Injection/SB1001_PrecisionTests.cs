using System.Threading.Tasks;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Injection.SqlInjectionAnalyzer,
    SecureBackend.CodeFixes.Injection.SqlInjectionFixer>;
using static SecureBackend.Tests.Injection.SqlExpect;

namespace SecureBackend.Tests.Injection;

/// <summary>SB1001 must-not-flag cases: the shapes of safe SQL building real applications use.</summary>
public sealed class SB1001_PrecisionTests
{
    [Fact]
    public Task DoesNotFlag_LiteralsConstantsAndNameof() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;

        class Product { }

        class Repo
        {
            private const string Table = "Products";
            private const string Select = "SELECT * FROM " + Table;
            private static readonly string Schema = "dbo";
            private static readonly string Archive = System.Environment.GetEnvironmentVariable("ARCHIVE_TABLE") ?? "Archive";

            void Run(SqlConnection connection)
            {
                _ = new SqlCommand("SELECT 1", connection);
                _ = new SqlCommand(Select + " WHERE Id = @id", connection);
                _ = new SqlCommand($"SELECT * FROM {Table} WHERE Id = @id", connection);
                _ = new SqlCommand("SELECT * FROM " + Schema + "." + nameof(Product), connection);
                _ = new SqlCommand($"INSERT INTO {Archive} SELECT * FROM {Table}", connection);
                const string local = "SELECT " + "2";
                _ = new SqlCommand(local, connection);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_HolesThatCannotCarrySql() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.Data.SqlClient;

        enum Status { Open, Closed }

        class Repo
        {
            void Run(SqlCommand command, int id, long? shop, decimal price, bool active, Guid key, DateTime since,
                DateTimeOffset at, TimeSpan window, Status status, double ratio)
            {
                command.CommandText = $"SELECT TOP {id} * FROM Orders WHERE Shop = {shop} AND Price > {price} AND Active = {(active ? 1 : 0)}";
                command.CommandText = "SELECT * FROM Orders WHERE Key = '" + key + "' AND Created > '" + since.ToString("yyyy-MM-dd") + "'";
                command.CommandText = $"SELECT * FROM Orders WHERE At > '{at:O}' AND Window < {window.TotalSeconds} AND Status = {(int)status} AND Ratio > {ratio}";
                command.CommandText = "SELECT * FROM Orders WHERE Status = '" + status + "' AND Id = " + id.ToString();
                command.CommandText = string.Format("DELETE FROM Orders WHERE Id = {0}", id);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_QueryBuilderWithConstantFragmentsAndParameters() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using System.Text;
        using Microsoft.Data.SqlClient;

        class Repo
        {
            void Search(SqlCommand command, string? name, int? minPrice, bool descending)
            {
                var sql = "SELECT * FROM Products WHERE 1 = 1";
                var conditions = new List<string>();
                if (name != null)
                {
                    sql += " AND Name LIKE @name";
                    conditions.Add("Name LIKE @name");
                    command.Parameters.AddWithValue("@name", "%" + name + "%");
                }

                if (minPrice != null)
                {
                    conditions.Add("Price >= @minPrice");
                    command.Parameters.AddWithValue("@minPrice", minPrice);
                }

                sql += " ORDER BY Name " + (descending ? "DESC" : "ASC");
                command.CommandText = sql;

                var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
                command.CommandText = "SELECT * FROM Products" + where;

                var builder = new StringBuilder("SELECT Id FROM Products");
                if (minPrice != null)
                {
                    builder.Append(" WHERE Price >= @minPrice");
                }

                builder.AppendLine().Append("ORDER BY Id");
                command.CommandText = builder.ToString();
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_InListOfGeneratedPlaceholdersAndNumbers() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.Data.SqlClient;

        class Repo
        {
            private static readonly string[] Columns = { "Id", "Name", "Price" };

            void Run(SqlCommand command, IReadOnlyList<string> names, int[] ids, List<long> more)
            {
                var placeholders = string.Join(", ", names.Select((_, i) => "@p" + i));
                command.CommandText = $"SELECT * FROM Products WHERE Name IN ({placeholders})";
                command.CommandText = "SELECT * FROM Products WHERE Id IN (" + string.Join(",", ids) + ")";
                command.CommandText = $"SELECT * FROM Products WHERE Id IN ({string.Join(",", more)})";
                command.CommandText = $"SELECT {string.Join(", ", Columns)} FROM Products";
                command.CommandText = $"SELECT {string.Join(", ", Columns.Select(c => "[" + c + "]"))} FROM Products";
                command.CommandText = "SELECT " + string.Join(", ", new[] { "Id", "Name" }) + " FROM Products";
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_IdentifiersFromWhitelistsAndCode() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Collections.Generic;
        using Microsoft.Data.SqlClient;

        class Repo<T>
        {
            private static readonly Dictionary<string, string> SortColumns = new() { ["name"] = "Name", ["price"] = "Price" };
            private readonly string _table = "Products";
            private string Columns => "Id, Name";
            private static string View { get; } = "ActiveProducts";

            void Run(SqlCommand command, string sort, string direction)
            {
                var column = sort switch { "price" => "Price", "date" => "CreatedAt", _ => "Name" };
                var order = direction == "desc" ? "DESC" : "ASC";
                command.CommandText = $"SELECT * FROM Products ORDER BY {column} {order}";
                command.CommandText = "SELECT * FROM Products ORDER BY " + SortColumns[sort];
                if (SortColumns.TryGetValue(sort, out var mapped))
                {
                    command.CommandText = "SELECT * FROM Products ORDER BY " + mapped;
                }

                command.CommandText = $"SELECT {Columns} FROM {_table}";
                command.CommandText = $"SELECT * FROM {View}";
                command.CommandText = $"SELECT * FROM {typeof(T).Name} WHERE Id = @id";
                command.CommandText = "SELECT * FROM " + nameof(Repo<T>) + Environment.NewLine + "WHERE Id = @id";
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ParameterizedApis() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Linq;
        using Dapper;
        using Microsoft.Data.SqlClient;
        using Microsoft.EntityFrameworkCore;

        public class Product { public int Id { get; set; } public string Name { get; set; } = ""; }
        public class ShopDb : DbContext { public DbSet<Product> Products => Set<Product>(); }

        class Repo
        {
            void Run(ShopDb db, SqlConnection connection, string name, int id)
            {
                _ = db.Products.FromSql($"SELECT * FROM Products WHERE Name = {name}").ToList();
                _ = db.Products.FromSqlInterpolated($"SELECT * FROM Products WHERE Name = {name}").ToList();
                _ = db.Database.ExecuteSql($"DELETE FROM Products WHERE Name = {name}");
                _ = db.Database.ExecuteSqlInterpolated($"DELETE FROM Products WHERE Name = {name}");
                _ = db.Database.SqlQuery<int>($"SELECT Id AS Value FROM Products WHERE Name = {name}").ToList();
                FormattableString query = $"SELECT * FROM Products WHERE Name = {name}";
                _ = db.Products.FromSql(query).ToList();
                _ = db.Products.FromSqlRaw("SELECT * FROM Products WHERE Name = {0}", name).ToList();
                _ = db.Database.ExecuteSqlRaw("DELETE FROM Products WHERE Id = {0}", id);
                _ = connection.Query<Product>("SELECT * FROM Products WHERE Name = @name", new { name });
                var command = new SqlCommand("SELECT * FROM Products WHERE Name = @name", connection);
                command.Parameters.AddWithValue("@name", name);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_PlainParametersAndFieldsPassedStraightThrough() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.IO;
        using Dapper;
        using Microsoft.Data.SqlClient;

        class Options { public string Query { get; set; } = ""; }

        class Runner
        {
            private readonly Options _options = new();
            private string _lastSql = "";

            public int Execute(SqlConnection connection, string sql, object? parameters = null)
            {
                using var command = new SqlCommand(sql, connection);
                command.CommandText = _options.Query;
                command.CommandText = _lastSql;
                command.CommandText = File.ReadAllText("migrations/001.sql");
                var text = sql;
                command.CommandText = text;
                return connection.Execute(sql, parameters);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ConcatenationUnrelatedToSql() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.Data.SqlClient;
        using Microsoft.Extensions.Logging;

        class Repo
        {
            void Run(SqlCommand command, ILogger logger, string name)
            {
                command.CommandText = "SELECT * FROM Users WHERE Name = @name";
                command.Parameters.AddWithValue("@name", name);
                var message = "Looking up user " + name;
                logger.LogInformation(message);
                command.Parameters["@name"].Value = "x" + name;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_PlaceholdersFromParameterObjectsAndLiteralColumnLists() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Linq;
        using Microsoft.Data.SqlClient;

        class Repo
        {
            private readonly string[] _columns = { "Id", "Name", "Price" };
            private readonly string[] _keys = new[] { "Sku", "Barcode" };

            void Run(SqlCommand command, int[] ids)
            {
                var parameters = ids.Select((id, i) => new SqlParameter("@id" + i, id)).ToArray();
                command.Parameters.AddRange(parameters);
                command.CommandText = $"SELECT {string.Join(", ", _columns)} FROM Products WHERE Id IN ({string.Join(", ", parameters.Select(p => p.ParameterName))})";
                command.CommandText = "SELECT " + string.Join(", ", _keys) + " FROM Products";
            }
        }
        """);
}
