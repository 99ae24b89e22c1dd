using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SecureBackend.Tests.Infrastructure;
using Cat = SecureBackend.Tests.Infrastructure.Catalogue;

namespace SecureBackend.Tests.Robustness;

/// <summary>
/// The samples as the analyzers see them in a build: VulnerableShop reports exactly the warnings its
/// <c>// expect: SBxxxx</c> markers announce (file, line where the diagnostic starts, rule), and FixedShop none.
/// Only warnings and errors count: what <c>dotnet build</c> prints and what FixedShop's WarningsAsErrors enforce.
/// </summary>
public sealed class SampleDiagnosticsTests
{
    [Fact]
    public async Task VulnerableShop_ReportsExactlyTheMarkedDiagnostics()
    {
        const string Sample = "VulnerableShop";
        var project = SampleWorkspace.Load(Sample);
        var run = await SampleWorkspace.AnalyzeAsync(project);
        AssertCleanBuild(Sample, run);

        var expected = SampleWorkspace.ExpectedDiagnostics(Sample).Select(e => $"{e.File}({e.Line}): {e.Id}").ToHashSet(StringComparer.Ordinal);
        var reported = run.Reported
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .GroupBy(d => $"{SampleWorkspace.RelativePath(Sample, d.Location.GetLineSpan().Path)}({d.Location.GetLineSpan().StartLinePosition.Line + 1}): {d.Id}", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().GetMessage(), StringComparer.Ordinal);
        var missing = expected.Where(e => !reported.ContainsKey(e)).Order(StringComparer.Ordinal).ToList();
        var unexpected = reported.Where(r => !expected.Contains(r.Key)).Select(r => r.Key + " " + r.Value).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            missing.Count == 0 && unexpected.Count == 0,
            "VulnerableShop's markers and diagnostics differ.\nMarked but not reported:\n  " + string.Join("\n  ", missing)
            + "\nReported but not marked (add `// expect: ID` at the end of the line, or fix the false alarm):\n  " + string.Join("\n  ", unexpected));
    }

    [Fact]
    public async Task FixedShop_ReportsNoSecureBackendDiagnostic()
    {
        const string Sample = "FixedShop";
        Assert.Empty(SampleWorkspace.ExpectedDiagnostics(Sample));
        var project = SampleWorkspace.Load(Sample);
        var run = await SampleWorkspace.AnalyzeAsync(project);
        AssertCleanBuild(Sample, run);
        Assert.Empty(run.Reported.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
    }

    [Fact]
    public async Task VulnerableShop_OffersAFixExactlyWhereTheMarkersSaySo()
    {
        const string Sample = "VulnerableShop";
        var project = SampleWorkspace.Load(Sample);
        var run = await SampleWorkspace.AnalyzeAsync(project);
        var noFix = SampleWorkspace.Markers(Sample).Where(m => m.NoFix).Select(m => $"{m.File}({m.Line}): {m.Id}").ToHashSet(StringComparer.Ordinal);
        var problems = new System.Collections.Generic.List<string>();
        foreach (var diagnostic in run.Reported.Where(d => d.Severity >= DiagnosticSeverity.Warning))
        {
            var span = diagnostic.Location.GetLineSpan();
            var where = $"{SampleWorkspace.RelativePath(Sample, span.Path)}({span.StartLinePosition.Line + 1}): {diagnostic.Id}";
            var document = project.Documents.First(d => d.FilePath == span.Path);
            var offered = 0;
            foreach (var fixer in Cat.CodeFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                offered += (await FixHarness.ActionsAsync(fixer, document, diagnostic)).Length;
            }

            if (offered == 0 && !noFix.Contains(where))
            {
                problems.Add(where + " offers no code fix: mark it `(no fix)` or make the fix apply");
            }
            else if (offered > 0 && noFix.Contains(where))
            {
                problems.Add(where + " is marked `(no fix)` but " + offered + " code action(s) are offered");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Markers_NameCatalogueRules()
    {
        foreach (var (file, line, id) in SampleWorkspace.ExpectedDiagnostics("VulnerableShop"))
        {
            Assert.True(Cat.RuleIdentifiers.Contains(id), $"{file}({line}): unknown rule {id} in an expect marker");
        }
    }

    /// <summary>The sample compiles in the workspace (else the analyzers would see error types) and no analyzer threw.</summary>
    private static void AssertCleanBuild(string sample, AnalyzerRun run)
    {
        var errors = run.CompilerErrors.Select(d => d.ToString()).ToList();
        Assert.True(
            errors.Count == 0,
            $"{sample} does not compile in the test workspace. If the sample gained a package, reference it from the test project and add a type of it to SampleWorkspace's seeds:\n  "
            + string.Join("\n  ", errors.Take(20)));
        Assert.Empty(run.Failures);
    }
}
