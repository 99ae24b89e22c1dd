using System.Text;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using VulnerableShop.Models;

namespace VulnerableShop.Data;

/// <summary>Product queries over EF Core (the shop database) and SqlClient/Dapper (the reporting database).</summary>
public sealed class ProductRepository(ShopDbContext db, IConfiguration configuration)
{
    private SqlConnection Reporting() => new(configuration.GetConnectionString("Reporting"));

    public Task<List<Product>> SearchAsync(string term) =>
        db.Products
            .FromSqlRaw("SELECT * FROM Products WHERE Name LIKE '%" + term + "%'") // expect: SB1001
            .ToListAsync();

    public Task<List<Product>> ByCategoryAsync(string category) =>
        db.Products.FromSqlRaw($"SELECT * FROM Products WHERE Category = '{category}' ORDER BY Name").ToListAsync(); // expect: SB1001

    public Task<int> RenameCategoryAsync(string from, string to, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync($"UPDATE Products SET Category = '{to}' WHERE Category = '{from}'", cancellationToken); // expect: SB1001

    public IEnumerable<Product> InCategoryCheaperThan(string category, decimal maxPrice)
    {
        using var connection = Reporting();
        return connection.Query<Product>("SELECT * FROM Products WHERE Category = '" + category + "' AND Price <= " + maxPrice); // expect: SB1001
    }

    public int CountInCategory(string category)
    {
        using var connection = Reporting();
        connection.Open();
        var sql = "SELECT COUNT(*) FROM Products WHERE Category = '" + category + "'";
        using var command = new SqlCommand(sql, connection); // expect: SB1001
        return (int)command.ExecuteScalar();
    }

    public decimal? PriceOf(string name)
    {
        using var connection = Reporting();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT Price FROM Products WHERE Name = N'{name}'"; // expect: SB1001
        return command.ExecuteScalar() as decimal?;
    }

    public List<string> NamesSortedBy(string column)
    {
        using var connection = Reporting();
        return connection.Query<string>("SELECT Name FROM Products ORDER BY " + column).ToList(); // expect: SB1001 (no fix)
    }

    /// <summary>Filters with optional criteria: constant fragments and parameters only, so nothing to report.</summary>
    public List<Product> Filter(string? name, decimal? minPrice, bool newestFirst)
    {
        using var connection = Reporting();
        var sql = new StringBuilder("SELECT * FROM Products WHERE 1 = 1");
        var parameters = new DynamicParameters();
        if (name is not null)
        {
            sql.Append(" AND Name LIKE @name");
            parameters.Add("name", "%" + name + "%");
        }

        if (minPrice is not null)
        {
            sql.Append(" AND Price >= @minPrice");
            parameters.Add("minPrice", minPrice);
        }

        sql.Append(" ORDER BY Id ").Append(newestFirst ? "DESC" : "ASC");
        return connection.Query<Product>(sql.ToString(), parameters).ToList();
    }

    public int Delete(int id) => Execute("DELETE FROM Products WHERE Id = " + id);

    public int DeleteNamed(string name) => Execute("DELETE FROM Products WHERE Name = '" + name + "'"); // expect: SB1001 (no fix)

    public IEnumerable<dynamic> RunReport(string sql)
    {
        using var connection = Reporting();
        return connection.Query(sql);
    }

    private int Execute(string sql)
    {
        using var connection = Reporting();
        connection.Open();
        using var command = new SqlCommand(sql, connection);
        return command.ExecuteNonQuery();
    }
}
