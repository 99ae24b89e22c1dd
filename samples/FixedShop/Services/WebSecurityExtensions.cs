namespace FixedShop.Services;

public static class WebSecurityExtensions
{
    public static IServiceCollection AddShopWebSecurity(this IServiceCollection services)
    {
        // Browser sign-in for the storefront pages (the mobile API uses bearer tokens).
        services.AddAuthentication().AddCookie();

        services.AddSession(options =>
        {
            options.Cookie.Name = ".Shop.Session";
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        });

        services.AddCors(options =>
        {
            options.AddPolicy("storefront", policy => policy
                .WithOrigins("https://www.shop.example")
                .AllowAnyHeader()
                .AllowCredentials());
            options.AddPolicy("partners", policy => policy
                .WithOrigins("https://partner-one.example", "https://partner-two.example")
                .AllowCredentials());
        });

        return services;
    }
}
