using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SecureBackend.Tests.Infrastructure;

/// <summary>
/// Verifier for an analyzer and its code fix. <see cref="CodeFixAsync(string, string, DiagnosticResult[])"/> checks the
/// diagnostics, the fixed output, that nothing fixable is left, and Fix All in document, project and solution scope.
/// </summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic() => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic();

    public static DiagnosticResult Diagnostic(string diagnosticId) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(diagnosticId);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(descriptor);

    /// <summary>Analyzer only: <paramref name="source"/> produces exactly <paramref name="expected"/>.</summary>
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, FixedCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Applies the fix (and Fix All) and compares with <paramref name="fixedSource"/>.</summary>
    public static Task CodeFixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        => CodeFixAsync(source, fixedSource, equivalenceKey: null, expected);

    /// <summary>Applies the code action with <paramref name="equivalenceKey"/> (null: the first one offered).</summary>
    public static Task CodeFixAsync(string source, string fixedSource, string? equivalenceKey, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>The diagnostic is reported but no fix is offered: the fixed code equals the source.</summary>
    public static Task NoCodeFixAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, FixedCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Same as <see cref="CodeFixAsync(string, string, DiagnosticResult[])"/>, compiled against the .NET Framework 4.8 reference assemblies.</summary>
    public static Task NetFramework48CodeFixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource }.OnNetFramework48();
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Same as <see cref="AnalyzerAsync"/>, compiled against the .NET Framework 4.8 reference assemblies.</summary>
    public static Task NetFramework48AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, FixedCode = source }.OnNetFramework48();
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test() => TestSetup.Apply(TestState, this);

        /// <summary>Compiles against the .NET Framework 4.8 reference assemblies instead of .NET 10 (classic ASP.NET, legacy crypto).</summary>
        public Test OnNetFramework48()
        {
            TestSetup.ApplyNetFramework48(TestState, this);
            return this;
        }

        /// <summary>Adds an <c>.editorconfig</c> for all documents with the given lines under <c>[*]</c>.</summary>
        public Test WithEditorConfig(string lines)
        {
            TestState.AnalyzerConfigFiles.Add(TestSetup.EditorConfig(lines));
            return this;
        }
    }
}
