using System.Threading.Tasks;
using SecureBackend.CodeFixes.Injection;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Injection.SqlInjectionAnalyzer,
    SecureBackend.CodeFixes.Injection.SqlInjectionFixer>;
using static SecureBackend.Tests.Injection.SqlExpect;

namespace SecureBackend.Tests.Injection;

/// <summary>SB1001 on EF Core raw-SQL methods, and the fix to their interpolated (parameterizing) counterparts.</summary>
public sealed class SB1001_EfCoreTests
{
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
        """ + ShopModel,
        """
        using System.Linq;
        using Microsoft.EntityFrameworkCore;

        class Repo
        {
            Product[] Find(ShopDb db, string name)
                => db.Products.FromSql($"SELECT * FROM Products WHERE Name = {name}").ToArray();
        }
        """ + ShopModel,
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
        """ + ShopModel,
        """
        using Microsoft.EntityFrameworkCore;

        class Repo
        {
            int Rename(ShopDb db, int id, string name)
                => db.Database.ExecuteSql($"UPDATE Products SET Name = {name} WHERE Id = {id}");
        }
        """ + ShopModel,
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
        """ + ShopModel,
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.EntityFrameworkCore;

        class Repo
        {
            Task<int> Purge(ShopDb db, string prefix, CancellationToken cancellationToken)
                => db.Database.ExecuteSqlAsync($"DELETE FROM Products WHERE Name LIKE {prefix + "%"}", cancellationToken);
        }
        """ + ShopModel,
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
        """ + ShopModel,
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
        """ + ShopModel,
        Sql(0, "SqlQueryRaw", "name"));
}
