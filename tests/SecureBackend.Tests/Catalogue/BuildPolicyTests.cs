using System;
using System.IO;
using System.Linq;
using Cat = SecureBackend.Tests.Infrastructure.Catalogue;

namespace SecureBackend.Tests.Catalogue;

/// <summary>
/// Rule IDs that are build policies rather than analyzer diagnostics: SB5008, the dependency audit, whose findings are
/// NuGet's restore warnings. They have no descriptor (so none of the descriptor checks apply), but a doc page, a row in
/// the README, and the package's build file that carries them out.
/// </summary>
public sealed class BuildPolicyTests
{
    private static readonly string[] BuildPolicies = { "SB5008" };

    [Fact]
    public void BuildPolicies_HaveNoDescriptor_AndAreDocumentedAndListed()
    {
        var readme = Cat.ReadRepositoryFile("README.md");
        foreach (var id in BuildPolicies)
        {
            Assert.DoesNotContain(id, Cat.RuleIdentifiers);
            var page = Cat.ReadRepositoryFile("docs", "rules", id + ".md");
            Assert.StartsWith("# " + id + ": ", page, StringComparison.Ordinal);
            Assert.Contains("| Kind | Build policy", page, StringComparison.Ordinal);
            Assert.Contains("## Configure or suppress", page, StringComparison.Ordinal);
            Assert.Contains("| [" + id + "](docs/rules/" + id + ".md) |", readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DocPages_AreRulesOrBuildPolicies()
    {
        var pages = Directory.EnumerateFiles(Path.Combine(Cat.RepositoryRoot, "docs", "rules"), "SB*.md")
            .Select(path => Path.GetFileNameWithoutExtension(path)!);
        foreach (var id in pages)
        {
            Assert.True(Cat.RuleIdentifiers.Contains(id) || BuildPolicies.Contains(id), "docs/rules/" + id + ".md documents neither a descriptor nor a build policy");
        }
    }

    [Fact]
    public void DependencyAudit_EnforcePresetRaisesHighAndCriticalAdvisories_AndIsPacked()
    {
        var targets = Cat.ReadRepositoryFile("src", "SecureBackend.CodeFixes", "build", "SecureBackend.Analyzers.targets");
        Assert.Contains("'$(SecureBackendEnforce)' == 'true'", targets, StringComparison.Ordinal);
        Assert.Contains("<MSBuildWarningsAsErrors>$(MSBuildWarningsAsErrors);NU1903;NU1904</MSBuildWarningsAsErrors>", targets, StringComparison.Ordinal);

        var project = Cat.ReadRepositoryFile("src", "SecureBackend.CodeFixes", "SecureBackend.CodeFixes.csproj");
        Assert.Contains("PackagePath=\"build\\SecureBackend.Analyzers.targets\"", project, StringComparison.Ordinal);
    }
}
