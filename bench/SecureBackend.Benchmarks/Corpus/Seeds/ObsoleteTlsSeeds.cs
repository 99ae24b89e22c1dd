using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>TLS 1.0 or 1.1 enabled for the module's outgoing connections.</summary>
internal sealed class ObsoleteTlsSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.ObsoleteTls;

    public IReadOnlyList<string> Variants { get; } = new[] { "ssl-options-tls11", "service-point-manager-tls" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant) => variant == site switch
    {
        SeedSite.ModuleServices => "service-point-manager-tls",
        SeedSite.PartnerSslProtocols => "ssl-options-tls11",
        _ => null,
    };

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        if (site == SeedSite.ModuleServices)
        {
            w.Block("ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls12; @@SEED", 2, Kind, variant);
        }
        else
        {
            w.Block("EnabledSslProtocols = SslProtocols.Tls11 | SslProtocols.Tls12, @@SEED", 4, Kind, variant);
        }
    }
}
