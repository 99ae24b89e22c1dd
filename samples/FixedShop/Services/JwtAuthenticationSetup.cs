using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace FixedShop.Services;

public static class JwtAuthenticationSetup
{
    /// <summary>Bearer authentication for the mobile API (call from Program.cs).</summary>
    public static IServiceCollection AddShopJwt(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.Authority = configuration["Jwt:Authority"];
            if (environment.IsDevelopment())
            {
                options.RequireHttpsMetadata = false; // the local identity server has no certificate
            }

            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidateLifetime = true,
                ValidIssuer = configuration["Jwt:Issuer"],
                ValidAudience = configuration["Jwt:Audience"],
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:SigningKey"] ?? throw new InvalidOperationException("Jwt:SigningKey is not set."))),
            };
        });

        return services;
    }
}
