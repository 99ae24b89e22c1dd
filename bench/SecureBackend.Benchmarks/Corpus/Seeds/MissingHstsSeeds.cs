using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>The module's standalone host pipeline without HSTS (the finding is on the line that builds the app).</summary>
internal sealed class MissingHstsSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.MissingHsts;

    public IReadOnlyList<string> Variants { get; } = new[] { "host-without-hsts" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant) => site is SeedSite.HostBuild or SeedSite.HostHsts;

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        if (site == SeedSite.HostBuild)
        {
            w.Block("var app = builder.Build(); @@SEED", 2, Kind, variant);
        }

        // At HostHsts the seed is the missing UseHsts call: nothing is written.
    }
}
