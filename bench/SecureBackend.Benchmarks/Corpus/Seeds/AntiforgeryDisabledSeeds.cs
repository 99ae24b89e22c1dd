using System;
using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>Antiforgery validation switched off on an MVC action, a Razor Page, or a minimal-API form endpoint.</summary>
internal sealed class AntiforgeryDisabledSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.AntiforgeryDisabled;

    public IReadOnlyList<string> Variants { get; } = new[] { "mvc-ignore-on-action", "razor-page-ignore", "minimal-form-disable-antiforgery" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant) => site switch
    {
        SeedSite.MvcDeletePost => context.EntityIndex == 0 && variant == "mvc-ignore-on-action",
        SeedSite.RazorPageClass => context.EntityIndex == 0 && variant == "razor-page-ignore",
        SeedSite.MinimalApiRoutes or SeedSite.MinimalApiHelpers => context.EntityIndex == 1 && variant == "minimal-form-disable-antiforgery",
        _ => false,
    };

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        var e = context.Entity;
        switch (site)
        {
            case SeedSite.MvcDeletePost:
                w.Block($"[HttpPost]\n[IgnoreAntiforgeryToken] @@SEED\n{WebAppGenerator.MvcDeleteSignature} @@SEED", 1, Kind, variant);
                break;
            case SeedSite.RazorPageClass:
                w.Block("""
                    [IgnoreAntiforgeryToken] @@SEED
                    public sealed class EditModel(SERVICE service) : PageModel @@SEED
                    """.Replace("SERVICE", e.Name + "Service", StringComparison.Ordinal), 0, Kind, variant);
                break;
            case SeedSite.MinimalApiRoutes:
                w.Block("group.MapPost(\"/import\", async (IFormFile file, SERVICE service, CancellationToken cancellationToken) => TypedResults.Ok(await ImportAsync(file, service, cancellationToken))).DisableAntiforgery(); @@SEED"
                    .Replace("SERVICE", e.Name + "Service", StringComparison.Ordinal), 2, Kind, variant);
                break;
            case SeedSite.MinimalApiHelpers:
                // The form handler the endpoint above maps.
                w.Block($$"""

                        private static async Task<int> ImportAsync(IFormFile file, {{e.Name}}Service service, CancellationToken cancellationToken)
                        {
                            using var reader = new StreamReader(file.OpenReadStream());
                            var count = 0;
                            while (await reader.ReadLineAsync(cancellationToken) is { } line)
                            {
                                var fields = line.Split(',');
                                if (fields.Length > 0 && !string.IsNullOrWhiteSpace(fields[0]))
                                {
                                    count++;
                                }
                            }

                            _ = service;
                            return count;
                        }
                    """);
                break;
        }
    }
}
