using System.Collections.Generic;
using System.Linq;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>The seed providers of the generated app, one per <see cref="VulnerabilityKind"/>.</summary>
internal static class WebAppSeeds
{
    /// <summary>Every provider in <see cref="VulnerabilityKind"/> order, the order in which they write at one site.</summary>
    private static readonly ISeedProvider[] All =
    {
        new SqlInjectionSeeds(),
        new BrokenHashSeeds(),
        new PasswordFastHashSeeds(),
        new WeakKeyDerivationSeeds(),
        new InsecureRandomnessSeeds(),
        new HardCodedSecretSeeds(),
        new NonConstantTimeComparisonSeeds(),
        new TokenValidationDisabledSeeds(),
        new MissingAntiforgerySeeds(),
        new AntiforgeryDisabledSeeds(),
        new InsecureCookieSeeds(),
        new PermissiveCorsSeeds(),
        new OpenRedirectSeeds(),
        new MissingHttpsRedirectionSeeds(),
        new MissingHstsSeeds(),
        new CertificateValidationDisabledSeeds(),
        new ObsoleteTlsSeeds(),
        new CleartextProtocolSeeds(),
    };

    private static readonly Dictionary<VulnerabilityKind, ISeedProvider> ByKind = All.ToDictionary(p => p.Kind);

    public static ISeedProvider For(VulnerabilityKind kind) => ByKind[kind];

    /// <summary>Whether a kind the module seeds takes <paramref name="site"/>.</summary>
    public static bool IsSeeded(SeedSite site, SeedContext context)
    {
        foreach (var provider in All)
        {
            if (context.Module.Vulnerabilities.TryGetValue(provider.Kind, out var variant) && provider.IsSeededAt(site, context, variant))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes the vulnerable form of every kind the module seeds at <paramref name="site"/>; false when there is none.</summary>
    public static bool TryWrite(SeedSite site, SeedContext context, SourceWriter writer)
    {
        var written = false;
        foreach (var provider in All)
        {
            if (context.Module.Vulnerabilities.TryGetValue(provider.Kind, out var variant) && provider.IsSeededAt(site, context, variant))
            {
                provider.Write(site, context, writer, variant);
                written = true;
            }
        }

        return written;
    }
}
