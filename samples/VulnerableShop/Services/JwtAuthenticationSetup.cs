using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace VulnerableShop.Services;

public static class JwtAuthenticationSetup
{
    /// <summary>Bearer authentication for the mobile API (call from Program.cs).</summary>
    public static IServiceCollection AddShopJwt(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.Authority = "http://identity.shop.internal";
            options.RequireHttpsMetadata = false; // expect: SB2007
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = false, // expect: SB2007
                ValidateLifetime = false, // expect: SB2007
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("shop-fallback-signing-key-2b7e151628aed2a6")), // expect: SB2005 (no fix)
            };
        });

        return services;
    }
}
