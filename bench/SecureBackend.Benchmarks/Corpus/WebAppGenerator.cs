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
/// rotating kinds (every kind appears once in every four consecutive modules), recorded with their lines.
/// </summary>
public static class WebAppGenerator
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

    private static readonly Dictionary<K, string[]> Variants = new()
    {
        [K.SqlInjection] = new[] { "dapper-concatenation", "dapper-order-by-append", "ado-interpolated-constructor", "ado-stringbuilder-commandtext", "ef-fromsqlraw-concatenation", "ef-executesqlraw-format" },
        [K.BrokenHash] = new[] { "md5-etag", "sha1-cache-key" },
        [K.PasswordFastHash] = new[] { "sha256-password-and-salt", "sha512-computehash" },
        [K.WeakKeyDerivation] = new[] { "pbkdf2-low-iterations", "rfc2898-constructor-sha1-default" },
        [K.InsecureRandomness] = new[] { "random-reset-code", "random-api-key-bytes" },
        [K.HardCodedSecret] = new[] { "api-key-constant", "connection-string-password", "jwt-signing-key-literal" },
        [K.NonConstantTimeComparison] = new[] { "webhook-signature-equality", "password-hash-sequence-equal" },
        [K.TokenValidationDisabled] = new[] { "validate-lifetime-false", "validate-signing-key-false", "validate-audience-false" },
        [K.MissingAntiforgery] = new[] { "mvc-edit-post-without-token", "mvc-delete-post-without-token" },
        [K.AntiforgeryDisabled] = new[] { "mvc-ignore-on-action", "razor-page-ignore", "minimal-form-disable-antiforgery" },
        [K.InsecureCookie] = new[] { "cookie-options-without-secure", "auth-cookie-same-as-request" },
        [K.PermissiveCors] = new[] { "origin-predicate-with-credentials", "wildcard-origin", "any-origin-with-credentials" },
        [K.OpenRedirect] = new[] { "mvc-redirect-parameter", "razor-redirect-parameter", "minimal-results-redirect" },
        [K.MissingHttpsRedirection] = new[] { "host-without-https-redirection" },
        [K.MissingHsts] = new[] { "host-without-hsts" },
        [K.CertificateValidationDisabled] = new[] { "sockets-handler-callback-true", "dangerous-accept-any" },
        [K.ObsoleteTls] = new[] { "ssl-options-tls11", "service-point-manager-tls" },
        [K.CleartextProtocol] = new[] { "base-address-http", "get-string-http" },
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

        var vulnerabilities = new Dictionary<K, string>();
        foreach (var kind in Windows[index % Windows.Length])
        {
            vulnerabilities[kind] = rng.Pick(Variants[kind]);
        }

        var window = index % Windows.Length;
        var hasHost = window is 2 or 3 || index % 8 == 0;
        var provider = (AdoProvider)rng.Next(5);
        var module = new Module(name, index, entities, provider, vulnerabilities, hasHost);
        if (module.Vulnerabilities.TryGetValue(K.SqlInjection, out var sqlVariant))
        {
            var candidates = Enumerable.Range(0, entities.Count)
                .Where(i => sqlVariant.StartsWith("ef-", StringComparison.Ordinal)
                    || (sqlVariant.StartsWith("dapper-", StringComparison.Ordinal) == module.UsesDapper(i)))
                .ToList();
            module.SqlEntity = rng.Pick(candidates);
        }

        if (module.Has(K.BrokenHash))
        {
            module.HashEntity = rng.Next(entities.Count);
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

    private static CorpusFile PagedResult(Module module, string root)
    {
        var w = new SourceWriter(root + "Models/PagedResult.cs", new List<SeededVulnerability>());
        w.Block($$"""
            namespace {{module.Namespace}}.Models;

            /// <summary>One page of a list, with the total count for the pager.</summary>
            public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
            {
                public int PageCount => PageSize <= 0 ? 0 : (Total + PageSize - 1) / PageSize;

                public bool HasNext => Page < PageCount;

                public bool HasPrevious => Page > 1;
            }
            """);
        return w.ToFile();
    }

    private static CorpusFile DbContext(Module module, string root)
    {
        var w = new SourceWriter(root + "Data/" + module.Name + "DbContext.cs", new List<SeededVulnerability>());
        w.Block($$"""
            using {{module.Namespace}}.Models;
            using Microsoft.EntityFrameworkCore;

            namespace {{module.Namespace}}.Data;

            public sealed class {{module.Name}}DbContext(DbContextOptions<{{module.Name}}DbContext> options) : DbContext(options)
            {
            """);
        foreach (var entity in module.Entities)
        {
            w.Block($"public DbSet<{entity.Name}> {entity.Plural} => Set<{entity.Name}>();", 1);
            w.Line();
        }

        w.Block("""
            protected override void OnModelCreating(ModelBuilder modelBuilder)
            {
                base.OnModelCreating(modelBuilder);
            """, 1);
        foreach (var entity in module.Entities)
        {
            w.Block($$"""

                modelBuilder.Entity<{{entity.Name}}>(entity =>
                {
                    entity.ToTable("{{entity.Plural}}");
                    entity.HasKey(e => e.Id);
                    entity.HasIndex(e => e.{{entity.Search.Name}});
                    entity.HasQueryFilter(e => !e.IsDeleted);
                """, 2);
            foreach (var field in entity.Fields)
            {
                var config = field.Type switch
                {
                    "string" => $"entity.Property(e => e.{field.Name}).HasMaxLength(200).IsRequired();",
                    "decimal" => $"entity.Property(e => e.{field.Name}).HasPrecision(18, 2);",
                    _ => $"entity.Property(e => e.{field.Name});",
                };
                w.Block(config, 3);
            }

            w.Block("});", 2);
        }

        w.Block("""
                }
            }
            """);
        return w.ToFile();
    }

    private static CorpusFile Model(Module module, Entity e, string root)
    {
        var w = new SourceWriter(root + "Models/" + e.Name + ".cs", new List<SeededVulnerability>());
        w.Block($$"""
            using System.ComponentModel.DataAnnotations;

            namespace {{module.Namespace}}.Models;

            public class {{e.Name}}
            {
                public int Id { get; set; }

            """);
        foreach (var f in e.Fields)
        {
            w.Block($"public {f.Type} {f.Name} {{ get; set; }}{f.Initializer}", 1);
            w.Line();
        }

        w.Block("""
                public DateTime CreatedAt { get; set; }

                public DateTime? UpdatedAt { get; set; }

                public bool IsDeleted { get; set; }
            }

            """);
        w.Block($"public sealed record {e.Name}Dto(int Id, {string.Join(", ", e.Fields.Select(f => f.Type + " " + f.Name))}, DateTime CreatedAt);");
        foreach (var kind in new[] { "Create", "Update" })
        {
            w.Block($$"""

                public sealed class {{kind}}{{e.Name}}Request
                {
                """);
            var first = true;
            foreach (var f in e.Fields)
            {
                if (!first)
                {
                    w.Line();
                }

                first = false;
                var attribute = f.Type switch
                {
                    "string" => "[Required, MaxLength(200)]",
                    "int" => "[Range(0, 1_000_000)]",
                    "decimal" => "[Range(typeof(decimal), \"0\", \"1000000\")]",
                    _ => null,
                };
                if (attribute is not null)
                {
                    w.Block(attribute, 1);
                }

                w.Block($"public {f.Type} {f.Name} {{ get; set; }}{f.Initializer}", 1);
            }

            w.Line("}");
        }

        var dtoArgs = string.Join(", ", e.Fields.Select(f => "entity." + f.Name));
        var init = string.Join(", ", e.Fields.Select(f => f.Name + " = request." + f.Name));
        w.Block($$"""

            public sealed record {{e.Name}}Query(string? Search, int Page = 1, int PageSize = 20, string? SortBy = null, bool Descending = false);

            public static class {{e.Name}}Mapping
            {
                public static {{e.Name}}Dto ToDto(this {{e.Name}} entity) => new(entity.Id, {{dtoArgs}}, entity.CreatedAt);

                public static {{e.Name}} ToEntity(this Create{{e.Name}}Request request, DateTime now) => new() { {{init}}, CreatedAt = now };

                public static void ApplyTo(this Update{{e.Name}}Request request, {{e.Name}} entity, DateTime now)
                {
            """);
        foreach (var f in e.Fields)
        {
            w.Block($"entity.{f.Name} = request.{f.Name};", 2);
        }

        w.Block($$"""
                    entity.UpdatedAt = now;
                }

                public static Update{{e.Name}}Request ToUpdateRequest(this {{e.Name}}Dto dto) => new() { {{string.Join(", ", e.Fields.Select(f => f.Name + " = dto." + f.Name))}} };
            }
            """);
        return w.ToFile();
    }

    private static CorpusFile Repository(Module module, int index, string root, List<SeededVulnerability> seeds)
    {
        var e = module.Entities[index];
        var s = e.Search.Name;
        var sql = module.SqlEntity == index ? module.Vulnerabilities[K.SqlInjection] : string.Empty;
        var w = new SourceWriter(root + "Data/" + e.Name + "Repository.cs", seeds);
        w.Block($$"""
            using {{module.Namespace}}.Models;
            using Microsoft.EntityFrameworkCore;

            namespace {{module.Namespace}}.Data;

            public interface I{{e.Name}}Repository
            {
                Task<{{e.Name}}?> FindAsync(int id, CancellationToken cancellationToken = default);

                Task<PagedResult<{{e.Name}}>> ListAsync({{e.Name}}Query query, CancellationToken cancellationToken = default);

                Task<IReadOnlyList<{{e.Name}}>> SearchAsync(string term, CancellationToken cancellationToken = default);

                Task<{{e.Name}}> AddAsync({{e.Name}} entity, CancellationToken cancellationToken = default);

                Task UpdateAsync({{e.Name}} entity, CancellationToken cancellationToken = default);

                Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default);

                Task<int> RenameAsync(string from, string to, CancellationToken cancellationToken = default);
            }

            public sealed class {{e.Name}}Repository({{module.Name}}DbContext db, ILogger<{{e.Name}}Repository> logger) : I{{e.Name}}Repository
            {
                public Task<{{e.Name}}?> FindAsync(int id, CancellationToken cancellationToken = default)
                    => db.{{e.Plural}}.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

                public async Task<PagedResult<{{e.Name}}>> ListAsync({{e.Name}}Query query, CancellationToken cancellationToken = default)
                {
                    IQueryable<{{e.Name}}> source = db.{{e.Plural}}.AsNoTracking();
                    if (!string.IsNullOrWhiteSpace(query.Search))
                    {
                        source = source.Where(e => e.{{s}}.Contains(query.Search));
                    }

                    source = query.SortBy switch
                    {
                        "{{e.Sort.Name}}" => query.Descending ? source.OrderByDescending(e => e.{{e.Sort.Name}}) : source.OrderBy(e => e.{{e.Sort.Name}}),
                        "{{s}}" => query.Descending ? source.OrderByDescending(e => e.{{s}}) : source.OrderBy(e => e.{{s}}),
                        _ => query.Descending ? source.OrderByDescending(e => e.Id) : source.OrderBy(e => e.Id),
                    };

                    var page = Math.Max(1, query.Page);
                    var total = await source.CountAsync(cancellationToken);
                    var items = await source.Skip((page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
                    return new PagedResult<{{e.Name}}>(items, total, page, query.PageSize);
                }

                public async Task<IReadOnlyList<{{e.Name}}>> SearchAsync(string term, CancellationToken cancellationToken = default)
                {
            """);
        if (sql == "ef-fromsqlraw-concatenation")
        {
            w.Block($$"""
                var rows = await db.{{e.Plural}}.FromSqlRaw("SELECT * FROM {{e.Plural}} WHERE {{s}} LIKE '%" + term + "%' AND IsDeleted = 0").AsNoTracking().ToListAsync(cancellationToken); @@SEED
                """, 2, K.SqlInjection, sql);
        }
        else
        {
            w.Block($$"""
                var pattern = "%" + term + "%";
                var rows = await db.{{e.Plural}}.FromSql($"SELECT * FROM {{e.Plural}} WHERE {{s}} LIKE {pattern} AND IsDeleted = 0").AsNoTracking().ToListAsync(cancellationToken);
                """, 2);
        }

        w.Block($$"""
                    logger.LogDebug("Search for {Term} returned {Count} {{e.PluralLower}}", term, rows.Count);
                    return rows;
                }

                public async Task<{{e.Name}}> AddAsync({{e.Name}} entity, CancellationToken cancellationToken = default)
                {
                    db.{{e.Plural}}.Add(entity);
                    await db.SaveChangesAsync(cancellationToken);
                    logger.LogInformation("Created {{e.Lower}} {Id}", entity.Id);
                    return entity;
                }

                public async Task UpdateAsync({{e.Name}} entity, CancellationToken cancellationToken = default)
                {
                    db.{{e.Plural}}.Update(entity);
                    await db.SaveChangesAsync(cancellationToken);
                }

                public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default)
                {
                    var affected = await db.Database.ExecuteSqlAsync($"UPDATE {{e.Plural}} SET IsDeleted = 1 WHERE Id = {id}", cancellationToken);
                    return affected > 0;
                }

                public Task<int> RenameAsync(string from, string to, CancellationToken cancellationToken = default)
            """);
        if (sql == "ef-executesqlraw-format")
        {
            w.Block($$"""
                => db.Database.ExecuteSqlRawAsync(string.Format("UPDATE {{e.Plural}} SET {{s}} = '{0}' WHERE {{s}} = '{1}'", to, from), cancellationToken); @@SEED
                """, 2, K.SqlInjection, sql);
        }
        else
        {
            w.Block($$"""
                => db.Database.ExecuteSqlAsync($"UPDATE {{e.Plural}} SET {{s}} = {to} WHERE {{s}} = {from}", cancellationToken);
                """, 2);
        }

        w.Line("}");
        return w.ToFile();
    }

    private static CorpusFile DapperQueries(Module module, int index, string root, List<SeededVulnerability> seeds, Prng rng)
    {
        var e = module.Entities[index];
        var s = e.Search.Name;
        var sql = module.SqlEntity == index ? module.Vulnerabilities[K.SqlInjection] : string.Empty;
        var ado = module.Ado;
        var w = new SourceWriter(root + "Data/" + e.Name + "Queries.cs", seeds);
        w.Block($$"""
            using {{module.Namespace}}.Models;
            using Dapper;
            using {{ado.Namespace}};

            namespace {{module.Namespace}}.Data;

            /// <summary>Read-side queries for {{e.PluralLower}}, written with Dapper.</summary>
            public sealed class {{e.Name}}Queries(IConfiguration configuration, ILogger<{{e.Name}}Queries> logger)
            {
                private const string Columns = "{{e.Columns}}";
                private const string Table = "{{e.Plural}}";

                private {{ado.Connection}} Open()
                    => new(configuration.GetConnectionString("{{module.Name}}") ?? throw new InvalidOperationException("Connection string '{{module.Name}}' is missing."));

                public async Task<{{e.Name}}?> GetAsync(int id)
                {
                    using var connection = Open();
                    return await connection.QuerySingleOrDefaultAsync<{{e.Name}}>("SELECT " + Columns + " FROM " + Table + " WHERE Id = @id AND IsDeleted = 0", new { id });
                }

                public async Task<IReadOnlyList<{{e.Name}}>> FindBy{{s}}Async(string value)
                {
                    using var connection = Open();
            """);
        if (sql == "dapper-concatenation")
        {
            w.Block($$"""
                var rows = await connection.QueryAsync<{{e.Name}}>("SELECT " + Columns + " FROM " + Table + " WHERE {{s}} = '" + value + "' AND IsDeleted = 0"); @@SEED
                """, 2, K.SqlInjection, sql);
        }
        else
        {
            w.Block($$"""
                var rows = await connection.QueryAsync<{{e.Name}}>($"SELECT {Columns} FROM {Table} WHERE {{s}} = @value AND IsDeleted = 0", new { value });
                """, 2);
        }

        w.Block($$"""
                    var list = rows.AsList();
                    logger.LogDebug("Found {Count} {{e.PluralLower}} by {{s}}", list.Count);
                    return list;
                }

                public async Task<int> CountCreatedSinceAsync(DateTime since)
                {
                    using var connection = Open();
                    return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM " + Table + " WHERE CreatedAt >= @since", new { since });
                }

                public async Task<IReadOnlyList<{{e.Name}}>> PageAsync(int page, int pageSize, string? sortBy)
                {
            """);
        if (sql == "dapper-order-by-append")
        {
            w.Block("""
                var sql = "SELECT " + Columns + " FROM " + Table + " WHERE IsDeleted = 0";
                if (!string.IsNullOrEmpty(sortBy))
                {
                    sql += " ORDER BY " + sortBy; @@SEED
                }

                using var connection = Open();
                var rows = await connection.QueryAsync<ENTITY>(sql, new { offset = (page - 1) * pageSize, pageSize }); @@SEED
                """.Replace("ENTITY", e.Name, StringComparison.Ordinal), 2, K.SqlInjection, sql);
        }
        else
        {
            w.Block($$"""
                var orderBy = sortBy switch
                {
                    "{{s}}" => "{{s}}",
                    "{{e.Sort.Name}}" => "{{e.Sort.Name}}",
                    _ => "Id",
                };
                var sql = "SELECT " + Columns + " FROM " + Table + " WHERE IsDeleted = 0 ORDER BY " + orderBy + " OFFSET @offset ROWS FETCH NEXT @pageSize ROWS ONLY";
                using var connection = Open();
                var rows = await connection.QueryAsync<{{e.Name}}>(sql, new { offset = (page - 1) * pageSize, pageSize });
                """, 2);
        }

        w.Block($$"""
                    return rows.AsList();
                }

                public async Task<int> ArchiveAsync(IReadOnlyCollection<int> ids)
                {
                    using var connection = Open();
                    return await connection.ExecuteAsync("UPDATE " + Table + " SET IsDeleted = 1 WHERE Id IN @ids", new { ids });
                }

                public async Task<{{e.Name}}Summary> SummaryAsync(CancellationToken cancellationToken)
                {
                    using var connection = Open();
                    var command = new CommandDefinition("SELECT COUNT(*) AS Total, MAX(CreatedAt) AS LastCreated FROM " + Table, cancellationToken: cancellationToken);
                    return await connection.QueryFirstAsync<{{e.Name}}Summary>(command);
                }
            """);
        if (rng.Chance(50))
        {
            w.Block($$"""

                    public async Task<IReadOnlyList<{{e.Name}}>> RecentAsync(int days)
                    {
                        using var connection = Open();
                        var rows = await connection.QueryAsync<{{e.Name}}>($"SELECT {Columns} FROM {Table} WHERE CreatedAt >= DATEADD(day, -{days}, GETUTCDATE())");
                        return rows.AsList();
                    }
                """);
        }

        w.Block($$"""
            }

            public sealed record {{e.Name}}Summary(int Total, DateTime? LastCreated);
            """);
        return w.ToFile();
    }

    private static CorpusFile AdoQueries(Module module, int index, string root, List<SeededVulnerability> seeds, Prng rng)
    {
        var e = module.Entities[index];
        var s = e.Search.Name;
        var sql = module.SqlEntity == index ? module.Vulnerabilities[K.SqlInjection] : string.Empty;
        var ado = module.Ado;
        var columns = "Id, " + string.Join(", ", e.Fields.Select(f => f.Name)) + ", CreatedAt";
        var w = new SourceWriter(root + "Data/" + e.Name + "Queries.cs", seeds);
        w.Block($$"""
            using System.Data.Common;
            using System.Globalization;
            using System.Text;
            using {{module.Namespace}}.Models;
            using {{ado.Namespace}};

            namespace {{module.Namespace}}.Data;

            /// <summary>Read-side queries for {{e.PluralLower}}, written with ADO.NET.</summary>
            public sealed class {{e.Name}}Queries(IConfiguration configuration, ILogger<{{e.Name}}Queries> logger)
            {
                private readonly string _connectionString = configuration.GetConnectionString("{{module.Name}}")
                    ?? throw new InvalidOperationException("Connection string '{{module.Name}}' is missing.");

                public async Task<{{e.Name}}?> GetAsync(int id, CancellationToken cancellationToken = default)
                {
                    await using var connection = new {{ado.Connection}}(_connectionString);
                    await connection.OpenAsync(cancellationToken);
                    await using var command = new {{ado.Command}}("SELECT {{columns}} FROM {{e.Plural}} WHERE Id = @id", connection);
                    command.Parameters.AddWithValue("@id", id);
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
                }

                public async Task<IReadOnlyList<{{e.Name}}>> SearchAsync(string term, CancellationToken cancellationToken = default)
                {
                    await using var connection = new {{ado.Connection}}(_connectionString);
                    await connection.OpenAsync(cancellationToken);
            """);
        if (sql == "ado-interpolated-constructor")
        {
            w.Block($$"""
                await using var command = new {{ado.Command}}($"SELECT {{columns}} FROM {{e.Plural}} WHERE {{s}} LIKE '%{term}%' ORDER BY Id", connection); @@SEED
                """, 2, K.SqlInjection, sql);
        }
        else
        {
            w.Block($$"""
                await using var command = new {{ado.Command}}("SELECT {{columns}} FROM {{e.Plural}} WHERE {{s}} LIKE @term ORDER BY Id", connection);
                command.Parameters.AddWithValue("@term", "%" + term + "%");
                """, 2);
        }

        w.Block($$"""
                    var results = new List<{{e.Name}}>();
                    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        results.Add(Read(reader));
                    }

                    logger.LogDebug("Search for {Term} returned {Count} rows", term, results.Count);
                    return results;
                }

                public async Task<int> CountAsync(string? filter, CancellationToken cancellationToken = default)
                {
                    var sql = new StringBuilder("SELECT COUNT(*) FROM {{e.Plural}} WHERE IsDeleted = 0");
                    await using var connection = new {{ado.Connection}}(_connectionString);
                    await connection.OpenAsync(cancellationToken);
                    await using var command = connection.CreateCommand();
                    if (!string.IsNullOrEmpty(filter))
                    {
            """);
        if (sql == "ado-stringbuilder-commandtext")
        {
            w.Block("""
                        sql.Append(" AND FIELD = '").Append(filter).Append('\''); @@SEED
                    }

                    command.CommandText = sql.ToString(); @@SEED
                """.Replace("FIELD", s, StringComparison.Ordinal), 1, K.SqlInjection, sql);
        }
        else
        {
            w.Block($$"""
                        sql.Append(" AND {{s}} = @filter");
                        command.Parameters.AddWithValue("@filter", filter);
                    }

                    command.CommandText = sql.ToString();
                """, 1);
        }

        w.Block($$"""
                    var count = await command.ExecuteScalarAsync(cancellationToken);
                    return Convert.ToInt32(count, CultureInfo.InvariantCulture);
                }

                public async Task<int> DeleteOlderThanAsync(DateTime cutoff, CancellationToken cancellationToken = default)
                {
                    await using var connection = new {{ado.Connection}}(_connectionString);
                    await connection.OpenAsync(cancellationToken);
                    await using var command = new {{ado.Command}}("DELETE FROM {{e.Plural}} WHERE CreatedAt < @cutoff", connection);
                    command.Parameters.AddWithValue("@cutoff", cutoff);
                    return await command.ExecuteNonQueryAsync(cancellationToken);
                }
            """);
        if (rng.Chance(50))
        {
            w.Block($$"""

                    public async Task<int> TouchAsync(int id, CancellationToken cancellationToken = default)
                    {
                        await using var connection = new {{ado.Connection}}(_connectionString);
                        await connection.OpenAsync(cancellationToken);
                        await using var command = new {{ado.Command}}($"UPDATE {{e.Plural}} SET UpdatedAt = CURRENT_TIMESTAMP WHERE Id = {id}", connection);
                        return await command.ExecuteNonQueryAsync(cancellationToken);
                    }
                """);
        }

        w.Block($$"""

                private static {{e.Name}} Read(DbDataReader reader) => new()
                {
                    Id = reader.GetInt32(0),
            """);
        for (var i = 0; i < e.Fields.Count; i++)
        {
            var f = e.Fields[i];
            w.Block($"{f.Name} = reader.{f.ReaderGetter}({i + 1}),", 2);
        }

        w.Block($$"""
                    CreatedAt = reader.GetDateTime({{e.Fields.Count + 1}}),
                };
            }
            """);
        return w.ToFile();
    }

    private static CorpusFile Service(Module module, int index, string root, List<SeededVulnerability> seeds)
    {
        var e = module.Entities[index];
        var hash = module.HashEntity == index ? module.Vulnerabilities[K.BrokenHash] : string.Empty;
        var w = new SourceWriter(root + "Services/" + e.Name + "Service.cs", seeds);
        w.Block($$"""
            using System.ComponentModel.DataAnnotations;
            using System.Security.Cryptography;
            using System.Text;
            using System.Text.Json;
            using {{module.Namespace}}.Data;
            using {{module.Namespace}}.Models;
            using Microsoft.Extensions.Caching.Memory;

            namespace {{module.Namespace}}.Services;

            public sealed class {{e.Name}}Service(I{{e.Name}}Repository repository, IMemoryCache cache, TimeProvider clock, ILogger<{{e.Name}}Service> logger)
            {
                private static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(5);

                public async Task<{{e.Name}}Dto?> GetAsync(int id, CancellationToken cancellationToken = default)
                {
                    var key = CacheKey(id);
                    if (cache.TryGetValue(key, out {{e.Name}}Dto? cached))
                    {
                        return cached;
                    }

                    var entity = await repository.FindAsync(id, cancellationToken);
                    if (entity is null)
                    {
                        logger.LogWarning("{{e.Name}} {Id} not found", id);
                        return null;
                    }

                    var dto = entity.ToDto();
                    cache.Set(key, dto, CacheDuration);
                    return dto;
                }

                public async Task<PagedResult<{{e.Name}}Dto>> ListAsync({{e.Name}}Query query, CancellationToken cancellationToken = default)
                {
                    var page = await repository.ListAsync(query with { PageSize = Math.Clamp(query.PageSize, 1, 100) }, cancellationToken);
                    return new PagedResult<{{e.Name}}Dto>(page.Items.Select(item => item.ToDto()).ToList(), page.Total, page.Page, page.PageSize);
                }

                public async Task<{{e.Name}}Dto> CreateAsync(Create{{e.Name}}Request request, CancellationToken cancellationToken = default)
                {
                    Validate(request);
                    var entity = await repository.AddAsync(request.ToEntity(clock.GetUtcNow().UtcDateTime), cancellationToken);
                    return entity.ToDto();
                }

                public async Task<bool> UpdateAsync(int id, Update{{e.Name}}Request request, CancellationToken cancellationToken = default)
                {
                    var entity = await repository.FindAsync(id, cancellationToken);
                    if (entity is null)
                    {
                        return false;
                    }

                    request.ApplyTo(entity, clock.GetUtcNow().UtcDateTime);
                    await repository.UpdateAsync(entity, cancellationToken);
                    cache.Remove(CacheKey(id));
                    return true;
                }

                public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken = default)
                {
                    var deleted = await repository.DeleteAsync(id, cancellationToken);
                    cache.Remove(CacheKey(id));
                    return deleted;
                }

                public async Task<IReadOnlyList<{{e.Name}}Dto>> FeaturedAsync(int count, CancellationToken cancellationToken = default)
                {
                    var page = await repository.ListAsync(new {{e.Name}}Query(null, 1, 50), cancellationToken);
                    var items = page.Items.Select(item => item.ToDto()).ToArray();
                    Random.Shared.Shuffle(items);
                    return items.Take(count).ToList();
                }

                public static string ComputeETag({{e.Name}}Dto dto)
                {
                    var json = JsonSerializer.SerializeToUtf8Bytes(dto);
            """);
        if (hash == "md5-etag")
        {
            w.Block("var hash = MD5.HashData(json); @@SEED", 2, K.BrokenHash, hash);
        }
        else
        {
            w.Block("var hash = SHA256.HashData(json);", 2);
        }

        w.Block($$"""
                    return "\"" + Convert.ToHexString(hash, 0, 16) + "\"";
                }

                private static string CacheKey(int id)
                {
            """);
        if (hash == "sha1-cache-key")
        {
            w.Block($$"""
                var digest = SHA1.HashData(Encoding.UTF8.GetBytes("{{module.Lower}}:{{e.Lower}}:" + id)); @@SEED
                return Convert.ToBase64String(digest);
                """, 2, K.BrokenHash, hash);
        }
        else
        {
            w.Block($$"""
                return "{{module.Lower}}:{{e.Lower}}:" + id;
                """, 2);
        }

        w.Block($$"""
                }

                private static void Validate(Create{{e.Name}}Request request)
                {
            """);
        foreach (var f in e.Fields)
        {
            var check = f.Type switch
            {
                "string" => $"if (string.IsNullOrWhiteSpace(request.{f.Name}))",
                "int" or "decimal" => $"if (request.{f.Name} < 0)",
                _ => null,
            };
            if (check is null)
            {
                continue;
            }

            w.Block($$"""
                {{check}}
                {
                    throw new ValidationException("{{f.Name}} is not valid.");
                }

                """, 2);
        }

        w.Block("""
                }
            }
            """);
        return w.ToFile();
    }

    private static CorpusFile MvcController(Module module, int index, string root, List<SeededVulnerability> seeds, Prng rng)
    {
        var e = module.Entities[index];
        var first = index == 0;
        var missing = first && module.Vulnerabilities.TryGetValue(K.MissingAntiforgery, out var m) ? m : string.Empty;
        var ignore = first && module.Has(K.AntiforgeryDisabled, "mvc-ignore-on-action");
        var redirect = first && module.Has(K.OpenRedirect, "mvc-redirect-parameter");
        var cookie = first && module.Has(K.InsecureCookie, "cookie-options-without-secure");
        var perAction = missing.Length > 0 || ignore || rng.Chance(50);
        var w = new SourceWriter(root + "Controllers/" + e.Plural + "Controller.cs", seeds);
        w.Block($$"""
            using {{module.Namespace}}.Models;
            using {{module.Namespace}}.Services;
            using Microsoft.AspNetCore.Mvc;

            namespace {{module.Namespace}}.Controllers;

            """);
        if (!perAction)
        {
            w.Line("[AutoValidateAntiforgeryToken]");
        }

        var token = perAction ? "\n    [ValidateAntiForgeryToken]" : string.Empty;
        var tokenLine = perAction ? "\n[ValidateAntiForgeryToken]" : string.Empty;
        w.Block($$"""
            public sealed class {{e.Plural}}Controller({{e.Name}}Service service, ILogger<{{e.Plural}}Controller> logger) : Controller
            {
                [HttpGet]
                public async Task<IActionResult> Index(string? search, int page = 1, CancellationToken cancellationToken = default)
                {
                    var result = await service.ListAsync(new {{e.Name}}Query(search, page), cancellationToken);
                    ViewData["Search"] = search;
                    return View(result);
                }

                [HttpGet]
                public async Task<IActionResult> Details(int id, CancellationToken cancellationToken)
                {
                    var item = await service.GetAsync(id, cancellationToken);
                    if (item is null)
                    {
                        return NotFound();
                    }

                    Response.Headers.ETag = {{e.Name}}Service.ComputeETag(item);
                    return View(item);
                }

                [HttpGet]
                public IActionResult Create() => View(new Create{{e.Name}}Request());

                [HttpPost]{{token}}
                public async Task<IActionResult> Create(Create{{e.Name}}Request request, CancellationToken cancellationToken)
                {
                    if (!ModelState.IsValid)
                    {
                        return View(request);
                    }

                    var created = await service.CreateAsync(request, cancellationToken);
                    logger.LogInformation("{{e.Name}} {Id} created by {User}", created.Id, User.Identity?.Name);
                    TempData["Message"] = "{{e.Name}} created.";
                    return RedirectToAction(nameof(Details), new { id = created.Id });
                }

                [HttpGet]
                public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
                {
                    var item = await service.GetAsync(id, cancellationToken);
                    return item is null ? NotFound() : View(item.ToUpdateRequest());
                }

            """);
        if (missing == "mvc-edit-post-without-token")
        {
            w.Block($$"""
                [HttpPost] @@SEED
                public async Task<IActionResult> Edit(int id, Update{{e.Name}}Request request, CancellationToken cancellationToken) @@SEED
                """, 1, K.MissingAntiforgery, missing);
        }
        else
        {
            w.Block($$"""
                [HttpPost]{{tokenLine}}
                public async Task<IActionResult> Edit(int id, Update{{e.Name}}Request request, CancellationToken cancellationToken)
                """, 1);
        }

        w.Block("""
                {
                    if (!ModelState.IsValid)
                    {
                        return View(request);
                    }

                    var updated = await service.UpdateAsync(id, request, cancellationToken);
                    return updated ? RedirectToAction(nameof(Details), new { id }) : NotFound();
                }

            """);
        const string DeleteSignature = "public async Task<IActionResult> Delete(int id, string? returnUrl, CancellationToken cancellationToken)";
        if (missing == "mvc-delete-post-without-token")
        {
            w.Block($"[HttpPost] @@SEED\n{DeleteSignature} @@SEED", 1, K.MissingAntiforgery, missing);
        }
        else if (ignore)
        {
            w.Block($"[HttpPost]\n[IgnoreAntiforgeryToken] @@SEED\n{DeleteSignature} @@SEED", 1, K.AntiforgeryDisabled, "mvc-ignore-on-action");
        }
        else
        {
            w.Block($"[HttpPost]{tokenLine}\n{DeleteSignature}", 1);
        }

        w.Block("""
                {
                    await service.DeleteAsync(id, cancellationToken);
            """);
        if (redirect)
        {
            w.Block("""
                if (!string.IsNullOrEmpty(returnUrl))
                {
                    return Redirect(returnUrl); @@SEED
                }
                """, 2, K.OpenRedirect, "mvc-redirect-parameter");
        }
        else
        {
            w.Block("""
                if (!string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl))
                {
                    return Redirect(returnUrl);
                }
                """, 2);
        }

        w.Block($$"""

                    return RedirectToAction(nameof(Index));
                }

                [HttpPost]{{token}}
                public IActionResult SetLayout(string layout)
                {
                    var value = layout == "grid" ? "grid" : "list";
            """);
        if (cookie)
        {
            w.Block($$"""
                Response.Cookies.Append("{{module.Lower}}-layout", value, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) }); @@SEED
                """, 2, K.InsecureCookie, "cookie-options-without-secure");
        }
        else
        {
            w.Block($$"""
                Response.Cookies.Append("{{module.Lower}}-layout", value, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromDays(365) });
                """, 2);
        }

        w.Block("""
                    return RedirectToAction(nameof(Index));
                }
            }
            """);
        return w.ToFile();
    }

    private static CorpusFile ApiController(Module module, Entity e, string root)
    {
        var w = new SourceWriter(root + "Controllers/" + e.Plural + "ApiController.cs", new List<SeededVulnerability>());
        w.Block($$"""
            using {{module.Namespace}}.Models;
            using {{module.Namespace}}.Services;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            namespace {{module.Namespace}}.Controllers;

            [ApiController]
            [Authorize]
            [Route("api/{{module.Lower}}/{{e.PluralLower}}")]
            public sealed class {{e.Plural}}ApiController({{e.Name}}Service service) : ControllerBase
            {
                [HttpGet]
                public async Task<ActionResult<PagedResult<{{e.Name}}Dto>>> List([FromQuery] string? search, [FromQuery] int page = 1, CancellationToken cancellationToken = default)
                    => Ok(await service.ListAsync(new {{e.Name}}Query(search, page), cancellationToken));

                [HttpGet("{id:int}")]
                public async Task<ActionResult<{{e.Name}}Dto>> Get(int id, CancellationToken cancellationToken)
                {
                    var item = await service.GetAsync(id, cancellationToken);
                    return item is null ? NotFound() : Ok(item);
                }

                [HttpPost]
                public async Task<ActionResult<{{e.Name}}Dto>> Create([FromBody] Create{{e.Name}}Request request, CancellationToken cancellationToken)
                {
                    var created = await service.CreateAsync(request, cancellationToken);
                    return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
                }

                [HttpPut("{id:int}")]
                public async Task<IActionResult> Update(int id, [FromBody] Update{{e.Name}}Request request, CancellationToken cancellationToken)
                    => await service.UpdateAsync(id, request, cancellationToken) ? NoContent() : NotFound();

                [HttpDelete("{id:int}")]
                public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
                    => await service.DeleteAsync(id, cancellationToken) ? NoContent() : NotFound();
            }
            """);
        return w.ToFile();
    }

    private static CorpusFile RazorPage(Module module, int index, string root, List<SeededVulnerability> seeds)
    {
        var e = module.Entities[index];
        var first = index == 0;
        var ignore = first && module.Has(K.AntiforgeryDisabled, "razor-page-ignore");
        var redirect = first && module.Has(K.OpenRedirect, "razor-redirect-parameter");
        var w = new SourceWriter(root + "Pages/" + e.Plural + "/Edit.cshtml.cs", seeds);
        w.Block($$"""
            using {{module.Namespace}}.Models;
            using {{module.Namespace}}.Services;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            namespace {{module.Namespace}}.Pages.{{e.Plural}};

            """);
        if (ignore)
        {
            w.Block("""
                [IgnoreAntiforgeryToken] @@SEED
                public sealed class EditModel(SERVICE service) : PageModel @@SEED
                """.Replace("SERVICE", e.Name + "Service", StringComparison.Ordinal), 0, K.AntiforgeryDisabled, "razor-page-ignore");
        }
        else
        {
            w.Line($"public sealed class EditModel({e.Name}Service service) : PageModel");
        }

        w.Block($$"""
            {
                [BindProperty]
                public Update{{e.Name}}Request Input { get; set; } = new();

                [BindProperty(SupportsGet = true)]
                public int Id { get; set; }

                public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
                {
                    var item = await service.GetAsync(Id, cancellationToken);
                    if (item is null)
                    {
                        return NotFound();
                    }

                    Input = item.ToUpdateRequest();
                    return Page();
                }

                public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken cancellationToken)
                {
                    if (!ModelState.IsValid)
                    {
                        return Page();
                    }

                    if (!await service.UpdateAsync(Id, Input, cancellationToken))
                    {
                        return NotFound();
                    }

            """);
        if (redirect)
        {
            w.Block($"return Redirect(returnUrl ?? \"/{e.PluralLower}\"); @@SEED", 2, K.OpenRedirect, "razor-redirect-parameter");
        }
        else
        {
            w.Block($"return LocalRedirect(returnUrl ?? \"/{e.PluralLower}\");", 2);
        }

        w.Block("""
                }
            }
            """);
        return w.ToFile();
    }

    private static CorpusFile MinimalApi(Module module, int index, string root, List<SeededVulnerability> seeds)
    {
        var e = module.Entities[index];
        var first = index == 1;
        var redirect = first && module.Has(K.OpenRedirect, "minimal-results-redirect");
        var form = first && module.Has(K.AntiforgeryDisabled, "minimal-form-disable-antiforgery");
        var w = new SourceWriter(root + "Endpoints/" + e.Name + "Endpoints.cs", seeds);
        w.Block($$"""
            using {{module.Namespace}}.Models;
            using {{module.Namespace}}.Services;
            using Microsoft.AspNetCore.Http.HttpResults;

            namespace {{module.Namespace}}.Endpoints;

            public static class {{e.Name}}Endpoints
            {
                public static RouteGroupBuilder Map{{e.Name}}Endpoints(this IEndpointRouteBuilder routes)
                {
                    var group = routes.MapGroup("/api/v2/{{module.Lower}}/{{e.PluralLower}}").WithTags("{{e.Plural}}");
                    group.MapGet("/", ListAsync);
                    group.MapGet("/{id:int}", GetAsync);
                    group.MapPost("/", CreateAsync).RequireAuthorization();
                    group.MapPut("/{id:int}", UpdateAsync).RequireAuthorization();
                    group.MapDelete("/{id:int}", DeleteAsync).RequireAuthorization();
                    group.MapGet("/{id:int}/open", (int id) => Results.LocalRedirect($"/{{module.Lower}}/{{e.PluralLower}}/details/{id}"));
            """);
        if (redirect)
        {
            w.Block("group.MapGet(\"/go\", (string target) => Results.Redirect(target)); @@SEED", 2, K.OpenRedirect, "minimal-results-redirect");
        }

        if (form)
        {
            w.Block("group.MapPost(\"/import\", async (IFormFile file, SERVICE service, CancellationToken cancellationToken) => TypedResults.Ok(await ImportAsync(file, service, cancellationToken))).DisableAntiforgery(); @@SEED"
                .Replace("SERVICE", e.Name + "Service", StringComparison.Ordinal), 2, K.AntiforgeryDisabled, "minimal-form-disable-antiforgery");
        }

        w.Block($$"""
                    return group;
                }

                private static async Task<Ok<PagedResult<{{e.Name}}Dto>>> ListAsync({{e.Name}}Service service, string? search, int? page, CancellationToken cancellationToken)
                    => TypedResults.Ok(await service.ListAsync(new {{e.Name}}Query(search, page ?? 1), cancellationToken));

                private static async Task<Results<Ok<{{e.Name}}Dto>, NotFound>> GetAsync(int id, {{e.Name}}Service service, CancellationToken cancellationToken)
                {
                    var item = await service.GetAsync(id, cancellationToken);
                    return item is null ? TypedResults.NotFound() : TypedResults.Ok(item);
                }

                private static async Task<Created<{{e.Name}}Dto>> CreateAsync(Create{{e.Name}}Request request, {{e.Name}}Service service, CancellationToken cancellationToken)
                {
                    var created = await service.CreateAsync(request, cancellationToken);
                    return TypedResults.Created($"/api/v2/{{module.Lower}}/{{e.PluralLower}}/{created.Id}", created);
                }

                private static async Task<Results<NoContent, NotFound>> UpdateAsync(int id, Update{{e.Name}}Request request, {{e.Name}}Service service, CancellationToken cancellationToken)
                    => await service.UpdateAsync(id, request, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

                private static async Task<Results<NoContent, NotFound>> DeleteAsync(int id, {{e.Name}}Service service, CancellationToken cancellationToken)
                    => await service.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
            """);
        if (form)
        {
            w.Block($$"""

                    private static async Task<int> ImportAsync(IFormFile file, {{e.Name}}Service service, CancellationToken cancellationToken)
                    {
                        using var reader = new StreamReader(file.OpenReadStream());
                        var count = 0;
                        while (await reader.ReadLineAsync(cancellationToken) is { } line)
                        {
                            var fields = line.Split(',');
                            if (fields.Length > 0 && !string.IsNullOrWhiteSpace(fields[0]))
                            {
                                count++;
                            }
                        }

                        _ = service;
                        return count;
                    }
                """);
        }

        w.Line("}");
        return w.ToFile();
    }

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
        if (module.Has(K.HardCodedSecret, "connection-string-password"))
        {
            w.Block($$"""
                services.AddDbContext<{{module.Name}}DbContext>(options => options.UseSqlite("Data Source=/var/lib/contoso/{{module.Lower}}.db;Password=Spr1ng-2024!{{module.Name}}")); @@SEED
                """, 2, K.HardCodedSecret, "connection-string-password");
        }
        else
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

        if (module.Has(K.ObsoleteTls, "service-point-manager-tls"))
        {
            w.Block("ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls12; @@SEED", 2, K.ObsoleteTls, "service-point-manager-tls");
        }

        w.Block($$"""

            services.AddHttpClient<{{module.Name}}PartnerClient>(client =>
            {
            """, 2);
        if (module.Has(K.CleartextProtocol, "base-address-http"))
        {
            w.Block($"client.BaseAddress = new Uri(\"http://partners.contoso-{module.Lower}.net/api/\"); @@SEED", 3, K.CleartextProtocol, "base-address-http");
        }
        else
        {
            w.Block($"client.BaseAddress = new Uri(configuration[\"{module.Name}:PartnerApi\"] ?? \"https://partners.contoso-{module.Lower}.net/api/\");", 3);
        }

        w.Block("""
                client.Timeout = TimeSpan.FromSeconds(30);
            })
            """, 2);
        if (module.Has(K.CertificateValidationDisabled, "dangerous-accept-any"))
        {
            w.Block("""
                .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator, @@SEED
                });
                """, 2, K.CertificateValidationDisabled, "dangerous-accept-any");
        }
        else
        {
            w.Block("""
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
                {
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    SslOptions = new SslClientAuthenticationOptions
                    {
                """, 2);
            if (module.Has(K.ObsoleteTls, "ssl-options-tls11"))
            {
                w.Block("EnabledSslProtocols = SslProtocols.Tls11 | SslProtocols.Tls12, @@SEED", 4, K.ObsoleteTls, "ssl-options-tls11");
            }
            else
            {
                w.Block("EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,", 4);
            }

            if (module.Has(K.CertificateValidationDisabled, "sockets-handler-callback-true"))
            {
                w.Block("RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => true, @@SEED", 4, K.CertificateValidationDisabled, "sockets-handler-callback-true");
            }
            else if (rng.Chance(30))
            {
                w.Block("RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => errors == SslPolicyErrors.None,", 4);
            }

            w.Block("""
                    },
                });
                """, 2);
        }

        w.Line();
        var cors = module.Vulnerabilities.TryGetValue(K.PermissiveCors, out var c) ? c : string.Empty;
        var policy = cors switch
        {
            "origin-predicate-with-credentials" => "policy.SetIsOriginAllowed(_ => true).AllowAnyHeader().AllowAnyMethod().AllowCredentials())); @@SEED",
            "wildcard-origin" => "policy.WithOrigins(\"*\").AllowAnyHeader().WithMethods(\"GET\", \"POST\"))); @@SEED",
            "any-origin-with-credentials" => "policy.AllowAnyOrigin().AllowAnyHeader().AllowCredentials())); @@SEED",
            _ => $"policy.WithOrigins(\"https://partners.contoso-{module.Lower}.net\").WithHeaders(\"Content-Type\", \"Authorization\").WithMethods(\"GET\", \"POST\").AllowCredentials()));",
        };
        w.Block($$"""
            services.AddCors(options => options.AddPolicy(CorsPolicy, policy =>
                {{policy}}
            return services;
            """, 2, K.PermissiveCors, cors);
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
        var apiKey = module.Has(K.HardCodedSecret, "api-key-constant");
        w.Block($$"""
            using System.Security.Cryptography;
            using System.Text;
            using Newtonsoft.Json;

            namespace {{module.Namespace}}.Integration;

            public sealed class {{module.Name}}PartnerClient(HttpClient httpClient, IConfiguration configuration, ILogger<{{module.Name}}PartnerClient> logger)
            {
                private const int MaxAttempts = 3;
            """);
        if (apiKey)
        {
            w.Block($"private const string ApiKey = \"pk_live_{module.Lower}_7c1f9e2a4b6d8f0a3c5e7b9d1f2a4c6e\"; @@SEED", 1, K.HardCodedSecret, "api-key-constant");
        }

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
        if (module.Has(K.CleartextProtocol, "get-string-http"))
        {
            w.Block($"var json = await httpClient.GetStringAsync(\"http://rates.fx-partner-{module.Lower}.net/v1/latest?base=\" + Uri.EscapeDataString(currency), cancellationToken); @@SEED", 2, K.CleartextProtocol, "get-string-http");
        }
        else
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
        if (module.Has(K.NonConstantTimeComparison, "webhook-signature-equality"))
        {
            w.Block("return expected == signature.ToUpperInvariant(); @@SEED", 2, K.NonConstantTimeComparison, "webhook-signature-equality");
        }
        else
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
        if (module.Has(K.NonConstantTimeComparison, "password-hash-sequence-equal"))
        {
            w.Block("return actual.SequenceEqual(expected); @@SEED", 2, K.NonConstantTimeComparison, "password-hash-sequence-equal");
        }
        else
        {
            w.Block("return CryptographicOperations.FixedTimeEquals(actual, expected);", 2);
        }

        w.Block("""
                }

                private static byte[] DeriveKey(string password, byte[] salt)
                {
            """);
        var fast = module.Vulnerabilities.TryGetValue(K.PasswordFastHash, out var f) ? f : string.Empty;
        var weak = module.Vulnerabilities.TryGetValue(K.WeakKeyDerivation, out var k) ? k : string.Empty;
        if (fast == "sha256-password-and-salt")
        {
            w.Block("return SHA256.HashData(Encoding.UTF8.GetBytes(password + Convert.ToBase64String(salt))); @@SEED", 2, K.PasswordFastHash, fast);
        }
        else if (fast == "sha512-computehash")
        {
            w.Block("""
                using var sha = SHA512.Create();
                return sha.ComputeHash(Encoding.UTF8.GetBytes(Convert.ToBase64String(salt) + password)); @@SEED
                """, 2, K.PasswordFastHash, fast);
        }
        else if (weak == "pbkdf2-low-iterations")
        {
            w.Block("return Rfc2898DeriveBytes.Pbkdf2(password, salt, 10_000, HashAlgorithmName.SHA256, KeySize); @@SEED", 2, K.WeakKeyDerivation, weak);
        }
        else if (weak == "rfc2898-constructor-sha1-default")
        {
            w.Block("""
                using var kdf = new Rfc2898DeriveBytes(password, salt, 1_000); @@SEED
                return kdf.GetBytes(KeySize);
                """, 2, K.WeakKeyDerivation, weak);
        }
        else
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
        var random = module.Vulnerabilities.TryGetValue(K.InsecureRandomness, out var r) ? r : string.Empty;
        if (random == "random-reset-code")
        {
            w.Block("public string CreateResetCode() => Random.Shared.Next(0, 100_000_000).ToString(\"D8\", CultureInfo.InvariantCulture); @@SEED", 1, K.InsecureRandomness, random);
        }
        else
        {
            w.Block("public string CreateResetCode() => RandomNumberGenerator.GetInt32(0, 100_000_000).ToString(\"D8\", CultureInfo.InvariantCulture);", 1);
        }

        w.Block("""

                public string CreateApiKey()
                {
            """);
        if (random == "random-api-key-bytes")
        {
            w.Block("""
                var bytes = new byte[32];
                new Random().NextBytes(bytes); @@SEED
                return Convert.ToHexString(bytes);
                """, 2, K.InsecureRandomness, random);
        }
        else
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
        var validation = module.Vulnerabilities.TryGetValue(K.TokenValidationDisabled, out var v) ? v : string.Empty;
        w.Block(validation == "validate-audience-false" ? "ValidateAudience = false, @@SEED" : "ValidateAudience = true,", 2, K.TokenValidationDisabled, validation);
        w.Block("ValidAudience = configuration[\"Jwt:Audience\"],", 2);
        w.Block(validation == "validate-lifetime-false" ? "ValidateLifetime = false, @@SEED" : "ValidateLifetime = true,", 2, K.TokenValidationDisabled, validation);
        w.Block(validation == "validate-signing-key-false" ? "ValidateIssuerSigningKey = false, @@SEED" : "ValidateIssuerSigningKey = true,", 2, K.TokenValidationDisabled, validation);
        w.Block("""
                    IssuerSigningKey = SigningKey(),
                    ClockSkew = TimeSpan.FromMinutes(1),
                };

                private SymmetricSecurityKey SigningKey()
            """);
        if (module.Has(K.HardCodedSecret, "jwt-signing-key-literal"))
        {
            w.Block($"=> new(Encoding.UTF8.GetBytes(\"{module.Lower}-3f9a6c1e8b2d4f70a5c9e1b3d7f2a6c4e8b0d2f4a6c8e0b2\")); @@SEED", 2, K.HardCodedSecret, "jwt-signing-key-literal");
        }
        else
        {
            w.Block("=> new(Encoding.UTF8.GetBytes(configuration[\"Jwt:SigningKey\"] ?? throw new InvalidOperationException(\"Jwt:SigningKey is not configured.\")));", 2);
        }

        w.Line("}");
        return w.ToFile();
    }

    private static CorpusFile Host(Module module, string root, List<SeededVulnerability> seeds)
    {
        var w = new SourceWriter(root + "Hosting/" + module.Name + "Host.cs", seeds);
        var noHttps = module.Has(K.MissingHttpsRedirection);
        var noHsts = module.Has(K.MissingHsts);
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
        if (module.Has(K.InsecureCookie, "auth-cookie-same-as-request"))
        {
            w.Block("options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; @@SEED", 3, K.InsecureCookie, "auth-cookie-same-as-request");
        }
        else
        {
            w.Block("options.Cookie.SecurePolicy = CookieSecurePolicy.Always;", 3);
        }

        w.Block("""
                    options.Cookie.SameSite = SameSiteMode.Lax;
                    options.ExpireTimeSpan = TimeSpan.FromHours(8);
                });
                builder.Services.AddAuthorization();

            """, 1);
        if (noHttps)
        {
            w.Block("var app = builder.Build(); @@SEED", 2, K.MissingHttpsRedirection, module.Vulnerabilities[K.MissingHttpsRedirection]);
        }

        if (noHsts)
        {
            w.Block("var app = builder.Build(); @@SEED", 2, K.MissingHsts, module.Vulnerabilities[K.MissingHsts]);
        }

        if (!noHttps && !noHsts)
        {
            w.Block("var app = builder.Build();", 2);
        }

        w.Block("""
            if (!app.Environment.IsDevelopment())
            {
                app.UseExceptionHandler("/error");
            """, 2);
        if (!noHsts)
        {
            w.Block("app.UseHsts();", 3);
        }

        w.Block("}", 2);
        w.Line();
        if (!noHttps)
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
