using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Cat = SecureBackend.Tests.Infrastructure.Catalogue;

namespace SecureBackend.Tests.Catalogue;

/// <summary>
/// The release-tracking files (AnalyzerReleases.Shipped.md, then AnalyzerReleases.Unshipped.md) against the descriptors,
/// with the guarantees of RS2000–RS2008: every rule is listed, with the category and severity it has now, and nothing
/// is listed that the catalogue does not define. The analyzers see the IDs and severities passed to <c>Rules.Create</c>
/// but not the category the factory fills in, so these tests are what keeps the whole row honest. They also check that
/// every descriptor is built by the factory, so nothing escapes them.
/// </summary>
public sealed class ReleaseTrackingTests
{
    private static readonly Regex SectionHeading = new(@"^###\s+(New|Removed|Changed)\s+Rules\s*$", RegexOptions.Compiled);

    public static IEnumerable<object[]> RuleIds() => Cat.RuleIdData();

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Descriptor_IsTrackedWithItsCategoryAndSeverity(string id)
    {
        var tracked = TrackedRules();
        Assert.True(tracked.TryGetValue(id, out var row), id + " is in no release-tracking file (add a row under '### New Rules' in AnalyzerReleases.Unshipped.md)");
        foreach (var descriptor in Cat.Descriptors.Where(d => d.Id == id))
        {
            Assert.True(descriptor.Category == row.Category, $"{id}: category '{descriptor.Category}' in the descriptor, '{row.Category}' in release tracking");
            Assert.True(SeverityColumn(descriptor) == row.Severity, $"{id}: severity '{SeverityColumn(descriptor)}' in the descriptor, '{row.Severity}' in release tracking (add a '### Changed Rules' row)");
        }
    }

    [Fact]
    public void ReleaseTracking_ListsOnlyDefinedRules()
    {
        var undefined = TrackedRules().Keys.Where(id => !Cat.RuleIdentifiers.Contains(id)).ToList();
        Assert.True(undefined.Count == 0, "tracked but not defined (move them to '### Removed Rules'): " + string.Join(", ", undefined));
    }

    [Fact]
    public void ReleaseTracking_ReadsEveryRowOfBothFiles()
    {
        // Guards the parser: a row it cannot read would silently drop out of the two tests above.
        foreach (var file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
        {
            foreach (var line in Lines(file))
            {
                if (line.StartsWith("SB", StringComparison.Ordinal))
                {
                    Assert.True(ParseRow(line) is not null, file + ": unreadable row '" + line + "'");
                }
            }
        }

        Assert.NotEmpty(TrackedRules());
    }

    [Fact]
    public void Descriptors_AreAllBuiltByTheFactory()
    {
        var directory = Path.Combine(Cat.RepositoryRoot, "src", "SecureBackend.Analyzers");
        var direct = new Regex(@"DiagnosticDescriptor\s+\w+\s*=\s*new\b|new\s+DiagnosticDescriptor\s*\(", RegexOptions.Compiled);
        var problems = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories))
        {
            if (path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || path.EndsWith(Path.DirectorySeparatorChar + "Rules.cs", StringComparison.Ordinal))
            {
                continue;
            }

            if (direct.IsMatch(File.ReadAllText(path)))
            {
                problems.Add(Path.GetFileName(path));
            }
        }

        Assert.True(problems.Count == 0, "descriptors built without Rules.Create: " + string.Join(", ", problems));
    }

    [Fact]
    public void Factory_FillsWhatNeverVaries()
    {
        foreach (var descriptor in Cat.Descriptors)
        {
            Assert.Equal(SecureBackend.Analyzers.Rules.Category, descriptor.Category);
            Assert.True(descriptor.IsEnabledByDefault, descriptor.Id + " is not enabled by default");
            Assert.Equal(SecureBackend.Analyzers.HelpLinks.For(descriptor.Id), descriptor.HelpLinkUri);
            Assert.All(descriptor.CustomTags, tag => Assert.Equal(WellKnownDiagnosticTags.CompilationEnd, tag));
        }
    }

    private static string SeverityColumn(DiagnosticDescriptor descriptor)
        => descriptor.IsEnabledByDefault ? descriptor.DefaultSeverity.ToString() : "Disabled";

    /// <summary>The state after replaying every release of Shipped.md in order, then Unshipped.md.</summary>
    private static Dictionary<string, (string Category, string Severity)> TrackedRules()
    {
        var rules = new Dictionary<string, (string Category, string Severity)>(StringComparer.Ordinal);
        foreach (var file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
        {
            var section = "";
            foreach (var line in Lines(file))
            {
                var heading = SectionHeading.Match(line);
                if (heading.Success)
                {
                    section = heading.Groups[1].Value;
                    continue;
                }

                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    section = "";
                    continue;
                }

                var cells = ParseRow(line);
                if (cells is null)
                {
                    continue;
                }

                switch (section)
                {
                    case "New":
                    case "Changed":
                        // New: ID | Category | Severity | Notes; Changed: ID | New Category | New Severity | Old … | Notes.
                        rules[cells[0]] = (cells[1], cells[2]);
                        break;
                    case "Removed":
                        rules.Remove(cells[0]);
                        break;
                    default:
                        throw new InvalidOperationException(file + ": row outside a New/Removed/Changed Rules table: " + line);
                }
            }
        }

        return rules;
    }

    private static string[]? ParseRow(string line)
    {
        if (!Regex.IsMatch(line, @"^SB\d{4}\s*\|"))
        {
            return null;
        }

        var cells = line.Split('|').Select(c => c.Trim()).ToArray();
        return cells.Length >= 4 && cells[1].Length > 0 && cells[2].Length > 0 ? cells : null;
    }

    private static IEnumerable<string> Lines(string file)
        => Cat.ReadRepositoryFile("src", "SecureBackend.Analyzers", file)
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split('\n')
            .Select(l => l.Trim());
}
