using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = SecureBackend.Tests.Infrastructure.AnalyzerVerifier<SecureBackend.Analyzers.Crypto.WeakCipherAnalyzer>;

namespace SecureBackend.Tests.Crypto;

public sealed class SB2008_WeakCipherTests
{
    [Fact]
    public Task Flags_TripleDesCreate_WithMessage() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Protector
        {
            public ICryptoTransform Encryptor(byte[] key, byte[] iv) => {|#0:TripleDES.Create()|}.CreateEncryptor(key, iv);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("TripleDES.Create", "TripleDES, whose 64-bit block leaks plaintext on long streams (Sweet32)"));

    [Fact]
    public Task Flags_DesAndRc2CreateAndCryptoServiceProviders() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0021
        using System.Security.Cryptography;

        public class Legacy
        {
            public SymmetricAlgorithm A() => [|DES.Create()|];
            public SymmetricAlgorithm B() => [|RC2.Create()|];
            public SymmetricAlgorithm C() => [|new DESCryptoServiceProvider()|];
            public SymmetricAlgorithm D() => [|new TripleDESCryptoServiceProvider()|];
            public SymmetricAlgorithm E() => [|new RC2CryptoServiceProvider()|];
        }
        """);

    [Fact]
    public Task Flags_EcbModeAssignment() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Tokens
        {
            public byte[] Seal(byte[] key, byte[] data)
            {
                using var aes = Aes.Create();
                aes.Key = key;
                {|#0:aes.Mode = CipherMode.ECB|};
                return aes.CreateEncryptor().TransformFinalBlock(data, 0, data.Length);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Mode", "ECB mode, which encrypts equal blocks to equal ciphertext"));

    [Fact]
    public Task Flags_EcbModeInObjectInitializerAndEncryptEcb() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Tokens
        {
            public byte[] Seal(Aes aes, byte[] data) => aes.[|EncryptEcb(data, PaddingMode.PKCS7)|];

            public SymmetricAlgorithm Configure(SymmetricAlgorithm algorithm)
            {
                [|algorithm.Mode = CipherMode.ECB|];
                return algorithm;
            }
        }
        """);

    [Fact]
    public Task Flags_AllZeroIv() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Vault
        {
            public ICryptoTransform Encryptor(byte[] key)
            {
                var aes = Aes.Create();
                aes.Key = key;
                {|#0:aes.IV = new byte[16]|};
                return aes.CreateEncryptor();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("IV", "an all-zero IV"));

    [Fact]
    public Task Flags_ConstantIvFromLiteralArrayAndEncodedText() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;
        using System.Text;

        public class Vault
        {
            public ICryptoTransform A(Aes aes, byte[] key) => aes.CreateEncryptor(key, [|new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }|]);

            public void B(Aes aes)
            {
                [|aes.IV = Encoding.UTF8.GetBytes("0123456789abcdef")|];
            }

            public byte[] C(Aes aes, byte[] data)
            {
                var iv = Encoding.ASCII.GetBytes("fedcba9876543210");
                return aes.EncryptCbc(data, [|iv|]);
            }
        }
        """);

    [Fact]
    public Task Flags_ConstantIvInStaticReadonlyField() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Vault
        {
            private static readonly byte[] FixedIv = { 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80 };

            public ICryptoTransform Encryptor(Aes aes, byte[] key) => aes.CreateEncryptor(key, [|FixedIv|]);
        }
        """);

    [Fact]
    public Task Flags_ZeroIvInLocalUsedOnlyByTheCipher() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Vault
        {
            public byte[] Seal(Aes aes, byte[] data)
            {
                var iv = new byte[aes.BlockSize / 8];
                return aes.{|#0:EncryptCbc(data, iv)|};
            }

            public byte[] SealZero(Aes aes, byte[] data)
            {
                var iv = new byte[16];
                return aes.EncryptCbc(data, [|iv|]);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments("EncryptCbc", "AES-CBC without a MAC while AesGcm is available"));

    [Fact]
    public Task DoesNotFlag_AesWithGeneratedIv() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Vault
        {
            public ICryptoTransform Encryptor(byte[] key)
            {
                var aes = Aes.Create();
                aes.Key = key;
                aes.Mode = CipherMode.CBC;
                aes.GenerateIV();
                return aes.{|#0:CreateEncryptor()|};
            }
        }
        """,
        // No warning; only the AES-CBC suggestion (Info), as nothing in the type authenticates the ciphertext.
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments("CreateEncryptor", "AES-CBC without a MAC while AesGcm is available"));

    [Fact]
    public Task DoesNotFlag_IvBufferFilledByRandomNumberGenerator() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Vault
        {
            public byte[] Seal(Aes aes, byte[] data)
            {
                var iv = new byte[16];
                RandomNumberGenerator.Fill(iv);
                aes.IV = iv;
                return aes.{|#0:EncryptCbc(data, iv)|};
            }

            public byte[] SealCopied(Aes aes, byte[] data, byte[] header)
            {
                var iv = new byte[16];
                System.Buffer.BlockCopy(header, 0, iv, 0, 16);
                return aes.{|#1:EncryptCbc(data, iv)|};
            }

            public byte[] SealRandom(Aes aes, byte[] data) => aes.{|#2:EncryptCbc(data, RandomNumberGenerator.GetBytes(16))|};
        }
        """,
        // No warning; only the AES-CBC suggestion (Info), as nothing in the type authenticates the ciphertext.
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments("EncryptCbc", "AES-CBC without a MAC while AesGcm is available"),
        Verify.Diagnostic().WithLocation(1).WithSeverity(DiagnosticSeverity.Info).WithArguments("EncryptCbc", "AES-CBC without a MAC while AesGcm is available"),
        Verify.Diagnostic().WithLocation(2).WithSeverity(DiagnosticSeverity.Info).WithArguments("EncryptCbc", "AES-CBC without a MAC while AesGcm is available"));

    [Fact]
    public Task DoesNotFlag_IvFromParameterOrStoredMessage() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;

        public class Vault
        {
            public ICryptoTransform Decryptor(Aes aes, byte[] key, byte[] message)
            {
                aes.IV = message.AsSpan(0, 16).ToArray();
                return aes.CreateDecryptor(key, aes.IV);
            }

            public ICryptoTransform Encryptor(Aes aes, byte[] key, byte[] iv) => aes.CreateEncryptor(key, iv);
        }
        """);

    [Fact]
    public Task DoesNotFlag_DecryptionWithZeroIvAndEcbDecrypt() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Legacy
        {
            public ICryptoTransform Decryptor(Aes aes, byte[] key) => aes.CreateDecryptor(key, new byte[16]);

            public byte[] Open(Aes aes, byte[] data) => aes.DecryptEcb(data, PaddingMode.PKCS7);
        }
        """);

    [Fact]
    public Task DoesNotFlag_AesGcmAndOtherModes() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Vault
        {
            public void Seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] ciphertext, byte[] tag)
            {
                using var gcm = new AesGcm(key, 16);
                gcm.Encrypt(nonce, plaintext, ciphertext, tag);
            }

            public void Configure(Aes aes, CipherMode mode)
            {
                aes.Mode = CipherMode.CBC;
                aes.Mode = mode;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_UserTypeNamedLikeTheAlgorithms() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        public static class DES { public static object Create() => new object(); }

        public class Widget
        {
            public byte[] IV { get; set; } = new byte[16];
            public int Mode { get; set; }

            public object Make()
            {
                IV = new byte[16];
                return DES.Create();
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_HalfTypedCode()
    {
        var test = new Verify.Test
        {
            TestCode = /* lang=c#-test */ """
                using System.Security.Cryptography;

                public class Broken
                {
                    public void M(Aes aes)
                    {
                        aes.IV = ;
                        aes.Mode = CipherMode.;
                        TripleDES.Create(
                    }
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithSpan(9, 9, 10, 1).WithArguments("TripleDES.Create", "TripleDES, whose 64-bit block leaks plaintext on long streams (Sweet32)"));
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_AesCbcByDefaultAndExplicitMode_AtInfo() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class FieldProtector
        {
            public byte[] Protect(byte[] key, byte[] plaintext)
            {
                using var aes = Aes.Create();
                aes.Key = key;
                aes.GenerateIV();
                using var encryptor = aes.{|#0:CreateEncryptor()|};
                return encryptor.TransformFinalBlock(plaintext, 0, plaintext.Length);
            }

            public ICryptoTransform Explicit(Aes aes, byte[] key, byte[] iv)
            {
                aes.Mode = CipherMode.CBC;
                return aes.{|#1:CreateEncryptor(key, iv)|};
            }

            public ICryptoTransform Managed(byte[] key, byte[] iv)
            {
                var aes = new AesManaged { Mode = CipherMode.CBC, Padding = PaddingMode.PKCS7 };
                return aes.{|#2:CreateEncryptor(key, iv)|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments("CreateEncryptor", "AES-CBC without a MAC while AesGcm is available"),
        Verify.Diagnostic().WithLocation(1).WithSeverity(DiagnosticSeverity.Info).WithArguments("CreateEncryptor", "AES-CBC without a MAC while AesGcm is available"),
        Verify.Diagnostic().WithLocation(2).WithSeverity(DiagnosticSeverity.Info).WithArguments("CreateEncryptor", "AES-CBC without a MAC while AesGcm is available"));

    [Fact]
    public Task Flags_EncryptCbcAndTryEncryptCbc_AtInfo() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;

        public class TokenSealer
        {
            public byte[] Seal(Aes aes, byte[] data) => aes.{|#0:EncryptCbc(data, RandomNumberGenerator.GetBytes(16))|};

            public bool TrySeal(byte[] key, ReadOnlySpan<byte> data, Span<byte> output, out int written)
            {
                using var aes = Aes.Create();
                aes.Key = key;
                return aes.{|#1:TryEncryptCbc(data, RandomNumberGenerator.GetBytes(16), output, out written)|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments("EncryptCbc", "AES-CBC without a MAC while AesGcm is available"),
        Verify.Diagnostic().WithLocation(1).WithSeverity(DiagnosticSeverity.Info).WithArguments("TryEncryptCbc", "AES-CBC without a MAC while AesGcm is available"));

    [Fact]
    public Task Flags_FixedIvOnce_NotAlsoAsCbcSuggestion() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Vault
        {
            public byte[] Seal(Aes aes, byte[] data) => aes.EncryptCbc(data, {|#0:new byte[16]|});
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("EncryptCbc", "an all-zero IV"));

    [Fact]
    public Task DoesNotFlag_AesCbcAuthenticatedByHmacInTheSameType() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class EncryptThenMac
        {
            public byte[] Seal(Aes aes, byte[] macKey, byte[] data)
            {
                var iv = RandomNumberGenerator.GetBytes(16);
                var ciphertext = aes.EncryptCbc(data, iv);
                return [.. iv, .. ciphertext, .. HMACSHA256.HashData(macKey, ciphertext)];
            }
        }

        public class WithIncrementalHash
        {
            public byte[] Seal(byte[] key, byte[] macKey, byte[] data)
            {
                using var aes = Aes.Create();
                aes.Key = key;
                var ciphertext = aes.CreateEncryptor().TransformFinalBlock(data, 0, data.Length);
                using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, macKey);
                mac.AppendData(ciphertext);
                return [.. ciphertext, .. mac.GetHashAndReset()];
            }
        }

        public class WithHmacObject
        {
            private readonly byte[] macKey = RandomNumberGenerator.GetBytes(32);

            public byte[] Seal(Aes aes, byte[] data) => aes.EncryptCbc(data, RandomNumberGenerator.GetBytes(16));

            public byte[] Tag(byte[] data)
            {
                using var hmac = new HMACSHA512(macKey);
                return hmac.ComputeHash(data);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_DecryptionOtherModesAndUnknownAlgorithms() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Reader
        {
            public byte[] Open(Aes aes, byte[] data, byte[] iv) => aes.DecryptCbc(data, iv);

            public ICryptoTransform Decryptor(byte[] key, byte[] iv) => Aes.Create().CreateDecryptor(key, iv);

            public ICryptoTransform Cfb(byte[] key, byte[] iv)
            {
                using var aes = Aes.Create();
                aes.Mode = CipherMode.CFB;
                return aes.CreateEncryptor(key, iv);
            }

            public ICryptoTransform ModeUnknown(Aes aes, byte[] key, byte[] iv) => aes.CreateEncryptor(key, iv);

            public ICryptoTransform AnyAlgorithm(SymmetricAlgorithm algorithm) => algorithm.CreateEncryptor();

            public ICryptoTransform HandedOn(byte[] key)
            {
                var aes = Aes.Create();
                Configure(aes);
                return aes.CreateEncryptor();
            }

            private static void Configure(Aes aes) => aes.Mode = CipherMode.CFB;
        }
        """);

    [Fact]
    public Task DoesNotFlag_AesCbcWhereNoAeadIsAvailable() => Verify.NetFramework48Async(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class LegacyProtector
        {
            public ICryptoTransform Encryptor(byte[] key, byte[] iv)
            {
                var aes = new AesCryptoServiceProvider { Mode = CipherMode.CBC };
                return aes.CreateEncryptor(key, iv);
            }
        }
        """);
}
