using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace SecureBackend.Tests.Infrastructure;

/// <summary>The shared references compile realistic code against every library the rules recognise.</summary>
public sealed class TestReferencesTests
{
    [Fact]
    public Task RealLibraries_CompileTogether() => AnalyzerVerifier<EmptyDiagnosticAnalyzer>.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Linq;
        using System.Threading.Tasks;
        using Dapper;
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.EntityFrameworkCore;
        using Microsoft.IdentityModel.Tokens;

        public class User { public int Id { get; set; } public string Name { get; set; } = ""; }
        public class ShopDb : DbContext { public DbSet<User> Users => Set<User>(); }

        public class UsersController : Controller
        {
            [HttpPost, ValidateAntiForgeryToken]
            public async Task<IActionResult> Find(ShopDb db, string name)
            {
                using var sql = new Microsoft.Data.SqlClient.SqlConnection("Server=.;Integrated Security=true");
                var viaDapper = await sql.QueryAsync<User>("select * from Users where Name = @name", new { name });
                using var pg = new Npgsql.NpgsqlCommand("select 1");
                using var lite = new Microsoft.Data.Sqlite.SqliteCommand("select 1");
                using var my = new MySqlConnector.MySqlCommand("select 1");
                var viaEf = db.Users.FromSql($"select * from Users where Name = {name}").ToList();
                var argon = new Konscious.Security.Cryptography.Argon2id(new byte[] { 1 });
                var parameters = new TokenValidationParameters { ValidateLifetime = true };
                var options = new JwtBearerOptions { TokenValidationParameters = parameters };
                return View(viaDapper.Concat(viaEf).ToList());
            }
        }

        public static class Pipeline
        {
            public static void Run(string[] args)
            {
                var app = WebApplication.CreateBuilder(args).Build();
                app.UseHttpsRedirection();
                app.Run();
            }
        }
        """);
}

/// <summary>The framework references come from the build's reference packs, never from a download during the run.</summary>
public sealed class ReferencePackTests
{
    [Fact]
    public void Framework_HoldsBothReferencePacks()
    {
        var names = TestReferences.Framework
            .OfType<PortableExecutableReference>()
            .Select(r => System.IO.Path.GetFileName(r.FilePath))
            .ToHashSet(System.StringComparer.OrdinalIgnoreCase);

        Assert.Contains("System.Runtime.dll", names);
        Assert.Contains("Microsoft.AspNetCore.Mvc.Core.dll", names);
        Assert.Contains("Microsoft.AspNetCore.Antiforgery.dll", names);
        Assert.Contains("Microsoft.Extensions.Configuration.Abstractions.dll", names);
    }

    [Fact]
    public void Framework_ComesFromReferencePackFolders()
    {
        foreach (var framework in new[] { "Microsoft.NETCore.App", "Microsoft.AspNetCore.App" })
        {
            var folder = TestReferences.PackFolder(framework);
            Assert.EndsWith(System.IO.Path.Combine("ref", "net10.0"), folder.TrimEnd('/', '\\'));
            Assert.True(System.IO.File.Exists(System.IO.Path.Combine(folder, framework == "Microsoft.NETCore.App" ? "System.Runtime.dll" : "Microsoft.AspNetCore.Http.Abstractions.dll")));
        }
    }

    [Fact]
    public async Task VerifierReferenceAssemblies_ResolveNothing()
    {
        // The verifiers' ReferenceAssemblies name no package, so the testing library has nothing to download.
        Assert.Null(TestReferences.Net10.ReferenceAssemblyPackage);
        Assert.Empty(TestReferences.Net10.Packages);
        var resolved = await TestReferences.Net10.ResolveAsync(Microsoft.CodeAnalysis.LanguageNames.CSharp, System.Threading.CancellationToken.None);
        Assert.Empty(resolved);
    }
}
