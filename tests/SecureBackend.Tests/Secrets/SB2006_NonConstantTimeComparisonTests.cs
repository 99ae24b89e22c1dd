using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.CodeFixes.Secrets;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Secrets.NonConstantTimeComparisonAnalyzer,
    SecureBackend.CodeFixes.Secrets.NonConstantTimeComparisonFixer>;

namespace SecureBackend.Tests.Secrets;

public sealed class SB2006_NonConstantTimeComparisonTests
{
    private const string Usings = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Security.Cryptography;
        using System.Text;

        """;

    // ---------------------------------------------------------------- must flag, with fix

    [Fact]
    public Task Flags_WebhookSignatureComparedWithEquals() => Verify.CodeFixAsync(
        Usings + """
        class Webhooks
        {
            public bool IsValid(byte[] secret, byte[] body, string signature)
            {
                using var hmac = new HMACSHA256(secret);
                var expected = Convert.ToHexString(hmac.ComputeHash(body));
                return {|#0:expected == signature|};
            }
        }
        """,
        Usings + """
        class Webhooks
        {
            public bool IsValid(byte[] secret, byte[] body, string signature)
            {
                using var hmac = new HMACSHA256(secret);
                var expected = Convert.ToHexString(hmac.ComputeHash(body));
                return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(signature));
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("signature", "=="));

    [Fact]
    public Task Flags_DerivedPasswordHashComparedWithSequenceEqual() => Verify.CodeFixAsync(
        Usings + """
        using Microsoft.AspNetCore.Cryptography.KeyDerivation;

        class Passwords
        {
            public bool Verify(string password, byte[] salt, byte[] storedHash)
            {
                var hash = KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA256, 600_000, 32);
                return {|#0:hash.SequenceEqual(storedHash)|};
            }
        }
        """,
        Usings + """
        using Microsoft.AspNetCore.Cryptography.KeyDerivation;

        class Passwords
        {
            public bool Verify(string password, byte[] salt, byte[] storedHash)
            {
                var hash = KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA256, 600_000, 32);
                return CryptographicOperations.FixedTimeEquals(hash, storedHash);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("storedHash", "SequenceEqual"));

    [Fact]
    public Task Flags_SpanSequenceEqualOnMacs() => Verify.CodeFixAsync(
        Usings + """
        class Macs
        {
            public bool Check(byte[] key, byte[] payload, byte[] expectedMac)
            {
                byte[] computed = HMACSHA256.HashData(key, payload);
                return [|computed.AsSpan().SequenceEqual(expectedMac)|];
            }
        }
        """,
        Usings + """
        class Macs
        {
            public bool Check(byte[] key, byte[] payload, byte[] expectedMac)
            {
                byte[] computed = HMACSHA256.HashData(key, payload);
                return CryptographicOperations.FixedTimeEquals(computed.AsSpan(), expectedMac);
            }
        }
        """);

    [Fact]
    public Task Flags_ApiKeyInequalityNegatesTheFix() => Verify.CodeFixAsync(
        Usings + """
        class ApiKeyOptions { public string ApiKey { get; set; } = ""; }

        class ApiKeyFilter
        {
            private readonly ApiKeyOptions _options = new();

            public bool Reject(string providedApiKey)
            {
                if ({|#0:providedApiKey != _options.ApiKey|})
                {
                    return true;
                }

                return false;
            }
        }
        """,
        Usings + """
        class ApiKeyOptions { public string ApiKey { get; set; } = ""; }

        class ApiKeyFilter
        {
            private readonly ApiKeyOptions _options = new();

            public bool Reject(string providedApiKey)
            {
                if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(providedApiKey), Encoding.UTF8.GetBytes(_options.ApiKey)))
                {
                    return true;
                }

                return false;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("providedApiKey", "!="));

    [Fact]
    public Task Flags_StringEqualsOverloadsAndCompareOrdinal() => Verify.CodeFixAsync(
        Usings + """
        class User { public string ResetToken { get; set; } = ""; public string SessionId { get; set; } = ""; }

        class Tokens
        {
            public bool A(string token, User user) => [|string.Equals(token, user.ResetToken)|];
            public bool B(string token, User user) => [|string.Equals(user.ResetToken, token, StringComparison.Ordinal)|];
            public bool C(string token, User user) => [|token.Equals(user.ResetToken)|];
            public bool D(string token, User user) => [|string.CompareOrdinal(token, user.ResetToken) == 0|];
            public bool E(string sessionId, User user) => [|StringComparer.Ordinal.Equals(sessionId, user.SessionId)|];
        }
        """,
        Usings + """
        class User { public string ResetToken { get; set; } = ""; public string SessionId { get; set; } = ""; }

        class Tokens
        {
            public bool A(string token, User user) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(user.ResetToken));
            public bool B(string token, User user) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user.ResetToken), Encoding.UTF8.GetBytes(token));
            public bool C(string token, User user) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(user.ResetToken));
            public bool D(string token, User user) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(user.ResetToken));
            public bool E(string sessionId, User user) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sessionId), Encoding.UTF8.GetBytes(user.SessionId));
        }
        """);

    [Fact]
    public Task Flags_HashOfAPasswordThroughLocalsAndAddsUsings() => Verify.CodeFixAsync(
        """
        #nullable enable
        class User { public string PasswordHash { get; set; } = ""; public string Salt { get; set; } = ""; }

        class Login
        {
            public bool Check(User user, string password)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(password + user.Salt);
                var computed = System.Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(bytes));
                return [|computed == user.PasswordHash|];
            }
        }
        """,
        """
        #nullable enable
        using System.Security.Cryptography;
        using System.Text;

        class User { public string PasswordHash { get; set; } = ""; public string Salt { get; set; } = ""; }

        class Login
        {
            public bool Check(User user, string password)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(password + user.Salt);
                var computed = System.Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(bytes));
                return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(computed), Encoding.UTF8.GetBytes(user.PasswordHash));
            }
        }
        """);

    [Fact]
    public Task Flags_OriginOnlyHmacThroughBase64() => Verify.CodeFixAsync(
        Usings + """
        class Cookies
        {
            public bool Verify(byte[] key, string payload, string provided)
            {
                var digest = HMACSHA512.HashData(key, Encoding.UTF8.GetBytes(payload));
                var encoded = Convert.ToBase64String(digest);
                return {|#0:provided == encoded|};
            }
        }
        """,
        Usings + """
        class Cookies
        {
            public bool Verify(byte[] key, string payload, string provided)
            {
                var digest = HMACSHA512.HashData(key, Encoding.UTF8.GetBytes(payload));
                var encoded = Convert.ToBase64String(digest);
                return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(provided), Encoding.UTF8.GetBytes(encoded));
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("HMACSHA512.HashData", "=="));

    [Fact]
    public Task Flags_InMemoryLookupInADelegate() => Verify.CodeFixAsync(
        Usings + """
        record Client(string Name, string ApiKey);

        class Clients
        {
            private readonly List<Client> _clients = new();

            public bool IsKnown(string apiKey) => _clients.Any(c => [|c.ApiKey == apiKey|]);
        }
        """,
        Usings + """
        record Client(string Name, string ApiKey);

        class Clients
        {
            private readonly List<Client> _clients = new();

            public bool IsKnown(string apiKey) => _clients.Any(c => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(c.ApiKey), Encoding.UTF8.GetBytes(apiKey)));
        }
        """);

    [Fact]
    public Task Flags_ProjectHelperNamedLikeAHash() => Verify.CodeFixAsync(
        Usings + """
        class Accounts
        {
            private static string HashPassword(string password, string salt) => Convert.ToBase64String(SHA512.HashData(Encoding.UTF8.GetBytes(salt + password)));

            public bool Login(string stored, string input, string salt) => [|stored == HashPassword(input, salt)|];
        }
        """,
        Usings + """
        class Accounts
        {
            private static string HashPassword(string password, string salt) => Convert.ToBase64String(SHA512.HashData(Encoding.UTF8.GetBytes(salt + password)));

            public bool Login(string stored, string input, string salt) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stored), Encoding.UTF8.GetBytes(HashPassword(input, salt)));
        }
        """);

    // ---------------------------------------------------------------- must flag, no fix

    [Fact]
    public Task Flags_CaseInsensitiveAndCultureComparisons_NoFixOffered() => Verify.NoCodeFixAsync(
        Usings + """
        class Webhooks
        {
            public bool A(string signature, string expected) => [|string.Equals(signature, expected, StringComparison.OrdinalIgnoreCase)|];
            public bool B(string signature, string expected) => [|string.Compare(signature, expected) == 0|];
            public bool C(string signature, string expected) => [|signature.Equals(expected, StringComparison.InvariantCulture)|];
            public bool D(string signature, string expected) => [|StringComparer.OrdinalIgnoreCase.Equals(signature, expected)|];
            public bool E(string token, string expected) => [|token.AsSpan().SequenceEqual(expected)|];
        }
        """);

    [Fact]
    public Task Flags_OperandsThatMayBeNull_NoFixOffered() => Verify.NoCodeFixAsync(
        """
        #nullable disable
        using Microsoft.AspNetCore.Http;

        class User { public string ResetToken { get; set; } }

        class Tokens
        {
            public bool A(string token, User user) => [|token == user.ResetToken|];
            public bool B(HttpRequest request, string expectedSignature) => [|request.Headers["X-Signature"] == expectedSignature|];
            public bool C(byte[] hmac, byte[] other) => [|System.Linq.Enumerable.SequenceEqual(hmac, other)|];
        }
        """);

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task DoesNotFlag_NullEmptyConstantsAndLengths() => Verify.AnalyzerAsync(
        Usings + """
        class Checks
        {
            public bool Run(string? token, string apiKey, string signature, string tokenType, string expected)
            {
                return token == null
                    || apiKey == ""
                    || string.IsNullOrEmpty(token)
                    || signature == string.Empty
                    || tokenType == "Bearer"
                    || apiKey == "disabled"
                    || signature.Length == expected.Length
                    || string.Equals(token, null)
                    || token is "none";
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_NonSecretValues() => Verify.AnalyzerAsync(
        Usings + """
        class Files
        {
            public bool Run(string name, string userName, byte[] file, string expectedHash, string etag, string requestEtag, string cacheKey, string other, byte[] previous, string mac, string macAddress)
            {
                var fileHash = Convert.ToHexString(SHA256.HashData(file));
                var contentHash = SHA256.HashData(file);
                return name == userName
                    || mac == macAddress
                    || fileHash == expectedHash
                    || etag == requestEtag
                    || cacheKey == other
                    || contentHash.SequenceEqual(previous);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_QueriesTranslatedToSql() => Verify.AnalyzerAsync(
        Usings + """
        class User { public string ResetToken { get; set; } = ""; public string ApiKey { get; set; } = ""; }

        class Repository
        {
            public User? Find(IQueryable<User> users, string token, string apiKey)
                => users.FirstOrDefault(u => u.ResetToken == token) ?? users.Where(u => u.ApiKey.Equals(apiKey)).SingleOrDefault();
        }
        """);

    [Fact]
    public Task DoesNotFlag_EqualityMembersOfTheTokenType() => Verify.AnalyzerAsync(
        Usings + """
        sealed class ApiToken : IEquatable<ApiToken>
        {
            public string Token { get; } = "";
            public bool Equals(ApiToken? other) => other is not null && Token == other.Token;
            public override bool Equals(object? obj) => obj is ApiToken token && string.Equals(Token, token.Token);
            public override int GetHashCode() => Token.GetHashCode();
            public static bool operator ==(ApiToken? a, ApiToken? b) => a?.Token == b?.Token;
            public static bool operator !=(ApiToken? a, ApiToken? b) => !(a == b);
        }
        """);

    [Fact]
    public Task DoesNotFlag_PasswordConfirmationBetweenTwoInputs() => Verify.AnalyzerAsync(
        Usings + """
        class RegisterModel { public string Password { get; set; } = ""; public string ConfirmPassword { get; set; } = ""; public string NewPassword { get; set; } = ""; public string CurrentPassword { get; set; } = ""; }

        class Register
        {
            public bool Validate(RegisterModel model, string passwordAgain)
            {
                return model.Password != model.ConfirmPassword
                    || model.NewPassword == model.CurrentPassword
                    || model.Password == passwordAgain;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ConstantTimeComparisonsAndPaginationTokens() => Verify.AnalyzerAsync(
        Usings + """
        class Paging
        {
            public bool Run(byte[] mac, byte[] expectedMac, string nextPageToken, string previousPageToken, string continuationToken, string last)
            {
                return CryptographicOperations.FixedTimeEquals(mac, expectedMac)
                    || nextPageToken == previousPageToken
                    || continuationToken == last;
            }
        }
        """);

    [Fact]
    public async Task DoesNotFlag_TestProjects()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class TokenAssertions
                {
                    public static bool Same(string token, string expectedToken) => token == expectedToken;
                }
                """,
        };
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location));
        await test.RunAsync();
    }

    [Fact]
    public Task Flags_ConfiguredName()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Licenses
                {
                    public bool Matches(string licenseCode, string storedLicenseCode) => [|licenseCode == storedLicenseCode|];
                }
                """,
        };
        test.WithEditorConfig("securebackend.SB2006.names = license code");
        return test.RunAsync();
    }

    [Fact]
    public Task DoesNotFlag_NameOutsideTheVocabulary()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Licenses
                {
                    public bool Matches(string licenseCode, string storedLicenseCode) => licenseCode == storedLicenseCode;
                }
                """,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task DoesNotFlag_ConfiguredExclusion()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Sync
                {
                    public bool Changed(string syncSignature, string lastSignature) => syncSignature != lastSignature;
                }
                """,
        };
        test.WithEditorConfig("securebackend.SB2006.excluded_names = signature");
        return test.RunAsync();
    }

    [Fact]
    public async Task DoesNotFlag_HalfTypedCode()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Broken
                {
                    public bool A(string token) => token == ;
                    public bool B(string token) => string.Equals(token, );
                    public bool C(byte[] mac) => mac.SequenceEqual();
                    public bool D(string signature) => string.Compare(signature) == 0;
                    public bool E(Unknown apiKey, string other) => apiKey == other;
                }
                """,
        };
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        await test.RunAsync();
    }

    // ---------------------------------------------------------------- fix plumbing

    [Fact]
    public async Task FixAll_AcrossTwoDocuments()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("A.cs", Usings + """
            class A { bool Same(string token, string storedToken) => [|token == storedToken|] && [|storedToken.Equals(token)|]; }
            """));
        test.TestState.Sources.Add(("B.cs", Usings + """
            class B { bool Same(byte[] signature, byte[] expected) => [|signature.SequenceEqual(expected)|]; }
            """));
        test.FixedState.Sources.Add(("A.cs", Usings + """
            class A { bool Same(string token, string storedToken) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(storedToken)) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(storedToken), Encoding.UTF8.GetBytes(token)); }
            """));
        test.FixedState.Sources.Add(("B.cs", Usings + """
            class B { bool Same(byte[] signature, byte[] expected) => CryptographicOperations.FixedTimeEquals(signature, expected); }
            """));
        await test.RunAsync();
    }

    [Fact]
    public Task Fix_EquivalenceKeyIsThePublishedConstant() => Verify.CodeFixAsync(
        Usings + """
        class A { bool Same(string otp, string expectedOtp) => [|otp == expectedOtp|]; }
        """,
        Usings + """
        class A { bool Same(string otp, string expectedOtp) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(otp), Encoding.UTF8.GetBytes(expectedOtp)); }
        """,
        NonConstantTimeComparisonFixer.UseFixedTimeEqualsKey);
}
