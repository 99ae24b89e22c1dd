using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SecureBackend.PackageTests;

/// <summary>
/// The <c>secure-backend</c> tool from its package: the baseline round trip on a codebase whose warnings are errors and
/// that enforces the rules, and bad input.
/// </summary>
public sealed partial class PackageTests
{
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
        Assert.Equal(
            [new LineDiagnostic(Path.Combine("Security", "Checksums.cs"), 7, "SB2001")],
            ExpectMarkers.FromBuildOutput(added.Output, app, severity: "error"));

        // The accepted finding is fixed: writing the baseline again reports its entry as stale and drops it.
        const string Accepted = "MD5.HashData(content)";
        Assert.Contains(Accepted, text, StringComparison.Ordinal);
        File.WriteAllText(checksums, text.Replace(Accepted, "SHA256.HashData(content)", StringComparison.Ordinal));
        var rewrite = ProcessRunner.Run(_package.Tool, app, "baseline", app);
        Assert.True(rewrite.ExitCode == 0, rewrite.ToString());
        Assert.Single(rewrite.Output.Split('\n'), line => line.StartsWith("info: stale baseline entry SB2001 in Security/Checksums.cs", StringComparison.Ordinal));
        Assert.Contains("1 new", rewrite.Output, StringComparison.Ordinal);
        Assert.Contains("1 stale removed", rewrite.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", 3, "no such file or folder")]
    [InlineData("empty-folder", 4, "holds no .sln, .slnx or .csproj file")]
    [InlineData("corrupt-baseline", 6, "not valid JSON")]
    [InlineData("no-command", 2, "unknown command")]
    public void Tool_BadInput_OneClearLineAndADistinctExitCode(string kind, int exitCode, string message)
    {
        var folder = Path.Combine(_package.WorkRoot, "bad-" + kind);
        Directory.CreateDirectory(folder);
        string[] arguments = kind switch
        {
            "missing" => ["baseline", Path.Combine(folder, "does-not-exist.sln")],
            "no-command" => ["frobnicate", folder],
            _ => ["baseline", folder],
        };
        if (kind == "corrupt-baseline")
        {
            File.WriteAllText(Path.Combine(folder, "App.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
            File.WriteAllText(Path.Combine(folder, "securebackend.baseline.json"), "{ \"findings\": [");
        }

        var run = ProcessRunner.Run(_package.Tool, folder, arguments);

        Assert.Equal(exitCode, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("secure-backend: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }
}
