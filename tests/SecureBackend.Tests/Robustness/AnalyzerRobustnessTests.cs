using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureBackend.Benchmarks.Corpus;
using SecureBackend.Tests.Infrastructure;
using Cat = SecureBackend.Tests.Infrastructure.Catalogue;

namespace SecureBackend.Tests.Robustness;

/// <summary>
/// Every analyzer, with concurrent execution on, over code nobody writes on purpose: incomplete code (every test
/// source and sample file cut off at many points), random token soup, empty files, a 20,000-line file, unresolved types
/// and missing references, and generated code. No analyzer may throw (no exception, no AD0001); where the libraries
/// are referenced every analyzer must actually have run on the input.
/// </summary>
public sealed class AnalyzerRobustnessTests
{
    private static ImmutableArray<DiagnosticAnalyzer> Analyzers => Cat.Analyzers;

    [Fact]
    public void Corpus_FindsTheSuitesTestSourcesAndSamples()
    {
        var sources = RobustnessCorpus.TestSources;
        Assert.Contains(sources, s => s.Name.StartsWith("tests/SecureBackend.Tests/Infrastructure/TestReferencesTests.cs", System.StringComparison.Ordinal));
        Assert.Contains(sources, s => s.Name == "samples/VulnerableShop/Program.cs");
        Assert.All(sources, s => Assert.DoesNotContain("[|", s.Text, System.StringComparison.Ordinal));
        Assert.All(sources, s => Assert.True(RobustnessCorpus.Cuts(s.Text).Count() >= 20, s.Name + " has fewer than 20 cut points"));
    }

    [Fact]
    public async Task TestSources_CutOffAtManyPoints_NeverThrow()
    {
        // Each source's cut variants share one compilation (one file per variant): incomplete code is what matters here,
        // and one compilation per source keeps the suite fast as the rule tests grow.
        var inputs = RobustnessCorpus.TestSources.Select(source => new CompilationInput(
            source.Name,
            RobustnessCorpus.Cuts(source.Text)
                .Select((text, i) => new SourceInput(source.Name + " cut " + i, Path.ChangeExtension(source.Path, null) + ".cut" + i + ".cs", text))
                .ToImmutableArray()));
        var compilations = await RobustnessCheck.RunAsync(inputs, SampleWorkspace.References, Analyzers, requireEveryAnalyzerActive: true);
        Assert.Equal(RobustnessCorpus.TestSources.Length, compilations);
    }

    [Fact]
    public async Task TokenSoup_NeverThrows()
    {
        // Per seed: free-standing soup, soup as a method body, soup in a controller action (one compilation each seed).
        var inputs = Enumerable.Range(1, 12).Select(seed => new CompilationInput("token soup, seed " + seed, ImmutableArray.Create(
            new SourceInput("soup " + seed, "/soup/Soup" + seed + ".cs", RobustnessCorpus.TokenSoup(seed, 1_500)),
            new SourceInput("soup in a method " + seed, "/soup/Method" + seed + ".cs", "class C { async void M(string name, string password) {\n" + RobustnessCorpus.TokenSoup(seed + 100, 600) + "\n} }"),
            new SourceInput("soup in a controller " + seed, "/soup/Controller" + seed + ".cs", "using Microsoft.AspNetCore.Mvc; using Microsoft.Data.SqlClient; using System.Security.Cryptography;\npublic class HomeController : Controller { [HttpPost] public IActionResult Save(string returnUrl, string sql) {\n" + RobustnessCorpus.TokenSoup(seed + 200, 600) + "\n} }"))));
        await RobustnessCheck.RunAsync(inputs, SampleWorkspace.References, Analyzers, requireEveryAnalyzerActive: true);
    }

    [Fact]
    public async Task EmptyAndTrivialFiles_NeverThrow()
    {
        var sources = new[]
        {
            new SourceInput("empty file", "/empty/Empty.cs", string.Empty),
            new SourceInput("whitespace only", "/empty/Whitespace.cs", " \r\n\t\n   "),
            new SourceInput("comment only", "/empty/Comment.cs", "// nothing here\n/* still nothing */"),
            new SourceInput("usings only", "/empty/Usings.cs", "using System;\nusing Microsoft.AspNetCore.Builder;\n"),
            new SourceInput("single brace", "/empty/Brace.cs", "{"),
            new SourceInput("empty top-level program", "/empty/Program.cs", "var builder = WebApplication.CreateBuilder(args);"),
        };
        await RobustnessCheck.RunAsync(RobustnessCheck.Singly(sources), SampleWorkspace.References, Analyzers, requireEveryAnalyzerActive: true);
        var together = new CompilationInput("all trivial files together", sources.Take(4).ToImmutableArray());
        await RobustnessCheck.RunAsync(new[] { together }, SampleWorkspace.References, Analyzers, requireEveryAnalyzerActive: true);
    }

    [Fact]
    public async Task TwentyThousandLineFile_NeverThrows()
    {
        var text = RobustnessCorpus.HugeFile();
        Assert.True(text.Count(c => c == '\n') >= 20_000);
        var input = new CompilationInput("20,000-line file", ImmutableArray.Create(new SourceInput("huge", "/huge/Everything.cs", text)));
        await RobustnessCheck.RunAsync(new[] { input }, SampleWorkspace.References, Analyzers, requireEveryAnalyzerActive: true);
    }

    [Fact]
    public async Task UnresolvedTypesAndMissingReferences_NeverThrow()
    {
        var generated = WebAppGenerator.Generate(3_000);
        var files = generated.Files.Select(f => new SourceInput(f.Path, "/app/" + f.Path, f.Text)).ToImmutableArray();
        var samples = RobustnessCorpus.TestSources.Where(s => s.Name.StartsWith("samples/", System.StringComparison.Ordinal)).ToImmutableArray();
        var unresolved = new SourceInput("unresolved types", "/app/Unresolved.cs", """
            using Microsoft.AspNetCore.Mvc;
            public class LegacyController : Controller
            {
                private readonly UnknownDbContext _db = new();
                [HttpPost]
                public IActionResult Search(string term, string returnUrl)
                {
                    var rows = _db.Products.FromSqlRaw("select * from Products where Name = '" + term + "'").ToList();
                    using var command = new MissingCommand("select 1 from T where x = " + term, new MissingConnection());
                    var hash = UnknownHasher.Hash(term);
                    Response.Cookies.Append("id", term, new UnknownCookieOptions { Secure = false });
                    return Redirect(returnUrl + Unknown.Suffix);
                }
            }
            """);

        // The framework only (no data-access, crypto-token or JSON packages), ASP.NET Core without the libraries, the
        // libraries without the framework, and no references at all.
        var framework = TestReferences.Framework;
        var netCoreOnly = framework.Where(r => r.Display is { } d && !d.Contains("microsoft.aspnetcore.app.ref", System.StringComparison.OrdinalIgnoreCase)).ToImmutableArray();
        var librariesOnly = TestReferences.Libraries;
        foreach (var references in new[] { framework, netCoreOnly, librariesOnly, ImmutableArray<MetadataReference>.Empty })
        {
            var inputs = new[]
            {
                new CompilationInput("generated app", files),
                new CompilationInput("samples", samples),
                new CompilationInput("unresolved types", ImmutableArray.Create(unresolved)),
            };
            await RobustnessCheck.RunAsync(inputs, references, Analyzers, requireEveryAnalyzerActive: false);
        }

        // With every reference present the unresolved-types file still runs every analyzer.
        await RobustnessCheck.RunAsync(new[] { new CompilationInput("unresolved types, full references", ImmutableArray.Create(unresolved)) }, SampleWorkspace.References, Analyzers, requireEveryAnalyzerActive: true);
    }

    [Fact]
    public async Task GeneratedCode_NeverThrowsAndIsNotReported()
    {
        var generated = RobustnessCorpus.GeneratedCode();
        await RobustnessCheck.RunAsync(
            RobustnessCheck.Singly(generated),
            SampleWorkspace.References,
            Analyzers,
            requireEveryAnalyzerActive: true,
            extraChecks: (_, run) => run.Reported.Select(d => "reported in generated code: " + d));
    }

    [Fact]
    public async Task GeneratedCode_FindingsOfHandWrittenCodeAreNotReportedInGeneratedFiles()
    {
        // The generated half of a partial controller carries the opt-out; the hand-written half carries the action.
        var generated = new SourceInput("generated half", "/app/obj/OrdersController.g.cs", """
            // <auto-generated/>
            namespace Shop;

            [global::Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
            public partial class OrdersController : global::Microsoft.AspNetCore.Mvc.Controller
            {
            }
            """);
        var handWritten = new SourceInput("hand-written half", "/app/Controllers/OrdersController.cs", """
            using Microsoft.AspNetCore.Mvc;

            namespace Shop;

            public partial class OrdersController
            {
                [HttpPost]
                public IActionResult Cancel(int id) => Ok();
            }
            """);
        var hiddenLines = new SourceInput("#line hidden", "/app/Views/Home.cs", """
            namespace Shop;

            public static class Checksums
            {
                public static byte[] Of(byte[] data)
                {
            #line hidden
                    return global::System.Security.Cryptography.MD5.HashData(data);
            #line default
                }
            }
            """);
        var inputs = new[] { new CompilationInput("partial controller", ImmutableArray.Create(generated, handWritten, hiddenLines)) };
        await RobustnessCheck.RunAsync(
            inputs,
            SampleWorkspace.References,
            Analyzers,
            requireEveryAnalyzerActive: false,
            extraChecks: (_, run) => run.Reported
                .Where(d => d.Location.SourceTree?.FilePath == generated.Path || d.Location.GetLineSpan().Path == hiddenLines.Path)
                .Select(d => "reported in generated or hidden code: " + d));
    }
}
