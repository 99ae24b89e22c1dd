using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.CodeFixes.Crypto;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Crypto.WeakKeyDerivationAnalyzer,
    SecureBackend.CodeFixes.Crypto.WeakKeyDerivationFixer>;

namespace SecureBackend.Tests.Crypto;

public sealed class SB2003_WeakKeyDerivationTests
{
    // ---------------------------------------------------------------- flagged, fixed

    [Fact]
    public Task Flags_ObsoleteConstructorWithDefaults_BecomesStaticPbkdf2() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        class Keys
        {
            byte[] Derive(string password, byte[] salt) => {|#0:new Rfc2898DeriveBytes(password, salt)|}.GetBytes(32);
        }
        """,
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        class Keys
        {
            byte[] Derive(string password, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Rfc2898DeriveBytes", "HMAC-SHA1 (the default) and 1,000 iterations (the default)", "PBKDF2-HMAC-SHA256 with at least 600,000 iterations"));

    [Fact]
    public Task Flags_LocalUsedOnceForGetBytes_BecomesStaticPbkdf2() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        class Keys
        {
            byte[] Derive(string password, byte[] salt)
            {
                using var kdf = [|new Rfc2898DeriveBytes(password, salt, 10000)|];
                // 256-bit key
                var key = kdf.GetBytes(32);
                return key;
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        class Keys
        {
            byte[] Derive(string password, byte[] salt)
            {
                // 256-bit key
                var key = Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
                return key;
            }
        }
        """);

    [Fact]
    public Task Flags_SaltGeneratingConstructor_KeepsConstructorAndRaisesIterations() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;

        class Hasher
        {
            const int Iterations = 10_000;

            string Hash(string password)
            {
                using var kdf = {|#0:new Rfc2898DeriveBytes(password, 16, Iterations, HashAlgorithmName.SHA256)|};
                return Convert.ToBase64String(kdf.Salt) + ":" + Convert.ToBase64String(kdf.GetBytes(32));
            }
        }
        """,
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;

        class Hasher
        {
            const int Iterations = 10_000;

            string Hash(string password)
            {
                using var kdf = new Rfc2898DeriveBytes(password, 16, 600_000, HashAlgorithmName.SHA256);
                return Convert.ToBase64String(kdf.Salt) + ":" + Convert.ToBase64String(kdf.GetBytes(32));
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Rfc2898DeriveBytes", "HMAC-SHA256 and 10,000 iterations", "PBKDF2-HMAC-SHA256 with at least 600,000 iterations"));

    [Fact]
    public Task Flags_Sha512WithTooFewIterations_KeepsSha512() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        class Hasher
        {
            (byte[] Salt, byte[] Hash) Hash(string password)
            {
                using (var kdf = [|new Rfc2898DeriveBytes(password, 16, 100000, HashAlgorithmName.SHA512)|])
                {
                    return (kdf.Salt, kdf.GetBytes(64));
                }
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        class Hasher
        {
            (byte[] Salt, byte[] Hash) Hash(string password)
            {
                using (var kdf = new Rfc2898DeriveBytes(password, 16, 210_000, HashAlgorithmName.SHA512))
                {
                    return (kdf.Salt, kdf.GetBytes(64));
                }
            }
        }
        """);

    [Fact]
    public Task Flags_StaticPbkdf2WithConstantAndLocalIterations() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        class Keys
        {
            private const int Rounds = 1000;
            private static readonly int LegacyRounds = 5000;

            byte[] A(string password, byte[] salt) => {|#0:Rfc2898DeriveBytes.Pbkdf2(password, salt, Rounds, HashAlgorithmName.SHA1, 32)|};

            byte[] B(byte[] password, byte[] salt)
            {
                var iterations = 50_000;
                return [|Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, 32)|];
            }

            byte[] C(string password, byte[] salt) => [|Rfc2898DeriveBytes.Pbkdf2(password, salt, LegacyRounds, HashAlgorithmName.SHA512, 64)|];
        }
        """,
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        class Keys
        {
            private const int Rounds = 1000;
            private static readonly int LegacyRounds = 5000;

            byte[] A(string password, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);

            byte[] B(byte[] password, byte[] salt)
            {
                var iterations = 50_000;
                return Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
            }

            byte[] C(string password, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(password, salt, 210_000, HashAlgorithmName.SHA512, 64);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Rfc2898DeriveBytes.Pbkdf2", "HMAC-SHA1 and 1,000 iterations", "PBKDF2-HMAC-SHA256 with at least 600,000 iterations (with HMAC-SHA1: 1,300,000)"));

    [Fact]
    public Task Flags_AspNetCoreKeyDerivation() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Cryptography.KeyDerivation;

        class Hasher
        {
            byte[] A(string password, byte[] salt) => {|#0:KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA1, 10000, 32)|};

            byte[] B(string password, byte[] salt) => [|KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA512, 100_000, 64)|];
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Cryptography.KeyDerivation;

        class Hasher
        {
            byte[] A(string password, byte[] salt) => KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA256, 600_000, 32);

            byte[] B(string password, byte[] salt) => KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA512, 210_000, 64);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("KeyDerivation.Pbkdf2", "HMAC-SHA1 and 10,000 iterations", "PBKDF2-HMAC-SHA256 with at least 600,000 iterations (with HMAC-SHA1: 1,300,000)"));

    [Fact]
    public Task Flags_Sha1DefaultWithConfiguredIterations_NamesSha256AndKeepsTheCount() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        class Options { public int Iterations { get; set; } }

        class Hasher
        {
            (byte[], byte[]) Hash(string password, Options options)
            {
                using var kdf = {|#0:new Rfc2898DeriveBytes(password, 16, options.Iterations)|};
                return (kdf.Salt, kdf.GetBytes(32));
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        class Options { public int Iterations { get; set; } }

        class Hasher
        {
            (byte[], byte[]) Hash(string password, Options options)
            {
                using var kdf = new Rfc2898DeriveBytes(password, 16, options.Iterations, HashAlgorithmName.SHA256);
                return (kdf.Salt, kdf.GetBytes(32));
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Rfc2898DeriveBytes", "HMAC-SHA1 (the default)", "PBKDF2-HMAC-SHA256 with at least 600,000 iterations"));

    [Fact]
    public Task Flags_FullyQualifiedConstructor_FixAddsTheUsing() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        class Hasher
        {
            byte[] Salt(string password)
            {
                var kdf = [|new System.Security.Cryptography.Rfc2898DeriveBytes(password, 16, 1000)|];
                return kdf.Salt;
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        class Hasher
        {
            byte[] Salt(string password)
            {
                var kdf = new System.Security.Cryptography.Rfc2898DeriveBytes(password, 16, 600_000, HashAlgorithmName.SHA256);
                return kdf.Salt;
            }
        }
        """);

    [Fact]
    public Task Flags_FixAllAcrossTwoDocuments()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add("""
            using System.Security.Cryptography;
            class A { byte[] K(string p, byte[] s) => [|Rfc2898DeriveBytes.Pbkdf2(p, s, 1000, HashAlgorithmName.SHA256, 32)|]; }
            """);
        test.TestState.Sources.Add("""
            using System.Security.Cryptography;
            class B { byte[] K(string p, byte[] s) => [|new Rfc2898DeriveBytes(p, s, 4096)|].GetBytes(16); }
            """);
        test.FixedState.Sources.Add("""
            using System.Security.Cryptography;
            class A { byte[] K(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 600_000, HashAlgorithmName.SHA256, 32); }
            """);
        test.FixedState.Sources.Add("""
            using System.Security.Cryptography;
            class B { byte[] K(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 600_000, HashAlgorithmName.SHA256, 16); }
            """);
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_CodeActionEquivalenceKeyIsThePublishedConstant() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;
        class A { byte[] K(string p, byte[] s) => [|Rfc2898DeriveBytes.Pbkdf2(p, s, 1, HashAlgorithmName.SHA256, 32)|]; }
        """,
        /* lang=c#-test */ """
        using System.Security.Cryptography;
        class A { byte[] K(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 600_000, HashAlgorithmName.SHA256, 32); }
        """,
        WeakKeyDerivationFixer.StrengthenKey);

    [Fact]
    public Task Flags_PasswordDeriveBytes_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        class Legacy
        {
        #pragma warning disable SYSLIB0041
            byte[] Key(string password, byte[] salt) => {|#0:new PasswordDeriveBytes(password, salt)|}.GetBytes(16);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("PasswordDeriveBytes", "PBKDF1", "PBKDF2-HMAC-SHA256 with at least 600,000 iterations"));

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task DoesNotFlag_CurrentGuidance() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;
        using Microsoft.AspNetCore.Cryptography.KeyDerivation;

        class Good
        {
            const int Iterations = 600_000;

            byte[] A(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, Iterations, HashAlgorithmName.SHA256, 32);
            byte[] B(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 210_000, HashAlgorithmName.SHA512, 64);
            byte[] C(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 1_300_000, HashAlgorithmName.SHA1, 20);
            byte[] D(string p, byte[] s) => new Rfc2898DeriveBytes(p, s, 700_000, HashAlgorithmName.SHA256).GetBytes(32);
            byte[] E(string p, byte[] s) => KeyDerivation.Pbkdf2(p, s, KeyDerivationPrf.HMACSHA256, 600_000, 32);
        }
        """);

    [Fact]
    public Task DoesNotFlag_MinimumsReachedThroughConstArithmeticNamedConstantsAndStaticMembers() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0041
        using System.Security.Cryptography;
        using Microsoft.AspNetCore.Cryptography.KeyDerivation;

        static class Pbkdf2Settings
        {
            public const int Thousand = 1000;
            public const int Sha256Iterations = 600 * Thousand;
            public static readonly int Sha512Iterations = 210 * Thousand;
            public static readonly int Sha1Iterations = (1_000 + 300) * 1_000;
            public static int Rounds => 2 * 300_000;
            public static int MoreRounds { get; } = 700_000;
        }

        class Good
        {
            private const int Base = 300_000;

            byte[] A(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, Pbkdf2Settings.Sha256Iterations, HashAlgorithmName.SHA256, 32);
            byte[] B(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, Pbkdf2Settings.Sha512Iterations, HashAlgorithmName.SHA512, 64);
            byte[] C(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, Pbkdf2Settings.Sha1Iterations, HashAlgorithmName.SHA1, 20);
            byte[] D(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, Base * 2, HashAlgorithmName.SHA256, 32);
            byte[] E(string p, byte[] s) => KeyDerivation.Pbkdf2(p, s, KeyDerivationPrf.HMACSHA256, Pbkdf2Settings.Rounds, 32);
            byte[] F(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, Pbkdf2Settings.MoreRounds, HashAlgorithmName.SHA256, 32);
            // SHA-1 by default, with SHA-1's minimum: meets current guidance.
            byte[] G(string p, byte[] s) => new Rfc2898DeriveBytes(p, s, 1_300_000).GetBytes(20);
            byte[] H(string p, byte[] s) => new Rfc2898DeriveBytes(p, s, Pbkdf2Settings.Sha1Iterations).GetBytes(20);
        }
        """);

    [Fact]
    public Task Flags_ConstantsBelowTheMinimumOfTheirHash_NamesTheRecommendedValue() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0041
        using System.Security.Cryptography;

        static class Pbkdf2Settings
        {
            public const int Thousand = 1000;
            public static readonly int Iterations = 100 * Thousand;
            public static int Rounds => 2 * 100_000;
        }

        class Weak
        {
            byte[] A(string p, byte[] s) => {|#0:Rfc2898DeriveBytes.Pbkdf2(p, s, Pbkdf2Settings.Iterations, HashAlgorithmName.SHA512, 64)|};
            byte[] B(string p, byte[] s) => {|#1:Rfc2898DeriveBytes.Pbkdf2(p, s, Pbkdf2Settings.Rounds, HashAlgorithmName.SHA256, 32)|};
            // 600,000 is SHA-256's minimum, not SHA-1's.
            byte[] C(string p, byte[] s) => {|#2:new Rfc2898DeriveBytes(p, s, 600_000)|}.GetBytes(20);
            byte[] D(string p, byte[] s) => {|#3:Rfc2898DeriveBytes.Pbkdf2(p, s, 600_000, HashAlgorithmName.SHA1, 20)|};
        }
        """,
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0041
        using System.Security.Cryptography;

        static class Pbkdf2Settings
        {
            public const int Thousand = 1000;
            public static readonly int Iterations = 100 * Thousand;
            public static int Rounds => 2 * 100_000;
        }

        class Weak
        {
            byte[] A(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 210_000, HashAlgorithmName.SHA512, 64);
            byte[] B(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 600_000, HashAlgorithmName.SHA256, 32);
            // 600,000 is SHA-256's minimum, not SHA-1's.
            byte[] C(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 600_000, HashAlgorithmName.SHA256, 20);
            byte[] D(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 600_000, HashAlgorithmName.SHA256, 20);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Rfc2898DeriveBytes.Pbkdf2", "HMAC-SHA512 and 100,000 iterations", "PBKDF2-HMAC-SHA512 with at least 210,000 iterations"),
        Verify.Diagnostic().WithLocation(1).WithArguments("Rfc2898DeriveBytes.Pbkdf2", "HMAC-SHA256 and 200,000 iterations", "PBKDF2-HMAC-SHA256 with at least 600,000 iterations"),
        Verify.Diagnostic().WithLocation(2).WithArguments("Rfc2898DeriveBytes", "HMAC-SHA1 (the default) and 600,000 iterations", "PBKDF2-HMAC-SHA256 with at least 600,000 iterations"),
        Verify.Diagnostic().WithLocation(3).WithArguments("Rfc2898DeriveBytes.Pbkdf2", "HMAC-SHA1 and 600,000 iterations", "PBKDF2-HMAC-SHA256 with at least 600,000 iterations (with HMAC-SHA1: 1,300,000)"));

    [Fact]
    public Task DoesNotFlag_IterationsFromConfigurationWithNamedHash() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;
        using Microsoft.Extensions.Configuration;

        class Configured
        {
            byte[] A(IConfiguration config, string p, byte[] s)
            {
                var iterations = config.GetValue<int>("Pbkdf2:Iterations");
                return Rfc2898DeriveBytes.Pbkdf2(p, s, iterations, HashAlgorithmName.SHA256, 32);
            }

            byte[] B(int rounds, string p, byte[] s)
            {
                var iterations = 1000;
                iterations = rounds;
                return Rfc2898DeriveBytes.Pbkdf2(p, s, iterations, HashAlgorithmName.SHA512, 64);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_HalfTypedCode()
    {
        const string source = /* lang=c#-test */ """
            using System.Security.Cryptography;

            class Broken
            {
                byte[] A(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 600_000, HashAlgorithmName.SHA256
                byte[] B(string p) => new Rfc2898DeriveBytes(p,
                byte[] C(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, Unknown.Count, HashAlgorithmName.SHA256, 32);
                byte[] D(string p, byte[] s) => Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivation.Pbkdf2(p, s, 
            }
            """;
        var test = new Verify.Test { TestCode = source, FixedCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
        return test.RunAsync();
    }
}
