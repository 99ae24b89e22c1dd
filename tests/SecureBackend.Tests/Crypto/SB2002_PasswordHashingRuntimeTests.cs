using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SecureBackend.Analyzers.Crypto;
using SecureBackend.CodeFixes.Crypto;
using SecureBackend.Tests.Infrastructure;

namespace SecureBackend.Tests.Crypto;

/// <summary>
/// Proof that the SB2002 rewrite keeps login working: the vulnerable code is fixed by the real code fix in a
/// workspace, the fixed project (with the added helper) is compiled against the real reference packs and the real
/// Konscious.Security.Cryptography.Argon2 package, loaded into a collectible AssemblyLoadContext and run.
/// </summary>
public sealed class SB2002_PasswordHashingRuntimeTests
{
    private const string AccountService = """
        using System;
        using System.Security.Cryptography;
        using System.Text;

        namespace Shop.Services
        {
            public static class AccountService
            {
                public static string HashPassword(string password)
                {
                    using var sha = SHA256.Create();
                    var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(password));
                    return Convert.ToBase64String(bytes);
                }

                public static bool Login(string password, string storedHash) => HashPassword(password) == storedHash;
            }
        }
        """;

    [Fact]
    public async Task Flags_Argon2idFix_HashThenVerifyWorksAtRunTime()
    {
        var (fixedSources, title) = await PasswordFixTest.FixInWorkspaceAsync(AccountService, withArgon2: true);
        Assert.Contains(fixedSources, s => s.Contains("PasswordHashing.Verify(password, storedHash)", StringComparison.Ordinal));
        Assert.Equal(PasswordHashingFixer.Argon2idTitle, title);
        Assert.Contains(fixedSources, s => s.Contains("new Argon2id(", StringComparison.Ordinal));
        RunAndCheck(fixedSources, withArgon2: true, prefix: "$argon2id$v=19$m=19456,t=2,p=1$");
    }

    [Fact]
    public async Task Flags_Pbkdf2Fix_HashThenVerifyWorksAtRunTime()
    {
        var (fixedSources, title) = await PasswordFixTest.FixInWorkspaceAsync(AccountService, withArgon2: false);
        Assert.Contains(fixedSources, s => s.Contains("PasswordHashing.Verify(password, storedHash)", StringComparison.Ordinal));
        Assert.Equal(PasswordHashingFixer.Pbkdf2Title, title);
        Assert.DoesNotContain(fixedSources, s => s.Contains("using Konscious", StringComparison.Ordinal));
        Assert.Contains(fixedSources, s => s.Contains("Rfc2898DeriveBytes.Pbkdf2(", StringComparison.Ordinal));
        RunAndCheck(fixedSources, withArgon2: false, prefix: "$pbkdf2-sha256$i=600000$");
    }

    [Fact]
    public async Task Flags_Argon2idFix_UnderDotnetFormat_KeepsTheHelperInTheFixedFile_AndWorks()
    {
        // dotnet format's MSBuildWorkspace would write a <Compile> item for an added document, which duplicates the
        // SDK's default glob (NETSDK1022); there the helper joins the fixed document instead of a new one.
        var (fixedSources, _) = await PasswordFixTest.FixInWorkspaceAsync(AccountService, withArgon2: true, WorkspaceKind.MSBuild);
        var single = Assert.Single(fixedSources);
        Assert.Contains("PasswordHashing.Verify(password, storedHash)", single, StringComparison.Ordinal);
        Assert.Contains("static class PasswordHashing", single, StringComparison.Ordinal);
        Assert.Contains("using Konscious.Security.Cryptography;", single, StringComparison.Ordinal);
        RunAndCheck(fixedSources, withArgon2: true, prefix: "$argon2id$v=19$m=19456,t=2,p=1$");
    }

    [Fact]
    public async Task DoesNotFlag_OriginalCode_VerifiesOnlyItsOwnUnsaltedHashes()
    {
        // Control: the unfixed code runs too, and its hash is deterministic (the weakness the fix removes).
        using var loaded = Load(new[] { AccountService }, withArgon2: false);
        var hash = loaded.Call<string>("HashPassword", "correct horse");
        Assert.Equal(hash, loaded.Call<string>("HashPassword", "correct horse"));
        Assert.True(loaded.Call<bool>("Login", "correct horse", hash));
    }

    private static void RunAndCheck(IReadOnlyList<string> sources, bool withArgon2, string prefix)
    {
        using var loaded = Load(sources, withArgon2);
        var stored = loaded.Call<string>("HashPassword", "correct horse battery staple");
        Assert.StartsWith(prefix, stored, StringComparison.Ordinal);

        // Salted: the same password hashes differently every time, and both verify.
        var again = loaded.Call<string>("HashPassword", "correct horse battery staple");
        Assert.NotEqual(stored, again);
        Assert.True(loaded.Call<bool>("Login", "correct horse battery staple", stored));
        Assert.True(loaded.Call<bool>("Login", "correct horse battery staple", again));

        Assert.False(loaded.Call<bool>("Login", "correct horse battery stapler", stored));
        Assert.False(loaded.Call<bool>("Login", string.Empty, stored));

        // The salt is part of the hash too.
        var saltIndex = stored.LastIndexOf('$') - 3;
        var otherSalt = stored[..saltIndex] + (stored[saltIndex] == 'A' ? 'B' : 'A') + stored[(saltIndex + 1)..];
        Assert.False(loaded.Call<bool>("Login", "correct horse battery staple", otherSalt));

        // A tampered hash (one character of the digest changed; not the last one, whose low bits are padding) and a
        // truncated one do not verify.
        var index = stored.Length - 10;
        var tampered = stored[..index] + (stored[index] == 'A' ? 'B' : 'A') + stored[(index + 1)..];
        Assert.False(loaded.Call<bool>("Login", "correct horse battery staple", tampered));
        Assert.False(loaded.Call<bool>("Login", "correct horse battery staple", stored[..^8]));
        Assert.False(loaded.Call<bool>("Login", "correct horse battery staple", "not a hash"));
    }

    private static LoadedAssembly Load(IReadOnlyList<string> sources, bool withArgon2)
    {
        var compilation = CSharpCompilation.Create(
            "FixedShop" + Guid.NewGuid().ToString("N"),
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))),
            PasswordFixTest.References(withArgon2).GetAwaiter().GetResult(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        return new LoadedAssembly(stream);
    }

    private sealed class LoadedAssembly : IDisposable
    {
        private readonly AssemblyLoadContext _context = new("SB2002-proof", isCollectible: true);
        private readonly Type _service;

        public LoadedAssembly(Stream image)
        {
            // Konscious and the framework resolve from the default context, where the test already loaded them.
            var assembly = _context.LoadFromStream(image);
            _service = assembly.GetType("Shop.Services.AccountService", throwOnError: true)!;
        }

        public T Call<T>(string method, params object[] arguments)
            => (T)_service.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, arguments)!;

        public void Dispose() => _context.Unload();
    }
}
