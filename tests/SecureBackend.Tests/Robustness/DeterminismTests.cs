using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SecureBackend.Benchmarks.Corpus;
using SecureBackend.Tests.Infrastructure;
using Cat = SecureBackend.Tests.Infrastructure.Catalogue;

namespace SecureBackend.Tests.Robustness;

/// <summary>
/// Two runs over the same sources, each from a fresh parse and compilation with concurrent execution on, report the
/// same diagnostics: rule, file, span and message, in the same order once sorted.
/// </summary>
public sealed class DeterminismTests
{
    [Fact]
    public async Task SampleApp_TwoRuns_ReportIdenticalDiagnostics()
    {
        var first = await SampleWorkspace.AnalyzeAsync(SampleWorkspace.Load("VulnerableShop"));
        var second = await SampleWorkspace.AnalyzeAsync(SampleWorkspace.Load("VulnerableShop"));
        AssertSame(first, second);
    }

    [Fact]
    public async Task GeneratedApp_TwoRuns_ReportIdenticalDiagnostics()
    {
        var corpus = WebAppGenerator.Generate(4_000, seed: 7);
        var first = await RunAsync(corpus);
        var second = await RunAsync(corpus);
        AssertSame(first, second);
        Assert.All(Cat.Analyzers, analyzer => Assert.True(first.WasActive(analyzer) && second.WasActive(analyzer), analyzer.GetType().Name + " did not run"));
    }

    private static Task<AnalyzerRun> RunAsync(GeneratedCorpus corpus)
    {
        // The API-names comment lets the rules that bail out on source naming none of their APIs run here too.
        var trees = corpus.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), "/app/" + f.Path))
            .Append(CSharpSyntaxTree.ParseText(RobustnessCheck.ApiNames, new CSharpParseOptions(LanguageVersion.Latest), "/app/ApiNames.cs"));
        var compilation = CSharpCompilation.Create(
            "Determinism",
            trees,
            SampleWorkspace.References,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return AnalyzerRunner.RunAsync(compilation, Cat.Analyzers);
    }

    private static void AssertSame(AnalyzerRun first, AnalyzerRun second)
    {
        Assert.Empty(first.Failures);
        Assert.Empty(second.Failures);
        var one = Normalize(first.Diagnostics);
        var two = Normalize(second.Diagnostics);
        var firstDifference = Enumerable.Range(0, Math.Min(one.Length, two.Length)).FirstOrDefault(i => one[i] != two[i], -1);
        Assert.True(
            one.SequenceEqual(two),
            $"{one.Length} vs {two.Length} diagnostics"
            + (firstDifference >= 0 ? $"; first difference at {firstDifference}:\n  {one[firstDifference]}\n  {two[firstDifference]}" : string.Empty));
    }

    private static ImmutableArray<string> Normalize(ImmutableArray<Diagnostic> diagnostics)
        => diagnostics
            .Where(d => d.Id.StartsWith("SB", StringComparison.Ordinal))
            .Select(d => $"{d.Location.GetLineSpan().Path}{d.Location.SourceSpan} {d.Id} {d.Severity} {d.GetMessage()}")
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
}
