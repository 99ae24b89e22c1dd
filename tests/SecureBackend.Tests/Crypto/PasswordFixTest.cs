using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers.Crypto;
using SecureBackend.CodeFixes.Crypto;
using SecureBackend.Tests.Infrastructure;

namespace SecureBackend.Tests.Crypto;

/// <summary>Runs the SB2002 fix and expects the <c>PasswordHashing</c> helper to be added next to the fixed sources.</summary>
internal static class PasswordFixTest
{
    public static CodeFixVerifier<PasswordHashingAnalyzer, PasswordHashingFixer>.Test Create(
        string source, string fixedSource, string? helperNamespace, PasswordHashKind kind = PasswordHashKind.Argon2id)
    {
        var test = new CodeFixVerifier<PasswordHashingAnalyzer, PasswordHashingFixer>.Test
        {
            TestCode = source,
            CodeActionEquivalenceKey = kind == PasswordHashKind.Argon2id ? PasswordHashingFixer.Argon2idKey : PasswordHashingFixer.Pbkdf2Key,
        };
        test.FixedState.Sources.Add(fixedSource);
        test.FixedState.Sources.Add(("PasswordHashing.cs", SourceText.From(PasswordHashingHelper.Source(kind, helperNamespace), Encoding.UTF8)));
        if (kind == PasswordHashKind.Pbkdf2)
        {
            WithoutArgon2(test);
        }

        return test;
    }

    /// <summary>Removes Konscious.Security.Cryptography.Argon2 from the test compilation's references.</summary>
    public static void WithoutArgon2(CodeFixVerifier<PasswordHashingAnalyzer, PasswordHashingFixer>.Test test)
    {
        var konscious = test.TestState.AdditionalReferences.Where(r => r.Display?.Contains("Konscious", System.StringComparison.OrdinalIgnoreCase) == true).ToList();
        foreach (var reference in konscious)
        {
            test.TestState.AdditionalReferences.Remove(reference);
        }
    }

    public static Task RunAsync(string source, string fixedSource, string? helperNamespace, PasswordHashKind kind = PasswordHashKind.Argon2id)
        => Create(source, fixedSource, helperNamespace, kind).RunAsync();
}
