using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.CodeFixes.Secrets;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Secrets.InsecureRandomnessAnalyzer,
    SecureBackend.CodeFixes.Secrets.InsecureRandomnessFixer>;

namespace SecureBackend.Tests.Secrets;

public sealed class SB2004_InsecureRandomnessTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Text;
        using System.Threading.Tasks;

        """;

    private const string FixedUsings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;

        """;

    // ---------------------------------------------------------------- must flag, with fix

    [Fact]
    public Task Flags_ResetCodeFromNextAndAddsUsing() => Verify.CodeFixAsync(
        """
        using System;

        class ResetService
        {
            private readonly Random _random = new Random();

            public string CreateCode()
            {
                var resetCode = {|#0:_random.Next(100000, 1000000)|}.ToString("D6");
                return resetCode;
            }
        }
        """,
        """
        using System;
        using System.Security.Cryptography;

        class ResetService
        {
            private readonly Random _random = new Random();

            public string CreateCode()
            {
                var resetCode = RandomNumberGenerator.GetInt32(100000, 1000000).ToString("D6");
                return resetCode;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("resetCode", "Random.Next"));

    [Fact]
    public Task Flags_SaltFilledWithNextBytes() => Verify.CodeFixAsync(
        Usings + """
        class Hasher
        {
            private static readonly Random Rng = new();

            public byte[] NewSalt()
            {
                var salt = new byte[16];
                {|#0:Rng.NextBytes(salt)|};
                return salt;
            }
        }
        """,
        FixedUsings + """
        class Hasher
        {
            private static readonly Random Rng = new();

            public byte[] NewSalt()
            {
                var salt = new byte[16];
                RandomNumberGenerator.Fill(salt);
                return salt;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("salt", "Random.NextBytes"));

    [Fact]
    public Task Flags_StringBuilderLoopReturnedFromGenerateToken() => Verify.CodeFixAsync(
        Usings + """
        class TokenService
        {
            private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            private readonly Random _random = new();

            public string GenerateToken(int length)
            {
                var builder = new StringBuilder(length);
                for (var i = 0; i < length; i++)
                {
                    builder.Append(Alphabet[[|_random.Next(Alphabet.Length)|]]);
                }

                return builder.ToString();
            }
        }
        """,
        FixedUsings + """
        class TokenService
        {
            private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            private readonly Random _random = new();

            public string GenerateToken(int length)
            {
                var builder = new StringBuilder(length);
                for (var i = 0; i < length; i++)
                {
                    builder.Append(Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]);
                }

                return builder.ToString();
            }
        }
        """);

    [Fact]
    public Task Flags_CharArrayFilledInALoopForATemporaryPassword() => Verify.CodeFixAsync(
        Usings + """
        class Accounts
        {
            private static readonly char[] Allowed = "abcdefghjkmnpqrstuvwxyz23456789!@#".ToCharArray();

            public string NewPassword(int length)
            {
                var chars = new char[length];
                for (var i = 0; i < chars.Length; i++)
                    chars[i] = Allowed[[|Random.Shared.Next(0, Allowed.Length)|]];
                return new string(chars);
            }
        }
        """,
        FixedUsings + """
        class Accounts
        {
            private static readonly char[] Allowed = "abcdefghjkmnpqrstuvwxyz23456789!@#".ToCharArray();

            public string NewPassword(int length)
            {
                var chars = new char[length];
                for (var i = 0; i < chars.Length; i++)
                    chars[i] = Allowed[RandomNumberGenerator.GetInt32(0, Allowed.Length)];
                return new string(chars);
            }
        }
        """);

    [Fact]
    public Task Flags_BytesThatBecomeAPropertyThroughBase64() => Verify.CodeFixAsync(
        Usings + """
        class User { public string PasswordResetToken { get; set; } = ""; }

        class Accounts
        {
            private readonly Random _rng = new Random();

            public void StartReset(User user)
            {
                var bytes = new byte[32];
                [|_rng.NextBytes(bytes)|];
                user.PasswordResetToken = Convert.ToBase64String(bytes);
            }
        }
        """,
        FixedUsings + """
        class User { public string PasswordResetToken { get; set; } = ""; }

        class Accounts
        {
            private readonly Random _rng = new Random();

            public void StartReset(User user)
            {
                var bytes = new byte[32];
                RandomNumberGenerator.Fill(bytes);
                user.PasswordResetToken = Convert.ToBase64String(bytes);
            }
        }
        """);

    [Fact]
    public Task Flags_LinqRandomStringSnippetInGenerateApiKey() => Verify.CodeFixAsync(
        Usings + """
        class Keys
        {
            private static readonly Random random = new Random();

            public static string GenerateApiKey()
            {
                const string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
                return new string(Enumerable.Repeat(chars, 40).Select(s => s[[|random.Next(s.Length)|]]).ToArray());
            }
        }
        """,
        FixedUsings + """
        class Keys
        {
            private static readonly Random random = new Random();

            public static string GenerateApiKey()
            {
                const string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
                return new string(Enumerable.Repeat(chars, 40).Select(s => s[RandomNumberGenerator.GetInt32(s.Length)]).ToArray());
            }
        }
        """);

    [Fact]
    public Task Flags_HelperWhoseResultBecomesASessionId() => Verify.CodeFixAsync(
        Usings + """
        class Sessions
        {
            private readonly Random _random = new();

            private string RandomString(int length)
            {
                var text = "";
                for (var i = 0; i < length; i++)
                {
                    text += (char)('a' + {|#0:_random.Next(26)|});
                }

                return text;
            }

            public string Start()
            {
                var sessionId = RandomString(24);
                return sessionId;
            }
        }
        """,
        FixedUsings + """
        class Sessions
        {
            private readonly Random _random = new();

            private string RandomString(int length)
            {
                var text = "";
                for (var i = 0; i < length; i++)
                {
                    text += (char)('a' + RandomNumberGenerator.GetInt32(26));
                }

                return text;
            }

            public string Start()
            {
                var sessionId = RandomString(24);
                return sessionId;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("sessionId", "Random.Next"));

    [Fact]
    public Task Flags_NumberStoredThroughALocalIntoVerificationCode() => Verify.CodeFixAsync(
        Usings + """
        class User { public string VerificationCode { get; set; } = ""; }

        class Signup
        {
            public void Send(User user, Random rng)
            {
                int code = [|rng.Next(0, 1000000)|];
                user.VerificationCode = code.ToString("D6");
            }
        }
        """,
        FixedUsings + """
        class User { public string VerificationCode { get; set; } = ""; }

        class Signup
        {
            public void Send(User user, Random rng)
            {
                int code = RandomNumberGenerator.GetInt32(0, 1000000);
                user.VerificationCode = code.ToString("D6");
            }
        }
        """);

    [Fact]
    public Task Flags_ValuesStoredUnderSecretKeys() => Verify.CodeFixAsync(
        Usings + """
        class Otp
        {
            public void Issue(IDictionary<string, string> claims, Microsoft.AspNetCore.Http.ISession session, Random random)
            {
                claims["nonce"] = [|random.Next()|].ToString();
                claims.Add("otp", [|random.Next(0, 1000000)|].ToString("D6"));
                Microsoft.AspNetCore.Http.SessionExtensions.SetString(session, "ResetCode", [|random.Next(1000, 10000)|].ToString());
            }
        }
        """,
        FixedUsings + """
        class Otp
        {
            public void Issue(IDictionary<string, string> claims, Microsoft.AspNetCore.Http.ISession session, Random random)
            {
                claims["nonce"] = RandomNumberGenerator.GetInt32(int.MaxValue).ToString();
                claims.Add("otp", RandomNumberGenerator.GetInt32(0, 1000000).ToString("D6"));
                Microsoft.AspNetCore.Http.SessionExtensions.SetString(session, "ResetCode", RandomNumberGenerator.GetInt32(1000, 10000).ToString());
            }
        }
        """);

    [Fact]
    public Task Flags_GetItemsGetStringAndGetHexString() => Verify.CodeFixAsync(
        Usings + """
        class Generators
        {
            private static readonly char[] Symbols = "abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray();

            public void Create(Random random)
            {
                char[] password = [|random.GetItems(Symbols, 16)|];
                var apiKey = [|Random.Shared.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32)|];
                var csrfToken = [|random.GetHexString(64, lowercase: true)|];
                Console.WriteLine(new string(password) + apiKey + csrfToken);
            }
        }
        """,
        FixedUsings + """
        class Generators
        {
            private static readonly char[] Symbols = "abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray();

            public void Create(Random random)
            {
                char[] password = RandomNumberGenerator.GetItems<char>(Symbols, 16);
                var apiKey = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32);
                var csrfToken = RandomNumberGenerator.GetHexString(64, true);
                Console.WriteLine(new string(password) + apiKey + csrfToken);
            }
        }
        """);

    [Fact]
    public Task Flags_InterpolatedPinFieldInitializerAndNamedArgument() => Verify.CodeFixAsync(
        Usings + """
        class Devices
        {
            private static readonly Random Rng = new(1234);
            private readonly int _signingKey = [|new Random().Next()|];

            public string Pair() { var pin = $"{[|Rng.Next(1000, 10000)|]}-{[|Rng.Next(1000, 10000)|]}"; return pin; }

            public void Register() => Save(name: "device", token: [|Rng.Next(1, 1000000)|].ToString());

            private static void Save(string name, string token) { }
        }
        """,
        FixedUsings + """
        class Devices
        {
            private static readonly Random Rng = new(1234);
            private readonly int _signingKey = RandomNumberGenerator.GetInt32(int.MaxValue);

            public string Pair() { var pin = $"{RandomNumberGenerator.GetInt32(1000, 10000)}-{RandomNumberGenerator.GetInt32(1000, 10000)}"; return pin; }

            public void Register() => Save(name: "device", token: RandomNumberGenerator.GetInt32(1, 1000000).ToString());

            private static void Save(string name, string token) { }
        }
        """);

    [Fact]
    public Task Flags_AsyncGeneratorOutParameterAndCollectionField() => Verify.CodeFixAsync(
        Usings + """
        class Otps
        {
            private readonly Dictionary<string, int> _resetCodes = new();
            private readonly Random _random = new();

            public Task<string> GenerateTokenAsync() => Task.FromResult([|_random.Next()|].ToString("x8"));

            public void CreateOtp(out string otp) { otp = [|_random.Next(0, 999999)|].ToString(); }

            public void Remember(string email) => _resetCodes[email] = [|_random.Next(100000, 999999)|];
        }
        """,
        FixedUsings + """
        class Otps
        {
            private readonly Dictionary<string, int> _resetCodes = new();
            private readonly Random _random = new();

            public Task<string> GenerateTokenAsync() => Task.FromResult(RandomNumberGenerator.GetInt32(int.MaxValue).ToString("x8"));

            public void CreateOtp(out string otp) { otp = RandomNumberGenerator.GetInt32(0, 999999).ToString(); }

            public void Remember(string email) => _resetCodes[email] = RandomNumberGenerator.GetInt32(100000, 999999);
        }
        """);

    [Fact]
    public Task Flags_SubclassThatKeepsTheAlgorithm() => Verify.CodeFixAsync(
        Usings + """
        class SeededRandom : Random { public SeededRandom() : base(Environment.TickCount) { } }

        class Keys
        {
            public byte[] NewKey(SeededRandom random)
            {
                var key = new byte[32];
                [|random.NextBytes(key)|];
                return key;
            }
        }
        """,
        FixedUsings + """
        class SeededRandom : Random { public SeededRandom() : base(Environment.TickCount) { } }

        class Keys
        {
            public byte[] NewKey(SeededRandom random)
            {
                var key = new byte[32];
                RandomNumberGenerator.Fill(key);
                return key;
            }
        }
        """);

    [Fact]
    public Task Flags_PropertyGetterLocalFunctionAndStackallocNonce() => Verify.CodeFixAsync(
        Usings + """
        class Crypto
        {
            private readonly Random _random = new();

            public string Token => [|_random.Next()|].ToString("x8");

            public string Create()
            {
                Span<byte> nonce = stackalloc byte[12];
                [|Random.Shared.NextBytes(nonce)|];
                return Convert.ToHexString(nonce) + NewSecret();

                string NewSecret() => [|_random.Next(1000, 10000)|].ToString();
            }
        }
        """,
        FixedUsings + """
        class Crypto
        {
            private readonly Random _random = new();

            public string Token => RandomNumberGenerator.GetInt32(int.MaxValue).ToString("x8");

            public string Create()
            {
                Span<byte> nonce = stackalloc byte[12];
                RandomNumberGenerator.Fill(nonce);
                return Convert.ToHexString(nonce) + NewSecret();

                string NewSecret() => RandomNumberGenerator.GetInt32(1000, 10000).ToString();
            }
        }
        """);

    [Fact]
    public Task Flags_ConfiguredAdditionalName()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Coupons
                {
                    public string Create(Random random) { var couponCode = [|random.Next()|].ToString("X"); return couponCode; }
                }
                """,
            FixedCode = FixedUsings + """
                class Coupons
                {
                    public string Create(Random random) { var couponCode = RandomNumberGenerator.GetInt32(int.MaxValue).ToString("X"); return couponCode; }
                }
                """,
        };
        test.WithEditorConfig("securebackend.SB2004.names = coupon code");
        return test.RunAsync();
    }

    // ---------------------------------------------------------------- must flag, no fix

    [Fact]
    public Task Flags_NextDoubleAndNextInt64_NoFixOffered() => Verify.NoCodeFixAsync(
        Usings + """
        class Nonces
        {
            public long Create(Random random)
            {
                var nonce = (long)({|#0:random.NextDouble()|} * long.MaxValue);
                long sessionId = {|#1:random.NextInt64()|};
                return nonce ^ sessionId;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("nonce", "Random.NextDouble"),
        Verify.Diagnostic().WithLocation(1).WithArguments("sessionId", "Random.NextInt64"));

    [Fact]
    public Task Flags_ReceiverWithSideEffects_NoFixOffered() => Verify.NoCodeFixAsync(
        Usings + """
        class Tokens
        {
            private int _created;
            private Random CreateRandom() { _created++; return new Random(_created); }

            public string NewToken() => [|CreateRandom().Next()|].ToString();
        }
        """);

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task DoesNotFlag_ShufflesAndOrdering() => Verify.AnalyzerAsync(
        Usings + """
        class Quiz
        {
            private readonly Random _random = new();

            public List<string> ShuffleAnswers(List<string> answers) => answers.OrderBy(_ => _random.Next()).ToList();

            public void ShuffleTokens(string[] tokens) => _random.Shuffle(tokens);

            public IEnumerable<string> Half(List<string> tokens) => tokens.Where(_ => _random.Next(2) == 0);
        }
        """);

    [Fact]
    public Task DoesNotFlag_JitterAndBackoff() => Verify.AnalyzerAsync(
        Usings + """
        class Retry
        {
            private static readonly Random Jitter = new();

            public async Task RefreshTokenAsync(int attempt)
            {
                await Task.Delay(Jitter.Next(100, 500));
                var delay = TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt) + Jitter.Next(0, 100));
                var tokenRefreshDelay = TimeSpan.FromSeconds(Random.Shared.NextDouble() * 30);
                System.Threading.Thread.Sleep(Random.Shared.Next(10));
                await Task.Delay(delay + tokenRefreshDelay);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_SamplingGamesAndPicks() => Verify.AnalyzerAsync(
        Usings + """
        class Game
        {
            private readonly Random _random = new(42);

            public string Play(List<string> players, string[] colors)
            {
                if (_random.NextDouble() < 0.1) Console.WriteLine("sampled");
                var dice = _random.Next(1, 7);
                var winner = players[_random.Next(players.Count)];
                var color = $"#{_random.Next(0x1000000):X6}";
                var pick = colors[_random.Next(colors.Length)];
                return winner + dice + color + pick;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_MetadataAboutSecretsAndNonSecretKeys() => Verify.AnalyzerAsync(
        Usings + """
        class Settings
        {
            public int TokenLength { get; set; }
            public int PasswordMinLength { get; set; }
        }

        class Setup
        {
            public void Configure(Settings settings, Random random, string[] keys, Dictionary<string, int> cache)
            {
                settings.TokenLength = random.Next(16, 32);
                settings.PasswordMinLength = random.Next(8, 12);
                var cacheKey = "item:" + random.Next();
                var keyIndex = random.Next(keys.Length);
                var partitionKey = random.Next(16).ToString();
                var maskedPassword = new string('*', random.Next(8, 12));
                var tokenExpiryMinutes = random.Next(30, 60);
                cache[cacheKey + partitionKey + keyIndex + maskedPassword] = tokenExpiryMinutes;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_FakeAndSampleData() => Verify.AnalyzerAsync(
        Usings + """
        class User { public string Name { get; set; } = ""; public string Password { get; set; } = ""; }

        class Seeder
        {
            public void Seed(Random random)
            {
                var fakePassword = "pw" + random.Next(1000);
                var sampleToken = random.Next().ToString();
                var exampleApiKey = random.Next().ToString("x");
                Console.WriteLine(fakePassword + sampleToken + exampleApiKey);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_CryptographicGeneratorsAndCryptoBackedSubclasses() => Verify.AnalyzerAsync(
        Usings + """
        using System.Security.Cryptography;

        class CryptoRandom : Random
        {
            protected override double Sample() => RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue;
            public override int Next(int maxValue) => RandomNumberGenerator.GetInt32(maxValue);
        }

        class Tokens
        {
            public string Create(CryptoRandom random)
            {
                var token = RandomNumberGenerator.GetHexString(32);
                var resetCode = random.Next(1000000).ToString("D6");
                var salt = RandomNumberGenerator.GetBytes(16);
                return token + resetCode + salt.Length;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_NonSecurityHelpersAndConfiguredExclusions()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Lobby
                {
                    private readonly Random _random = new();

                    private int RollDice() => _random.Next(1, 7);

                    public string Start()
                    {
                        var total = RollDice() + RollDice();
                        var pin = _random.Next(1000, 9999);
                        return total + ":" + pin;
                    }
                }
                """,
        };
        test.WithEditorConfig("securebackend.SB2004.excluded_names = pin");
        return test.RunAsync();
    }

    [Fact]
    public async Task DoesNotFlag_TestProjects()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Fixtures
                {
                    public string Token() { var token = new Random(7).Next().ToString(); return token; }
                }
                """,
        };
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location));
        await test.RunAsync();
    }

    [Fact]
    public async Task DoesNotFlag_HalfTypedCodeBeyondClearIntent()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class Broken
                {
                    private readonly Random _random = new();
                    public string GenerateToken() { var token = _random.Next(; return token }
                    public void Salt() { var salt = new byte[16]; _random.NextBytes(); _random.NextBytes(salt, 3); }
                    public string GenerateApiKey() => _random.Unknown().ToString();
                    public string GeneratePassword() => new string(Enumerable.Range(0, 8).Select(_ => "abc"[_random.Next(]).ToArray());
                    public string GenerateSecret() { var x = ; x = _random.Next(); return x; }
                }
                """,
        };
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        // Where the intent is already clear, the half-typed call is still reported; nothing else is.
        test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithSpan(9, 49, 9, 62).WithArguments("token", "Random.Next"));
        test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithSpan(13, 52, 13, 66).WithArguments("GenerateSecret", "Random.Next"));
        await test.RunAsync();
    }

    // ---------------------------------------------------------------- fix plumbing

    [Fact]
    public async Task FixAll_AcrossTwoDocuments()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("A.cs", Usings + """
            class A { string GenerateToken(Random r) => [|r.Next()|].ToString() + [|r.Next(10)|]; }
            """));
        test.TestState.Sources.Add(("B.cs", Usings + """
            class B { void Salt(Random r) { var salt = new byte[8]; [|r.NextBytes(salt)|]; } }
            """));
        test.FixedState.Sources.Add(("A.cs", FixedUsings + """
            class A { string GenerateToken(Random r) => RandomNumberGenerator.GetInt32(int.MaxValue).ToString() + RandomNumberGenerator.GetInt32(10); }
            """));
        test.FixedState.Sources.Add(("B.cs", FixedUsings + """
            class B { void Salt(Random r) { var salt = new byte[8]; RandomNumberGenerator.Fill(salt); } }
            """));
        await test.RunAsync();
    }

    [Fact]
    public Task Fix_EquivalenceKeyIsThePublishedConstant() => Verify.CodeFixAsync(
        Usings + """
        class A { byte[] NewKey(Random r) { var key = new byte[16]; [|r.NextBytes(key)|]; return key; } }
        """,
        FixedUsings + """
        class A { byte[] NewKey(Random r) { var key = new byte[16]; RandomNumberGenerator.Fill(key); return key; } }
        """,
        InsecureRandomnessFixer.UseRandomNumberGeneratorKey);
}
