using System.Text;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using FixedShop.Models;

namespace FixedShop.Data;

/// <summary>Product queries over EF Core (the shop database) and SqlClient/Dapper (the reporting database).</summary>
public sealed class ProductRepository(ShopDbContext db, IConfiguration configuration)
{
    private static readonly Dictionary<string, string> Reports = new(StringComparer.OrdinalIgnoreCase)
    {
        ["stock"] = "SELECT Category, COUNT(*) AS Products FROM Products GROUP BY Category",
        ["prices"] = "SELECT Category, AVG(Price) AS AveragePrice FROM Products GROUP BY Category",
    };

    private SqlConnection Reporting() => new(configuration.GetConnectionString("Reporting"));

    public Task<List<Product>> SearchAsync(string term) =>
        db.Products
            .FromSql($"SELECT * FROM Products WHERE Name LIKE {"%" + term + "%"}")
            .ToListAsync();

    public Task<List<Product>> ByCategoryAsync(string category) =>
        db.Products.FromSql($"SELECT * FROM Products WHERE Category = {category} ORDER BY Name").ToListAsync();

    public Task<int> RenameCategoryAsync(string from, string to, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"UPDATE Products SET Category = {to} WHERE Category = {from}", cancellationToken);

    public IEnumerable<Product> InCategoryCheaperThan(string category, decimal maxPrice)
    {
        using var connection = Reporting();
        return connection.Query<Product>("SELECT * FROM Products WHERE Category = @category AND Price <= " + maxPrice, new { category });
    }

    public int CountInCategory(string category)
    {
        using var connection = Reporting();
        connection.Open();
        var sql = "SELECT COUNT(*) FROM Products WHERE Category = @category";
        using var command = new SqlCommand(sql, connection);
        command.Parameters.AddWithValue("@category", category);
        return (int)command.ExecuteScalar();
    }

    public decimal? PriceOf(string name)
    {
        using var connection = Reporting();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Price FROM Products WHERE Name = @name";
        command.Parameters.AddWithValue("@name", name);
        return command.ExecuteScalar() as decimal?;
    }

    /// <summary>Column names cannot be parameters: the requested column is mapped onto a fixed list.</summary>
    public List<string> NamesSortedBy(string column)
    {
        var orderBy = column.ToLowerInvariant() switch
        {
            "price" => "Price",
            "category" => "Category",
            _ => "Name",
        };
        using var connection = Reporting();
        return connection.Query<string>("SELECT Name FROM Products ORDER BY " + orderBy).ToList();
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

    public int DeleteNamed(string name) => Execute("DELETE FROM Products WHERE Name = @name", new SqlParameter("@name", name));

    /// <summary>Runs one of the predefined reports; callers choose a report by name, never send SQL.</summary>
    public IEnumerable<dynamic> RunReport(string report)
    {
        if (!Reports.TryGetValue(report, out var sql))
        {
            return [];
        }

        using var connection = Reporting();
        return connection.Query(sql);
    }

    private int Execute(string sql, params SqlParameter[] parameters)
    {
        using var connection = Reporting();
        connection.Open();
        using var command = new SqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        return command.ExecuteNonQuery();
    }
}
