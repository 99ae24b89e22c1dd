using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace SecureBackend.PackageTests;

/// <summary>
/// SB5008, the dependency audit policy (docs/rules/SB5008.md): a consumer that restores a package with a published
/// high-severity advisory sees NU1903 as a warning, and as an error under <c>SecureBackendEnforce=true</c>; the
/// Directory.Build.props lines the page documents widen the audit to transitive packages on every target framework and
/// fail restore itself; a project that decides the audit settings itself keeps its decision.
/// </summary>
/// <remarks>
/// The package source this machine restores from publishes no vulnerability data, so every consumer names an
/// <see cref="AdvisorySource"/> on loopback as its audit source, replaying the published advisory below. The consumer
/// references Newtonsoft.Json.Bson 1.0.2, which depends on the affected Newtonsoft.Json 12.0.1: the vulnerable package
/// is transitive, as most are in real applications.
/// </remarks>
public sealed partial class PackageTests
{
    /// <summary>The published advisory for Newtonsoft.Json before 13.0.1 (high severity).</summary>
    private static readonly Advisory NewtonsoftJsonAdvisory = new(
        "Newtonsoft.Json", "https://github.com/advisories/GHSA-5crp-9r3c-p9vr", AdvisorySeverity.High, "(, 13.0.1)");

    /// <summary>NuGet's finding for it; restore says "Warning As Error: " first where it raised the warning itself.</summary>
    private static readonly Regex AdvisoryFinding = new(
        @"\b(?<severity>warning|error) NU1903: (Warning As Error: )?Package 'Newtonsoft\.Json' 12\.0\.1 has a known high severity vulnerability, https://github\.com/advisories/GHSA-5crp-9r3c-p9vr",
        RegexOptions.CultureInvariant);

    [Fact]
    public void Audit_TransitiveAdvisory_IsAWarning_AndAnErrorUnderEnforce()
    {
        // net10.0: the SDK audits transitive packages by default; the package only decides the severity.
        using var advisories = new AdvisorySource(NewtonsoftJsonAdvisory);
        var consumer = CreateAuditConsumer("audit-enforce", advisories, "net10.0");

        var build = ProcessRunner.Dotnet(consumer, "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        AssertReports("warning", build);
        Assert.DoesNotContain("error NU19", build.Output, StringComparison.Ordinal);
        Assert.True(advisories.Requests > 0, "restore never asked the audit source\n" + build);

        var enforced = ProcessRunner.Dotnet(consumer, "build", "-p:SecureBackendEnforce=true");
        Assert.True(enforced.ExitCode != 0, enforced.ToString());
        AssertReports("error", enforced);

        // Set in the project file instead of on the command line: the package's targets still see it.
        SetProjectProperties(consumer, "<SecureBackendEnforce>true</SecureBackendEnforce>");
        var inProject = ProcessRunner.Dotnet(consumer, "build");
        Assert.True(inProject.ExitCode != 0, inProject.ToString());
        AssertReports("error", inProject);
    }

    [Fact]
    public void Audit_DocumentedDirectoryBuildProps_AuditsTransitivePackagesAndFailsRestoreUnderEnforce()
    {
        // netstandard2.0: the SDK audits direct references only, and the package's build files are left out of every
        // restore (the first and the later ones), so without the documented lines the transitive advisory goes unseen.
        using var advisories = new AdvisorySource(NewtonsoftJsonAdvisory);
        var consumer = CreateAuditConsumer("audit-props", advisories, "netstandard2.0");

        var withoutProps = ProcessRunner.Dotnet(consumer, "build");
        Assert.True(withoutProps.ExitCode == 0, withoutProps.ToString());
        Assert.DoesNotContain("NU1903", withoutProps.Output, StringComparison.Ordinal);
        var secondRestore = ProcessRunner.Dotnet(consumer, "restore", "--force");
        Assert.True(secondRestore.ExitCode == 0, secondRestore.ToString());
        Assert.DoesNotContain("NU1903", secondRestore.Output, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(consumer, "Directory.Build.props"), DocumentedDirectoryBuildProps());

        var build = ProcessRunner.Dotnet(consumer, "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        AssertReports("warning", build);
        Assert.DoesNotContain("error NU19", build.Output, StringComparison.Ordinal);

        var restore = ProcessRunner.Dotnet(consumer, "restore", "-p:SecureBackendEnforce=true");
        Assert.True(restore.ExitCode != 0, restore.ToString());
        AssertReports("error", restore);
    }

    [Theory]
    [InlineData("<NuGetAuditMode>direct</NuGetAuditMode>")]
    [InlineData("<NuGetAudit>false</NuGetAudit>")]
    public void Audit_ProjectThatDecidesItself_KeepsItsDecision(string decision)
    {
        // net10.0 would audit transitive packages by default; the project says otherwise, with the documented lines in
        // place and under enforce, and the build succeeds without the transitive advisory.
        using var advisories = new AdvisorySource(NewtonsoftJsonAdvisory);
        var name = "audit-decides-" + (decision.Contains("Mode", StringComparison.Ordinal) ? "direct" : "off");
        var consumer = CreateAuditConsumer(name, advisories, "net10.0");
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.props"), DocumentedDirectoryBuildProps());
        SetProjectProperties(consumer, decision);

        var build = ProcessRunner.Dotnet(consumer, "build", "-p:SecureBackendEnforce=true");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("NU1903", build.Output, StringComparison.Ordinal);
    }

    private static void AssertReports(string severity, CommandResult result)
        => Assert.True(
            AdvisoryFinding.Matches(result.Output).Any(m => m.Groups["severity"].Value == severity),
            "no " + severity + " NU1903 for the advisory\n" + result);

    /// <summary>The <c>Directory.Build.props</c> block of docs/rules/SB5008.md, exactly as the page shows it.</summary>
    private string DocumentedDirectoryBuildProps()
    {
        var page = File.ReadAllText(Path.Combine(_package.RepositoryRoot, "docs", "rules", "SB5008.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var match = Regex.Match(page, "\n## Directory\\.Build\\.props\n.*?```xml\n(?<props><Project>.*?</Project>\n)```", RegexOptions.Singleline);
        Assert.True(match.Success, "SB5008.md shows no Directory.Build.props block");
        return match.Groups["props"].Value;
    }

    /// <summary>A library that references the package and, through Newtonsoft.Json.Bson, the affected Newtonsoft.Json.</summary>
    private string CreateAuditConsumer(string name, AdvisorySource advisories, string targetFramework)
    {
        var target = Path.Combine(_package.WorkRoot, name);
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "nuget.config"), advisories.NuGetConfig(_package.PackagesDirectory));
        File.WriteAllText(Path.Combine(target, "Consumer.csproj"), $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>{{targetFramework}}</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SecureBackend.Analyzers" Version="{{_package.Version}}" PrivateAssets="all" />
                <PackageReference Include="Newtonsoft.Json.Bson" Version="1.0.2" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(target, "Document.cs"), "namespace Consumer\n{\n    public sealed class Document\n    {\n        public string Name { get; set; } = string.Empty;\n    }\n}\n");
        return target;
    }

    private static void SetProjectProperties(string consumer, string properties)
    {
        var path = Path.Combine(consumer, "Consumer.csproj");
        var project = File.ReadAllText(path);
        File.WriteAllText(path, project.Replace("</TargetFramework>", "</TargetFramework>\n    " + properties, StringComparison.Ordinal));
    }
}
