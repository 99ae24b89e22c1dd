using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using SecureBackend.Analyzers.Infrastructure.Baseline;

namespace SecureBackend.PackageTests;

/// <summary>
/// Adopting the package on a codebase whose warnings are errors: today's findings go into securebackend.baseline.json,
/// the build under the enforce preset passes, and a new finding fails it on that line only.
/// </summary>
public sealed partial class PackageTests
{
    [Fact]
    public void Baseline_LetsABuildWithWarningsAsErrorsAndEnforceAdopt_AndFailsOnlyOnNewFindings()
    {
        var app = CreateConsumer("baseline");
        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
            </Project>
            """);
        var sarif = Path.Combine(_package.WorkRoot, "baseline-today.sarif");

        var today = ProcessRunner.Dotnet(app, "build", "-p:SecureBackendEnforce=true", "-p:ErrorLog=" + sarif + "%2Cversion=2.1");
        Assert.True(today.ExitCode != 0, today.ToString());
        Assert.Equal(ExpectMarkers.FromSources(app), ExpectMarkers.FromBuildOutput(today.Output, app, severity: "error"));
        File.WriteAllText(Path.Combine(app, BaselineFile.FileName), BaselineFromSarif(sarif, app));

        var adoptedSarif = Path.Combine(_package.WorkRoot, "baseline-adopted.sarif");
        var adopted = ProcessRunner.Dotnet(app, "build", "-p:SecureBackendEnforce=true", "-p:ErrorLog=" + adoptedSarif + "%2Cversion=2.1");
        Assert.True(adopted.ExitCode == 0, adopted.ToString());
        AssertLoadsCleanly(adopted);
        Assert.Empty(ExpectMarkers.FromBuildOutput(adopted.Output, app, severity: "error"));
        Assert.Empty(ExpectMarkers.FromBuildOutput(adopted.Output, app));

        // The accepted findings stay in the SARIF log, marked as suppressed.
        using (var log = JsonDocument.Parse(File.ReadAllText(adoptedSarif)))
        {
            var results = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Where(r => r.GetProperty("ruleId").GetString()!.StartsWith("SB", StringComparison.Ordinal))
                .ToList();
            Assert.Equal(ExpectMarkers.FromSources(app).Count, results.Count);
            Assert.All(results, r => Assert.True(r.TryGetProperty("suppressions", out var suppressions) && suppressions.GetArrayLength() > 0, r.ToString()));
        }

        // A new vulnerable line above the accepted one in the same file shifts it down; only the new line fails.
        var checksums = Path.Combine(app, "Security", "Checksums.cs");
        var text = File.ReadAllText(checksums).ReplaceLineEndings("\n");
        const string ClassStart = "public static class Checksums\n{\n";
        Assert.Contains(ClassStart, text, StringComparison.Ordinal);
        File.WriteAllText(checksums, text.Replace(ClassStart, ClassStart + "    public static string ForEtag(byte[] body) => Convert.ToHexString(MD5.HashData(body));\n\n", StringComparison.Ordinal));

        var added = ProcessRunner.Dotnet(app, "build", "-p:SecureBackendEnforce=true");
        Assert.True(added.ExitCode != 0, added.ToString());
        Assert.Equal(
            [new LineDiagnostic(Path.Combine("Security", "Checksums.cs"), 7, "SB2001")],
            ExpectMarkers.FromBuildOutput(added.Output, app, severity: "error"));
    }

    /// <summary>
    /// The baseline of the SB results in a SARIF log: each result's span, read from its region, fingerprinted with the
    /// product's code, its file made relative to <paramref name="baselineDirectory"/>.
    /// </summary>
    private static string BaselineFromSarif(string sarifPath, string baselineDirectory)
    {
        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        var entries = new List<BaselineEntry>();
        foreach (var result in sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray())
        {
            var rule = result.GetProperty("ruleId").GetString()!;
            if (!rule.StartsWith("SB", StringComparison.Ordinal))
            {
                continue;
            }

            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            var path = new Uri(location.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath;
            var region = location.GetProperty("region");
            var source = SourceText.From(File.ReadAllText(path));
            var span = source.Lines.GetTextSpan(new LinePositionSpan(
                new LinePosition(region.GetProperty("startLine").GetInt32() - 1, region.GetProperty("startColumn").GetInt32() - 1),
                new LinePosition(region.GetProperty("endLine").GetInt32() - 1, region.GetProperty("endColumn").GetInt32() - 1)));
            var tree = CSharpSyntaxTree.ParseText(source, path: path);
            entries.Add(new BaselineEntry(rule, BaselineFile.RelativePath(baselineDirectory, path), BaselineFingerprint.For(rule, tree, span, CancellationToken.None)));
        }

        Assert.NotEmpty(entries);
        return BaselineFile.Create(entries).Serialize();
    }
}
