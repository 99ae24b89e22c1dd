using Microsoft.EntityFrameworkCore;
using VulnerableShop.Data;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllersWithViews();
builder.Services.AddRazorPages();
builder.Services.AddDbContext<ShopDbContext>(options => options
    .UseSqlite("Data Source=shop.db")
    .EnableSensitiveDataLogging()); // expect: SB5002

var app = builder.Build();

app.UseDeveloperExceptionPage(); // expect: SB5001

app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapControllers();
app.MapRazorPages();

app.Run();
