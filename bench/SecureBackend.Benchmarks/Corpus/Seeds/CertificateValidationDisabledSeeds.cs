using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>The module's partner HTTP client accepts any server certificate.</summary>
internal sealed class CertificateValidationDisabledSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.CertificateValidationDisabled;

    public IReadOnlyList<string> Variants { get; } = new[] { "sockets-handler-callback-true", "dangerous-accept-any" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant) => variant == site switch
    {
        SeedSite.PartnerPrimaryHandler => "dangerous-accept-any",
        SeedSite.PartnerCertificateCallback => "sockets-handler-callback-true",
        _ => null,
    };

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        if (site == SeedSite.PartnerPrimaryHandler)
        {
            w.Block("""
                .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator, @@SEED
                });
                """, 2, Kind, variant);
        }
        else
        {
            w.Block("RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => true, @@SEED", 4, Kind, variant);
        }
    }
}
