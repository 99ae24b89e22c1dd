using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;

namespace SecureBackend.PackageTests;

/// <summary>
/// The package as a team consumes it: layout, diagnostics in `dotnet build`, the enforce preset, `.editorconfig`
/// severities, SARIF, broken code, and `dotnet format analyzers`.
/// </summary>
public sealed partial class PackageTests : IClassFixture<PackageFixture>
{
    private readonly PackageFixture _package;

    public PackageTests(PackageFixture package)
    {
        _package = package;
        Assert.True(package.Pack.ExitCode == 0, package.Pack.ToString());
        Assert.True(File.Exists(package.PackagePath), "no package at " + package.PackagePath + "\n" + package.Pack);
    }

    private string ConsumerSources => Path.Combine(AppContext.BaseDirectory, "Consumer");

    [Fact]
    public void Package_HasBothAssembliesUnderAnalyzersAndNothingUnderLib()
    {
        using var zip = ZipFile.OpenRead(_package.PackagePath);
        var entries = zip.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("analyzers/dotnet/cs/SecureBackend.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/SecureBackend.CodeFixes.dll", entries);
        Assert.Contains("build/SecureBackend.Analyzers.props", entries);
        Assert.Contains("build/SecureBackend.Analyzers.targets", entries);
        Assert.Contains("build/SecureBackend.Enforce.globalconfig", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        Assert.Equal(2, entries.Count(e => e.EndsWith(".dll", StringComparison.Ordinal)));

        var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        var nuspec = XDocument.Load(stream);
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal("SecureBackend.Analyzers", metadata.Element(ns + "id")!.Value);
        Assert.Equal(_package.Version, metadata.Element(ns + "version")!.Value);
        Assert.Equal("true", metadata.Element(ns + "developmentDependency")!.Value);
        Assert.Equal("expression", metadata.Element(ns + "license")!.Attribute("type")!.Value);
        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.StartsWith("https://github.com/", metadata.Element(ns + "repository")!.Attribute("url")!.Value, StringComparison.Ordinal);
        Assert.Null(metadata.Element(ns + "dependencies"));
    }

    [Fact]
    public void Build_ReportsTheMarkedDiagnostics_AndLoadsCleanly()
    {
        var consumer = CreateConsumer("build");
        var build = ProcessRunner.Dotnet(consumer, "build");

        Assert.True(build.ExitCode == 0, build.ToString());
        AssertLoadsCleanly(build);
        Assert.Equal(ExpectMarkers.FromSources(consumer), ExpectMarkers.FromBuildOutput(build.Output, consumer));
    }

    [Fact]
    public void Build_WithSecureBackendEnforce_FailsWithErrors()
    {
        var consumer = CreateConsumer("enforce");
        var build = ProcessRunner.Dotnet(consumer, "build", "-p:SecureBackendEnforce=true");

        Assert.True(build.ExitCode != 0, build.ToString());
        Assert.Equal(ExpectMarkers.FromSources(consumer), ExpectMarkers.FromBuildOutput(build.Output, consumer, severity: "error"));
        Assert.Empty(ExpectMarkers.FromBuildOutput(build.Output, consumer, severity: "warning"));
    }

    [Fact]
    public void Build_HonoursEditorConfigSeverities()
    {
        var consumer = CreateConsumer("editorconfig");
        var expected = ExpectMarkers.FromSources(consumer);
        var silenced = expected[0].Id;
        File.WriteAllText(Path.Combine(consumer, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic." + silenced + ".severity = none\n");

        var build = ProcessRunner.Dotnet(consumer, "build");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(expected.Where(d => d.Id != silenced), ExpectMarkers.FromBuildOutput(build.Output, consumer));
    }

    [Fact]
    public void Build_WithErrorLog_WritesSarifWithHelpUris()
    {
        var consumer = CreateConsumer("sarif");
        var sarifPath = Path.Combine(consumer, "results.sarif");
        var build = ProcessRunner.Dotnet(consumer, "build", "-p:ErrorLog=" + sarifPath + "%2Cversion=2.1");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(File.Exists(sarifPath), build.ToString());
        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var run = sarif.RootElement.GetProperty("runs")[0];
        var results = run.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("ruleId").GetString()!.StartsWith("SB", StringComparison.Ordinal))
            .ToList();
        var expected = ExpectMarkers.FromSources(consumer);
        Assert.Equal(expected.Count, results.Count);
        Assert.Equal(
            expected.Select(d => d.Id + "@" + d.Line).Order(StringComparer.Ordinal),
            results.Select(r => r.GetProperty("ruleId").GetString() + "@" + r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()).Order(StringComparer.Ordinal));

        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .Where(r => r.GetProperty("id").GetString()!.StartsWith("SB", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            var id = rule.GetProperty("id").GetString();
            Assert.Equal("https://github.com/SecureBackend/SecureBackend/blob/main/docs/rules/" + id + ".md", rule.GetProperty("helpUri").GetString());
        }
    }

    [Fact]
    public void Build_OfBrokenCode_StillReportsAndNeverThrows()
    {
        var consumer = _package.CreateWorkspace("broken", Path.Combine(AppContext.BaseDirectory, "BrokenConsumer"));
        SetPackageVersion(consumer);
        var build = ProcessRunner.Dotnet(consumer, "build");

        Assert.True(build.ExitCode != 0, "the broken consumer must not compile\n" + build);
        Assert.Contains("error CS", build.Output, StringComparison.Ordinal);
        AssertLoadsCleanly(build);
        Assert.Equal(ExpectMarkers.FromSources(consumer), ExpectMarkers.FromBuildOutput(build.Output, consumer));
    }

    [Fact]
    public void DotnetFormat_AppliesTheFixes_AndTheRebuildIsClean()
    {
        var consumer = CreateConsumer("format");
        var before = ExpectMarkers.FromSources(consumer);
        var fixable = before.Select(d => d.Id).Distinct().ToArray();

        var format = ProcessRunner.Dotnet(consumer, ["format", "analyzers", "--diagnostics", .. fixable, "--severity", "warn"]);
        Assert.True(format.ExitCode == 0, format.ToString());

        var rebuild = ProcessRunner.Dotnet(consumer, "build");
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.DoesNotContain("error CS", rebuild.Output, StringComparison.Ordinal);
        Assert.Empty(ExpectMarkers.FromBuildOutput(rebuild.Output, consumer));
    }

    [Fact]
    public void DotnetFormat_OnACopyOfTheSample_AppliesEveryFix_AndTheRebuildIsClean()
    {
        var sample = CreateSampleCopy("sample", referencePackage: true);
        var projectFile = Path.Combine(sample, "VulnerableShop.csproj");
        var projectText = File.ReadAllText(projectFile);

        var build = ProcessRunner.Dotnet(sample, "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        AssertLoadsCleanly(build);
        var marked = ExpectMarkers.FromSources(sample);
        Assert.Equal(marked, ExpectMarkers.FromBuildOutput(build.Output, sample));

        var ids = marked.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal).ToArray();
        var format = ProcessRunner.Dotnet(sample, ["format", "analyzers", "--diagnostics", .. ids, "--severity", "warn"]);
        Assert.True(format.ExitCode == 0, format.ToString());

        // Fixes keep the trailing markers on their lines; what is left must be exactly the `(no fix)` ones.
        var rebuild = ProcessRunner.Dotnet(sample, "build");
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.DoesNotContain("error CS", rebuild.Output, StringComparison.Ordinal);
        Assert.Equal(ExpectMarkers.WithoutFix(sample), ExpectMarkers.FromBuildOutput(rebuild.Output, sample));
        Assert.Equal(projectText, File.ReadAllText(projectFile));
    }

    /// <summary>
    /// A copy of samples/VulnerableShop as a team would have it: its own settings and package versions, and our package
    /// (when <paramref name="referencePackage"/>) instead of the project references the repository uses.
    /// </summary>
    private string CreateSampleCopy(string name, bool referencePackage)
    {
        var sample = _package.CreateWorkspace(name, Path.Combine(_package.RepositoryRoot, "samples", "VulnerableShop"));
        File.WriteAllText(Path.Combine(sample, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <LangVersion>latest</LangVersion>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
            """ + (referencePackage
            ? """
              <ItemGroup>
                <PackageReference Include="SecureBackend.Analyzers" PrivateAssets="all" />
              </ItemGroup>
            """
            : string.Empty) + """
            </Project>
            """);
        var versions = File.ReadAllText(Path.Combine(_package.RepositoryRoot, "Directory.Packages.props"));
        File.WriteAllText(
            Path.Combine(sample, "Directory.Packages.props"),
            versions.Replace("</Project>", "  <ItemGroup>\n    <PackageVersion Include=\"SecureBackend.Analyzers\" Version=\"" + _package.Version + "\" />\n  </ItemGroup>\n</Project>", StringComparison.Ordinal));
        return sample;
    }

    private string CreateConsumer(string name)
    {
        var consumer = _package.CreateWorkspace(name, ConsumerSources);
        SetPackageVersion(consumer);
        return consumer;
    }

    private void SetPackageVersion(string directory)
    {
        foreach (var project in Directory.EnumerateFiles(directory, "*.csproj"))
        {
            File.WriteAllText(project, File.ReadAllText(project).Replace("__SECUREBACKEND_VERSION__", _package.Version, StringComparison.Ordinal));
        }
    }

    private static void AssertLoadsCleanly(CommandResult build)
    {
        foreach (var code in new[] { "CS8032", "CS8033", "AD0001", "CS8784", "CS8785" })
        {
            Assert.False(build.Output.Contains(code, StringComparison.Ordinal), code + " in build output:\n" + build);
        }
    }
}
