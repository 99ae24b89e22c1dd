using Microsoft.EntityFrameworkCore;
using FixedShop.Data;
using FixedShop.Endpoints;
using FixedShop.Services;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllersWithViews();
builder.Services.AddPaymentGateway();
builder.Services.AddRazorPages();
builder.Services.AddShopWebSecurity();
builder.Services.AddDbContext<ShopDbContext>(options => options
    .UseSqlite("Data Source=shop.db")
    .EnableSensitiveDataLogging(builder.Environment.IsDevelopment()));
builder.Services.AddScoped<ProductRepository>();

var app = builder.Build();

if (app.Environment.IsDevelopment())
{
    app.UseDeveloperExceptionPage();
}
else
{
    app.UseExceptionHandler("/Error");
    app.UseHsts();
}

app.UseHttpsRedirection();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapControllers();
app.MapRazorPages();
app.MapUploadEndpoints();

app.Run();
