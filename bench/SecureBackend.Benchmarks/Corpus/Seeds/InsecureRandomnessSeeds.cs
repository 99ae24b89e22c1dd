using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>The module's token service draws a reset code or an API key from <c>System.Random</c>.</summary>
internal sealed class InsecureRandomnessSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.InsecureRandomness;

    public IReadOnlyList<string> Variants { get; } = new[] { "random-reset-code", "random-api-key-bytes" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant) => variant == site switch
    {
        SeedSite.TokenResetCode => "random-reset-code",
        SeedSite.TokenApiKey => "random-api-key-bytes",
        _ => null,
    };

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        if (site == SeedSite.TokenResetCode)
        {
            w.Block("public string CreateResetCode() => Random.Shared.Next(0, 100_000_000).ToString(\"D8\", CultureInfo.InvariantCulture); @@SEED", 1, Kind, variant);
        }
        else
        {
            w.Block("""
                var bytes = new byte[32];
                new Random().NextBytes(bytes); @@SEED
                return Convert.ToHexString(bytes);
                """, 2, Kind, variant);
        }
    }
}
