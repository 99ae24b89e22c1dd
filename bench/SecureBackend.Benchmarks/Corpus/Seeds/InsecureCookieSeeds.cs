using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>A cookie written without Secure by the first MVC controller, or a host's auth cookie sent over HTTP.</summary>
internal sealed class InsecureCookieSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.InsecureCookie;

    public IReadOnlyList<string> Variants { get; } = new[] { "cookie-options-without-secure", "auth-cookie-same-as-request" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant) => site switch
    {
        SeedSite.MvcLayoutCookie => context.EntityIndex == 0 && variant == "cookie-options-without-secure",
        SeedSite.HostCookiePolicy => variant == "auth-cookie-same-as-request",
        _ => false,
    };

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        if (site == SeedSite.MvcLayoutCookie)
        {
            w.Block($$"""
                Response.Cookies.Append("{{context.Module.Lower}}-layout", value, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) }); @@SEED
                """, 2, Kind, variant);
        }
        else
        {
            w.Block("options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; @@SEED", 3, Kind, variant);
        }
    }
}
