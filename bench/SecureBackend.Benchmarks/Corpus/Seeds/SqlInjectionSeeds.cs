using System;
using System.Collections.Generic;
using System.Linq;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>SQL built from strings in one entity's EF Core repository, Dapper queries or ADO.NET queries.</summary>
internal sealed class SqlInjectionSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.SqlInjection;

    public IReadOnlyList<string> Variants { get; } = new[]
    {
        "dapper-concatenation", "dapper-order-by-append", "ado-interpolated-constructor", "ado-stringbuilder-commandtext", "ef-fromsqlraw-concatenation", "ef-executesqlraw-format",
    };

    /// <summary>The entity whose code carries it: any for EF Core, else one whose queries use the variant's library.</summary>
    public void Prepare(Module module, Prng rng)
    {
        var variant = module.Vulnerabilities[Kind];
        var candidates = Enumerable.Range(0, module.Entities.Count)
            .Where(i => variant.StartsWith("ef-", StringComparison.Ordinal)
                || (variant.StartsWith("dapper-", StringComparison.Ordinal) == module.UsesDapper(i)))
            .ToList();
        module.SqlEntity = rng.Pick(candidates);
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant)
        => context.EntityIndex == context.Module.SqlEntity && variant == site switch
        {
            SeedSite.RepositorySearch => "ef-fromsqlraw-concatenation",
            SeedSite.RepositoryRename => "ef-executesqlraw-format",
            SeedSite.DapperFindBy => "dapper-concatenation",
            SeedSite.DapperPage => "dapper-order-by-append",
            SeedSite.AdoSearch => "ado-interpolated-constructor",
            SeedSite.AdoCount => "ado-stringbuilder-commandtext",
            _ => null,
        };

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        var e = context.Entity;
        var s = e.Search.Name;
        switch (site)
        {
            case SeedSite.RepositorySearch:
                w.Block($$"""
                    var rows = await db.{{e.Plural}}.FromSqlRaw("SELECT * FROM {{e.Plural}} WHERE {{s}} LIKE '%" + term + "%' AND IsDeleted = 0").AsNoTracking().ToListAsync(cancellationToken); @@SEED
                    """, 2, Kind, variant);
                break;
            case SeedSite.RepositoryRename:
                w.Block($$"""
                    => db.Database.ExecuteSqlRawAsync(string.Format("UPDATE {{e.Plural}} SET {{s}} = '{0}' WHERE {{s}} = '{1}'", to, from), cancellationToken); @@SEED
                    """, 2, Kind, variant);
                break;
            case SeedSite.DapperFindBy:
                w.Block($$"""
                    var rows = await connection.QueryAsync<{{e.Name}}>("SELECT " + Columns + " FROM " + Table + " WHERE {{s}} = '" + value + "' AND IsDeleted = 0"); @@SEED
                    """, 2, Kind, variant);
                break;
            case SeedSite.DapperPage:
                w.Block("""
                    var sql = "SELECT " + Columns + " FROM " + Table + " WHERE IsDeleted = 0";
                    if (!string.IsNullOrEmpty(sortBy))
                    {
                        sql += " ORDER BY " + sortBy; @@SEED
                    }

                    using var connection = Open();
                    var rows = await connection.QueryAsync<ENTITY>(sql, new { offset = (page - 1) * pageSize, pageSize }); @@SEED
                    """.Replace("ENTITY", e.Name, StringComparison.Ordinal), 2, Kind, variant);
                break;
            case SeedSite.AdoSearch:
                w.Block($$"""
                    await using var command = new {{context.Module.Ado.Command}}($"SELECT {{e.ReadColumns}} FROM {{e.Plural}} WHERE {{s}} LIKE '%{term}%' ORDER BY Id", connection); @@SEED
                    """, 2, Kind, variant);
                break;
            case SeedSite.AdoCount:
                w.Block("""
                            sql.Append(" AND FIELD = '").Append(filter).Append('\''); @@SEED
                        }

                        command.CommandText = sql.ToString(); @@SEED
                    """.Replace("FIELD", s, StringComparison.Ordinal), 1, Kind, variant);
                break;
        }
    }
}
