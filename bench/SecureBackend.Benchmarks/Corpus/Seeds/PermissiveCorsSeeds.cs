using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>The module's partner CORS policy allows any origin, with credentials or by a wildcard.</summary>
internal sealed class PermissiveCorsSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.PermissiveCors;

    public IReadOnlyList<string> Variants { get; } = new[] { "origin-predicate-with-credentials", "wildcard-origin", "any-origin-with-credentials" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant) => site == SeedSite.CorsPolicy;

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        var policy = variant switch
        {
            "origin-predicate-with-credentials" => "policy.SetIsOriginAllowed(_ => true).AllowAnyHeader().AllowAnyMethod().AllowCredentials())); @@SEED",
            "wildcard-origin" => "policy.WithOrigins(\"*\").AllowAnyHeader().WithMethods(\"GET\", \"POST\"))); @@SEED",
            _ => "policy.AllowAnyOrigin().AllowAnyHeader().AllowCredentials())); @@SEED",
        };
        w.Block($$"""
            services.AddCors(options => options.AddPolicy(CorsPolicy, policy =>
                {{policy}}
            """, 2, Kind, variant);
    }
}
