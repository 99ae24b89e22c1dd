using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Tests.Infrastructure;

namespace SecureBackend.Tests.Forgery;

/// <summary>
/// Code-fix verification for diagnostics reported at compilation end. Such diagnostics are non-local (the analyzer
/// driver cannot tie them to the callback that found them), which the testing library refuses by default; the rule
/// docs describe how editors treat them.
/// </summary>
internal static class CompilationEndFix<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static CodeFixVerifier<TAnalyzer, TCodeFix>.Test Test(string source, string fixedSource, string? equivalenceKey)
        => new()
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };

    public static Task CodeFixAsync(string source, string fixedSource, string? equivalenceKey, params DiagnosticResult[] expected)
    {
        var test = Test(source, fixedSource, equivalenceKey);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
