using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SecureBackend.PackageTests;

/// <summary>
/// The README's install section, followed word for word: the root pack writes exactly the package, the folder is added
/// as a source with <c>dotnet nuget add source</c>, mapped where the consumer uses package source mapping, and referenced
/// with <c>dotnet add package</c>, also under central package management and warnings as errors.
/// </summary>
public sealed partial class PackageTests
{
    /// <summary>The placeholder the README uses for the clone of this repository.</summary>
    private const string RepositoryPlaceholder = "/path/to/SecureBackend";

    private string Readme => File.ReadAllText(Path.Combine(_package.RepositoryRoot, "README.md"));

    [Fact]
    public void RootPack_WritesExactlyTheAnalyzerAndToolPackages()
    {
        Assert.Contains("dotnet pack -c Release -o artifacts/packages", Readme, StringComparison.Ordinal);

        var written = Directory.EnumerateFiles(_package.PackagesDirectory, "*." + _package.Version + ".nupkg")
            .Select(path => Path.GetFileName(path)[..^(_package.Version.Length + ".nupkg".Length + 1)])
            .Order(StringComparer.Ordinal);
        Assert.Equal(["SecureBackend.Analyzers", "SecureBackend.Cli"], written);
        Assert.DoesNotContain("cannot be packaged", _package.Pack.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void PackingTheAnalyzerProjectAlone_FailsWithTheCommandThatWorks()
    {
        var output = Path.Combine(_package.WorkRoot, "analyzer-project-pack");
        var pack = ProcessRunner.Dotnet(
            _package.RepositoryRoot,
            "pack", Path.Combine("src", "SecureBackend.Analyzers"), "-c", "Release", "-o", output, "-p:SecureBackendVersion=" + _package.Version);

        Assert.True(pack.ExitCode != 0, pack.ToString());
        Assert.Contains("dotnet pack -c Release -o artifacts/packages", pack.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFiles(output, "*.nupkg").Any(), pack.ToString());
    }

    [Fact]
    public void ReadmeInstall_PlainConsumer_ReportsTheFindings()
    {
        var app = CreateUnreferencedConsumer("readme-plain");
        File.WriteAllText(Path.Combine(app, "nuget.config"), "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n  </packageSources>\n</configuration>\n");

        RunReadmeCommand(app, "dotnet nuget add source ");
        AddPackageAsTheReadmeSays(app);

        var project = File.ReadAllText(Path.Combine(app, "Consumer.csproj"));
        Assert.Contains("Include=\"SecureBackend.Analyzers\" Version=\"" + _package.Version + "\"", project, StringComparison.Ordinal);
        Assert.Contains("<PrivateAssets>all</PrivateAssets>", project, StringComparison.Ordinal);

        var build = ProcessRunner.Dotnet(app, "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        AssertLoadsCleanly(build);
        Assert.Equal(ExpectMarkers.FromSources(app), ExpectMarkers.FromBuildOutput(build.Output, app));
    }

    [Fact]
    public void ReadmeInstall_SourceMappingCentralVersionsAndWarningsAsErrors_RestoresAndFailsOnlyOnTheFindings()
    {
        // An application set up like many real ones: package source mapping for every source it already uses,
        // central package management, warnings as errors and the recommended analysis mode.
        var app = CreateUnreferencedConsumer("readme-mapped");
        var existingSources = ExistingSourceNames(app);
        Assert.NotEmpty(existingSources);
        File.WriteAllText(
            Path.Combine(app, "nuget.config"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n  </packageSources>\n  <packageSourceMapping>\n"
            + string.Concat(existingSources.Select(name => "    <packageSource key=\"" + name + "\">\n      <package pattern=\"*\" />\n    </packageSource>\n"))
            + "  </packageSourceMapping>\n</configuration>\n");
        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <AnalysisMode>Recommended</AnalysisMode>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Directory.Packages.props"), """
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
              </ItemGroup>
            </Project>
            """);

        RunReadmeCommand(app, "dotnet nuget add source ");
        AddReadmeSourceMapping(app);
        AddPackageAsTheReadmeSays(app);

        var versions = File.ReadAllText(Path.Combine(app, "Directory.Packages.props"));
        Assert.Contains("<PackageVersion Include=\"SecureBackend.Analyzers\" Version=\"" + _package.Version + "\" />", versions, StringComparison.Ordinal);
        Assert.Contains("<PackageVersion Include=\"SecureBackend.Analyzers\" Version=\"", Readme, StringComparison.Ordinal);

        var build = ProcessRunner.Dotnet(app, "build");
        Assert.True(build.ExitCode != 0, "warnings are errors, so the findings fail the build\n" + build);
        Assert.DoesNotContain("error NU", build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("error CS", build.Output, StringComparison.Ordinal);
        AssertLoadsCleanly(build);
        Assert.Equal(ExpectMarkers.FromSources(app), ExpectMarkers.FromBuildOutput(build.Output, app, severity: "error"));
    }

    /// <summary>A copy of the consumer sources whose project does not reference the package yet.</summary>
    private string CreateUnreferencedConsumer(string name)
    {
        var target = Path.Combine(_package.WorkRoot, name);
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        PackageFixture.CopyDirectory(ConsumerSources, target);
        var projectPath = Path.Combine(target, "Consumer.csproj");
        var project = XDocument.Load(projectPath);
        project.Root!.Elements("ItemGroup").Where(group => group.Elements("PackageReference").Any()).Remove();
        project.Save(projectPath);
        return target;
    }

    /// <summary>Runs the README line that starts with <paramref name="prefix"/>, with the clone's real path.</summary>
    private void RunReadmeCommand(string workingDirectory, string prefix)
    {
        var line = Readme.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(line is not null, "README has no line starting with '" + prefix + "'");
        var words = line!.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word.Replace(RepositoryPlaceholder, _package.RepositoryRoot, StringComparison.Ordinal))
            .ToArray();
        Assert.Equal("dotnet", words[0]);
        var result = ProcessRunner.Dotnet(workingDirectory, words[1..]);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    /// <summary><c>dotnet add package SecureBackend.Analyzers</c>, pinned to this run's version.</summary>
    private void AddPackageAsTheReadmeSays(string app)
    {
        Assert.Contains("dotnet add package SecureBackend.Analyzers", Readme, StringComparison.Ordinal);
        var add = ProcessRunner.Dotnet(app, "add", "package", "SecureBackend.Analyzers", "--version", _package.Version);
        Assert.True(add.ExitCode == 0, add.ToString());
    }

    /// <summary>Adds the README's <c>packageSource</c> mapping block to the consumer's existing mapping section.</summary>
    private void AddReadmeSourceMapping(string app)
    {
        var match = Regex.Match(Readme, "<packageSource key=\"securebackend\">.*?</packageSource>", RegexOptions.Singleline);
        Assert.True(match.Success, "README shows no packageSource block for the securebackend source");
        Assert.Contains("<package pattern=\"SecureBackend.*\" />", match.Value, StringComparison.Ordinal);

        var path = Path.Combine(app, "nuget.config");
        var config = File.ReadAllText(path);
        File.WriteAllText(path, config.Replace("</packageSourceMapping>", match.Value + "\n  </packageSourceMapping>", StringComparison.Ordinal));
    }

    /// <summary>The names of the package sources in effect for <paramref name="directory"/> (the machine's defaults).</summary>
    private static List<string> ExistingSourceNames(string directory)
    {
        var list = ProcessRunner.Dotnet(directory, "nuget", "list", "source");
        Assert.True(list.ExitCode == 0, list.ToString());
        return Regex.Matches(list.Output, @"^\s*\d+\.\s+(?<name>.+?)\s+\[Enabled\]\s*$", RegexOptions.Multiline)
            .Select(m => m.Groups["name"].Value)
            .ToList();
    }
}
