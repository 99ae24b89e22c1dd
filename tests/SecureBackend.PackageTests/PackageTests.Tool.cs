using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SecureBackend.PackageTests;

/// <summary>
/// The <c>secure-backend</c> tool from its package: a scan of the sample (findings, exit code, SARIF, no file changed,
/// then <c>--fix</c>), the baseline round trip on a codebase whose warnings are errors and that enforces the rules, a
/// <c>.slnx</c> and a folder of sources, and bad input. Each tool run that loads projects costs a restore and an
/// MSBuild evaluation, so the runs are shared across assertions.
/// </summary>
public sealed partial class PackageTests
{
    [Fact]
    public void Scan_OfACopyOfTheSample_ReportsEveryMarker_WritesSarif_ChangesNothing_ThenFixLeavesItBuilding()
    {
        Assert.Contains("secure-backend scan ", Readme, StringComparison.Ordinal);
        var sample = CreateSampleCopy("tool-scan", referencePackage: false);
        var before = SourceSnapshot(sample);
        var sarifPath = Path.Combine(_package.WorkRoot, "tool-scan.sarif");

        var scan = ProcessRunner.Run(_package.Tool, sample, "scan", sample, "--sarif", sarifPath);

        Assert.True(scan.ExitCode == 1, scan.ToString());
        var marked = ExpectMarkers.FromSources(sample);
        Assert.Equal(marked, ToolFindings(scan.Output));
        Assert.Contains("failed: " + marked.Count + " findings at or above warning not in the baseline", scan.Output, StringComparison.Ordinal);
        Assert.Equal(before, SourceSnapshot(sample));
        AssertSarifForCodeScanning(sarifPath, sample, marked);

        var fix = ProcessRunner.Run(_package.Tool, sample, "scan", sample, "--fix");

        // The findings without a code fix remain, so the run still fails; every other marker's finding is gone.
        Assert.True(fix.ExitCode == 1, fix.ToString());
        Assert.Contains("fix: changed ", fix.Output, StringComparison.Ordinal);
        Assert.Equal(ExpectMarkers.WithoutFix(sample), ToolFindings(fix.Output));
        var build = ProcessRunner.Dotnet(sample, "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("error CS", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Baseline_WrittenByTheTool_LetsAnEnforcedBuildAdopt_FailsOnlyOnNewFindings_AndReportsStaleEntries()
    {
        Assert.Contains("dotnet tool install --add-source artifacts/packages -g SecureBackend.Cli", Readme, StringComparison.Ordinal);
        Assert.Contains("secure-backend baseline ", Readme, StringComparison.Ordinal);
        var app = CreateConsumer("baseline");
        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
            </Project>
            """);
        var checksums = Path.Combine(app, "Security", "Checksums.cs");
        var sources = Directory.EnumerateFiles(app, "*.cs", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);

        var write = ProcessRunner.Run(_package.Tool, app, "baseline", app);
        Assert.True(write.ExitCode == 0, write.ToString());
        var baselinePath = Path.Combine(app, "securebackend.baseline.json");
        Assert.True(File.Exists(baselinePath), write.ToString());
        using (var baseline = JsonDocument.Parse(File.ReadAllText(baselinePath)))
        {
            var findings = baseline.RootElement.GetProperty("findings").EnumerateArray().ToList();
            Assert.Equal(
                ExpectMarkers.FromSources(app).Select(d => d.Id + " " + d.File.Replace('\\', '/')).Order(StringComparer.Ordinal),
                findings.Select(f => f.GetProperty("rule").GetString() + " " + f.GetProperty("file").GetString()).Order(StringComparer.Ordinal));
        }

        Assert.All(sources, source => Assert.Equal(source.Value, File.ReadAllText(source.Key)));

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
        var text = File.ReadAllText(checksums).ReplaceLineEndings("\n");
        const string ClassStart = "public static class Checksums\n{\n";
        Assert.Contains(ClassStart, text, StringComparison.Ordinal);
        text = text.Replace(ClassStart, ClassStart + "    public static string ForEtag(byte[] body) => Convert.ToHexString(MD5.HashData(body));\n\n", StringComparison.Ordinal);
        File.WriteAllText(checksums, text);

        var added = ProcessRunner.Dotnet(app, "build", "-p:SecureBackendEnforce=true");
        Assert.True(added.ExitCode != 0, added.ToString());
        var newLine = new LineDiagnostic(Path.Combine("Security", "Checksums.cs"), 7, "SB2001");
        Assert.Equal([newLine], ExpectMarkers.FromBuildOutput(added.Output, app, severity: "error"));

        // The accepted finding is fixed: a scan fails on the new line only and reports the stale entry once; the SARIF
        // log keeps the other accepted finding, marked as suppressed.
        const string Accepted = "MD5.HashData(content)";
        Assert.Contains(Accepted, text, StringComparison.Ordinal);
        File.WriteAllText(checksums, text.Replace(Accepted, "SHA256.HashData(content)", StringComparison.Ordinal));
        var scanSarif = Path.Combine(_package.WorkRoot, "baseline-scan.sarif");
        var scan = ProcessRunner.Run(_package.Tool, app, "scan", app, "--sarif", scanSarif);
        Assert.True(scan.ExitCode == 1, scan.ToString());
        Assert.Equal([newLine], ToolFindings(scan.Output));
        Assert.Single(scan.Output.Split('\n'), line => line.StartsWith("info: stale baseline entry SB2001 in Security/Checksums.cs", StringComparison.Ordinal));
        using (var log = JsonDocument.Parse(File.ReadAllText(scanSarif)))
        {
            var results = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(ExpectMarkers.FromSources(app).Count, results.Count);
            var fresh = Assert.Single(results, r => !r.TryGetProperty("suppressions", out _));
            Assert.Equal(7, fresh.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        }

        // Writing the baseline again drops the stale entry and accepts the new finding.
        var rewrite = ProcessRunner.Run(_package.Tool, app, "baseline", app);
        Assert.True(rewrite.ExitCode == 0, rewrite.ToString());
        Assert.Single(rewrite.Output.Split('\n'), line => line.StartsWith("info: stale baseline entry SB2001 in Security/Checksums.cs", StringComparison.Ordinal));
        Assert.Contains("1 new", rewrite.Output, StringComparison.Ordinal);
        Assert.Contains("1 stale removed", rewrite.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("slnx")]
    [InlineData("sources")]
    public void Scan_OfASlnx_AndOfAFolderOfSourcesWithoutProject_ReportsTheFindings(string kind)
    {
        var folder = Path.Combine(_package.WorkRoot, "tool-" + kind);
        Directory.CreateDirectory(Path.Combine(folder, "Security"));
        File.WriteAllText(Path.Combine(folder, "Security", "Checksums.cs"), """
            using System;
            using System.Security.Cryptography;

            namespace Api.Security;

            public static class Checksums
            {
                public static string ForUpload(byte[] content) => Convert.ToHexString(MD5.HashData(content)); // expect: SB2001
            }
            """);
        if (kind == "slnx")
        {
            File.WriteAllText(Path.Combine(folder, "Api.slnx"), "<Solution>\n  <Project Path=\"Api.csproj\" />\n</Solution>\n");
            File.WriteAllText(Path.Combine(folder, "Api.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n");
        }

        var scan = ProcessRunner.Run(_package.Tool, folder, "scan", kind == "slnx" ? Path.Combine(folder, "Api.slnx") : folder);

        Assert.True(scan.ExitCode == 1, scan.ToString());
        Assert.Equal(ExpectMarkers.FromSources(folder), ToolFindings(scan.Output));
        if (kind == "sources")
        {
            var failOnError = ProcessRunner.Run(_package.Tool, folder, "scan", folder, "--fail-on", "error");
            Assert.True(failOnError.ExitCode == 0, failOnError.ToString());
            Assert.Equal(ExpectMarkers.FromSources(folder), ToolFindings(failOnError.Output));
        }
    }

    [Theory]
    [InlineData("missing", 3, "no such file or folder")]
    [InlineData("no-csharp", 4, "holds no C# to analyse")]
    [InlineData("broken-project", 5, "cannot restore")]
    [InlineData("empty-baseline", 6, "the baseline file is empty")]
    [InlineData("corrupt-baseline", 6, "not valid JSON")]
    [InlineData("corrupt-baseline-write", 6, "not valid JSON")]
    [InlineData("no-command", 2, "unknown command")]
    [InlineData("bad-option", 2, "'bogus'")]
    public void Tool_BadInput_OneClearLineAndADistinctExitCode(string kind, int exitCode, string message)
    {
        var folder = Path.Combine(_package.WorkRoot, "bad-" + kind);
        Directory.CreateDirectory(folder);
        string[] arguments = kind switch
        {
            "missing" => ["scan", Path.Combine(folder, "does-not-exist.sln")],
            "no-command" => ["frobnicate", folder],
            "bad-option" => ["scan", folder, "--fail-on", "bogus"],
            "corrupt-baseline-write" => ["baseline", folder],
            _ => ["scan", folder],
        };
        switch (kind)
        {
            case "no-csharp":
                File.WriteAllText(Path.Combine(folder, "README.md"), "# not code\n");
                break;
            case "broken-project":
                File.WriteAllText(Path.Combine(folder, "Broken.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n");
                break;
            case "empty-baseline":
                File.WriteAllText(Path.Combine(folder, "App.cs"), "class App { }\n");
                File.WriteAllText(Path.Combine(folder, "securebackend.baseline.json"), string.Empty);
                break;
            case "corrupt-baseline" or "corrupt-baseline-write":
                File.WriteAllText(Path.Combine(folder, "App.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
                File.WriteAllText(Path.Combine(folder, "securebackend.baseline.json"), "{ \"findings\": [");
                break;
        }

        var run = ProcessRunner.Run(_package.Tool, folder, arguments);

        Assert.Equal(exitCode, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("secure-backend: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    /// <summary>The findings the tool lists (<c>  File.cs:12:9  message</c> under a <c>SB1001  warning …</c> heading).</summary>
    private static IReadOnlyList<LineDiagnostic> ToolFindings(string output)
    {
        var result = new List<LineDiagnostic>();
        string? rule = null;
        foreach (var line in output.Split('\n'))
        {
            var heading = Regex.Match(line, @"^(SB\d{4})  ");
            if (heading.Success)
            {
                rule = heading.Groups[1].Value;
                continue;
            }

            var finding = Regex.Match(line, @"^  (?<file>[^\s:]+\.cs):(?<line>\d+):\d+  ");
            if (finding.Success && rule is not null)
            {
                result.Add(new LineDiagnostic(
                    finding.Groups["file"].Value.Replace('/', Path.DirectorySeparatorChar),
                    int.Parse(finding.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                    rule));
            }
        }

        return result.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>What GitHub code scanning reads from a SARIF 2.1.0 log.</summary>
    private static void AssertSarifForCodeScanning(string sarifPath, string root, IReadOnlyList<LineDiagnostic> expected)
    {
        Assert.True(File.Exists(sarifPath), "no SARIF log at " + sarifPath);
        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        Assert.Contains("sarif-2.1.0", sarif.RootElement.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        var run = Assert.Single(sarif.RootElement.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("SecureBackend", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            var id = rule.GetProperty("id").GetString()!;
            Assert.Matches(@"^SB\d{4}$", id);
            Assert.Equal("https://github.com/SecureBackend/SecureBackend/blob/main/docs/rules/" + id + ".md", rule.GetProperty("helpUri").GetString());
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
        }

        var ruleIds = rules.Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(
            new Uri(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar).AbsoluteUri,
            run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString());
        var found = new List<LineDiagnostic>();
        foreach (var result in run.GetProperty("results").EnumerateArray())
        {
            var ruleId = result.GetProperty("ruleId").GetString()!;
            Assert.Equal(ruleId, ruleIds[result.GetProperty("ruleIndex").GetInt32()]);
            Assert.Contains(result.GetProperty("level").GetString(), new[] { "error", "warning", "note" });
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
            Assert.False(result.TryGetProperty("suppressions", out _));
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            var artifact = location.GetProperty("artifactLocation");
            var uri = artifact.GetProperty("uri").GetString()!;
            Assert.False(Uri.TryCreate(uri, UriKind.Absolute, out _), uri);
            Assert.DoesNotContain('\\', uri);
            Assert.Equal("%SRCROOT%", artifact.GetProperty("uriBaseId").GetString());
            var region = location.GetProperty("region");
            Assert.True(region.GetProperty("startColumn").GetInt32() >= 1);
            Assert.True(region.GetProperty("endLine").GetInt32() >= region.GetProperty("startLine").GetInt32());
            found.Add(new LineDiagnostic(Uri.UnescapeDataString(uri).Replace('/', Path.DirectorySeparatorChar), region.GetProperty("startLine").GetInt32(), ruleId));
        }

        Assert.Equal(expected, found.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Id, StringComparer.Ordinal));
    }

    /// <summary>The text of every file of <paramref name="directory"/> outside bin and obj, by relative path.</summary>
    private static SortedDictionary<string, string> SourceSnapshot(string directory)
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, file);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is not ("bin" or "obj"))
            {
                snapshot.Add(relative, File.ReadAllText(file));
            }
        }

        return snapshot;
    }
}
