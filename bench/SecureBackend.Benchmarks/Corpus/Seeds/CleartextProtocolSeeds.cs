using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>The module's partner client talks plain HTTP, through its base address or one absolute URL.</summary>
internal sealed class CleartextProtocolSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.CleartextProtocol;

    public IReadOnlyList<string> Variants { get; } = new[] { "base-address-http", "get-string-http" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant) => variant == site switch
    {
        SeedSite.PartnerBaseAddress => "base-address-http",
        SeedSite.PartnerExchangeRate => "get-string-http",
        _ => null,
    };

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        var module = context.Module;
        if (site == SeedSite.PartnerBaseAddress)
        {
            w.Block($"client.BaseAddress = new Uri(\"http://partners.contoso-{module.Lower}.net/api/\"); @@SEED", 3, Kind, variant);
        }
        else
        {
            w.Block($"var json = await httpClient.GetStringAsync(\"http://rates.fx-partner-{module.Lower}.net/v1/latest?base=\" + Uri.EscapeDataString(currency), cancellationToken); @@SEED", 2, Kind, variant);
        }
    }
}
