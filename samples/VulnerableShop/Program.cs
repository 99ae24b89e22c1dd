using Microsoft.EntityFrameworkCore;
using VulnerableShop.Data;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllersWithViews();
builder.Services.AddPaymentGateway();
builder.Services.AddRazorPages();
builder.Services.AddDbContext<ShopDbContext>(options => options.UseSqlite("Data Source=shop.db"));

var app = builder.Build(); // expect: SB4001, SB4002

app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapControllers();
app.MapRazorPages();

app.Run();
