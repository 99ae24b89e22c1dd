using System.Threading.Tasks;
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
                return aes.EncryptCbc(data, iv);
            }

            public byte[] SealZero(Aes aes, byte[] data)
            {
                var iv = new byte[16];
                return aes.EncryptCbc(data, [|iv|]);
            }
        }
        """);

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
                return aes.CreateEncryptor();
            }
        }
        """);

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
                return aes.EncryptCbc(data, iv);
            }

            public byte[] SealCopied(Aes aes, byte[] data, byte[] header)
            {
                var iv = new byte[16];
                System.Buffer.BlockCopy(header, 0, iv, 0, 16);
                return aes.EncryptCbc(data, iv);
            }

            public byte[] SealRandom(Aes aes, byte[] data) => aes.EncryptCbc(data, RandomNumberGenerator.GetBytes(16));
        }
        """);

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
}
