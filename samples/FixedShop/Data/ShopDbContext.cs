using Microsoft.EntityFrameworkCore;
using FixedShop.Models;

namespace FixedShop.Data;

public sealed class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();

    public DbSet<Customer> Customers => Set<Customer>();
}
