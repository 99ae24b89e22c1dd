using System.Collections.Generic;

namespace SecureBackend.Benchmarks.Corpus;

/// <summary>The module's password hasher derives its key with one round of SHA-2.</summary>
internal sealed class PasswordFastHashSeeds : ISeedProvider
{
    public VulnerabilityKind Kind => VulnerabilityKind.PasswordFastHash;

    public IReadOnlyList<string> Variants { get; } = new[] { "sha256-password-and-salt", "sha512-computehash" };

    public void Prepare(Module module, Prng rng)
    {
    }

    public bool IsSeededAt(SeedSite site, SeedContext context, string variant) => site == SeedSite.PasswordDeriveKey;

    public void Write(SeedSite site, SeedContext context, SourceWriter w, string variant)
    {
        if (variant == "sha256-password-and-salt")
        {
            w.Block("return SHA256.HashData(Encoding.UTF8.GetBytes(password + Convert.ToBase64String(salt))); @@SEED", 2, Kind, variant);
        }
        else
        {
            w.Block("""
                using var sha = SHA512.Create();
                return sha.ComputeHash(Encoding.UTF8.GetBytes(Convert.ToBase64String(salt) + password)); @@SEED
                """, 2, Kind, variant);
        }
    }
}
