namespace VulnerableShop.Services;

public static class WebSecurityExtensions
{
    public static IServiceCollection AddShopWebSecurity(this IServiceCollection services)
    {
        // Browser sign-in for the storefront pages (the mobile API uses bearer tokens).
        services.AddAuthentication().AddCookie();

        services.AddSession(options =>
        {
            options.Cookie.Name = ".Shop.Session";
            options.Cookie.HttpOnly = false; // expect: SB3003
            options.Cookie.SecurePolicy = CookieSecurePolicy.None; // expect: SB3003
        });

        services.AddCors(options =>
        {
            options.AddPolicy("storefront", policy => policy
                .AllowAnyOrigin() // expect: SB3004 (no fix)
                .AllowAnyHeader()
                .AllowCredentials());
            options.AddPolicy("partners", policy => policy
                .SetIsOriginAllowed(_ => true) // expect: SB3004 (no fix)
                .AllowCredentials());
        });

        return services;
    }
}
