using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>The module's password hasher runs PBKDF2 with too few iterations or SHA-1.</summary>
internal sealed class WeakKeyDerivationSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.WeakKeyDerivation;

    public IReadOnlyList<string> Variants { get; } = new[] { "pbkdf2-low-iterations", "rfc2898-constructor-sha1-default" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant) => site == SeedSite.PasswordDeriveKey;

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        if (variant == "pbkdf2-low-iterations")
        {
            w.Block("return Rfc2898DeriveBytes.Pbkdf2(password, salt, 10_000, HashAlgorithmName.SHA256, KeySize); @@SEED", 2, Kind, variant);
        }
        else
        {
            w.Block("""
                using var kdf = new Rfc2898DeriveBytes(password, salt, 1_000); @@SEED
                return kdf.GetBytes(KeySize);
                """, 2, Kind, variant);
        }
    }
}
