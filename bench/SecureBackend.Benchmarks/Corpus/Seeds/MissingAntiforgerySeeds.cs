using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>A state-changing MVC post of the module's first controller without antiforgery validation.</summary>
internal sealed class MissingAntiforgerySeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.MissingAntiforgery;

    public IReadOnlyList<string> Variants { get; } = new[] { "mvc-edit-post-without-token", "mvc-delete-post-without-token" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant)
        => context.EntityIndex == 0 && variant == site switch
        {
            SeedSite.MvcEditPost => "mvc-edit-post-without-token",
            SeedSite.MvcDeletePost => "mvc-delete-post-without-token",
            _ => null,
        };

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        if (site == SeedSite.MvcEditPost)
        {
            w.Block($$"""
                [HttpPost] @@SEED
                public async Task<IActionResult> Edit(int id, Update{{context.Entity.Name}}Request request, CancellationToken cancellationToken) @@SEED
                """, 1, Kind, variant);
        }
        else
        {
            w.Block($"[HttpPost] @@SEED\n{WebAppGenerator.MvcDeleteSignature} @@SEED", 1, Kind, variant);
        }
    }
}
