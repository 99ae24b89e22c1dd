using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>MD5 or SHA-1 in one entity's service (ETag, cache key).</summary>
internal sealed class BrokenHashSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.BrokenHash;

    public IReadOnlyList<string> Variants { get; } = new[] { "md5-etag", "sha1-cache-key" };

    /// <summary>The entity whose service carries it.</summary>
    public void Prepare(Module module, Prng rng) => module.HashEntity = rng.Next(module.Entities.Count);

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant)
        => context.EntityIndex == context.Module.HashEntity && variant == site switch
        {
            SeedSite.ServiceETag => "md5-etag",
            SeedSite.ServiceCacheKey => "sha1-cache-key",
            _ => null,
        };

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        if (site == SeedSite.ServiceETag)
        {
            w.Block("var hash = MD5.HashData(json); @@SEED", 2, Kind, variant);
        }
        else
        {
            w.Block($$"""
                var digest = SHA1.HashData(Encoding.UTF8.GetBytes("{{context.Module.Lower}}:{{context.Entity.Lower}}:" + id)); @@SEED
                return Convert.ToBase64String(digest);
                """, 2, Kind, variant);
        }
    }
}
