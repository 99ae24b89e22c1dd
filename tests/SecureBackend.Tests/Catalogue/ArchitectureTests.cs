using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Cat = SecureBackend.Tests.Infrastructure.Catalogue;

namespace SecureBackend.Tests.Catalogue;

/// <summary>
/// The rooms of the two product assemblies and what each may use (docs/ARCHITECTURE.md): a family uses its own
/// namespace, Infrastructure and the catalogue (<c>Rules</c>, <c>RuleIds</c>); Infrastructure uses no family; the
/// analyzers never use the code fixes; and every file declares the namespace of the folder it lives in.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Regex ProductNamespace = new(@"\bSecureBackend\.(Analyzers|CodeFixes)\.([A-Za-z]+)", RegexOptions.Compiled);

    private static readonly Regex NamespaceDeclaration = new(@"^\s*namespace\s+([\w.]+)", RegexOptions.Compiled | RegexOptions.Multiline);

    public static TheoryData<string> Assemblies => new() { "SecureBackend.Analyzers", "SecureBackend.CodeFixes" };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Families_UseNoOtherFamily_AndInfrastructureUsesNoFamily(string assembly)
    {
        var problems = new List<string>();
        foreach (var (path, room, text) in SourceFiles(assembly))
        {
            foreach (Match match in ProductNamespace.Matches(text))
            {
                var used = match.Groups[2].Value;
                if (!IsFamily(used) || used == room)
                {
                    continue;
                }

                problems.Add($"{path}: {(room == "Infrastructure" ? "Infrastructure" : "family " + room)} uses {match.Value}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Distinct()));
    }

    [Fact]
    public void Analyzers_NeverUseTheCodeFixes()
    {
        var problems = SourceFiles("SecureBackend.Analyzers")
            .Where(f => f.Text.Contains("SecureBackend.CodeFixes", StringComparison.Ordinal))
            .Select(f => f.Path)
            .ToList();
        Assert.True(problems.Count == 0, "Analyzer files that use the code fixes: " + string.Join(", ", problems));
    }

    [Fact]
    public void AnalyzerAssembly_ReferencesTheCompilerOnly_AtRoslyn48()
    {
        // The secure-backend tool loads projects with Workspaces and MSBuild; the analyzers must stay loadable in every
        // compiler host, so they reference neither, and only the Roslyn 4.8 compiler API.
        var references = typeof(SecureBackend.Analyzers.RuleIds).Assembly.GetReferencedAssemblies();
        Assert.DoesNotContain(references, r => r.Name!.Contains("Workspaces", StringComparison.Ordinal) || r.Name.StartsWith("Microsoft.Build", StringComparison.Ordinal));
        var compiler = Assert.Single(references, r => r.Name == "Microsoft.CodeAnalysis");
        Assert.Equal(new Version(4, 8, 0, 0), compiler.Version);
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Files_DeclareTheNamespaceOfTheirFolder(string assembly)
    {
        var problems = new List<string>();
        foreach (var (path, _, text) in SourceFiles(assembly))
        {
            var folder = Path.GetDirectoryName(path)!.Replace(Path.DirectorySeparatorChar, '.');
            var expected = folder.Length == 0 ? assembly : assembly + "." + folder;
            foreach (Match match in NamespaceDeclaration.Matches(text))
            {
                if (match.Groups[1].Value != expected)
                {
                    problems.Add($"{path}: namespace {match.Groups[1].Value}, expected {expected}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Check_FindsACrossFamilyUse()
    {
        // The check itself: a family name in another family's file is found, a use of Infrastructure is not.
        Assert.True(IsFamily("Crypto"));
        Assert.False(IsFamily("Infrastructure"));
        var matches = ProductNamespace.Matches("using SecureBackend.Analyzers.Crypto; using SecureBackend.Analyzers.Infrastructure.Flow;");
        Assert.Equal(new[] { "Crypto", "Infrastructure" }, matches.Select(m => m.Groups[2].Value));
    }

    private static bool IsFamily(string name) => Families.Contains(name);

    private static readonly HashSet<string> Families = new(
        Directory.EnumerateDirectories(Path.Combine(Cat.RepositoryRoot, "src", "SecureBackend.Analyzers"))
            .Select(Path.GetFileName)
            .Where(n => n is not null && n != "Infrastructure" && n != "bin" && n != "obj" && !n.StartsWith('.'))!,
        StringComparer.Ordinal);

    /// <summary>Each source file of <paramref name="assembly"/>: its path below the project, its room and its text.</summary>
    private static IEnumerable<(string Path, string Room, string Text)> SourceFiles(string assembly)
    {
        var root = Path.Combine(Cat.RepositoryRoot, "src", assembly);
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            var first = relative.Split(Path.DirectorySeparatorChar)[0];
            if (first is "bin" or "obj")
            {
                continue;
            }

            var room = relative.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ? first : "(catalogue)";
            yield return (relative, room, File.ReadAllText(file));
        }
    }
}
