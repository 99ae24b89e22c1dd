using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.CodeFixes.Crypto;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Crypto.WeakAsymmetricKeyAnalyzer,
    SecureBackend.CodeFixes.Crypto.WeakAsymmetricKeyFixer>;

namespace SecureBackend.Tests.Crypto;

public sealed class SB2009_WeakAsymmetricKeyTests
{
    [Fact]
    public Task Flags_RsaCryptoServiceProviderWith1024Bits() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Keys
        {
            public RSA Make() => new RSACryptoServiceProvider({|#0:1024|});
        }
        """,
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Keys
        {
            public RSA Make() => new RSACryptoServiceProvider(2048);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("new RSACryptoServiceProvider", "a 1024-bit RSA key", "use at least 2048 bits"));

    [Fact]
    public Task Flags_RsaCreateAndKeySize_FixAll() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Keys
        {
            public RSA A() => RSA.Create([|512|]);

            public RSA B()
            {
                var rsa = RSA.Create();
                rsa.KeySize = [|1024|];
                return rsa;
            }

            public RSA C() => new RSACng { KeySize = [|1536|] };
        }
        """,
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Keys
        {
            public RSA A() => RSA.Create(2048);

            public RSA B()
            {
                var rsa = RSA.Create();
                rsa.KeySize = 2048;
                return rsa;
            }

            public RSA C() => new RSACng { KeySize = 2048 };
        }
        """);

    [Fact]
    public Task Flags_Pkcs1EncryptionPadding_FixUsesOaepSha256() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Envelope
        {
            public byte[] Seal(RSA rsa, byte[] key) => rsa.Encrypt(key, {|#0:RSAEncryptionPadding.Pkcs1|});
            public byte[] Open(RSA rsa, byte[] data) => rsa.Decrypt(data, [|RSAEncryptionPadding.Pkcs1|]);
        }
        """,
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Envelope
        {
            public byte[] Seal(RSA rsa, byte[] key) => rsa.Encrypt(key, RSAEncryptionPadding.OaepSHA256);
            public byte[] Open(RSA rsa, byte[] data) => rsa.Decrypt(data, RSAEncryptionPadding.OaepSHA256);
        }
        """,
        WeakAsymmetricKeyFixer.StrengthenKey,
        Verify.Diagnostic().WithLocation(0).WithArguments("RSAEncryptionPadding.Pkcs1", "PKCS#1 v1.5 encryption padding, open to padding-oracle attacks", "use RSAEncryptionPadding.OaepSHA256"));

    [Fact]
    public Task Flags_CspEncryptWithoutOaep() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        #pragma warning disable CA1416
        using System.Security.Cryptography;

        public class Envelope
        {
            public byte[] Seal(RSACryptoServiceProvider rsa, byte[] key) => rsa.Encrypt(key, [|false|]);
            public byte[] SealOaep(RSACryptoServiceProvider rsa, byte[] key) => rsa.Encrypt(key, true);
        }
        """,
        /* lang=c#-test */ """
        #pragma warning disable CA1416
        using System.Security.Cryptography;

        public class Envelope
        {
            public byte[] Seal(RSACryptoServiceProvider rsa, byte[] key) => rsa.Encrypt(key, true);
            public byte[] SealOaep(RSACryptoServiceProvider rsa, byte[] key) => rsa.Encrypt(key, true);
        }
        """);

    [Fact]
    public Task Flags_WeakNamedCurves_NoFixOffered() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Signing
        {
            public ECDsa A() => ECDsa.Create(ECCurve.CreateFromFriendlyName({|#0:"nistP192"|}));
            public ECDsa B() => ECDsa.Create(ECCurve.CreateFromValue([|"1.3.132.0.33"|]));
            public ECDiffieHellman C() => ECDiffieHellman.Create([|ECCurve.NamedCurves.brainpoolP224r1|]);
            public ECDsa D() => ECDsa.Create(ECCurve.CreateFromOid([|new Oid("1.2.840.10045.3.1.1")|]));
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("ECCurve.CreateFromFriendlyName", "the curve nistP192, smaller than 256 bits", "use nistP256 or larger"));

    [Fact]
    public Task Flags_FixAllAcrossTwoDocuments()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/A.cs", /* lang=c#-test */ """
            using System.Security.Cryptography;
            public class A { public RSA Make() => RSA.Create([|1024|]); }
            """));
        test.TestState.Sources.Add(("/B.cs", /* lang=c#-test */ """
            using System.Security.Cryptography;
            public class B { public byte[] Seal(RSA rsa, byte[] k) => rsa.Encrypt(k, [|RSAEncryptionPadding.Pkcs1|]); }
            """));
        test.FixedState.Sources.Add(("/A.cs", """
            using System.Security.Cryptography;
            public class A { public RSA Make() => RSA.Create(2048); }
            """));
        test.FixedState.Sources.Add(("/B.cs", """
            using System.Security.Cryptography;
            public class B { public byte[] Seal(RSA rsa, byte[] k) => rsa.Encrypt(k, RSAEncryptionPadding.OaepSHA256); }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_NonLiteralConstantKeySize_NoFixOffered() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Keys
        {
            private const int Bits = 1024;
            public RSA Make() => RSA.Create([|Bits|]);
        }
        """);

    [Fact]
    public Task DoesNotFlag_StrongKeysCurvesAndPaddings() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Keys
        {
            public RSA A() => RSA.Create(2048);
            public RSA B() => new RSACryptoServiceProvider(4096);
            public RSA C(int bits) => RSA.Create(bits);
            public ECDsa D() => ECDsa.Create(ECCurve.NamedCurves.nistP256);
            public ECDsa E() => ECDsa.Create(ECCurve.CreateFromFriendlyName("nistP384"));
            public ECDsa F() => ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);
            public byte[] G(RSA rsa, byte[] k) => rsa.Encrypt(k, RSAEncryptionPadding.OaepSHA256);
            public void H(RSA rsa) => rsa.KeySize = 3072;
        }
        """);

    [Fact]
    public Task Flags_Pkcs1SignaturePaddingPassedToSigning_AtInfo() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;

        public class Tokens
        {
            public byte[] Sign(RSA rsa, byte[] data) => rsa.SignData(data, HashAlgorithmName.SHA256, {|#0:RSASignaturePadding.Pkcs1|});

            public byte[] SignDigest(RSA rsa, byte[] hash) => rsa.SignHash(hash, HashAlgorithmName.SHA256, {|#1:RSASignaturePadding.Pkcs1|});

            public bool TrySign(RSA rsa, ReadOnlySpan<byte> data, Span<byte> signature, out int written)
                => rsa.TrySignData(data, signature, HashAlgorithmName.SHA256, {|#2:RSASignaturePadding.Pkcs1|}, out written);

            public bool TrySignDigest(RSACng rsa, ReadOnlySpan<byte> hash, Span<byte> signature, out int written)
                => rsa.TrySignHash(hash, signature, HashAlgorithmName.SHA384, padding: {|#3:RSASignaturePadding.Pkcs1|}, out written);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments("RSA.SignData", "PKCS#1 v1.5 signature padding", "prefer RSASignaturePadding.Pss in new code"),
        Verify.Diagnostic().WithLocation(1).WithSeverity(DiagnosticSeverity.Info).WithArguments("RSA.SignHash", "PKCS#1 v1.5 signature padding", "prefer RSASignaturePadding.Pss in new code"),
        Verify.Diagnostic().WithLocation(2).WithSeverity(DiagnosticSeverity.Info).WithArguments("RSA.TrySignData", "PKCS#1 v1.5 signature padding", "prefer RSASignaturePadding.Pss in new code"),
        Verify.Diagnostic().WithLocation(3).WithSeverity(DiagnosticSeverity.Info).WithArguments("RSA.TrySignHash", "PKCS#1 v1.5 signature padding", "prefer RSASignaturePadding.Pss in new code"));

    [Fact]
    public Task Flags_Pkcs1SignatureFormatter_AtInfo_NoFixOffered() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Settlement
        {
            public byte[] Sign(RSA key, byte[] digest)
            {
                var formatter = {|#0:new RSAPKCS1SignatureFormatter(key)|};
                formatter.SetHashAlgorithm("SHA256");
                return formatter.CreateSignature(digest);
            }

            public byte[] SignData(RSA rsa, byte[] data) => rsa.SignData(data, HashAlgorithmName.SHA256, {|#1:RSASignaturePadding.Pkcs1|});
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments("new RSAPKCS1SignatureFormatter", "PKCS#1 v1.5 signature padding", "prefer RSASignaturePadding.Pss in new code"),
        Verify.Diagnostic().WithLocation(1).WithSeverity(DiagnosticSeverity.Info).WithArguments("RSA.SignData", "PKCS#1 v1.5 signature padding", "prefer RSASignaturePadding.Pss in new code"));

    [Fact]
    public Task DoesNotFlag_Pkcs1SignatureVerification() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Tokens
        {
            public bool Verify(RSA rsa, byte[] data, byte[] signature)
                => rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

            public bool VerifyDigest(RSA rsa, byte[] hash, byte[] signature)
                => rsa.VerifyHash(hash, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

            public bool Deformat(RSA key, byte[] digest, byte[] signature)
            {
                var deformatter = new RSAPKCS1SignatureDeformatter(key);
                deformatter.SetHashAlgorithm("SHA256");
                return deformatter.VerifySignature(digest, signature);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_PssSigningAndPaddingNotPassedToASigningCall() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Signer
        {
            public byte[] Sign(RSA rsa, byte[] data) => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

            public RSASignaturePadding Padding(bool legacy) => legacy ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss;

            public bool IsLegacy(RSASignaturePadding padding) => padding == RSASignaturePadding.Pkcs1;

            public byte[] Ecdsa(ECDsa key, byte[] data) => key.SignData(data, HashAlgorithmName.SHA256);
        }
        """);

    [Fact]
    public Task DoesNotFlag_KeySizeOfSymmetricAlgorithmOrOwnType() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        public class Settings { public int KeySize { get; set; } }

        public class Keys
        {
            public void A(Aes aes) => aes.KeySize = 128;
            public Settings B() => new Settings { KeySize = 1024 };
        }
        """);
}
