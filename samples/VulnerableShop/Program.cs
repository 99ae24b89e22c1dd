using Microsoft.EntityFrameworkCore;
using VulnerableShop.Data;
using VulnerableShop.Endpoints;
using VulnerableShop.Services;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllersWithViews();
builder.Services.AddPaymentGateway();
builder.Services.AddRazorPages();
builder.Services.AddShopWebSecurity();
builder.Services.AddDbContext<ShopDbContext>(options => options
    .UseSqlite("Data Source=shop.db")
    .EnableSensitiveDataLogging()); // expect: SB5002
builder.Services.AddScoped<ProductRepository>();

var app = builder.Build(); // expect: SB4001, SB4002

app.UseDeveloperExceptionPage(); // expect: SB5001

app.UseStaticFiles();
// Sets one of the headers SB5006 looks for; SB5006 (a suggestion) has its own cases in the rule's tests.
app.Use(async (context, next) =>
{
    context.Response.Headers["X-Content-Type-Options"] = "nosniff";
    await next(context);
});
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapControllers();
app.MapRazorPages();
app.MapUploadEndpoints();

app.Run();
