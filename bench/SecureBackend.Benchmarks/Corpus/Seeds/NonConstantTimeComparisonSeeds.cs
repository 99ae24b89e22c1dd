using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>A webhook signature or a password hash compared with an early-exit comparison.</summary>
internal sealed class NonConstantTimeComparisonSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.NonConstantTimeComparison;

    public IReadOnlyList<string> Variants { get; } = new[] { "webhook-signature-equality", "password-hash-sequence-equal" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant) => variant == site switch
    {
        SeedSite.PartnerWebhookComparison => "webhook-signature-equality",
        SeedSite.PasswordVerify => "password-hash-sequence-equal",
        _ => null,
    };

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        if (site == SeedSite.PartnerWebhookComparison)
        {
            w.Block("return expected == signature.ToUpperInvariant(); @@SEED", 2, Kind, variant);
        }
        else
        {
            w.Block("return actual.SequenceEqual(expected); @@SEED", 2, Kind, variant);
        }
    }
}
