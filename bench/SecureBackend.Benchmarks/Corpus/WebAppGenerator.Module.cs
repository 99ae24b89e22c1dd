using System;
using System.Collections.Generic;
using System.Linq;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>The module-wide files: service registration, partner HTTP client, password hashing, tokens, and the standalone host.</summary>
public static partial class WebAppGenerator
{
    private static CorpusFile ModuleRegistration(Module module, string root, List<SeededVulnerability> seeds, Prng rng)
    {
        var w = new SourceWriter(root + module.Name + "Module.cs", seeds);
        w.Block($$"""
            using System.Net;
            using System.Net.Security;
            using System.Security.Authentication;
            using {{module.Namespace}}.Data;
            using {{module.Namespace}}.Endpoints;
            using {{module.Namespace}}.Integration;
            using {{module.Namespace}}.Security;
            using {{module.Namespace}}.Services;
            using Microsoft.EntityFrameworkCore;

            namespace {{module.Namespace}};

            public static class {{module.Name}}Module
            {
                public const string CorsPolicy = "{{module.Name}}Partners";

                public static IServiceCollection Add{{module.Name}}Module(this IServiceCollection services, IConfiguration configuration)
                {
            """);
        if (!Seed(SeedSite.ModuleDbContext, module, -1, w))
        {
            w.Block($$"""
                services.AddDbContext<{{module.Name}}DbContext>(options => options.UseSqlite(configuration.GetConnectionString("{{module.Name}}")));
                """, 2);
        }

        w.Block($$"""
            services.AddScoped<{{module.Name}}PasswordHasher>();
            services.AddScoped<{{module.Name}}TokenService>();
            """, 2);
        foreach (var e in module.Entities)
        {
            w.Block($$"""
                services.AddScoped<I{{e.Name}}Repository, {{e.Name}}Repository>();
                services.AddScoped<{{e.Name}}Queries>();
                services.AddScoped<{{e.Name}}Service>();
                """, 2);
        }

        Seed(SeedSite.ModuleServices, module, -1, w);
        w.Block($$"""

            services.AddHttpClient<{{module.Name}}PartnerClient>(client =>
            {
            """, 2);
        if (!Seed(SeedSite.PartnerBaseAddress, module, -1, w))
        {
            w.Block($"client.BaseAddress = new Uri(configuration[\"{module.Name}:PartnerApi\"] ?? \"https://partners.contoso-{module.Lower}.net/api/\");", 3);
        }

        w.Block("""
                client.Timeout = TimeSpan.FromSeconds(30);
            })
            """, 2);
        if (!Seed(SeedSite.PartnerPrimaryHandler, module, -1, w))
        {
            w.Block("""
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
                {
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    SslOptions = new SslClientAuthenticationOptions
                    {
                """, 2);
            if (!Seed(SeedSite.PartnerSslProtocols, module, -1, w))
            {
                w.Block("EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,", 4);
            }

            if (!Seed(SeedSite.PartnerCertificateCallback, module, -1, w) && rng.Chance(30))
            {
                w.Block("RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => errors == SslPolicyErrors.None,", 4);
            }

            w.Block("""
                    },
                });
                """, 2);
        }

        w.Line();
        if (!Seed(SeedSite.CorsPolicy, module, -1, w))
        {
            w.Block($$"""
                services.AddCors(options => options.AddPolicy(CorsPolicy, policy =>
                    policy.WithOrigins("https://partners.contoso-{{module.Lower}}.net").WithHeaders("Content-Type", "Authorization").WithMethods("GET", "POST").AllowCredentials()));
                """, 2);
        }

        w.Block("return services;", 2);
        w.Block($$"""
                }

                public static IEndpointRouteBuilder Map{{module.Name}}Module(this IEndpointRouteBuilder endpoints)
                {
            """);
        for (var i = 0; i < module.Entities.Count; i++)
        {
            if (Module.HasMinimalApi(i))
            {
                w.Block($"endpoints.Map{module.Entities[i].Name}Endpoints();", 2);
            }
        }

        w.Block("""
                    return endpoints;
                }
            }
            """);
        return w.ToFile();
    }

    private static CorpusFile PartnerClient(Module module, string root, List<SeededVulnerability> seeds)
    {
        var w = new SourceWriter(root + "Integration/" + module.Name + "PartnerClient.cs", seeds);
        w.Block($$"""
            using System.Security.Cryptography;
            using System.Text;
            using Newtonsoft.Json;

            namespace {{module.Namespace}}.Integration;

            public sealed class {{module.Name}}PartnerClient(HttpClient httpClient, IConfiguration configuration, ILogger<{{module.Name}}PartnerClient> logger)
            {
                private const int MaxAttempts = 3;
            """);
        // A seed here declares the key as a constant, ApiKey, which the requests then send.
        var apiKey = Seed(SeedSite.PartnerClientFields, module, -1, w);

        w.Block($$"""

                public async Task<PartnerStatus?> GetStatusAsync(string reference, CancellationToken cancellationToken = default)
                {
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Get, "status/" + Uri.EscapeDataString(reference));
                            request.Headers.Add("X-Api-Key", {{(apiKey ? "ApiKey" : $"configuration[\"{module.Name}:PartnerApiKey\"]")}});
                            using var response = await httpClient.SendAsync(request, cancellationToken);
                            response.EnsureSuccessStatusCode();
                            var body = await response.Content.ReadAsStringAsync(cancellationToken);
                            return JsonConvert.DeserializeObject<PartnerStatus>(body);
                        }
                        catch (HttpRequestException ex) when (attempt < MaxAttempts)
                        {
                            var delay = TimeSpan.FromMilliseconds((200 * attempt) + Random.Shared.Next(0, 100));
                            logger.LogWarning(ex, "Partner call failed, retrying in {Delay}", delay);
                            await Task.Delay(delay, cancellationToken);
                        }
                    }
                }

                public async Task<bool> PushAsync(object payload, CancellationToken cancellationToken = default)
                {
                    using var response = await httpClient.PostAsJsonAsync("events", payload, cancellationToken);
                    return response.IsSuccessStatusCode;
                }

                public async Task<decimal> ExchangeRateAsync(string currency, CancellationToken cancellationToken = default)
                {
            """);
        if (!Seed(SeedSite.PartnerExchangeRate, module, -1, w))
        {
            w.Block("var json = await httpClient.GetStringAsync(\"rates/latest?base=\" + Uri.EscapeDataString(currency), cancellationToken);", 2);
        }

        w.Block($$"""
                    var rates = JsonConvert.DeserializeObject<Dictionary<string, decimal>>(json) ?? new Dictionary<string, decimal>();
                    return rates.TryGetValue("EUR", out var rate) ? rate : 1m;
                }

                public bool VerifyWebhook(string body, string signature)
                {
                    var secret = configuration["{{module.Name}}:WebhookSecret"] ?? string.Empty;
                    using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
                    var expected = Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(body)));
            """);
        if (!Seed(SeedSite.PartnerWebhookComparison, module, -1, w))
        {
            w.Block("return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.ToUpperInvariant()));", 2);
        }

        w.Block("""
                }
            }

            public sealed record PartnerStatus(string Reference, string State, DateTime UpdatedAt);
            """);
        return w.ToFile();
    }

    private static CorpusFile PasswordHasher(Module module, string root, List<SeededVulnerability> seeds)
    {
        var w = new SourceWriter(root + "Security/" + module.Name + "PasswordHasher.cs", seeds);
        w.Block($$"""
            using System.Security.Cryptography;
            using System.Text;

            namespace {{module.Namespace}}.Security;

            /// <summary>Hashes and verifies the passwords of partner portal accounts.</summary>
            public sealed class {{module.Name}}PasswordHasher
            {
                private const int SaltSize = 16;
                private const int KeySize = 32;
                private const int Iterations = 600_000;

                public string HashPassword(string password)
                {
                    var salt = RandomNumberGenerator.GetBytes(SaltSize);
                    var key = DeriveKey(password, salt);
                    return string.Join('.', Iterations, Convert.ToBase64String(salt), Convert.ToBase64String(key));
                }

                public bool VerifyPassword(string password, string stored)
                {
                    var parts = stored.Split('.', 3);
                    if (parts.Length != 3)
                    {
                        return false;
                    }

                    var salt = Convert.FromBase64String(parts[1]);
                    var expected = Convert.FromBase64String(parts[2]);
                    var actual = DeriveKey(password, salt);
            """);
        if (!Seed(SeedSite.PasswordVerify, module, -1, w))
        {
            w.Block("return CryptographicOperations.FixedTimeEquals(actual, expected);", 2);
        }

        w.Block("""
                }

                private static byte[] DeriveKey(string password, byte[] salt)
                {
            """);
        if (!Seed(SeedSite.PasswordDeriveKey, module, -1, w))
        {
            w.Block("return Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, KeySize);", 2);
        }

        w.Block("""
                }
            }
            """);
        return w.ToFile();
    }

    private static CorpusFile TokenService(Module module, string root, List<SeededVulnerability> seeds)
    {
        var w = new SourceWriter(root + "Security/" + module.Name + "TokenService.cs", seeds);
        w.Block($$"""
            using System.Globalization;
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            namespace {{module.Namespace}}.Security;

            public sealed class {{module.Name}}TokenService(IConfiguration configuration, TimeProvider clock)
            {
                private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

            """);
        if (!Seed(SeedSite.TokenResetCode, module, -1, w))
        {
            w.Block("public string CreateResetCode() => RandomNumberGenerator.GetInt32(0, 100_000_000).ToString(\"D8\", CultureInfo.InvariantCulture);", 1);
        }

        w.Block("""

                public string CreateApiKey()
                {
            """);
        if (!Seed(SeedSite.TokenApiKey, module, -1, w))
        {
            w.Block("return Convert.ToHexString(RandomNumberGenerator.GetBytes(32));", 2);
        }

        w.Block("""
                }

                public string CreateInvitationCode() => RandomNumberGenerator.GetString(Alphabet, 10);

                public string IssueAccessToken(string userId, IEnumerable<string> roles)
                {
                    var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, userId), new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")) };
                    claims.AddRange(roles.Select(role => new Claim(ClaimTypes.Role, role)));
                    var credentials = new SigningCredentials(SigningKey(), SecurityAlgorithms.HmacSha256);
                    var token = new JwtSecurityToken(configuration["Jwt:Issuer"], configuration["Jwt:Audience"], claims, expires: clock.GetUtcNow().UtcDateTime.AddMinutes(30), signingCredentials: credentials);
                    return new JwtSecurityTokenHandler().WriteToken(token);
                }

                public TokenValidationParameters ValidationParameters() => new()
                {
                    ValidateIssuer = true,
                    ValidIssuer = configuration["Jwt:Issuer"],
            """);
        if (!Seed(SeedSite.TokenValidateAudience, module, -1, w))
        {
            w.Block("ValidateAudience = true,", 2);
        }

        w.Block("ValidAudience = configuration[\"Jwt:Audience\"],", 2);
        if (!Seed(SeedSite.TokenValidateLifetime, module, -1, w))
        {
            w.Block("ValidateLifetime = true,", 2);
        }

        if (!Seed(SeedSite.TokenValidateSigningKey, module, -1, w))
        {
            w.Block("ValidateIssuerSigningKey = true,", 2);
        }

        w.Block("""
                    IssuerSigningKey = SigningKey(),
                    ClockSkew = TimeSpan.FromMinutes(1),
                };

                private SymmetricSecurityKey SigningKey()
            """);
        if (!Seed(SeedSite.TokenSigningKey, module, -1, w))
        {
            w.Block("=> new(Encoding.UTF8.GetBytes(configuration[\"Jwt:SigningKey\"] ?? throw new InvalidOperationException(\"Jwt:SigningKey is not configured.\")));", 2);
        }

        w.Line("}");
        return w.ToFile();
    }

    private static CorpusFile Host(Module module, string root, List<SeededVulnerability> seeds)
    {
        var w = new SourceWriter(root + "Hosting/" + module.Name + "Host.cs", seeds);
        w.Block($$"""
            using Microsoft.AspNetCore.Authentication.Cookies;

            namespace {{module.Namespace}}.Hosting;

            /// <summary>The {{module.Name}} back-office, deployed as its own web app.</summary>
            public static class {{module.Name}}Host
            {
                public static async Task RunAsync(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.Add{{module.Name}}Module(builder.Configuration);
                    builder.Services.AddControllersWithViews();
                    builder.Services.AddRazorPages();
                    builder.Services.AddMemoryCache();
                    builder.Services.AddSingleton(TimeProvider.System);
                    builder.Services.AddAntiforgery(options => options.HeaderName = "X-CSRF-TOKEN");
                    builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
                    {
                        options.LoginPath = "/account/login";
                        options.Cookie.HttpOnly = true;
            """);
        if (!Seed(SeedSite.HostCookiePolicy, module, -1, w))
        {
            w.Block("options.Cookie.SecurePolicy = CookieSecurePolicy.Always;", 3);
        }

        w.Block("""
                    options.Cookie.SameSite = SameSiteMode.Lax;
                    options.ExpireTimeSpan = TimeSpan.FromHours(8);
                });
                builder.Services.AddAuthorization();

            """, 1);
        // A pipeline seeded without a middleware marks the line that builds the app.
        if (!Seed(SeedSite.HostBuild, module, -1, w))
        {
            w.Block("var app = builder.Build();", 2);
        }

        w.Block("""
            if (!app.Environment.IsDevelopment())
            {
                app.UseExceptionHandler("/error");
            """, 2);
        if (!Seed(SeedSite.HostHsts, module, -1, w))
        {
            w.Block("app.UseHsts();", 3);
        }

        w.Block("}", 2);
        w.Line();
        if (!Seed(SeedSite.HostHttpsRedirection, module, -1, w))
        {
            w.Block("app.UseHttpsRedirection();", 2);
        }

        w.Block($$"""
            app.UseStaticFiles();
            app.UseRouting();
            app.UseCors({{module.Name}}Module.CorsPolicy);
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseAntiforgery();
            app.MapControllers();
            app.MapRazorPages();
            app.Map{{module.Name}}Module();
            await app.RunAsync();
            """, 2);
        w.Block("""
                }
            }
            """);
        return w.ToFile();
    }
}
