using Microsoft.EntityFrameworkCore;
using FixedShop.Data;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllersWithViews();
builder.Services.AddPaymentGateway();
builder.Services.AddRazorPages();
builder.Services.AddDbContext<ShopDbContext>(options => options.UseSqlite("Data Source=shop.db"));

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseHttpsRedirection();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapControllers();
app.MapRazorPages();

app.Run();
