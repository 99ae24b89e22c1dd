using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>A password in the module's connection string, a partner API key constant, or a JWT signing key literal.</summary>
internal sealed class HardCodedSecretSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.HardCodedSecret;

    public IReadOnlyList<string> Variants { get; } = new[] { "api-key-constant", "connection-string-password", "jwt-signing-key-literal" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant) => variant == site switch
    {
        SeedSite.ModuleDbContext => "connection-string-password",
        SeedSite.PartnerClientFields => "api-key-constant",
        SeedSite.TokenSigningKey => "jwt-signing-key-literal",
        _ => null,
    };

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        var module = context.Module;
        switch (site)
        {
            case SeedSite.ModuleDbContext:
                w.Block($$"""
                    services.AddDbContext<{{module.Name}}DbContext>(options => options.UseSqlite("Data Source=/var/lib/contoso/{{module.Lower}}.db;Password=Spr1ng-2024!{{module.Name}}")); @@SEED
                    """, 2, Kind, variant);
                break;
            case SeedSite.PartnerClientFields:
                w.Block($"private const string ApiKey = \"pk_live_{module.Lower}_7c1f9e2a4b6d8f0a3c5e7b9d1f2a4c6e\"; @@SEED", 1, Kind, variant);
                break;
            case SeedSite.TokenSigningKey:
                w.Block($"=> new(Encoding.UTF8.GetBytes(\"{module.Lower}-3f9a6c1e8b2d4f70a5c9e1b3d7f2a6c4e8b0d2f4a6c8e0b2\")); @@SEED", 2, Kind, variant);
                break;
        }
    }
}
