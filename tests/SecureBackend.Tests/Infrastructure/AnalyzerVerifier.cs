using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SecureBackend.Tests.Infrastructure;

/// <summary>Verifier for analyzers without a code fix (or for analyzer-only tests of one that has one).</summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic() => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic();

    public static DiagnosticResult Diagnostic(string diagnosticId) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(diagnosticId);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(descriptor);

    /// <summary>Checks that <paramref name="source"/> (markup allowed) produces exactly <paramref name="expected"/>.</summary>
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Same, for top-level statements (console application output).</summary>
    public static Task ProgramAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Same as <see cref="AnalyzerAsync"/>, compiled against the .NET Framework 4.8 reference assemblies.</summary>
    public static Task NetFramework48Async(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source }.OnNetFramework48();
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
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
