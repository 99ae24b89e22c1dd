using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>A redirect to a request parameter in an MVC action, a Razor Page handler or a minimal-API endpoint.</summary>
internal sealed class OpenRedirectSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.OpenRedirect;

    public IReadOnlyList<string> Variants { get; } = new[] { "mvc-redirect-parameter", "razor-redirect-parameter", "minimal-results-redirect" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant) => site switch
    {
        SeedSite.MvcDeleteRedirect => context.EntityIndex == 0 && variant == "mvc-redirect-parameter",
        SeedSite.RazorPageRedirect => context.EntityIndex == 0 && variant == "razor-redirect-parameter",
        SeedSite.MinimalApiRoutes => context.EntityIndex == 1 && variant == "minimal-results-redirect",
        _ => false,
    };

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        switch (site)
        {
            case SeedSite.MvcDeleteRedirect:
                w.Block("""
                    if (!string.IsNullOrEmpty(returnUrl))
                    {
                        return Redirect(returnUrl); @@SEED
                    }
                    """, 2, Kind, variant);
                break;
            case SeedSite.RazorPageRedirect:
                w.Block($"return Redirect(returnUrl ?? \"/{context.Entity.PluralLower}\"); @@SEED", 2, Kind, variant);
                break;
            case SeedSite.MinimalApiRoutes:
                w.Block("group.MapGet(\"/go\", (string target) => Results.Redirect(target)); @@SEED", 2, Kind, variant);
                break;
        }
    }
}
