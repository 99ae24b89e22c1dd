using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>One check of the module's token validation parameters switched off.</summary>
internal sealed class TokenValidationDisabledSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.TokenValidationDisabled;

    public IReadOnlyList<string> Variants { get; } = new[] { "validate-lifetime-false", "validate-signing-key-false", "validate-audience-false" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant) => variant == site switch
    {
        SeedSite.TokenValidateAudience => "validate-audience-false",
        SeedSite.TokenValidateLifetime => "validate-lifetime-false",
        SeedSite.TokenValidateSigningKey => "validate-signing-key-false",
        _ => null,
    };

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        var property = site switch
        {
            SeedSite.TokenValidateAudience => "ValidateAudience",
            SeedSite.TokenValidateLifetime => "ValidateLifetime",
            _ => "ValidateIssuerSigningKey",
        };
        w.Block(property + " = false, @@SEED", 2, Kind, variant);
    }
}
