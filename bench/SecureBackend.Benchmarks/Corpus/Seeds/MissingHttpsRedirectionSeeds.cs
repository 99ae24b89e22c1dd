using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>The module's standalone host pipeline without HTTPS redirection (the finding is on the line that builds the app).</summary>
internal sealed class MissingHttpsRedirectionSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.MissingHttpsRedirection;

    public IReadOnlyList<string> Variants { get; } = new[] { "host-without-https-redirection" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant) => site is SeedSite.HostBuild or SeedSite.HostHttpsRedirection;

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        if (site == SeedSite.HostBuild)
        {
            w.Block("var app = builder.Build(); @@SEED", 2, Kind, variant);
        }

        // At HostHttpsRedirection the seed is the missing UseHttpsRedirection call: nothing is written.
    }
}
