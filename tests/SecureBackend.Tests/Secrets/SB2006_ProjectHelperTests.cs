using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Secrets.NonConstantTimeComparisonAnalyzer,
    SecureBackend.CodeFixes.Secrets.NonConstantTimeComparisonFixer>;

namespace SecureBackend.Tests.Secrets;

/// <summary>SB2006 one level into the project's own methods: helpers that return a MAC, a derived key or a password hash.</summary>
public sealed class SB2006_ProjectHelperTests
{
    private const string Usings = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;

        """;

    // ---------------------------------------------------------------- must flag, with fix

    [Fact]
    public Task Flags_KeyDerivedFromAPasswordByAPrivateHelper() => Verify.CodeFixAsync(
        Usings + """
        class PasswordVerifier
        {
            public bool Verify(string password, byte[] salt, byte[] expected)
            {
                var actual = DeriveKey(password, salt);
                return {|#0:actual.SequenceEqual(expected)|};
            }

            private static byte[] DeriveKey(string password, byte[] salt)
                => Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
        }
        """,
        Usings + """
        class PasswordVerifier
        {
            public bool Verify(string password, byte[] salt, byte[] expected)
            {
                var actual = DeriveKey(password, salt);
                return CryptographicOperations.FixedTimeEquals(actual, expected);
            }

            private static byte[] DeriveKey(string password, byte[] salt)
                => Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("DeriveKey", "SequenceEqual"));

    [Fact]
    public Task Flags_HelperBodyReturnsPbkdf2WhateverTheArgumentIsCalled() => Verify.CodeFixAsync(
        Usings + """
        class VaultRecord { public byte[] Salt { get; set; } = Array.Empty<byte>(); public byte[] Verifier { get; set; } = Array.Empty<byte>(); }

        class Vault
        {
            public bool Unlock(string input, VaultRecord record)
            {
                byte[] candidate = KeyFor(input, record.Salt);
                return {|#0:candidate.AsSpan().SequenceEqual(record.Verifier)|};
            }

            private byte[] KeyFor(string phrase, byte[] salt)
            {
                if (salt.Length == 0)
                {
                    throw new ArgumentException("A salt is required.", nameof(salt));
                }

                return Rfc2898DeriveBytes.Pbkdf2(phrase, salt, 210_000, HashAlgorithmName.SHA512, 64);
            }
        }
        """,
        Usings + """
        class VaultRecord { public byte[] Salt { get; set; } = Array.Empty<byte>(); public byte[] Verifier { get; set; } = Array.Empty<byte>(); }

        class Vault
        {
            public bool Unlock(string input, VaultRecord record)
            {
                byte[] candidate = KeyFor(input, record.Salt);
                return CryptographicOperations.FixedTimeEquals(candidate.AsSpan(), record.Verifier);
            }

            private byte[] KeyFor(string phrase, byte[] salt)
            {
                if (salt.Length == 0)
                {
                    throw new ArgumentException("A salt is required.", nameof(salt));
                }

                return Rfc2898DeriveBytes.Pbkdf2(phrase, salt, 210_000, HashAlgorithmName.SHA512, 64);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("KeyFor", "SequenceEqual"));

    [Fact]
    public Task Flags_ExpressionBodiedMacHelperComparedAsBase64() => Verify.CodeFixAsync(
        Usings + """
        class WebhookEndpoint
        {
            private readonly byte[] _key;

            public WebhookEndpoint(byte[] key) => _key = key;

            public bool Accept(string body, string header) => {|#0:Convert.ToBase64String(Compute(body)) == header|};

            private byte[] Compute(string body) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(body));
        }
        """,
        Usings + """
        class WebhookEndpoint
        {
            private readonly byte[] _key;

            public WebhookEndpoint(byte[] key) => _key = key;

            public bool Accept(string body, string header) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Convert.ToBase64String(Compute(body))), Encoding.UTF8.GetBytes(header));

            private byte[] Compute(string body) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(body));
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Compute", "=="));

    [Fact]
    public Task Flags_HexDigestOfAPasswordParameterComparedWithStringEquals() => Verify.CodeFixAsync(
        Usings + """
        class LegacyUser { public string Salt { get; set; } = ""; public string Digest { get; set; } = ""; }

        class LegacyLogin
        {
            public bool Check(LegacyUser user, string typed) => {|#0:string.Equals(Digest(typed, user.Salt), user.Digest)|};

            private static string Digest(string password, string salt)
            {
                var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(salt + password));
                return Convert.ToHexString(bytes);
            }
        }
        """,
        Usings + """
        class LegacyUser { public string Salt { get; set; } = ""; public string Digest { get; set; } = ""; }

        class LegacyLogin
        {
            public bool Check(LegacyUser user, string typed) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Digest(typed, user.Salt)), Encoding.UTF8.GetBytes(user.Digest));

            private static string Digest(string password, string salt)
            {
                var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(salt + password));
                return Convert.ToHexString(bytes);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Digest", "string.Equals"));

    [Fact]
    public Task Flags_LocalFunctionReturningAnHmac() => Verify.CodeFixAsync(
        Usings + """
        class Kiosk
        {
            public bool Check(byte[] deviceKey, string payload, string received)
            {
                string expected = Convert.ToHexString(Mac(payload));
                return {|#0:received == expected|};

                byte[] Mac(string text)
                {
                    using var hmac = new HMACSHA384(deviceKey);
                    return hmac.ComputeHash(Encoding.UTF8.GetBytes(text));
                }
            }
        }
        """,
        Usings + """
        class Kiosk
        {
            public bool Check(byte[] deviceKey, string payload, string received)
            {
                string expected = Convert.ToHexString(Mac(payload));
                return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(received), Encoding.UTF8.GetBytes(expected));

                byte[] Mac(string text)
                {
                    using var hmac = new HMACSHA384(deviceKey);
                    return hmac.ComputeHash(Encoding.UTF8.GetBytes(text));
                }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Mac", "=="));

    [Fact]
    public async Task Flags_AsyncArgon2HelperInAnotherDocument()
    {
        const string argon = Usings + """
            using Konscious.Security.Cryptography;

            static class Stretching
            {
                public static async Task<byte[]> StretchAsync(string input, byte[] salt)
                {
                    using var argon2 = new Argon2id(Encoding.UTF8.GetBytes(input)) { Salt = salt, DegreeOfParallelism = 1, MemorySize = 19456, Iterations = 2 };
                    return await argon2.GetBytesAsync(32);
                }
            }
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Stretching.cs", argon));
        test.TestState.Sources.Add(("Login.cs", Usings + """
            class Account { public byte[] Salt { get; set; } = Array.Empty<byte>(); public byte[] Stored { get; set; } = Array.Empty<byte>(); }

            class Login
            {
                public async Task<bool> CheckAsync(string entered, Account account)
                {
                    var computed = await Stretching.StretchAsync(entered, account.Salt);
                    return {|#0:computed.SequenceEqual(account.Stored)|};
                }
            }
            """));
        test.FixedState.Sources.Add(("Stretching.cs", argon));
        test.FixedState.Sources.Add(("Login.cs", Usings + """
            class Account { public byte[] Salt { get; set; } = Array.Empty<byte>(); public byte[] Stored { get; set; } = Array.Empty<byte>(); }

            class Login
            {
                public async Task<bool> CheckAsync(string entered, Account account)
                {
                    var computed = await Stretching.StretchAsync(entered, account.Salt);
                    return CryptographicOperations.FixedTimeEquals(computed, account.Stored);
                }
            }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("StretchAsync", "SequenceEqual"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Flags_PartialClassHelperInAnotherDocumentAndAddsUsing()
    {
        const string helper = """
            #nullable enable
            using System.Security.Cryptography;

            partial class SessionCookie
            {
                private readonly byte[] _signingKey = RandomNumberGenerator.GetBytes(32);

                private byte[] ComputeHash(byte[] payload)
                {
                    using var hmac = new HMACSHA256(_signingKey);
                    return hmac.ComputeHash(payload);
                }
            }
            """;
        var test = new Verify.Test();
        test.TestState.Sources.Add(("SessionCookie.Signing.cs", helper));
        test.TestState.Sources.Add(("SessionCookie.cs", """
            #nullable enable
            using System.Linq;

            partial class SessionCookie
            {
                public bool IsAuthentic(byte[] payload, byte[] tag) => {|#0:ComputeHash(payload).SequenceEqual(tag)|};
            }
            """));
        test.FixedState.Sources.Add(("SessionCookie.Signing.cs", helper));
        test.FixedState.Sources.Add(("SessionCookie.cs", """
            #nullable enable
            using System.Linq;
            using System.Security.Cryptography;

            partial class SessionCookie
            {
                public bool IsAuthentic(byte[] payload, byte[] tag) => CryptographicOperations.FixedTimeEquals(ComputeHash(payload), tag);
            }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("ComputeHash", "SequenceEqual"));
        await test.RunAsync();
    }

    [Fact]
    public Task Flags_ImplementedPartialMethodAndInterfaceCallHandedAPassword() => Verify.CodeFixAsync(
        Usings + """
        class LoginModel { public string Password { get; set; } = ""; }

        interface IKeyStretcher { byte[] Stretch(string password, byte[] salt); }

        partial class Unlocker
        {
            private readonly IKeyStretcher _stretcher;

            public Unlocker(IKeyStretcher stretcher) => _stretcher = stretcher;

            public bool ViaInterface(LoginModel model, byte[] salt, byte[] verifier) => [|_stretcher.Stretch(model.Password, salt).SequenceEqual(verifier)|];

            public bool ViaPartial(string input, byte[] salt, byte[] verifier) => [|Derive(input, salt).SequenceEqual(verifier)|];

            private partial byte[] Derive(string input, byte[] salt);
        }

        partial class Unlocker
        {
            private partial byte[] Derive(string input, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(input, salt, 600_000, HashAlgorithmName.SHA256, 32);
        }
        """,
        Usings + """
        class LoginModel { public string Password { get; set; } = ""; }

        interface IKeyStretcher { byte[] Stretch(string password, byte[] salt); }

        partial class Unlocker
        {
            private readonly IKeyStretcher _stretcher;

            public Unlocker(IKeyStretcher stretcher) => _stretcher = stretcher;

            public bool ViaInterface(LoginModel model, byte[] salt, byte[] verifier) => CryptographicOperations.FixedTimeEquals(_stretcher.Stretch(model.Password, salt), verifier);

            public bool ViaPartial(string input, byte[] salt, byte[] verifier) => CryptographicOperations.FixedTimeEquals(Derive(input, salt), verifier);

            private partial byte[] Derive(string input, byte[] salt);
        }

        partial class Unlocker
        {
            private partial byte[] Derive(string input, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(input, salt, 600_000, HashAlgorithmName.SHA256, 32);
        }
        """);

    [Fact]
    public Task Flags_PasswordHandedToAnExtensionHelperComparedAsHex() => Verify.CodeFixAsync(
        Usings + """
        static class PasswordExtensions
        {
            public static byte[] Stretch(this string value, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(value, salt, 600_000, HashAlgorithmName.SHA256, 32);
        }

        class Credentials { public string Salt { get; set; } = ""; public string Verifier { get; set; } = ""; }

        class Login
        {
            public bool Check(string pwd, Credentials credentials)
            {
                var salt = Convert.FromHexString(credentials.Salt);
                return {|#0:Convert.ToHexString(pwd.Stretch(salt)) == credentials.Verifier|};
            }
        }
        """,
        Usings + """
        static class PasswordExtensions
        {
            public static byte[] Stretch(this string value, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(value, salt, 600_000, HashAlgorithmName.SHA256, 32);
        }

        class Credentials { public string Salt { get; set; } = ""; public string Verifier { get; set; } = ""; }

        class Login
        {
            public bool Check(string pwd, Credentials credentials)
            {
                var salt = Convert.FromHexString(credentials.Salt);
                return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Convert.ToHexString(pwd.Stretch(salt))), Encoding.UTF8.GetBytes(credentials.Verifier));
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Stretch", "=="));

    [Fact]
    public Task Flags_OldPasswordCheckedAgainstTheStoredVerifier() => Verify.CodeFixAsync(
        Usings + """
        class ChangePasswordModel { public string OldPassword { get; set; } = ""; public string NewPassword { get; set; } = ""; }

        class Account { public string Salt { get; set; } = ""; public string Verifier { get; set; } = ""; }

        class ChangePassword
        {
            public bool OldPasswordMatches(ChangePasswordModel model, Account account) => {|#0:Stretch(model.OldPassword, account.Salt) == account.Verifier|};

            private static string Stretch(string password, string salt)
                => Convert.ToBase64String(Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(salt), 600_000, HashAlgorithmName.SHA256, 32));
        }
        """,
        Usings + """
        class ChangePasswordModel { public string OldPassword { get; set; } = ""; public string NewPassword { get; set; } = ""; }

        class Account { public string Salt { get; set; } = ""; public string Verifier { get; set; } = ""; }

        class ChangePassword
        {
            public bool OldPasswordMatches(ChangePasswordModel model, Account account) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Stretch(model.OldPassword, account.Salt)), Encoding.UTF8.GetBytes(account.Verifier));

            private static string Stretch(string password, string salt)
                => Convert.ToBase64String(Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(salt), 600_000, HashAlgorithmName.SHA256, 32));
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("Stretch", "=="));

    // ---------------------------------------------------------------- must flag, no fix

    [Fact]
    public Task Flags_HelperResultWithNullableAnalysisOff_NoFixOffered() => Verify.NoCodeFixAsync(
        """
        #nullable disable
        using System.Linq;
        using System.Security.Cryptography;

        class PasswordVerifier
        {
            public bool Verify(string password, byte[] salt, byte[] expected) => [|DeriveKey(password, salt).SequenceEqual(expected)|];

            public bool VerifyText(string input, byte[] salt, string expected) => [|string.Equals(System.Convert.ToBase64String(KeyFor(input, salt)), expected, System.StringComparison.OrdinalIgnoreCase)|];

            private static byte[] DeriveKey(string password, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);

            private static byte[] KeyFor(string input, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(input, salt, 600_000, HashAlgorithmName.SHA256, 32);
        }
        """);

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public async Task DoesNotFlag_IntegrityChecksumsFromHelpers()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("Checksums.cs", Usings + """
            static class Checksums
            {
                public static byte[] Sha256Of(byte[] data)
                {
                    using var sha = SHA256.Create();
                    return sha.ComputeHash(data);
                }
            }
            """));
        test.TestState.Sources.Add(("Downloads.cs", Usings + """
            class Downloads
            {
                public bool IsIntact(byte[] file, string checksum) => ComputeChecksum(file) == checksum;

                public bool Unchanged(byte[] content, string etag) => string.Equals(FileHash(content), etag);

                public bool SameFile(string path, byte[] fileHash) => Checksums.Sha256Of(System.IO.File.ReadAllBytes(path)).SequenceEqual(fileHash);

                public bool SameUpload(byte[] upload, byte[] previous) => Checksums.Sha256Of(upload).AsSpan().SequenceEqual(previous);

                private static string ComputeChecksum(byte[] data) => Convert.ToHexString(SHA256.HashData(data));

                private static string FileHash(byte[] content) => Convert.ToBase64String(MD5.HashData(content));
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public Task DoesNotFlag_ContentHashesUsedAsCacheKeys() => Verify.AnalyzerAsync(
        Usings + """
        class ResponseCache
        {
            private readonly Dictionary<string, string> _entries = new();

            public bool IsFresh(string url, string body, string cachedKey) => CacheKey(url, body) == cachedKey;

            public bool Known(string url, string body) => _entries.Keys.Any(k => k == CacheKey(url, body));

            private static string CacheKey(string url, string body)
            {
                var hash = SHA256.HashData(Encoding.UTF8.GetBytes(url + "|" + body));
                return Convert.ToHexString(hash).ToLowerInvariant();
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_FixedTimeEqualsLengthsNullChecksAndConstants() => Verify.AnalyzerAsync(
        Usings + """
        class PasswordVerifier
        {
            public bool Run(string password, byte[] salt, byte[] expected, string input)
            {
                return CryptographicOperations.FixedTimeEquals(DeriveKey(password, salt), expected)
                    || DeriveKey(password, salt).Length == expected.Length
                    || Encoded(input, salt) == null
                    || Encoded(input, salt) == ""
                    || string.IsNullOrEmpty(Encoded(input, salt))
                    || Strength(password) == "weak";
            }

            private static byte[] DeriveKey(string password, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);

            private static string? Encoded(string input, byte[] salt) => Convert.ToBase64String(DeriveKey(input, salt));

            private static string Strength(string password) => password.Length < 12 ? "weak" : "strong";
        }
        """);

    [Fact]
    public Task DoesNotFlag_HelperThatReturnsWhatTheCallerPasses() => Verify.AnalyzerAsync(
        Usings + """
        class Directory
        {
            public bool SameUser(string userName, string other) => Normalize(userName) == Normalize(other);

            public bool SameTenant(string header, string tenant) => Extract(header) == tenant;

            private static string Normalize(string token) => token.Trim().ToLowerInvariant();

            private static string Extract(string secretHeader) => secretHeader.Split(';')[0];
        }
        """);

    [Fact]
    public Task DoesNotFlag_PasswordConfirmationThroughAHelper() => Verify.AnalyzerAsync(
        Usings + """
        class RegisterModel { public string Password { get; set; } = ""; public string ConfirmPassword { get; set; } = ""; public string NewPassword { get; set; } = ""; public string CurrentPassword { get; set; } = ""; }

        class Register
        {
            public bool Mismatch(RegisterModel model)
                => Canonical(model.Password) != Canonical(model.ConfirmPassword)
                   || Canonical(model.NewPassword) == Canonical(model.CurrentPassword);

            private static string Canonical(string password) => password.Normalize(NormalizationForm.FormKC);
        }
        """);

    [Fact]
    public Task DoesNotFlag_BodylessHelpersWithoutAPasswordArgument() => Verify.AnalyzerAsync(
        Usings + """
        using System.Runtime.InteropServices;

        abstract class Signer { public abstract byte[] Compute(byte[] data); }

        interface IChecksum { string Of(byte[] data); }

        partial class Uses
        {
            public bool A(Signer signer, byte[] data, byte[] other) => signer.Compute(data).SequenceEqual(other);

            public bool B(IChecksum checksum, byte[] data, string other) => checksum.Of(data) == other;

            public bool C(string name, string other) => Lookup(name) == other;

            public void D(string name) => Notify(name);

            [DllImport("native")]
            private static extern string Lookup(string name);

            partial void Notify(string name);
        }
        """);

    [Fact]
    public Task DoesNotFlag_HalfTypedHelpers()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                partial class Broken
                {
                    public bool A(string input, byte[] salt, byte[] other) => KeyFor(input, salt).SequenceEqual(other);
                    public bool B(byte[] data, string other) => Convert.ToHexString(Mac(data)) == other;
                    public bool C(string input, byte[] other) => Missing(input).SequenceEqual(other);
                    public bool D(byte[] data, byte[] other) => Loop(data).SequenceEqual(other) || Ping(data).SequenceEqual(other);
                    public bool E(string input, byte[] other) => Declared(input).SequenceEqual(other);
                    public bool F(string input, string other) => Unfinished(input) == other;

                    private byte[] KeyFor(string input, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(input, salt, );
                    private byte[] Mac(byte[] data) => Unknown.HashData(data);
                    private byte[] Loop(byte[] data) => Loop(data);
                    private byte[] Ping(byte[] data) => Pong(data);
                    private byte[] Pong(byte[] data) => Ping(data);
                    private partial byte[] Declared(string input);
                    private string Unfinished(string input) => ;
                }
                """,
        };
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        return test.RunAsync();
    }
}
