using Microsoft.EntityFrameworkCore;
using VulnerableShop.Models;

namespace VulnerableShop.Data;

public sealed class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();

    public DbSet<Customer> Customers => Set<Customer>();
}
