using System;
using System.Collections.Generic;
using System.Composition;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SecureBackend.Analyzers;
using SecureBackend.Tests.Infrastructure;
using Cat = SecureBackend.Tests.Infrastructure.Catalogue;

namespace SecureBackend.Tests.Catalogue;

/// <summary>
/// Guards the rule catalogue: every descriptor is well-formed, reported by an analyzer, documented, listed in the
/// README and the release-tracking files (see ReleaseTrackingTests), enforced by the preset, and covered by must-flag
/// and must-not-flag tests.
/// </summary>
public sealed class CatalogueTests
{
    private static readonly string[] RequiredDocSections =
    {
        "## What it finds",
        "## Why it is dangerous",
        "## Flagged example",
        "## Fixed form",
        "## How the fix behaves",
        "## Configure or suppress",
    };

    public static IEnumerable<object[]> RuleIds() => Cat.RuleIdData();

    [Fact]
    public void Catalogue_IsNotEmpty()
    {
        Assert.NotEmpty(Cat.Descriptors);
        Assert.NotEmpty(Cat.Analyzers);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Descriptor_IsWellFormed(string id)
    {
        foreach (var descriptor in Cat.Descriptors.Where(d => d.Id == id))
        {
            Assert.Matches(new Regex("^SB[1-5][0-9]{3}$"), descriptor.Id);
            Assert.Equal("Security", descriptor.Category);
            Assert.Equal(HelpLinks.For(id), descriptor.HelpLinkUri);
            Assert.EndsWith("/docs/rules/" + id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);

            var title = descriptor.Title.ToString();
            var message = descriptor.MessageFormat.ToString();
            Assert.False(string.IsNullOrWhiteSpace(title));
            Assert.False(title.EndsWith(".", StringComparison.Ordinal), "title ends with a period");
            Assert.False(string.IsNullOrWhiteSpace(message));
            Assert.False(message.EndsWith(".", StringComparison.Ordinal), "message ends with a period");
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()), "description is empty");
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Descriptor_IsReportedByAnAnalyzer(string id)
        => Assert.Contains(Cat.Analyzers, a => a.SupportedDiagnostics.Any(d => d.Id == id));

    [Fact]
    public void Analyzers_ReportOnlyCatalogueDescriptors()
    {
        foreach (var analyzer in Cat.Analyzers)
        {
            foreach (var descriptor in analyzer.SupportedDiagnostics)
            {
                Assert.Contains(descriptor, Cat.Descriptors);
            }
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Descriptor_HasDocPage(string id)
    {
        var path = Path.Combine(Cat.RepositoryRoot, "docs", "rules", id + ".md");
        Assert.True(File.Exists(path), "missing " + path);
        var text = File.ReadAllText(path);
        var descriptor = Cat.Descriptors.First(d => d.Id == id);
        Assert.StartsWith("# " + id + ": " + descriptor.Title, text, StringComparison.Ordinal);
        var position = 0;
        foreach (var section in RequiredDocSections)
        {
            var index = text.IndexOf("\n" + section, position, StringComparison.Ordinal);
            Assert.True(index >= 0, id + ".md lacks section '" + section + "' (in this order)");
            position = index + 1;
        }

        Assert.Contains("dotnet_diagnostic." + id + ".severity", text, StringComparison.Ordinal);
        Assert.Contains("```csharp", text, StringComparison.Ordinal);
        var codeFixRow = Cat.HasCodeFix(id) ? "| Code fix | Yes" : "| Code fix | No";
        Assert.Contains(codeFixRow, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_RulesTable_IsUpToDate()
    {
        var path = Path.Combine(Cat.RepositoryRoot, "README.md");
        var readme = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var updated = RulesTable.Replace(readme);
        Assert.True(updated is not null, "README.md lacks the rules table markers");
        if (updated != readme && Environment.GetEnvironmentVariable("SECUREBACKEND_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, updated);
            return;
        }

        Assert.Equal(updated, readme);
    }

    [Fact]
    public void Readme_SetUpCommands_AreTheSampleBuildAndWhatCiRuns()
    {
        var readme = Cat.ReadRepositoryFile("README.md").Replace("\r\n", "\n", StringComparison.Ordinal);
        var ci = Cat.ReadRepositoryFile(".ci", "run").Replace("\r\n", "\n", StringComparison.Ordinal);
        var ciCommand = ci.Split('\n').Last(l => l.StartsWith("dotnet ", StringComparison.Ordinal)).Trim();

        var setUp = readme.Substring(readme.IndexOf("## Set-up", StringComparison.Ordinal));
        var block = setUp.Substring(setUp.IndexOf("```bash\n", StringComparison.Ordinal) + 8);
        var commands = block.Substring(0, block.IndexOf("```", StringComparison.Ordinal)).Trim().Split('\n');

        Assert.Equal(2, commands.Length);
        Assert.Equal("dotnet build samples/VulnerableShop", commands[0].Trim());
        Assert.Equal(ciCommand, commands[1].Trim());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Descriptor_IsRaisedToErrorByTheEnforcePreset(string id)
    {
        var preset = Cat.ReadRepositoryFile("src", "SecureBackend.CodeFixes", "build", "SecureBackend.Enforce.globalconfig");
        Assert.Contains("dotnet_diagnostic." + id + ".severity = error", preset, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Descriptor_HasFlagAndDoesNotFlagTests(string id)
    {
        var classes = typeof(CatalogueTests).Assembly.GetTypes()
            .Where(t => t.Name.StartsWith(id + "_", StringComparison.Ordinal) && t.Name.EndsWith("Tests", StringComparison.Ordinal))
            .ToList();
        Assert.True(classes.Count > 0, "no test class named " + id + "_…Tests");
        var tests = classes
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<FactAttribute>().Any())
            .Select(m => m.Name)
            .ToList();
        Assert.Contains(tests, n => n.StartsWith("Flags_", StringComparison.Ordinal));
        Assert.Contains(tests, n => n.StartsWith("DoesNotFlag_", StringComparison.Ordinal));
    }

    [Fact]
    public void CodeFixes_AreExportedSharedAndSupportFixAll()
    {
        foreach (var fixer in Cat.CodeFixes)
        {
            var type = fixer.GetType();
            var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.True(export is not null, type.Name + " lacks [ExportCodeFixProvider]");
            Assert.Contains(LanguageNames.CSharp, export!.Languages);
            Assert.True(type.GetCustomAttribute<SharedAttribute>() is not null, type.Name + " lacks [Shared]");
            Assert.NotNull(fixer.GetFixAllProvider());
            Assert.NotEmpty(fixer.FixableDiagnosticIds);
            foreach (var id in fixer.FixableDiagnosticIds)
            {
                Assert.Contains(id, Cat.RuleIdentifiers);
            }
        }
    }

    [Fact]
    public void Analyzers_AreCSharpOnly()
    {
        foreach (var analyzer in Cat.Analyzers)
        {
            var attribute = analyzer.GetType().GetCustomAttribute<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzerAttribute>()!;
            Assert.Equal(new[] { LanguageNames.CSharp }, attribute.Languages);
        }
    }
}
