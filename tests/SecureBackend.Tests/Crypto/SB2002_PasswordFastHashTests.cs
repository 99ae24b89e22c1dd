using System;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using SecureBackend.Analyzers.Crypto;
using SecureBackend.CodeFixes.Crypto;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Crypto.PasswordHashingAnalyzer,
    SecureBackend.CodeFixes.Crypto.PasswordHashingFixer>;

namespace SecureBackend.Tests.Crypto;

public sealed class SB2002_PasswordFastHashTests
{
    private const string UserModel = """
        public class User
        {
            public string Email { get; set; } = "";
            public string PasswordHash { get; set; } = "";
            public string Salt { get; set; } = "";
        }
        """;

    // ---------------------------------------------------------------- flagged, fixed

    [Fact]
    public Task Flags_HashPasswordMethodWithMd5_RewritesHashAndVerification() => PasswordFixTest.RunAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        namespace Shop.Services
        {
            public class AccountService
            {
                public string HashPassword(string password)
                {
                    using var md5 = MD5.Create();
                    var bytes = {|#0:md5.ComputeHash(Encoding.UTF8.GetBytes(password))|};
                    return Convert.ToHexString(bytes);
                }

                public bool VerifyPassword(string password, string storedHash) => HashPassword(password) == storedHash;
            }
        }
        """,
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        namespace Shop.Services
        {
            public class AccountService
            {
                public string HashPassword(string password)
                {
                    return PasswordHashing.Hash(password);
                }

                public bool VerifyPassword(string password, string storedHash) => PasswordHashing.Verify(password, storedHash);
            }
        }
        """,
        "Shop.Services",
        expected: Verify.Diagnostic().WithLocation(0).WithArguments("password", "MD5.ComputeHash"));

    [Fact]
    public Task Flags_SaltedSha256StoredInProperty_RewritesRegistrationAndLogin() => PasswordFixTest.RunAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        namespace Shop
        {
            public class Accounts
            {
                public User Register(string email, string password)
                {
                    var user = new User { Email = email, Salt = Guid.NewGuid().ToString() };
                    // store the hash
                    user.PasswordHash = Convert.ToBase64String([|SHA256.HashData(Encoding.UTF8.GetBytes(user.Salt + password))|]);
                    return user;
                }

                public bool Login(User user, string password)
                {
                    return user.PasswordHash == Convert.ToBase64String([|SHA256.HashData(Encoding.UTF8.GetBytes(user.Salt + password))|]);
                }
            }

        """ + UserModel + "\n}\n",
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        namespace Shop
        {
            public class Accounts
            {
                public User Register(string email, string password)
                {
                    var user = new User { Email = email, Salt = Guid.NewGuid().ToString() };
                    // store the hash
                    user.PasswordHash = PasswordHashing.Hash(password);
                    return user;
                }

                public bool Login(User user, string password)
                {
                    return PasswordHashing.Verify(password, user.PasswordHash);
                }
            }

        """ + UserModel + "\n}\n",
        "Shop");

    [Fact]
    public Task Flags_ComparisonThroughLocalAndNotEquals_RewritesToNegatedVerify() => PasswordFixTest.RunAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        namespace Shop
        {
            public class Accounts
            {
                public void Register(User user, string newPassword)
                {
                    user.PasswordHash = BitConverter.ToString([|SHA512.HashData(Encoding.UTF8.GetBytes(newPassword))|]).Replace("-", "").ToLowerInvariant();
                }

                public void ChangeEmail(User user, string currentPassword, string email)
                {
                    var computed = BitConverter.ToString([|SHA512.HashData(Encoding.UTF8.GetBytes(currentPassword))|]).Replace("-", "").ToLowerInvariant();
                    if (computed != user.PasswordHash)
                    {
                        throw new UnauthorizedAccessException();
                    }

                    user.Email = email;
                }
            }

        """ + UserModel + "\n}\n",
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        namespace Shop
        {
            public class Accounts
            {
                public void Register(User user, string newPassword)
                {
                    user.PasswordHash = PasswordHashing.Hash(newPassword);
                }

                public void ChangeEmail(User user, string currentPassword, string email)
                {
                    if (!PasswordHashing.Verify(currentPassword, user.PasswordHash))
                    {
                        throw new UnauthorizedAccessException();
                    }

                    user.Email = email;
                }
            }

        """ + UserModel + "\n}\n",
        "Shop");

    [Fact]
    public Task Flags_StringEqualsWithComparison_RewritesToVerify() => PasswordFixTest.RunAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        public static class Legacy
        {
            public static string HashPassword(string password) => Convert.ToHexString([|SHA1.HashData(Encoding.UTF8.GetBytes(password))|]);

            public static bool Check(string input, string stored) => string.Equals(stored, HashPassword(input), StringComparison.OrdinalIgnoreCase);

            public static bool CheckAgain(string input, string stored) => HashPassword(input).Equals(stored);
        }
        """,
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        public static class Legacy
        {
            public static string HashPassword(string password) => PasswordHashing.Hash(password);

            public static bool Check(string input, string stored) => PasswordHashing.Verify(input, stored);

            public static bool CheckAgain(string input, string stored) => PasswordHashing.Verify(input, stored);
        }
        """,
        helperNamespace: null);

    [Fact]
    public Task Flags_CustomIdentityPasswordHasher_RewritesHashAndVerifyHashedPassword() => PasswordFixTest.RunAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Identity;

        namespace Shop.Identity
        {
            public class AppUser { }

            public class Sha256PasswordHasher : IPasswordHasher<AppUser>
            {
                public string HashPassword(AppUser user, string password)
                    => Convert.ToBase64String([|SHA256.HashData(Encoding.UTF8.GetBytes(password))|]);

                public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
                    => HashPassword(user, providedPassword) == hashedPassword ? PasswordVerificationResult.Success : PasswordVerificationResult.Failed;
            }
        }
        """,
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Identity;

        namespace Shop.Identity
        {
            public class AppUser { }

            public class Sha256PasswordHasher : IPasswordHasher<AppUser>
            {
                public string HashPassword(AppUser user, string password)
                    => PasswordHashing.Hash(password);

                public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
                    => PasswordHashing.Verify(providedPassword, hashedPassword) ? PasswordVerificationResult.Success : PasswordVerificationResult.Failed;
            }
        }
        """,
        "Shop.Identity");

    [Fact]
    public Task Flags_GetHashCodeOfPasswordStoredAsString() => PasswordFixTest.RunAsync(
        /* lang=c#-test */ """
        public class Member
        {
            public string Pin { get; set; } = "";
            public string PinHash { get; set; } = "";

            public void SetPin(string pin) => PinHash = [|pin.GetHashCode()|].ToString();

            public bool CheckPin(string pin) => PinHash == [|pin.GetHashCode()|].ToString();
        }
        """,
        /* lang=c#-test */ """
        public class Member
        {
            public string Pin { get; set; } = "";
            public string PinHash { get; set; } = "";

            public void SetPin(string pin) => PinHash = PasswordHashing.Hash(pin);

            public bool CheckPin(string pin) => PasswordHashing.Verify(pin, PinHash);
        }
        """,
        helperNamespace: null);

    [Fact]
    public Task Flags_PasswordFromFormThroughLocals_WithPbkdf2WhenArgon2IsNotReferenced() => PasswordFixTest.RunAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;

        namespace Shop
        {
            public class FormLogin
            {
                public bool SignIn(IFormCollection form, User user)
                {
                    var salted = user.Salt + form["password"];
                    var bytes = Encoding.UTF8.GetBytes(salted);
                    var hash = Convert.ToBase64String([|SHA384.HashData(bytes)|]);
                    return hash == user.PasswordHash;
                }
            }

        """ + UserModel + "\n}\n",
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using Microsoft.AspNetCore.Http;

        namespace Shop
        {
            public class FormLogin
            {
                public bool SignIn(IFormCollection form, User user)
                {
                    var salted = user.Salt + form["password"];
                    var bytes = Encoding.UTF8.GetBytes(salted);
                    return PasswordHashing.Verify(form["password"], user.PasswordHash);
                }
            }

        """ + UserModel + "\n}\n",
        "Shop",
        PasswordHashKind.Pbkdf2);

    [Fact]
    public Task Flags_FixAllAcrossTwoDocuments_AddsHelperOnceAndTheUsing()
    {
        var test = new Verify.Test { CodeActionEquivalenceKey = PasswordHashingFixer.Argon2idKey };
        test.TestState.Sources.Add(/* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            namespace Shop.Accounts
            {
                public class Registration
                {
                    public void Register(Shop.Model.User user, string password)
                        => user.PasswordHash = Convert.ToBase64String([|SHA256.HashData(Encoding.UTF8.GetBytes(password))|]);
                }
            }
            """);
        test.TestState.Sources.Add(/* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            namespace Shop.Model
            {
                public class User
                {
                    public string PasswordHash { get; set; } = "";

                    public bool Matches(string password)
                        => PasswordHash == Convert.ToBase64String([|SHA256.HashData(Encoding.UTF8.GetBytes(password))|]);
                }
            }
            """);
        test.FixedState.Sources.Add(/* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            namespace Shop.Accounts
            {
                public class Registration
                {
                    public void Register(Shop.Model.User user, string password)
                        => user.PasswordHash = PasswordHashing.Hash(password);
                }
            }
            """);
        test.FixedState.Sources.Add(/* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;
            using Shop.Accounts;

            namespace Shop.Model
            {
                public class User
                {
                    public string PasswordHash { get; set; } = "";

                    public bool Matches(string password)
                        => PasswordHashing.Verify(password, PasswordHash);
                }
            }
            """);
        test.FixedState.Sources.Add(("PasswordHashing.cs", SourceText.From(PasswordHashingHelper.Source(PasswordHashKind.Argon2id, "Shop.Accounts"), Encoding.UTF8)));
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_ExistingHelperIsReused_NoSecondDocument()
    {
        var helper = PasswordHashingHelper.Source(PasswordHashKind.Argon2id, "Shop");
        var test = new Verify.Test { CodeActionEquivalenceKey = PasswordHashingFixer.Argon2idKey };
        test.TestState.Sources.Add(/* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            namespace Shop
            {
                public class Tokens
                {
                    public static string HashPassword(string password) => Convert.ToBase64String([|SHA256.HashData(Encoding.UTF8.GetBytes(password))|]);

                    public static bool VerifyPassword(string password, string hash) => HashPassword(password) == hash;
                }
            }
            """);
        test.TestState.Sources.Add(("PasswordHashing.cs", helper));
        test.FixedState.Sources.Add(/* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            namespace Shop
            {
                public class Tokens
                {
                    public static string HashPassword(string password) => PasswordHashing.Hash(password);

                    public static bool VerifyPassword(string password, string hash) => PasswordHashing.Verify(password, hash);
                }
            }
            """);
        test.FixedState.Sources.Add(("PasswordHashing.cs", helper));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("securebackend.SB2002.names")]
    [InlineData("securebackend.SB2002.password_names")] // the older key, kept as an alias
    public Task Flags_ConfiguredPasswordName(string key)
    {
        var test = new Verify.Test
        {
            TestCode = /* lang=c#-test */ """
                using System;
                using System.Security.Cryptography;
                using System.Text;

                class Vault
                {
                    public string Seal(string masterSecret) => Convert.ToBase64String([|SHA256.HashData(Encoding.UTF8.GetBytes(masterSecret))|]);
                }
                """,
            CodeActionEquivalenceKey = PasswordHashingFixer.Argon2idKey,
        }.WithEditorConfig(key + " = secret");
        test.FixedState.Sources.Add(/* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            class Vault
            {
                public string Seal(string masterSecret) => PasswordHashing.Hash(masterSecret);
            }
            """);
        test.FixedState.Sources.Add(("PasswordHashing.cs", SourceText.From(PasswordHashingHelper.Source(PasswordHashKind.Argon2id, null), Encoding.UTF8)));
        return test.RunAsync();
    }

    // ---------------------------------------------------------------- flagged, no fix

    [Fact]
    public Task Flags_HashStoredAsBytes_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;
        using System.Text;

        public class Account
        {
            public byte[] PasswordHash { get; set; } = new byte[0];

            public void SetPassword(string password)
            {
                using var sha = SHA256.Create();
                PasswordHash = [|sha.ComputeHash(Encoding.UTF8.GetBytes(password))|];
            }
        }
        """);

    [Fact]
    public Task Flags_HmacKeyedWithPassword_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        public static class Legacy
        {
            public static string Protect(string password, byte[] salt)
            {
                using var hmac = [|new HMACSHA256(Encoding.UTF8.GetBytes(password))|];
                return Convert.ToBase64String(hmac.ComputeHash(salt));
            }
        }
        """);

    [Fact]
    public Task Flags_IncrementalHashAndCryptographicOperations_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;
        using System.Text;

        public static class Legacy
        {
            public static byte[] A(string pwd)
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                [|hash.AppendData(Encoding.UTF8.GetBytes(pwd))|];
                return hash.GetHashAndReset();
            }

            public static byte[] B(string passphrase)
                => [|CryptographicOperations.HashData(HashAlgorithmName.SHA3_256, Encoding.UTF8.GetBytes(passphrase))|];
        }
        """);

    [Fact]
    public Task Flags_PasswordCopiedIntoASaltedBufferAndHashedThroughAStream_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;

        public sealed class Credentials
        {
            private readonly byte[] _pepper = new byte[64];

            public async Task<string> ProtectAsync(string password, byte[] salt)
            {
                var passwordBytes = Encoding.UTF8.GetBytes(password);
                var buffer = new byte[passwordBytes.Length + salt.Length];
                Buffer.BlockCopy(salt, 0, buffer, 0, salt.Length);
                Buffer.BlockCopy(passwordBytes, 0, buffer, salt.Length, passwordBytes.Length);
                using var hmac = new HMACSHA512(_pepper);
                var hash = await [|hmac.ComputeHashAsync(new MemoryStream(buffer))|];
                return Convert.ToBase64String(hash);
            }

            public byte[] Protect(string pwd, byte[] salt)
            {
                var salted = new byte[salt.Length + 256];
                salt.CopyTo(salted, 0);
                var written = Encoding.UTF8.GetBytes(pwd, 0, pwd.Length, salted, salt.Length);
                using var stream = new MemoryStream();
                stream.Write(salted, 0, salt.Length + written);
                return [|SHA512.HashData(stream.ToArray())|];
            }

            public byte[] ProtectSpan(string passphrase, byte[] salt)
            {
                var bytes = Encoding.UTF8.GetBytes(passphrase);
                var buffer = new byte[bytes.Length + salt.Length];
                Array.Copy(bytes, buffer, bytes.Length);
                salt.AsSpan().CopyTo(buffer.AsSpan(bytes.Length));
                return [|SHA256.HashData(new ReadOnlySpan<byte>(buffer))|];
            }
        }
        """);

    [Fact]
    public Task Flags_PasswordPassedToAGeneralHashHelperOfTheSameFile_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        public class User { public string PasswordHash { get; set; } = ""; public string Name { get; set; } = ""; }

        public class Accounts
        {
            public void Register(User user, string password) => user.PasswordHash = {|#0:CryptoUtil.Sha256(password)|};

            public string Fingerprint(User user) => CryptoUtil.Sha256(user.Name);

            public string Trimmed(string password) => CryptoUtil.Clean(password);
        }

        public static class CryptoUtil
        {
            public static string Sha256(string input)
            {
                using var sha = SHA256.Create();
                return Convert.ToHexString(sha.ComputeHash(Encoding.UTF8.GetBytes(input)));
            }

            public static string Clean(string value) => value.Trim();
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("password", "Sha256 (SHA256.ComputeHash)"));

    [Fact]
    public Task Flags_EveryCallThatHandsAPasswordToTheHashedParameterOfASameFileHelper() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        public class Accounts
        {
            public string Register(string password) => {|#0:Tag("user", password)|};

            public string Reset(string newPassword) => {|#1:Tag("reset", newPassword)|};

            public string Labelled(string password) => Tag(password, "constant");

            public string CheckPwnedPrefix(string password) => Tag("range", password);

            private static string Tag(string label, string input)
                => label + ":" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(input)));
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("password", "Tag (SHA256.HashData)"),
        Verify.Diagnostic().WithLocation(1).WithArguments("newPassword", "Tag (SHA256.HashData)"));

    [Fact]
    public Task Flags_PasswordPassedToASameFileHelperThatKeysADerivedHmacThroughTargetTypedNew() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;
        using System.Text;

        public class TenantMac : HMACSHA256
        {
            public TenantMac(byte[] key) : base(key) { }
        }

        public class Accounts
        {
            public TenantMac Register(string password) => {|#0:Keyed(password)|};

            public TenantMac Tenant(string name) => Keyed(name);

            private static TenantMac Keyed(string text)
            {
                TenantMac mac = new(Encoding.UTF8.GetBytes(text));
                return mac;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("password", "Keyed (TenantMac)"));

    [Fact]
    public Task Flags_ComparisonInsideEfQuery_NoFixForTheQuery() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Linq;
        using System.Security.Cryptography;
        using System.Text;

        public class Customer { public string Login { get; set; } = ""; public string PasswordHash { get; set; } = ""; }

        public class Store
        {
            public IQueryable<Customer> Customers => Enumerable.Empty<Customer>().AsQueryable();

            public Customer? Find(string login, string password)
                => Customers.FirstOrDefault(c => c.Login == login && c.PasswordHash == Convert.ToBase64String([|SHA256.HashData(Encoding.UTF8.GetBytes(password))|]));
        }
        """);

    [Fact]
    public async Task Flags_StorageWithoutVisibleVerification_RewritesWhatItSeesUnderTheConstantTitle()
    {
        const string source = /* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public class Registration
            {
                public string? Stored;

                public void Register(string password) => Save(Convert.ToBase64String([|SHA256.HashData(Encoding.UTF8.GetBytes(password))|]));

                private void Save(string hash) => Stored = hash;
            }
            """;
        const string fixedSource = /* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public class Registration
            {
                public string? Stored;

                public void Register(string password) => Save(PasswordHashing.Hash(password));

                private void Save(string hash) => Stored = hash;
            }
            """;
        var (_, title) = await PasswordFixTest.FixInWorkspaceAsync(WithoutMarkup(source), withArgon2: true);
        Assert.Equal(PasswordHashingFixer.Argon2idTitle, title);
        await PasswordFixTest.RunAsync(source, fixedSource, helperNamespace: null);
    }

    [Fact]
    public async Task Flags_VerificationInQueryAndInMemory_RewritesWhatItSeesUnderTheConstantTitle()
    {
        const string source = /* lang=c#-test */ """
            using System;
            using System.Linq;
            using System.Security.Cryptography;
            using System.Text;

            public class Customer { public string PasswordHash { get; set; } = ""; }

            public class Store
            {
                public IQueryable<Customer> Customers => Enumerable.Empty<Customer>().AsQueryable();

                public void Register(Customer c, string password) => c.PasswordHash = Hash(password);

                public bool Exists(string password) => Customers.Any(c => c.PasswordHash == Hash(password));

                private static string Hash(string password) => Convert.ToBase64String([|SHA256.HashData(Encoding.UTF8.GetBytes(password))|]);
            }
            """;
        const string fixedSource = /* lang=c#-test */ """
            using System;
            using System.Linq;
            using System.Security.Cryptography;
            using System.Text;

            public class Customer { public string PasswordHash { get; set; } = ""; }

            public class Store
            {
                public IQueryable<Customer> Customers => Enumerable.Empty<Customer>().AsQueryable();

                public void Register(Customer c, string password) => c.PasswordHash = Hash(password);

                public bool Exists(string password) => Customers.Any(c => c.PasswordHash == Hash(password));

                private static string Hash(string password) => PasswordHashing.Hash(password);
            }
            """;
        var (_, title) = await PasswordFixTest.FixInWorkspaceAsync(WithoutMarkup(source), withArgon2: true);
        Assert.Equal(PasswordHashingFixer.Argon2idTitle, title);
        await PasswordFixTest.RunAsync(source, fixedSource, helperNamespace: null);
    }

    [Fact]
    public async Task Flags_LoginWithoutVisibleStorage_RewritesWhatItSeesUnderTheConstantTitle()
    {
        const string source = /* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public class Login
            {
                public bool Check(string password, string storedHash)
                    => Convert.ToBase64String([|SHA256.HashData(Encoding.UTF8.GetBytes(password))|]) == storedHash;
            }
            """;
        const string fixedSource = /* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public class Login
            {
                public bool Check(string password, string storedHash)
                    => PasswordHashing.Verify(password, storedHash);
            }
            """;
        var (_, title) = await PasswordFixTest.FixInWorkspaceAsync(WithoutMarkup(source), withArgon2: false);
        Assert.Equal(PasswordHashingFixer.Pbkdf2Title, title);
        await PasswordFixTest.RunAsync(source, fixedSource, helperNamespace: null, PasswordHashKind.Pbkdf2);
    }

    [Fact]
    public async Task Flags_VerificationWithStringCompare_RewritesWhatItSeesUnderTheConstantTitle()
    {
        const string source = /* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public class Account
            {
                public string PasswordHash { get; set; } = "";

                public void SetPassword(string password) => PasswordHash = Convert.ToBase64String([|SHA256.HashData(Encoding.UTF8.GetBytes(password))|]);

                public bool Check(string password) => PasswordHash == Convert.ToBase64String([|SHA256.HashData(Encoding.UTF8.GetBytes(password))|]);

                public bool CheckOld(string computed) => string.CompareOrdinal(PasswordHash, computed) == 0;
            }
            """;
        var (sources, title) = await PasswordFixTest.FixInWorkspaceAsync(WithoutMarkup(source), withArgon2: true);
        Assert.Equal(PasswordHashingFixer.Argon2idTitle, title);
        Assert.Contains(sources, s => s.Contains("=> PasswordHashing.Verify(password, PasswordHash);", StringComparison.Ordinal));
        await PasswordFixTest.RunAsync(source, /* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public class Account
            {
                public string PasswordHash { get; set; } = "";

                public void SetPassword(string password) => PasswordHash = PasswordHashing.Hash(password);

                public bool Check(string password) => PasswordHashing.Verify(password, PasswordHash);

                public bool CheckOld(string computed) => string.CompareOrdinal(PasswordHash, computed) == 0;
            }
            """, helperNamespace: null);
    }

    [Fact]
    public Task Flags_VerificationInAnotherProject_IsLeftAlone()
    {
        var test = PasswordFixTest.Create(
            /* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public static class Accounts
            {
                public static string HashPassword(string password) => Convert.ToBase64String([|SHA256.HashData(Encoding.UTF8.GetBytes(password))|]);
            }
            """,
            /* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public static class Accounts
            {
                public static string HashPassword(string password) => PasswordHashing.Hash(password);
            }
            """,
            helperNamespace: null);
        const string web = """
            public static class Login
            {
                public static bool Check(string password, string stored) => Accounts.HashPassword(password) == stored;
            }
            """;
        test.TestState.AdditionalProjects["Web"].Sources.Add(web);
        test.TestState.AdditionalProjects["Web"].AdditionalProjectReferences.Add("TestProject");
        test.FixedState.AdditionalProjects["Web"].Sources.Add(web);
        test.FixedState.AdditionalProjects["Web"].AdditionalProjectReferences.Add("TestProject");
        return test.RunAsync();
    }

    private static string WithoutMarkup(string source) => source.Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal);

    [Fact]
    public Task Flags_CodeActionEquivalenceKeyIsThePublishedConstant()
    {
        var test = PasswordFixTest.Create(
            /* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public static class P
            {
                public static string HashPassword(string password) => Convert.ToHexString([|MD5.HashData(Encoding.UTF8.GetBytes(password))|]);
            }
            """,
            /* lang=c#-test */ """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public static class P
            {
                public static string HashPassword(string password) => PasswordHashing.Hash(password);
            }
            """,
            helperNamespace: null);
        Assert.Equal("SB2002.Argon2id", test.CodeActionEquivalenceKey);
        Assert.Equal("SB2002.Pbkdf2", PasswordHashingFixer.Pbkdf2Key);
        return test.RunAsync();
    }

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task DoesNotFlag_Sha256OfFileBytesAndCacheKeys() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using System.Text;

        public static class Fingerprints
        {
            public static string OfFile(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

            public static string CacheKey(string tenant, string query)
            {
                var cacheKey = tenant + ":" + query;
                return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(cacheKey)));
            }

            public static string ETag(byte[] body)
            {
                using var sha = SHA256.Create();
                return "\"" + Convert.ToBase64String(sha.ComputeHash(body)) + "\"";
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_NonPasswordBytesCopiedIntoTheHashedBuffer() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.IO;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;

        public sealed class Uploads
        {
            public async Task<byte[]> FingerprintAsync(string fileName, byte[] content, string password)
            {
                var nameBytes = Encoding.UTF8.GetBytes(fileName);
                var buffer = new byte[nameBytes.Length + content.Length];
                Buffer.BlockCopy(nameBytes, 0, buffer, 0, nameBytes.Length);
                Buffer.BlockCopy(content, 0, buffer, nameBytes.Length, content.Length);

                // The password goes into another buffer, which is never hashed.
                var other = new byte[64];
                Buffer.BlockCopy(Encoding.UTF8.GetBytes(password), 0, other, 0, 8);

                using var sha = SHA256.Create();
                return await sha.ComputeHashAsync(new MemoryStream(buffer));
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ResetTokensAndStoredHashes() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        public class Tokens
        {
            public string PasswordHash { get; set; } = "";

            // Hashing a high-entropy reset token with SHA-256 is the recommended practice.
            public static string StoreResetToken(string passwordResetToken) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(passwordResetToken)));

            // A fingerprint of the stored hash (security stamp), not of a password.
            public string Stamp() => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(PasswordHash)));

            public static byte[] OfHashedPassword(string hashedPassword) => SHA256.HashData(Convert.FromBase64String(hashedPassword));

            public static byte[] Policy(string passwordPolicyName) => SHA256.HashData(Encoding.UTF8.GetBytes(passwordPolicyName));
        }
        """);

    [Fact]
    public Task DoesNotFlag_ApiKeysSignaturesAndConfiguredSecretsByDefault() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        public class ApiKeys
        {
            // Hashing high-entropy API keys for lookup is the recommended practice.
            public static string LookupHash(string apiKey) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));

            public static string Sign(byte[] signingKey, string payload)
            {
                using var hmac = new HMACSHA256(signingKey);
                return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(payload)));
            }

            // "secret" is only a password word when configured.
            public static byte[] Seal(string masterSecret) => SHA256.HashData(Encoding.UTF8.GetBytes(masterSecret));

            public static byte[] Flags(string pinCodeRequired, string passwordExpiry, string pwdLastSet)
                => SHA256.HashData(Encoding.UTF8.GetBytes(pinCodeRequired + passwordExpiry + pwdLastSet));
        }
        """);

    [Fact]
    public Task DoesNotFlag_WordsThatOnlyContainPin() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;
        using System.Text;

        public static class Shipping
        {
            public static byte[] Key(string shippingAddress, string spinnerText, string mapping, string opinion, string pinned, string topping)
                => SHA256.HashData(Encoding.UTF8.GetBytes(shippingAddress + spinnerText + mapping + opinion + pinned + topping));
        }
        """);

    [Fact]
    public Task DoesNotFlag_GetHashCodeOfNonPasswords() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        public class Bucket
        {
            public string UserName { get; set; } = "";
            public int Shard(int count) => (UserName.GetHashCode() & 0x7fffffff) % count;
            public override int GetHashCode() => UserName.GetHashCode();
        }
        """);

    [Fact]
    public Task DoesNotFlag_SlowPasswordHashes() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Security.Cryptography;
        using System.Text;
        using Konscious.Security.Cryptography;
        using Microsoft.AspNetCore.Identity;

        public class AppUser { }

        public static class Good
        {
            public static byte[] Pbkdf2(string password, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);

            public static byte[] Argon(string password, byte[] salt)
            {
                using var argon = new Argon2id(Encoding.UTF8.GetBytes(password)) { Salt = salt, MemorySize = 19456, Iterations = 2, DegreeOfParallelism = 1 };
                return argon.GetBytes(32);
            }

            public static string Identity(PasswordHasher<AppUser> hasher, AppUser user, string password) => hasher.HashPassword(user, password);
        }
        """);

    [Fact]
    public Task DoesNotFlag_HashOfNonPasswordInsideAPasswordResetFlow() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        public class Flows
        {
            public string GeneratePasswordResetToken(string email)
                => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(email + DateTime.UtcNow.Ticks)));

            public bool IsPasswordExpired(DateTime changedAt, string userId)
                => SHA256.HashData(Encoding.UTF8.GetBytes(userId)).Length > 0 && changedAt < DateTime.UtcNow.AddDays(-90);
        }
        """);

    [Fact]
    public Task DoesNotFlag_BreachedPasswordCheckAndGetHashCodeOverride() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        public class PwnedPasswordsClient
        {
            // k-anonymity range query: only the first 5 hex characters of the SHA-1 leave the process.
            public string RangePrefix(string password) => Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(password)))[..5];
        }

        public class LoginForm
        {
            public string UserName { get; set; } = "";
            public string Password { get; set; } = "";

            public override bool Equals(object? obj) => obj is LoginForm other && other.UserName == UserName && other.Password == Password;
            public override int GetHashCode() => UserName.GetHashCode() ^ Password.GetHashCode();

            public bool IsPasswordBreached(string password) => SHA1.HashData(Encoding.UTF8.GetBytes(password)).Length == 20;
        }
        """);

    [Fact]
    public Task DoesNotFlag_HalfTypedCode()
    {
        const string source = /* lang=c#-test */ """
            using System.Security.Cryptography;
            using System.Text;

            class Broken
            {
                byte[] A(string password) => SHA256.HashData(Encoding.UTF8.GetBytes(passw
                byte[] B(string pwd) => SHA256.HashData(;
                byte[] C(string password) => UnknownHash.HashData(Encoding.UTF8.GetBytes(password));
                int D(string userName) => userName.GetHashCode(
            }
            """;
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        return test.RunAsync();
    }

    [Fact]
    public Task DoesNotFlag_GeneratedCode() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        // <auto-generated/>
        using System.Security.Cryptography;
        using System.Text;

        static class Generated
        {
            public static byte[] HashPassword(string password) => SHA256.HashData(Encoding.UTF8.GetBytes(password));
        }
        """);
}
