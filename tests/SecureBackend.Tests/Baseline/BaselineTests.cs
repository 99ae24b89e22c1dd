using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SecureBackend.Analyzers.Infrastructure.Baseline;
using SecureBackend.Tests.Infrastructure;
using Cat = SecureBackend.Tests.Infrastructure.Catalogue;

namespace SecureBackend.Tests.Baseline;

/// <summary>
/// The adoption baseline: the fingerprint survives line shifts and unrelated edits, the suppressor hides exactly the
/// listed findings (also when they are errors), and a file that cannot be read hides nothing and says why.
/// </summary>
public sealed class BaselineTests
{
    private const string ProjectDirectory = "/repo/app";

    private const string Checksums = """
        using System.Security.Cryptography;

        namespace App.Security;

        public static class Checksums
        {
            public static byte[] ForUpload(byte[] content) => MD5.HashData(content);

            public static byte[] ForLegacy(byte[] content) => SHA1.HashData(content);

            public static byte[] ForCacheKey(byte[] content) => SHA256.HashData(content);
        }
        """;

    [Fact]
    public async Task Fingerprint_SurvivesLineShiftsReindentationAndUnrelatedEdits()
    {
        var original = await FingerprintsAsync(Checksums);
        Assert.Equal(2, original.Count);

        var shifted = Checksums
            .Replace("namespace App.Security;", "// A new header comment.\n\nnamespace App.Security;", StringComparison.Ordinal)
            .Replace("    public static byte[] ForUpload(byte[] content) => MD5.HashData(content);", "        public static byte[] ForUpload(byte[] content)\n            => MD5.HashData(\n                content);", StringComparison.Ordinal)
            .Replace("SHA256.HashData(content)", "SHA512.HashData(content)", StringComparison.Ordinal);
        Assert.Equal(original, await FingerprintsAsync(shifted));
    }

    [Fact]
    public async Task Fingerprint_ChangesWhenTheFlaggedCodeChangesOrMovesToAnotherMember()
    {
        var original = await FingerprintsAsync(Checksums);

        var edited = await FingerprintsAsync(Checksums.Replace("MD5.HashData(content)", "MD5.HashData(content.AsSpan(1))", StringComparison.Ordinal));
        Assert.Single(original.Intersect(edited));

        var moved = await FingerprintsAsync(Checksums.Replace("ForUpload", "ForDownload", StringComparison.Ordinal));
        Assert.Single(original.Intersect(moved));
    }

    [Fact]
    public async Task Suppressor_HidesListedFindings_AndReportsNewOnes()
    {
        var compilation = Compile(Checksums);
        var all = await AnalyzeAsync(compilation, baseline: null);
        Assert.Equal(2, all.Length);
        var accepted = all.Single(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("MD5", StringComparison.Ordinal));

        var baseline = BaselineFor(accepted);
        var remaining = await AnalyzeAsync(compilation, baseline);

        var left = Assert.Single(remaining);
        Assert.Contains("SHA1", left.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suppressor_HidesListedFindings_RaisedToErrors()
    {
        var compilation = Compile(Checksums);
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("SB2001", ReportDiagnostic.Error)));
        var all = await AnalyzeAsync(compilation, baseline: null);
        Assert.All(all, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));

        var remaining = await AnalyzeAsync(compilation, BaselineFor(all));
        Assert.Empty(remaining);
    }

    [Fact]
    public async Task Suppressor_MatchesFilesRelativeToTheBaselineFolder()
    {
        var compilation = Compile(Checksums);
        var all = await AnalyzeAsync(compilation, baseline: null);
        var entries = all.Select(d => new BaselineEntry(d.Id, "Security/Checksums.cs", BaselineFingerprint.For(d, CancellationToken.None)!));

        var elsewhere = new InMemoryText("/repo/other/" + BaselineFile.FileName, BaselineFile.Create(entries).Serialize());
        Assert.Equal(2, (await AnalyzeAsync(compilation, elsewhere)).Length);

        var above = new InMemoryText("/repo/" + BaselineFile.FileName, BaselineFile.Create(entries).Serialize());
        Assert.Equal(2, (await AnalyzeAsync(compilation, above)).Length);

        var aboveWithPath = new InMemoryText(
            "/repo/" + BaselineFile.FileName,
            BaselineFile.Create(all.Select(d => new BaselineEntry(d.Id, "app/Security/Checksums.cs", BaselineFingerprint.For(d, CancellationToken.None)!))).Serialize());
        Assert.Empty(await AnalyzeAsync(compilation, aboveWithPath));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   \n", "empty")]
    [InlineData("{ \"findings\": [ { \"rule\": \"SB2001\" ", "not valid JSON")]
    [InlineData("[]", "no \"findings\" array")]
    [InlineData("{ \"version\": 1, \"findings\": [ { \"rule\": \"SB2001\", \"file\": \"a.cs\" } ] }", "lacks")]
    [InlineData("{ \"version\": 9, \"findings\": [] }", "newer")]
    public async Task UnreadableBaseline_HidesNothing_AndSaysWhy(string text, string reason)
    {
        Assert.False(BaselineFile.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);

        var compilation = Compile(Checksums);
        Assert.Equal(2, (await AnalyzeAsync(compilation, new InMemoryText(ProjectDirectory + "/" + BaselineFile.FileName, text))).Length);
    }

    [Fact]
    public void Serialize_RoundTrips_SortedAndStable()
    {
        var entries = new[]
        {
            new BaselineEntry("SB2001", "Security/Z.cs", "00000000000000ff"),
            new BaselineEntry("SB1001", "Data/\"quoted\" name.cs", "0123456789abcdef"),
            new BaselineEntry("SB1001", "Data/A.cs", "fedcba9876543210"),
        };
        var text = BaselineFile.Create(entries).Serialize();

        Assert.True(BaselineFile.TryParse(text, out var parsed, out var error), error);
        Assert.Equal(entries.OrderBy(e => e.File, StringComparer.Ordinal), parsed.Entries.OrderBy(e => e.File, StringComparer.Ordinal));
        Assert.Equal(text, BaselineFile.Create(entries.Reverse()).Serialize());
        Assert.True(text.IndexOf("Data/A.cs", StringComparison.Ordinal) < text.IndexOf("Security/Z.cs", StringComparison.Ordinal));
        Assert.True(BaselineFile.TryParse(BaselineFile.Create([]).Serialize(), out var empty, out _));
        Assert.Equal(0, empty.Count);
    }

    [Fact]
    public void Suppressor_CoversEveryRule()
    {
        Assert.Equal(Cat.RuleIdentifiers.Order(StringComparer.Ordinal), BaselineSuppressor.RuleIdentifiers.Order(StringComparer.Ordinal));
        var suppressor = new BaselineSuppressor();
        Assert.Equal(
            Cat.RuleIdentifiers.Order(StringComparer.Ordinal),
            suppressor.SupportedSuppressions.Select(s => s.SuppressedDiagnosticId).Order(StringComparer.Ordinal));
    }

    private static CSharpCompilation Compile(string source)
        => CSharpCompilation.Create(
            "Baseline",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), ProjectDirectory + "/Security/Checksums.cs")],
            TestReferences.Framework,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static async Task<HashSet<string>> FingerprintsAsync(string source)
    {
        var diagnostics = await AnalyzeAsync(Compile(source), baseline: null);
        return diagnostics.Select(d => BaselineFingerprint.For(d, CancellationToken.None)!).ToHashSet(StringComparer.Ordinal);
    }

    private static InMemoryText BaselineFor(params Diagnostic[] accepted)
        => new(
            ProjectDirectory + "/" + BaselineFile.FileName,
            BaselineFile.Create(accepted.Select(d => new BaselineEntry(d.Id, "Security/Checksums.cs", BaselineFingerprint.For(d, CancellationToken.None)!))).Serialize());

    private static async Task<Diagnostic[]> AnalyzeAsync(Compilation compilation, AdditionalText? baseline)
    {
        var analyzers = Cat.Analyzers.Add(new BaselineSuppressor());
        var options = new AnalyzerOptions(baseline is null ? ImmutableArray<AdditionalText>.Empty : [baseline]);
        var run = await AnalyzerRunner.RunAsync(compilation, analyzers, options);
        Assert.Empty(run.Failures);
        return run.Reported.Where(d => !d.IsSuppressed).OrderBy(d => d.Location.SourceSpan.Start).ToArray();
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
