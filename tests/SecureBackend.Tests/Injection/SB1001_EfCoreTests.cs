using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers;
using SecureBackend.CodeFixes.Injection;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Injection.SqlInjectionAnalyzer,
    SecureBackend.CodeFixes.Injection.SqlInjectionFixer>;

namespace SecureBackend.Tests.Injection;

/// <summary>SB1001 on EF Core raw-SQL methods, and the fix to their interpolated (parameterizing) counterparts.</summary>
public sealed class SB1001_EfCoreTests
{
    private const string Model = """

        public class Product { public int Id { get; set; } public string Name { get; set; } = ""; }
        public class ShopDb : DbContext { public DbSet<Product> Products => Set<Product>(); }
        """;

    private static DiagnosticResult Sql(int location, string api, string piece)
        => Verify.Diagnostic(Rules.SqlFromStrings).WithLocation(location).WithArguments(api, piece);

    [Fact]
    public Task Flags_FromSqlRawWithInterpolation() => Verify.CodeFixAsync(
        """
        using System.Linq;
        using Microsoft.EntityFrameworkCore;

        class Repo
        {
            Product[] Find(ShopDb db, string name)
                => db.Products.FromSqlRaw({|#0:$"SELECT * FROM Products WHERE Name = '{name}'"|}).ToArray();
        }
        """ + Model,
        """
        using System.Linq;
        using Microsoft.EntityFrameworkCore;

        class Repo
        {
            Product[] Find(ShopDb db, string name)
                => db.Products.FromSql($"SELECT * FROM Products WHERE Name = {name}").ToArray();
        }
        """ + Model,
        Sql(0, "FromSqlRaw", "name"));

    [Fact]
    public Task Flags_ExecuteSqlRawWithConcatenation() => Verify.CodeFixAsync(
        """
        using Microsoft.EntityFrameworkCore;

        class Repo
        {
            int Rename(ShopDb db, int id, string name)
                => db.Database.ExecuteSqlRaw({|#0:"UPDATE Products SET Name = '" + name + "' WHERE Id = " + id|});
        }
        """ + Model,
        """
        using Microsoft.EntityFrameworkCore;

        class Repo
        {
            int Rename(ShopDb db, int id, string name)
                => db.Database.ExecuteSql($"UPDATE Products SET Name = {name} WHERE Id = {id}");
        }
        """ + Model,
        Sql(0, "ExecuteSqlRaw", "name"));

    [Fact]
    public Task Flags_ExecuteSqlRawAsyncWithLikePatternAndCancellation() => Verify.CodeFixAsync(
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.EntityFrameworkCore;

        class Repo
        {
            Task<int> Purge(ShopDb db, string prefix, CancellationToken cancellationToken)
                => db.Database.ExecuteSqlRawAsync({|#0:$"DELETE FROM Products WHERE Name LIKE '{prefix}%'"|}, cancellationToken);
        }
        """ + Model,
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.EntityFrameworkCore;

        class Repo
        {
            Task<int> Purge(ShopDb db, string prefix, CancellationToken cancellationToken)
                => db.Database.ExecuteSqlAsync($"DELETE FROM Products WHERE Name LIKE {prefix + "%"}", cancellationToken);
        }
        """ + Model,
        Sql(0, "ExecuteSqlRawAsync", "prefix"));

    [Fact]
    public Task Flags_SqlQueryRawFromLocal_AddsUsingForFormattableString() => Verify.CodeFixAsync(
        """
        using System.Linq;
        using Microsoft.EntityFrameworkCore;

        class Repo
        {
            int[] Ids(ShopDb db, string name)
            {
                var sql = $"SELECT Id AS Value FROM Products WHERE Name = '{name}'";
                return db.Database.SqlQueryRaw<int>({|#0:sql|}).ToArray();
            }
        }
        """ + Model,
        """
        using System;
        using System.Linq;
        using Microsoft.EntityFrameworkCore;

        class Repo
        {
            int[] Ids(ShopDb db, string name)
            {
                FormattableString sql = $"SELECT Id AS Value FROM Products WHERE Name = {name}";
                return db.Database.SqlQuery<int>(sql).ToArray();
            }
        }
        """ + Model,
        Sql(0, "SqlQueryRaw", "name"));
}
