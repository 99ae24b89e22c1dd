using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using K = SecureBackend.Benchmarks.Corpus.VulnerabilityKind;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>
/// Generates a believable ASP.NET Core monolith: per module a DbContext, entities with EF Core repositories, Dapper or
/// ADO.NET query classes, services, MVC and API controllers, Razor Pages models, minimal-API endpoint groups, a typed
/// HttpClient, password hashing and token helpers, and for some modules a standalone host pipeline; one top-level
/// Program.cs wires every module. Most code is the safe idiom; each module carries five seeded vulnerabilities of
/// rotating kinds (every kind appears once in every four consecutive modules), recorded with their lines. The
/// scaffolding (this class, one partial file per layer) writes the safe idiom; at each <see cref="SeedSite"/> the
/// <see cref="ISeedProvider"/> of a seeded kind (Corpus/Seeds, one per kind) writes its vulnerable form instead.
/// </summary>
public static partial class WebAppGenerator
{
    private static readonly string[] Areas =
    {
        "Catalog", "Sales", "Billing", "Logistics", "Inventory", "Crm", "Support", "Marketing", "Content", "Partners",
        "Payroll", "Reporting", "Returns", "Loyalty", "Pricing", "Procurement", "Scheduling", "Compliance", "Messaging", "Storefront",
    };

    /// <summary>Four windows of five kinds; module <c>m</c> gets window <c>m % 4</c>. SQL injection, the most common bug, appears in three.</summary>
    private static readonly K[][] Windows =
    {
        new[] { K.SqlInjection, K.BrokenHash, K.MissingAntiforgery, K.CleartextProtocol, K.InsecureRandomness },
        new[] { K.SqlInjection, K.PasswordFastHash, K.OpenRedirect, K.CertificateValidationDisabled, K.HardCodedSecret },
        new[] { K.SqlInjection, K.WeakKeyDerivation, K.InsecureCookie, K.MissingHttpsRedirection, K.PermissiveCors },
        new[] { K.NonConstantTimeComparison, K.TokenValidationDisabled, K.AntiforgeryDisabled, K.MissingHsts, K.ObsoleteTls },
    };

    public static GeneratedCorpus Generate(int targetLines, ulong seed = 20251124)
    {
        var rng = new Prng(seed);
        var files = new List<CorpusFile>();
        var seeds = new List<SeededVulnerability>();
        var modules = new List<Module>();
        files.Add(GlobalUsings());
        var lines = files.Sum(f => f.LineCount);
        while (modules.Count == 0 || lines + 40 + (modules.Count * 2) < targetLines)
        {
            var module = NewModule(modules.Count, rng);
            modules.Add(module);
            foreach (var file in EmitModule(module, rng, seeds))
            {
                files.Add(file);
                lines += file.LineCount;
            }
        }

        files.Add(Program(modules));
        return new GeneratedCorpus($"ASP.NET Core app, {modules.Count} modules", files, seeds);
    }

    private static Module NewModule(int index, Prng rng)
    {
        var round = index / Areas.Length;
        var name = Areas[index % Areas.Length] + (round == 0 ? string.Empty : (round + 1).ToString(CultureInfo.InvariantCulture));
        var entityCount = 3 + (index % 2);
        var pool = Entity.Pool.ToList();
        var entities = new List<Entity>();
        for (var i = 0; i < entityCount; i++)
        {
            var pick = pool[rng.Next(pool.Count)];
            pool.Remove(pick);
            entities.Add(pick);
        }

        var window = Windows[index % Windows.Length];
        var vulnerabilities = new Dictionary<K, string>();
        foreach (var kind in window)
        {
            vulnerabilities[kind] = rng.Pick(WebAppSeeds.For(kind).Variants);
        }

        var hasHost = index % Windows.Length is 2 or 3 || index % 8 == 0;
        var provider = (AdoProvider)rng.Next(5);
        var module = new Module(name, index, entities, provider, vulnerabilities, hasHost);
        foreach (var kind in window)
        {
            WebAppSeeds.For(kind).Prepare(module, rng);
        }

        return module;
    }

    private static IEnumerable<CorpusFile> EmitModule(Module module, Prng rng, List<SeededVulnerability> seeds)
    {
        var root = "src/" + module.Name + "/";
        yield return PagedResult(module, root);
        yield return DbContext(module, root);
        for (var i = 0; i < module.Entities.Count; i++)
        {
            var entity = module.Entities[i];
            yield return Model(module, entity, root);
            yield return Repository(module, i, root, seeds);
            yield return module.UsesDapper(i) ? DapperQueries(module, i, root, seeds, rng) : AdoQueries(module, i, root, seeds, rng);
            yield return Service(module, i, root, seeds);
            if (Module.HasMvc(i))
            {
                yield return MvcController(module, i, root, seeds, rng);
            }

            if (Module.HasApi(i))
            {
                yield return ApiController(module, entity, root);
            }

            if (Module.HasRazorPage(i))
            {
                yield return RazorPage(module, i, root, seeds);
            }

            if (Module.HasMinimalApi(i))
            {
                yield return MinimalApi(module, i, root, seeds);
            }
        }

        yield return ModuleRegistration(module, root, seeds, rng);
        yield return PartnerClient(module, root, seeds);
        yield return PasswordHasher(module, root, seeds);
        yield return TokenService(module, root, seeds);
        if (module.HasHost)
        {
            yield return Host(module, root, seeds);
        }
    }

    /// <summary>
    /// Lets the module's seeded kinds write their vulnerable form at <paramref name="site"/> of the file being written
    /// (of the entity at <paramref name="entityIndex"/>, -1 for a module file); false when none does, and the caller then
    /// writes the safe idiom.
    /// </summary>
    private static bool Seed(SeedSite site, Module module, int entityIndex, SourceWriter writer)
        => WebAppSeeds.TryWrite(site, new SeedContext(module, entityIndex), writer);

    /// <summary>Whether one of the module's seeded kinds takes <paramref name="site"/>, without writing it.</summary>
    private static bool IsSeeded(SeedSite site, Module module, int entityIndex)
        => WebAppSeeds.IsSeeded(site, new SeedContext(module, entityIndex));

    private static CorpusFile GlobalUsings()
    {
        // What the Web SDK generates for ImplicitUsings=enable (obj/…/X.GlobalUsings.g.cs).
        var writer = new SourceWriter("obj/Contoso.Shop.GlobalUsings.g.cs", new List<SeededVulnerability>());
        writer.Block("""
            // <auto-generated/>
            global using global::Microsoft.AspNetCore.Builder;
            global using global::Microsoft.AspNetCore.Hosting;
            global using global::Microsoft.AspNetCore.Http;
            global using global::Microsoft.AspNetCore.Routing;
            global using global::Microsoft.Extensions.Configuration;
            global using global::Microsoft.Extensions.DependencyInjection;
            global using global::Microsoft.Extensions.Hosting;
            global using global::Microsoft.Extensions.Logging;
            global using global::System;
            global using global::System.Collections.Generic;
            global using global::System.IO;
            global using global::System.Linq;
            global using global::System.Net.Http;
            global using global::System.Net.Http.Json;
            global using global::System.Threading;
            global using global::System.Threading.Tasks;
            """);
        return writer.ToFile();
    }

    private static CorpusFile Program(IReadOnlyList<Module> modules)
    {
        var w = new SourceWriter("src/Program.cs", new List<SeededVulnerability>());
        foreach (var module in modules)
        {
            w.Line($"using {module.Namespace};");
        }

        w.Block("""
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);

            builder.Services.AddControllersWithViews();
            builder.Services.AddRazorPages();
            builder.Services.AddMemoryCache();
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddAntiforgery();
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
            {
                options.Authority = builder.Configuration["Jwt:Authority"];
                options.Audience = builder.Configuration["Jwt:Audience"];
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                };
            });
            builder.Services.AddAuthorization();
            """);
        foreach (var module in modules)
        {
            w.Line($"builder.Services.Add{module.Name}Module(builder.Configuration);");
        }

        w.Block("""

            var app = builder.Build();

            if (!app.Environment.IsDevelopment())
            {
                app.UseExceptionHandler("/Home/Error");
                app.UseHsts();
            }

            app.UseHttpsRedirection();
            app.UseStaticFiles();
            app.UseRouting();
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseAntiforgery();

            app.MapControllerRoute(name: "default", pattern: "{controller=Home}/{action=Index}/{id?}");
            app.MapRazorPages();
            """);
        foreach (var module in modules)
        {
            w.Line($"app.Map{module.Name}Module();");
        }

        w.Block("""

            app.Run();
            """);
        return w.ToFile();
    }
}
