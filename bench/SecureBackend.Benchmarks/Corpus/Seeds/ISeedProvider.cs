using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>
/// One vulnerability kind of the generated app. The app's scaffolding writes the safe idiom everywhere; at each
/// <see cref="SeedSite"/> it first lets the providers of the module's seeded kinds write their vulnerable form instead.
/// </summary>
internal interface ISeedProvider
{
    VulnerabilityKind Kind { get; }

    /// <summary>The shapes this kind is seeded in; a module seeding the kind picks one.</summary>
    IReadOnlyList<string> Variants { get; }

    /// <summary>Per-module choices this kind needs beyond its variant (drawn after the module is built).</summary>
    void Prepare(Module module, Prng rng);

    /// <summary>Whether the module's variant of this kind takes <paramref name="site"/> (the module seeds this kind).</summary>
    bool IsSeededAt(SeedSite site, SeedContext context, string variant);

    /// <summary>Writes the vulnerable form at <paramref name="site"/>; called only where <see cref="IsSeededAt"/> holds.</summary>
    void Write(SeedSite site, SeedContext context, SourceWriter writer, string variant);
}

/// <summary>Where a site is: the module, and the entity whose file is being written (-1 in a module-wide file).</summary>
internal sealed record SeedContext(Module Module, int EntityIndex)
{
    public Entity Entity => Module.Entities[EntityIndex];
}
