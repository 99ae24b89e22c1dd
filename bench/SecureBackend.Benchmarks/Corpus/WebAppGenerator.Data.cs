using System;
using System.Collections.Generic;
using System.Linq;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>The data layer of a module: paging record, DbContext, entity models, EF Core repositories, Dapper and ADO.NET queries.</summary>
public static partial class WebAppGenerator
{
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
        if (!Seed(SeedSite.RepositorySearch, module, index, w))
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
        if (!Seed(SeedSite.RepositoryRename, module, index, w))
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
        if (!Seed(SeedSite.DapperFindBy, module, index, w))
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
        if (!Seed(SeedSite.DapperPage, module, index, w))
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
        var ado = module.Ado;
        var columns = e.ReadColumns;
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
        if (!Seed(SeedSite.AdoSearch, module, index, w))
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
        if (!Seed(SeedSite.AdoCount, module, index, w))
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
}
