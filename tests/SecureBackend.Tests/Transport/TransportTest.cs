using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Tests.Infrastructure;

namespace SecureBackend.Tests.Transport;

/// <summary>Shorthands for the transport tests: top-level programs, several documents, <c>.editorconfig</c>, broken code.</summary>
internal static class TransportTest
{
    /// <summary>
    /// A code-fix test of a pipeline rule (SB4001/SB4002). The diagnostics are reported by the callback that finds the
    /// pipeline, so the library's check that each one is also reported by analysing its document alone stays on.
    /// </summary>
    public static CodeFixVerifier<TAnalyzer, TFix>.Test PipelineTest<TAnalyzer, TFix>(string source, string fixedSource, bool program, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var test = new CodeFixVerifier<TAnalyzer, TFix>.Test { TestCode = source, FixedCode = fixedSource };
        if (program)
        {
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    /// <summary>Fix (and Fix All) of a top-level program; <paramref name="fixedSource"/> = source when no fix is offered.</summary>
    public static Task ProgramFixAsync<TAnalyzer, TFix>(string source, string fixedSource, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
        => PipelineTest<TAnalyzer, TFix>(source, fixedSource, program: true, expected).RunAsync();

    /// <summary>Fix (and Fix All) of a library-style source (Startup classes, extension methods).</summary>
    public static Task ClassFixAsync<TAnalyzer, TFix>(string source, string fixedSource, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
        => PipelineTest<TAnalyzer, TFix>(source, fixedSource, program: false, expected).RunAsync();

    /// <summary>
    /// A generic-host program naming <paramref name="startup"/> with <c>UseStartup&lt;T&gt;()</c>: what makes a Startup
    /// class the application's host pipeline.
    /// </summary>
    public static string StartupHost(string startup = "Startup") => $$"""
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.Hosting;

        public static class Program
        {
            public static void Main(string[] args)
                => Host.CreateDefaultBuilder(args)
                    .ConfigureWebHostDefaults(web => web.UseStartup<{{startup}}>())
                    .Build()
                    .Run();
        }
        """;

    /// <summary>Fix (and Fix All) of a Startup class, with the program that names it in another document.</summary>
    public static Task StartupFixAsync<TAnalyzer, TFix>(string source, string fixedSource, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var test = PipelineTest<TAnalyzer, TFix>(source, fixedSource, program: false, expected);
        test.TestState.Sources.Add(("/0/Program.cs", StartupHost()));
        test.FixedState.Sources.Add(("/0/Program.cs", StartupHost()));
        return test.RunAsync();
    }

    /// <summary>Analyzer only, several documents (a top-level program when <paramref name="program"/> is set).</summary>
    public static Task DocumentsAsync<TAnalyzer>(bool program, string[] sources, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new AnalyzerVerifier<TAnalyzer>.Test();
        for (var i = 0; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(("/0/Test" + i + ".cs", sources[i]));
        }

        if (program)
        {
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Half-typed code: compiler errors ignored, the analyzer must neither throw nor report.</summary>
    public static Task BrokenCodeAsync<TAnalyzer>(string source, bool program = false)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new AnalyzerVerifier<TAnalyzer>.Test { TestCode = source };
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        if (program)
        {
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
        }

        return test.RunAsync();
    }
}
