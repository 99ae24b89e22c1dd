using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers;
using SecureBackend.CodeFixes.Crypto;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Crypto.BrokenHashAlgorithmAnalyzer,
    SecureBackend.CodeFixes.Crypto.BrokenHashAlgorithmFixer>;
using Analyze = SecureBackend.Tests.Infrastructure.AnalyzerVerifier<SecureBackend.Analyzers.Crypto.BrokenHashAlgorithmAnalyzer>;

namespace SecureBackend.Tests.Crypto;

public sealed class SB2001_BrokenHashAlgorithmTests
{
    // ---------------------------------------------------------------- flagged, fixed

    [Fact]
    public Task Flags_Md5HashDataForAFingerprint_BecomesSha256() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.IO;
        using System.Security.Cryptography;

        static class Fingerprint
        {
            public static string Of(string path) => Convert.ToHexString({|#0:MD5.HashData(File.ReadAllBytes(path))|});
        }
        """,
        /* lang=c#-test */ """
        using System;
        using System.IO;
        using System.Security.Cryptography;

        static class Fingerprint
        {
            public static string Of(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        }
        """,
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(0).WithArguments("MD5.HashData", "MD5"));

    [Fact]
    public Task Flags_Sha1CreateWithComputeHash_BecomesSha256Create() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;

        class Signer
        {
            public string Digest(byte[] payload)
            {
                using var sha = {|#0:SHA1.Create()|};
                return Convert.ToBase64String(sha.ComputeHash(payload));
            }

            public string Digest2(byte[] payload)
            {
                using (SHA1 sha = {|SB2001:SHA1.Create()|})
                {
                    return Convert.ToBase64String(sha.ComputeHash(payload));
                }
            }
        }
        """,
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;

        class Signer
        {
            public string Digest(byte[] payload)
            {
                using var sha = SHA256.Create();
                return Convert.ToBase64String(sha.ComputeHash(payload));
            }

            public string Digest2(byte[] payload)
            {
                using (SHA256 sha = SHA256.Create())
                {
                    return Convert.ToBase64String(sha.ComputeHash(payload));
                }
            }
        }
        """,
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(0).WithArguments("SHA1.Create", "SHA-1"));

    [Fact]
    public Task Flags_LegacyProviderClasses_BecomeSha256Create() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0021
        using System.Security.Cryptography;

        class Legacy
        {
            public byte[] A(byte[] data) { using var h = {|#0:new SHA1Managed()|}; return h.ComputeHash(data); }
            public byte[] B(byte[] data) { var h = {|SB2001:new MD5CryptoServiceProvider()|}; return h.ComputeHash(data); }
            public byte[] C(byte[] data) { SHA1CryptoServiceProvider h = {|SB2001:new SHA1CryptoServiceProvider()|}; return h.ComputeHash(data); }
        }
        """,
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0021
        using System.Security.Cryptography;

        class Legacy
        {
            public byte[] A(byte[] data) { using var h = SHA256.Create(); return h.ComputeHash(data); }
            public byte[] B(byte[] data) { var h = SHA256.Create(); return h.ComputeHash(data); }
            public byte[] C(byte[] data) { SHA256 h = SHA256.Create(); return h.ComputeHash(data); }
        }
        """,
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(0).WithArguments("new SHA1Managed", "SHA-1"));

    [Fact]
    public Task Flags_HmacSha1AndHmacMd5_BecomeHmacSha256() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        class Webhooks
        {
            public string Sign(byte[] key, string body)
            {
                using var hmac = {|#0:new HMACSHA1(key)|};
                return Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(body)));
            }

            public byte[] Sign2(byte[] key, byte[] body) => {|#1:HMACMD5.HashData(key, body)|};
        }
        """,
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        class Webhooks
        {
            public string Sign(byte[] key, string body)
            {
                using var hmac = new HMACSHA256(key);
                return Convert.ToHexString(hmac.ComputeHash(Encoding.UTF8.GetBytes(body)));
            }

            public byte[] Sign2(byte[] key, byte[] body) => HMACSHA256.HashData(key, body);
        }
        """,
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(0).WithArguments("new HMACSHA1", "HMAC-SHA1"),
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(1).WithArguments("HMACMD5.HashData", "HMAC-MD5"));

    [Fact]
    public Task Flags_HashAlgorithmNameArgumentsAndNamedFactories() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0045
        using System.Security.Cryptography;

        class Factories
        {
            public byte[] A(byte[] data)
            {
                using var hash = IncrementalHash.CreateHash({|#0:HashAlgorithmName.SHA1|});
                hash.AppendData(data);
                return hash.GetHashAndReset();
            }

            public byte[] B(byte[] data) => CryptographicOperations.HashData({|SB2001:HashAlgorithmName.MD5|}, data);

            public byte[] C(byte[] data)
            {
                using var algorithm = {|#1:HashAlgorithm.Create("MD5")|}!;
                return algorithm.ComputeHash(data);
            }

            public byte[] D(byte[] data)
            {
                var algorithm = (HashAlgorithm){|SB2001:CryptoConfig.CreateFromName("SHA1")|}!;
                return algorithm.ComputeHash(data);
            }
        }
        """,
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0045
        using System.Security.Cryptography;

        class Factories
        {
            public byte[] A(byte[] data)
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                hash.AppendData(data);
                return hash.GetHashAndReset();
            }

            public byte[] B(byte[] data) => CryptographicOperations.HashData(HashAlgorithmName.SHA256, data);

            public byte[] C(byte[] data)
            {
                using var algorithm = HashAlgorithm.Create("SHA256")!;
                return algorithm.ComputeHash(data);
            }

            public byte[] D(byte[] data)
            {
                var algorithm = (HashAlgorithm)CryptoConfig.CreateFromName("SHA256")!;
                return algorithm.ComputeHash(data);
            }
        }
        """,
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(0).WithArguments("IncrementalHash.CreateHash", "SHA-1"),
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(1).WithArguments("HashAlgorithm.Create", "MD5"));

    [Fact]
    public Task Flags_ParameterlessFactoriesDefaultingToSha1() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0007
        using System.Security.Cryptography;

        class Defaults
        {
            public byte[] A(byte[] data) { using var h = {|#0:HashAlgorithm.Create()|}; return h.ComputeHash(data); }
            public byte[] B(byte[] data) { using var h = {|#1:HMAC.Create()|}; return h.ComputeHash(data); }
        }
        """,
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0007
        using System.Security.Cryptography;

        class Defaults
        {
            public byte[] A(byte[] data) { using var h = SHA256.Create(); return h.ComputeHash(data); }
            public byte[] B(byte[] data) { using var h = new HMACSHA256(); return h.ComputeHash(data); }
        }
        """,
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(0).WithArguments("HashAlgorithm.Create", "SHA-1 (the default)"),
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(1).WithArguments("HMAC.Create", "HMAC-SHA1 (the default)"));

    [Fact]
    public Task Flags_FullyQualifiedName_FixAddsTheUsing() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        class Digest
        {
            public byte[] Of(byte[] data) => {|SB2001:System.Security.Cryptography.MD5.HashData(data)|};
        }
        """,
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        class Digest
        {
            public byte[] Of(byte[] data) => SHA256.HashData(data);
        }
        """);

    [Fact]
    public Task Flags_FixAllAcrossTwoDocuments()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add("""
            using System.Security.Cryptography;
            class A { byte[] H(byte[] d) => {|SB2001:SHA1.HashData(d)|}; }
            """);
        test.TestState.Sources.Add("""
            using System.Security.Cryptography;
            class B { byte[] H(byte[] d) { using var md5 = {|SB2001:MD5.Create()|}; return md5.ComputeHash(d); } }
            """);
        test.FixedState.Sources.Add("""
            using System.Security.Cryptography;
            class A { byte[] H(byte[] d) => SHA256.HashData(d); }
            """);
        test.FixedState.Sources.Add("""
            using System.Security.Cryptography;
            class B { byte[] H(byte[] d) { using var md5 = SHA256.Create(); return md5.ComputeHash(d); } }
            """);
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_FixAllLeavesTheDigestAFixIsNotOfferedFor()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System;
                using System.Linq;
                using System.Security.Cryptography;

                class Downloads
                {
                    public byte[] Fingerprint(byte[] data) => {|SB2001:SHA1.HashData(data)|};

                    public string Tag(byte[] data) => Convert.ToHexString({|SB2001:MD5.HashData(data)|});

                    public bool IsIntact(byte[] data, byte[] expected) => {|SB2001:MD5.HashData(data)|}.SequenceEqual(expected);
                }
                """,
            FixedCode = """
                using System;
                using System.Linq;
                using System.Security.Cryptography;

                class Downloads
                {
                    public byte[] Fingerprint(byte[] data) => SHA256.HashData(data);

                    public string Tag(byte[] data) => Convert.ToHexString(SHA256.HashData(data));

                    public bool IsIntact(byte[] data, byte[] expected) => {|#0:MD5.HashData(data)|}.SequenceEqual(expected);
                }
                """,
        };
        test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(0).WithArguments("MD5.HashData", "MD5"));
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_CodeActionEquivalenceKeyIsThePublishedConstant() => Verify.CodeFixAsync(
        """
        using System.Security.Cryptography;
        class A { byte[] H(byte[] d) => {|SB2001:SHA1.HashData(d)|}; }
        """,
        """
        using System.Security.Cryptography;
        class A { byte[] H(byte[] d) => SHA256.HashData(d); }
        """,
        BrokenHashAlgorithmFixer.UseSha256Key);

    [Fact]
    public Task Flags_ETagsAndGravatarHashes_AtInfo_BecomeSha256() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        static class Formats
        {
            // Neither HTTP (RFC 9110) nor Gravatar requires MD5: an ETag is any opaque string, Gravatar takes SHA-256.
            public static string ComputeETag(byte[] body) => "\"" + Convert.ToBase64String({|#0:MD5.HashData(body)|}) + "\"";

            public static string EntityTag(string json)
            {
                using var sha = {|#1:SHA1.Create()|};
                var etag = Convert.ToHexString(sha.ComputeHash(Encoding.UTF8.GetBytes(json)));
                return $"W/\"{etag}\"";
            }

            public static string AvatarUrl(string email)
            {
                var gravatarHash = Convert.ToHexString({|#2:MD5.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant()))|}).ToLowerInvariant();
                return "https://www.gravatar.com/avatar/" + gravatarHash;
            }
        }
        """,
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        static class Formats
        {
            // Neither HTTP (RFC 9110) nor Gravatar requires MD5: an ETag is any opaque string, Gravatar takes SHA-256.
            public static string ComputeETag(byte[] body) => "\"" + Convert.ToBase64String(SHA256.HashData(body)) + "\"";

            public static string EntityTag(string json)
            {
                using var sha = SHA256.Create();
                var etag = Convert.ToHexString(sha.ComputeHash(Encoding.UTF8.GetBytes(json)));
                return $"W/\"{etag}\"";
            }

            public static string AvatarUrl(string email)
            {
                var gravatarHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant()))).ToLowerInvariant();
                return "https://www.gravatar.com/avatar/" + gravatarHash;
            }
        }
        """,
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments("MD5.HashData", "MD5"),
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(1).WithSeverity(DiagnosticSeverity.Info).WithArguments("SHA1.Create", "SHA-1"),
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(2).WithSeverity(DiagnosticSeverity.Info).WithArguments("MD5.HashData", "MD5"));

    [Fact]
    public Task Flags_CacheKeysETagsGravatarUrlsAndFileNames_AtInfo_BecomeSha256() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Caching.Distributed;
        using Microsoft.Extensions.Caching.Memory;
        using Microsoft.Net.Http.Headers;

        public sealed class Catalog
        {
            private readonly IMemoryCache _memory;
            private readonly IDistributedCache _distributed;
            private readonly Dictionary<string, string> _seen = new();

            public Catalog(IMemoryCache memory, IDistributedCache distributed)
            {
                _memory = memory;
                _distributed = distributed;
            }

            public string? Query(string sql)
            {
                var key = Convert.ToHexString({|#0:MD5.HashData(Encoding.UTF8.GetBytes(sql))|});
                return _memory.Get<string>(key);
            }

            public Task<string?> Page(string path, int page)
                => _distributed.GetStringAsync("page:" + Convert.ToBase64String({|#1:SHA1.HashData(Encoding.UTF8.GetBytes(path + page))|}));

            public bool Seen(string document) => _seen.ContainsKey(Convert.ToHexString({|#2:MD5.HashData(Encoding.UTF8.GetBytes(document))|}));

            public static void Tag(HttpResponse response, byte[] body)
            {
                response.Headers.ETag = "\"" + Convert.ToBase64String({|#3:MD5.HashData(body)|}) + "\"";
            }

            public static EntityTagHeaderValue Tag(byte[] body) => new EntityTagHeaderValue("\"" + Convert.ToHexString({|#4:SHA1.HashData(body)|}) + "\"");

            public static string GravatarUrl(string email, int size)
            {
                using (var md5 = {|#5:MD5.Create()|})
                {
                    var bytes = md5.ComputeHash(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant()));
                    var sb = new StringBuilder(bytes.Length * 2);
                    for (var n = 0; n < bytes.Length; n++)
                    {
                        sb.Append(bytes[n].ToString("x2"));
                    }

                    return "https://www.gravatar.com/avatar/" + sb.ToString() + "?s=" + size;
                }
            }

            public static string StoragePath(string root, byte[] content) => Path.Combine(root, Convert.ToHexString({|#6:MD5.HashData(content)|}) + ".bin");
        }
        """,
        /* lang=c#-test */ """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Caching.Distributed;
        using Microsoft.Extensions.Caching.Memory;
        using Microsoft.Net.Http.Headers;

        public sealed class Catalog
        {
            private readonly IMemoryCache _memory;
            private readonly IDistributedCache _distributed;
            private readonly Dictionary<string, string> _seen = new();

            public Catalog(IMemoryCache memory, IDistributedCache distributed)
            {
                _memory = memory;
                _distributed = distributed;
            }

            public string? Query(string sql)
            {
                var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
                return _memory.Get<string>(key);
            }

            public Task<string?> Page(string path, int page)
                => _distributed.GetStringAsync("page:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(path + page))));

            public bool Seen(string document) => _seen.ContainsKey(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(document))));

            public static void Tag(HttpResponse response, byte[] body)
            {
                response.Headers.ETag = "\"" + Convert.ToBase64String(SHA256.HashData(body)) + "\"";
            }

            public static EntityTagHeaderValue Tag(byte[] body) => new EntityTagHeaderValue("\"" + Convert.ToHexString(SHA256.HashData(body)) + "\"");

            public static string GravatarUrl(string email, int size)
            {
                using (var md5 = SHA256.Create())
                {
                    var bytes = md5.ComputeHash(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant()));
                    var sb = new StringBuilder(bytes.Length * 2);
                    for (var n = 0; n < bytes.Length; n++)
                    {
                        sb.Append(bytes[n].ToString("x2"));
                    }

                    return "https://www.gravatar.com/avatar/" + sb.ToString() + "?s=" + size;
                }
            }

            public static string StoragePath(string root, byte[] content) => Path.Combine(root, Convert.ToHexString(SHA256.HashData(content)) + ".bin");
        }
        """,
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments("MD5.HashData", "MD5"),
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(1).WithSeverity(DiagnosticSeverity.Info).WithArguments("SHA1.HashData", "SHA-1"),
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(2).WithSeverity(DiagnosticSeverity.Info).WithArguments("MD5.HashData", "MD5"),
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(3).WithSeverity(DiagnosticSeverity.Info).WithArguments("MD5.HashData", "MD5"),
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(4).WithSeverity(DiagnosticSeverity.Info).WithArguments("SHA1.HashData", "SHA-1"),
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(5).WithSeverity(DiagnosticSeverity.Info).WithArguments("MD5.Create", "MD5"),
        Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(6).WithSeverity(DiagnosticSeverity.Info).WithArguments("MD5.HashData", "MD5"));

    [Fact]
    public Task Flags_DigestsThatTouchCredentialsCertificatesOrUnknownUses_AtWarning() => Analyze.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Collections.Generic;
        using System.Security.Cryptography;
        using System.Security.Cryptography.X509Certificates;
        using System.Text;
        using Microsoft.Extensions.Caching.Memory;

        public sealed class Gateway
        {
            private readonly IMemoryCache _memory;
            private readonly Dictionary<string, bool> _pinned = new();

            public Gateway(IMemoryCache memory) => _memory = memory;

            // A cache keyed by a hash of the bearer token: the key stands for the credential.
            public string? Principal(string accessToken) => _memory.Get<string>(Convert.ToHexString({|#0:MD5.HashData(Encoding.UTF8.GetBytes(accessToken))|}));

            // Certificate pinning: a dictionary lookup, but a trust decision.
            public bool IsPinned(X509Certificate2 certificate) => _pinned.ContainsKey(Convert.ToHexString({|#1:SHA1.HashData(certificate.RawData)|}));

            // A dictionary of sessions keyed by the digest.
            private readonly Dictionary<string, string> _sessions = new();

            public bool Known(string userAgent) => _sessions.ContainsKey(Convert.ToHexString({|#6:MD5.HashData(Encoding.UTF8.GetBytes(userAgent))|}));

            // A cache key built inside request signing.
            public string? SignRequest(string body) => _memory.Get<string>(Convert.ToHexString({|#2:MD5.HashData(Encoding.UTF8.GetBytes(body))|}));

            // Returned to callers this method cannot see.
            public static string Hash(string text) => Convert.ToHexString({|#3:MD5.HashData(Encoding.UTF8.GetBytes(text))|});

            // An ETag compared with the request's If-None-Match.
            public static bool NotModified(byte[] body, string? ifNoneMatch)
            {
                var etag = "\"" + Convert.ToHexString({|#4:MD5.HashData(body)|}) + "\"";
                return etag == ifNoneMatch;
            }

            // A Gravatar URL, but of a keyed HMAC.
            public static string Avatar(byte[] key, string email)
                => "https://www.gravatar.com/avatar/" + Convert.ToHexString({|#5:HMACMD5.HashData(key, Encoding.UTF8.GetBytes(email))|});
        }
        """,
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(0).WithArguments("MD5.HashData", "MD5"),
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(1).WithArguments("SHA1.HashData", "SHA-1"),
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(6).WithArguments("MD5.HashData", "MD5"),
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(2).WithArguments("MD5.HashData", "MD5"),
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(3).WithArguments("MD5.HashData", "MD5"),
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(4).WithArguments("MD5.HashData", "MD5"),
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(5).WithArguments("HMACMD5.HashData", "HMAC-MD5"));

    private const string CacheKeyCode = /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.Extensions.Caching.Memory;

        public static class Lookup
        {
            public static string? Find(IMemoryCache cache, string query) => cache.Get<string>(Convert.ToHexString({|#0:MD5.HashData(Encoding.UTF8.GetBytes(query))|}));
        }
        """;

    [Fact]
    public Task Flags_NonSecurityUse_AtWarning_WhenTheOptionAsksForIt() => new Verify.Test
    {
        TestCode = CacheKeyCode,
        FixedCode = CacheKeyCode.Replace("{|#0:MD5.HashData(Encoding.UTF8.GetBytes(query))|}", "SHA256.HashData(Encoding.UTF8.GetBytes(query))"),
        ExpectedDiagnostics = { Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(0).WithSeverity(DiagnosticSeverity.Warning).WithArguments("MD5.HashData", "MD5") },
    }.WithEditorConfig("securebackend.SB2001.non_security_uses = warning").RunAsync();

    [Fact]
    public Task Flags_NonSecurityUse_RaisedByEditorConfigSeverity() => new Verify.Test
    {
        TestCode = CacheKeyCode,
        FixedCode = CacheKeyCode.Replace("{|#0:MD5.HashData(Encoding.UTF8.GetBytes(query))|}", "SHA256.HashData(Encoding.UTF8.GetBytes(query))"),
        ExpectedDiagnostics = { Verify.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(0).WithSeverity(DiagnosticSeverity.Error).WithArguments("MD5.HashData", "MD5") },
    }.WithEditorConfig("dotnet_diagnostic.SB2001.severity = error").RunAsync();

    [Fact]
    public Task Flags_TaggedDigestComparedAfterConcatenation_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;

        static class Caching
        {
            public static bool NotModified(byte[] body, string? ifNoneMatch)
            {
                var etag = "\"" + Convert.ToHexString({|SB2001:MD5.HashData(body)|}) + "\"";
                return etag == ifNoneMatch;
            }

            public static bool SameVersion(byte[] body, string stored) => $"sha1:{Convert.ToHexString({|SB2001:SHA1.HashData(body)|})}" == stored;
        }
        """);

    // ---------------------------------------------------------------- flagged, no fix

    [Fact]
    public Task Flags_DigestComparedWithStoredValue_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.IO;
        using System.Linq;
        using System.Security.Cryptography;

        class Downloads
        {
            public bool IsIntact(string path, byte[] expected) => {|SB2001:MD5.HashData(File.ReadAllBytes(path))|}.SequenceEqual(expected);

            public bool IsIntact2(string path, string expectedHex)
            {
                var actual = Convert.ToHexString({|SB2001:SHA1.HashData(File.ReadAllBytes(path))|});
                return string.Equals(actual, expectedHex, StringComparison.OrdinalIgnoreCase);
            }
        }
        """);

    [Fact]
    public Task Flags_DigestReturnedToACallerThatCompares_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;

        class Documents
        {
            public string Checksum { get; set; } = "";

            public static string Compute(byte[] content) => Convert.ToHexString({|SB2001:MD5.HashData(content)|});

            public void Save(byte[] content) => Checksum = Convert.ToHexString({|SB2001:SHA1.HashData(content)|});

            public bool Unchanged(byte[] content) => Compute(content) == "0CC175B9C0F1B6A831C399E269772661";

            public bool StillValid(Documents stored) => Checksum == stored.Checksum;
        }
        """);

    [Fact]
    public Task Flags_FixedSizeOrInstanceOutOfSight_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;

        class Sized
        {
            private readonly SHA1 _sha = {|SB2001:SHA1.Create()|};

            public bool TryDigest(byte[] data, Span<byte> destination) => {|SB2001:MD5.TryHashData(data, destination, out _)|};

            public byte[] Truncated(byte[] data)
            {
                var buffer = new byte[MD5.HashSizeInBytes];
                {|SB2001:MD5.HashData(data, buffer)|};
                return buffer;
            }

            public HashAlgorithm Factory() => {|SB2001:MD5.Create()|};
        }
        """);

    [Fact]
    public Task Flags_DsaKeysInEveryForm_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0045
        using System.Security.Cryptography;

        class Signatures
        {
            public DSA A() => {|#0:DSA.Create()|};
            public DSA B() => {|#1:DSA.Create(2048)|};
            public DSA C() => {|#2:new DSACng(2048)|};
            public DSA D() => {|#3:new DSACryptoServiceProvider()|};
            public DSA E() => {|#4:new DSAOpenSsl(2048)|};
            public object? F() => {|#5:CryptoConfig.CreateFromName("DSA")|};
            public AsymmetricAlgorithm? G() => {|#6:AsymmetricAlgorithm.Create("System.Security.Cryptography.DSA")|};
        }
        """,
        Verify.Diagnostic(Rules.DsaSignature).WithLocation(0).WithArguments("DSA.Create", "DSA"),
        Verify.Diagnostic(Rules.DsaSignature).WithLocation(1).WithArguments("DSA.Create", "DSA"),
        Verify.Diagnostic(Rules.DsaSignature).WithLocation(2).WithArguments("new DSACng", "DSA"),
        Verify.Diagnostic(Rules.DsaSignature).WithLocation(3).WithArguments("new DSACryptoServiceProvider", "DSA (SHA-1 and 1,024-bit keys only)"),
        Verify.Diagnostic(Rules.DsaSignature).WithLocation(4).WithArguments("new DSAOpenSsl", "DSA"),
        Verify.Diagnostic(Rules.DsaSignature).WithLocation(5).WithArguments("CryptoConfig.CreateFromName", "DSA"),
        Verify.Diagnostic(Rules.DsaSignature).WithLocation(6).WithArguments("AsymmetricAlgorithm.Create", "DSA"));

    [Fact]
    public Task Flags_NamedFactoriesGivenANameKnownOnlyAtRunTime_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0045
        using System.Security.Cryptography;
        using Microsoft.Extensions.Configuration;

        class Digests
        {
            public HashAlgorithm? A(string algorithm) => {|#0:HashAlgorithm.Create(algorithm)|};
            public KeyedHashAlgorithm? B(IConfiguration configuration) => {|#1:KeyedHashAlgorithm.Create(configuration["Webhooks:Mac"]!)|};
            public HMAC? C(string name) => {|#2:HMAC.Create("HMAC" + name)|};
            public HashAlgorithm D(string name) => (HashAlgorithm){|#3:CryptoConfig.CreateFromName(name)|}!;
            public HashAlgorithm? E(HashAlgorithmName name) => {|#4:HashAlgorithm.Create(name.Name!)|};
        }
        """,
        Verify.Diagnostic(Rules.HashAlgorithmChosenAtRunTime).WithLocation(0).WithArguments("HashAlgorithm.Create", "algorithm"),
        Verify.Diagnostic(Rules.HashAlgorithmChosenAtRunTime).WithLocation(1).WithArguments("KeyedHashAlgorithm.Create", "configuration[\"Webhooks:Mac\"]"),
        Verify.Diagnostic(Rules.HashAlgorithmChosenAtRunTime).WithLocation(2).WithArguments("HMAC.Create", "\"HMAC\" + name"),
        Verify.Diagnostic(Rules.HashAlgorithmChosenAtRunTime).WithLocation(3).WithArguments("CryptoConfig.CreateFromName", "name"),
        Verify.Diagnostic(Rules.HashAlgorithmChosenAtRunTime).WithLocation(4).WithArguments("HashAlgorithm.Create", "name.Name"));

    [Fact]
    public Task Flags_BrokenNamesHeldInLocals() => Analyze.AnalyzerAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0045
        using System.Security.Cryptography;

        class Digests
        {
            public HashAlgorithm A()
            {
                var algorithmName = "MD5";
                return (HashAlgorithm){|#0:CryptoConfig.CreateFromName(algorithmName)|}!;
            }

            public KeyedHashAlgorithm? B(bool legacy) => {|#1:KeyedHashAlgorithm.Create(legacy ? "HMACRIPEMD160" : "HMACSHA256")|};
        }
        """,
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(0).WithArguments("CryptoConfig.CreateFromName", "MD5"),
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(1).WithArguments("KeyedHashAlgorithm.Create", "HMAC-RIPEMD-160"));

    // MD5Cng, SHA1Cng and HMACRIPEMD160 exist only in .NET Framework: compiled against its 4.8 reference assemblies.
    [Fact]
    public Task Flags_TypesAbsentFromTheReferencePacks_MatchedByMetadataNameWhereAReferenceHasThem() => Analyze.NetFramework48Async(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        namespace Shop
        {
            class Legacy
            {
                public byte[] A(byte[] key, byte[] data) { using (var mac = {|#0:new HMACRIPEMD160(key)|}) { return mac.ComputeHash(data); } }
                public byte[] B(byte[] data) { using (var md5 = {|#1:new MD5Cng()|}) { return md5.ComputeHash(data); } }
                public byte[] C(byte[] data) { using (var sha = {|#2:new SHA1Cng()|}) { return sha.ComputeHash(data); } }
            }
        }
        """,
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(0).WithArguments("new HMACRIPEMD160", "HMAC-RIPEMD-160"),
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(1).WithArguments("new MD5Cng", "MD5"),
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(2).WithArguments("new SHA1Cng", "SHA-1"));

    [Fact]
    public Task Flags_LegacyFrameworkHashAndSignatureTypes_OnNetFramework48() => Analyze.NetFramework48Async(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        class Legacy
        {
            public byte[] A(byte[] data) { using (var h = {|#0:new RIPEMD160Managed()|}) { return h.ComputeHash(data); } }
            public byte[] B(byte[] data) { using (var h = {|#1:RIPEMD160.Create()|}) { return h.ComputeHash(data); } }
            public byte[] C(byte[] data) { using (var h = {|#2:new MD5CryptoServiceProvider()|}) { return h.ComputeHash(data); } }
            public byte[] D(byte[] data) { using (var h = {|#3:new SHA1Managed()|}) { return h.ComputeHash(data); } }
            public DSA E() => {|#4:new DSACryptoServiceProvider()|};
        }
        """,
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(0).WithArguments("new RIPEMD160Managed", "RIPEMD-160"),
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(1).WithArguments("RIPEMD160.Create", "RIPEMD-160"),
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(2).WithArguments("new MD5CryptoServiceProvider", "MD5"),
        Analyze.Diagnostic(Rules.BrokenHashAlgorithm).WithLocation(3).WithArguments("new SHA1Managed", "SHA-1"),
        Analyze.Diagnostic(Rules.DsaSignature).WithLocation(4).WithArguments("new DSACryptoServiceProvider", "DSA (SHA-1 and 1,024-bit keys only)"));

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task DoesNotFlag_StrongAlgorithms() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0045
        using System.Security.Cryptography;

        class Strong
        {
            public byte[] A(byte[] d) => SHA256.HashData(d);
            public byte[] B(byte[] d) { using var h = SHA512.Create(); return h.ComputeHash(d); }
            public byte[] C(byte[] k, byte[] d) { using var h = new HMACSHA256(k); return h.ComputeHash(d); }
            public byte[] D(byte[] d) { using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA384); h.AppendData(d); return h.GetHashAndReset(); }
            public HashAlgorithm? E() => HashAlgorithm.Create("SHA256");
            public object? F(string configured) => CryptoConfig.CreateFromName(configured);
            public byte[] G(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 1_300_000, HashAlgorithmName.SHA1, 20);
        }
        """);

    [Fact]
    public Task DoesNotFlag_StrongNamesKnownAtCompileTimeAndNonHashObjects() => Analyze.AnalyzerAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0045
        using System.Security.Cryptography;

        class Digests
        {
            public HashAlgorithm? A() => HashAlgorithm.Create(HashAlgorithmName.SHA256.Name!);
            public HashAlgorithm? B(bool large) => HashAlgorithm.Create(large ? "SHA512" : "SHA256");
            public HashAlgorithm? C()
            {
                var name = "SHA384";
                return HashAlgorithm.Create(name);
            }

            // CryptoConfig also creates ciphers, signature formatters and XML transforms: only objects used as hashes count.
            public SymmetricAlgorithm D(string cipher) => (SymmetricAlgorithm)CryptoConfig.CreateFromName(cipher)!;
            public object? E(string transform) => CryptoConfig.CreateFromName(transform);
            public ECDsa F() => ECDsa.Create();
            public RSA G() => RSA.Create(3072);
            public AsymmetricAlgorithm? H() => AsymmetricAlgorithm.Create("RSA");
        }
        """);

    [Fact]
    public Task DoesNotFlag_StrongFrameworkTypes_OnNetFramework48() => Analyze.NetFramework48Async(
        /* lang=c#-test */ """
        using System.Security.Cryptography;

        class Strong
        {
            public byte[] A(byte[] d) { using (var h = new SHA256Cng()) { return h.ComputeHash(d); } }
            public byte[] B(byte[] d) { using (var h = new SHA512Managed()) { return h.ComputeHash(d); } }
            public byte[] C(byte[] d) { using (var h = new SHA384CryptoServiceProvider()) { return h.ComputeHash(d); } }
            public byte[] D(byte[] k, byte[] d) { using (var h = new HMACSHA256(k)) { return h.ComputeHash(d); } }
        }
        """);

    [Fact]
    public Task DoesNotFlag_LookAlikeTypesOutsideTheFramework() => Analyze.AnalyzerAsync(
        /* lang=c#-test */ """
        namespace Vendor.Crypto
        {
            public sealed class HMACRIPEMD160 { public byte[] ComputeHash(byte[] data) => data; }
            public sealed class DSACng { }
        }

        namespace Shop
        {
            class UsesVendor
            {
                public byte[] A(byte[] data) => new Vendor.Crypto.HMACRIPEMD160().ComputeHash(data);
                public object B() => new Vendor.Crypto.DSACng();
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_NameBasedUuids() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        static class Uuids
        {
            // RFC 4122 version 5 UUIDs are defined on SHA-1, version 3 on MD5.
            public static Guid NameBased(string name) => new Guid(SHA1.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));

            public static Guid Version3(Guid ns, string name)
            {
                var uuidBytes = MD5.HashData(Encoding.UTF8.GetBytes(ns.ToString("N") + name));
                uuidBytes[6] = (byte)((uuidBytes[6] & 0x0F) | 0x30);
                uuidBytes[8] = (byte)((uuidBytes[8] & 0x3F) | 0x80);
                return new Guid(uuidBytes);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_HaveIBeenPwnedRangeQuery() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        public class PwnedPasswordsClient
        {
            public string RangePrefix(string candidate) => Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(candidate)))[..5];
        }
        """);

    [Fact]
    public Task DoesNotFlag_PasswordHashesReportedBySB2002Instead() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        static class Accounts
        {
            public static string HashPassword(string password) => Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(password)));
        }
        """);

    [Fact]
    public Task DoesNotFlag_HalfTypedCode()
    {
        const string source = /* lang=c#-test */ """
            using System.Security.Cryptography;

            class Broken
            {
                byte[] A(byte[] d) => Unknown.HashData(d);
                byte[] B(byte[] d) => HashAlgorithm.Create(;
                object C() => CryptoConfig.CreateFromName(name);
                byte[] D() => IncrementalHash.CreateHash(HashAlgorithmName.).GetHashAndReset();
            }
            """;
        var test = new Verify.Test { TestCode = source, FixedCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
        return test.RunAsync();
    }
}
