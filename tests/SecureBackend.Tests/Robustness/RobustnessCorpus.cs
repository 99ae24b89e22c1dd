using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using SecureBackend.Benchmarks.Corpus;
using SecureBackend.Tests.Infrastructure;
using Cat = SecureBackend.Tests.Infrastructure.Catalogue;

namespace SecureBackend.Tests.Robustness;

/// <summary>One C# source to analyze, named for failure messages.</summary>
public sealed record SourceInput(string Name, string Path, string Text);

/// <summary>
/// Inputs for the robustness tests. Test sources are found by scanning this test project's files for C# string
/// literals marked <c>/* lang=c#-test */</c> (the house habit, STYLE.md §6), so sources added by any rule's tests are
/// picked up without registering them; the samples' files are added too.
/// </summary>
public static class RobustnessCorpus
{
    public const int CutPointsPerSource = 24;

    private static readonly Lazy<ImmutableArray<SourceInput>> LazyTestSources = new(FindTestSources);

    /// <summary>Every marked test source of the suite (markup removed) and every .cs file of the samples.</summary>
    public static ImmutableArray<SourceInput> TestSources => LazyTestSources.Value;

    /// <summary>
    /// <paramref name="source"/> cut off at <see cref="CutPointsPerSource"/> points: half spread evenly over the
    /// characters (mid-token cuts, as while typing), half at the ends of evenly spread tokens.
    /// </summary>
    public static IEnumerable<string> Cuts(string source)
    {
        var points = new SortedSet<int>();
        var half = CutPointsPerSource / 2;
        for (var i = 1; i <= half; i++)
        {
            points.Add((int)((long)source.Length * i / (half + 1)));
        }

        var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
        for (var i = 1; i <= half && tokens.Count > 0; i++)
        {
            points.Add(tokens[(int)((long)(tokens.Count - 1) * i / (half + 1))].Span.End);
        }

        // Top up to the full count when short sources make points coincide.
        for (var p = 1; points.Count < CutPointsPerSource && p < source.Length; p += Math.Max(1, source.Length / (CutPointsPerSource * 2)))
        {
            points.Add(p);
        }

        return points.Where(p => p > 0 && p < source.Length).Select(p => source[..p]);
    }

    /// <summary>Seeded random sequences of C# tokens, heavy on the APIs the rules look at.</summary>
    public static string TokenSoup(int seed, int tokenCount)
    {
        string[] vocabulary =
        {
            "class", "struct", "record", "interface", "namespace", "using", "public", "private", "static", "async", "await", "var",
            "new", "return", "if", "else", "for", "foreach", "while", "switch", "case", "=>", "{", "}", "(", ")", "[", "]", ";", ",",
            ".", "=", "==", "!=", "+", "+=", "?", "??", ":", "<", ">", "!", "&&", "||", "@", "$\"", "\"", "'", "/*", "*/", "//", "#if",
            "#endif", "\n", "x", "sql", "name", "password", "token", "returnUrl", "app", "builder", "options", "policy", "cookie",
            "SqlCommand", "SqlConnection", "CommandText", "FromSqlRaw", "ExecuteSqlRaw", "Query", "Execute", "Dapper", "DbContext",
            "MD5", "SHA1", "SHA256", "HashData", "ComputeHash", "Rfc2898DeriveBytes", "Random", "Next", "RandomNumberGenerator",
            "TokenValidationParameters", "ValidateLifetime", "false", "true", "null", "Controller", "HttpPost", "ValidateAntiForgeryToken",
            "IgnoreAntiforgeryToken", "IActionResult", "Redirect", "LocalRedirect", "Url.IsLocalUrl", "CookieOptions", "Secure",
            "Response.Cookies.Append", "AllowAnyOrigin", "AllowCredentials", "WithOrigins", "SetIsOriginAllowed", "WebApplication",
            "CreateBuilder", "Build", "UseHttpsRedirection", "UseHsts", "ServerCertificateCustomValidationCallback",
            "SslProtocols.Tls", "SecurityProtocolType.Ssl3", "\"http://example.net\"", "new Uri", "HttpClient", "GetStringAsync",
            "\"select * from T where a = '\"", "{name}", "string.Format", "StringBuilder", "Append", "nameof", "const", "0", "42", "1.5m",
        };
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var i = 0; i < tokenCount; i++)
        {
            text.Append(vocabulary[random.Next(vocabulary.Length)]).Append(random.Next(4) == 0 ? "\n" : " ");
        }

        return text.ToString();
    }

    /// <summary>One ~20,000-line file: the benchmark's generated ASP.NET Core code merged into a single compilation unit.</summary>
    public static string HugeFile()
    {
        for (var target = 20_000; ; target += 2_000)
        {
            var text = WebAppGenerator.Generate(target).ToSingleFile();
            if (text.Count(c => c == '\n') >= 20_000)
            {
                return text;
            }
        }
    }

    /// <summary>Code as the Razor source generator and other tools emit it, full of the anti-patterns the rules find.</summary>
    public static ImmutableArray<SourceInput> GeneratedCode()
    {
        const string Body = """
                    var id = Context.Request.Query["id"].ToString();
                    using var connection = new global::Microsoft.Data.SqlClient.SqlConnection("Server=db;Password=hunter2");
                    using var command = new global::Microsoft.Data.SqlClient.SqlCommand("select * from Products where Id = '" + id + "'", connection);
                    var hash = global::System.Security.Cryptography.MD5.HashData(global::System.Text.Encoding.UTF8.GetBytes(id));
                    var code = new global::System.Random().Next(100000, 999999);
                    Context.Response.Cookies.Append("session", id, new global::Microsoft.AspNetCore.Http.CookieOptions { Secure = false });
                    Context.Response.Redirect(Context.Request.Query["returnUrl"]!);
                    var client = new global::System.Net.Http.HttpClient { BaseAddress = new global::System.Uri("http://api.contoso.net/") };
            """;
        var razorPage = $$"""
            #pragma checksum "/app/Pages/Products/Index.cshtml" "{8829d00f-11b8-4213-878b-770e8597ac16}" "3c1e2f0a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e"
            // <auto-generated/>
            #pragma warning disable 1591
            namespace AspNetCoreGeneratedDocument
            {
                #line default
                using global::System;
                using global::System.Linq;
                using global::Microsoft.AspNetCore.Mvc;
                using global::Microsoft.AspNetCore.Mvc.Rendering;
                #line default
                #line hidden
                [global::Microsoft.AspNetCore.Razor.Hosting.RazorCompiledItemMetadataAttribute("Identifier", "/Pages/Products/Index.cshtml")]
                [global::Microsoft.AspNetCore.Razor.Hosting.RazorSourceChecksumAttribute(@"Sha256", @"3c1e2f0a9b8d7c6e5f4a3b2c1d0e9f8a", @"/Pages/Products/Index.cshtml")]
                internal sealed class Pages_Products_Index : global::Microsoft.AspNetCore.Mvc.RazorPages.Page
                {
                    #pragma warning disable 1998
                    public async override global::System.Threading.Tasks.Task ExecuteAsync()
                    {
                        WriteLiteral("<h1>Products</h1>\r\n");
            #nullable restore
            #line 5 "/app/Pages/Products/Index.cshtml"
            {{Body}}
            #line default
            #line hidden
            #nullable disable
                        WriteLiteral("\r\n<table>");
                    }
                    #pragma warning restore 1998
                    [global::Microsoft.AspNetCore.Mvc.Razor.Internal.RazorInjectAttribute]
                    public global::Microsoft.AspNetCore.Mvc.ViewFeatures.IModelExpressionProvider ModelExpressionProvider { get; private set; } = default!;
                }
            }
            #pragma warning restore 1591
            """;
        string Plain(string header) => header + "\nnamespace Generated\n{\n    public sealed class Tool : global::Microsoft.AspNetCore.Mvc.Controller\n    {\n        [global::Microsoft.AspNetCore.Mvc.HttpPost]\n        public global::Microsoft.AspNetCore.Mvc.IActionResult Save(string returnUrl)\n        {\n" + Body + "\n            return Redirect(returnUrl);\n        }\n    }\n}\n";
        return ImmutableArray.Create(
            new SourceInput("Razor page (#pragma checksum)", "/app/obj/Debug/net10.0/generated/Microsoft.CodeAnalysis.Razor.Compiler/RazorSourceGenerator/Pages_Products_Index_cshtml.g.cs", razorPage),
            new SourceInput("// <auto-generated/> header", "/app/Services/Client.cs", Plain("// <auto-generated/>")),
            new SourceInput("// <autogenerated> header", "/app/Services/Client2.cs", Plain("// <autogenerated>\n// This code was generated by a tool.\n// </autogenerated>")),
            new SourceInput(".g.cs file name", "/app/obj/Tool.g.cs", Plain("// tool output")),
            new SourceInput(".g.i.cs file name", "/app/obj/Tool.g.i.cs", Plain("// tool output")),
            new SourceInput(".designer.cs file name", "/app/Properties/Resources.Designer.cs", Plain("// designer output")),
            new SourceInput(".generated.cs file name", "/app/Api/Client.generated.cs", Plain("// NSwag output")),
            new SourceInput("[GeneratedCode] on the class", "/app/Api/Client3.cs", Plain("// client")
                .Replace("    public sealed class Tool", "    [global::System.CodeDom.Compiler.GeneratedCode(\"NSwag\", \"14.0.0\")]\n    public sealed class Tool", System.StringComparison.Ordinal)));
    }

    private static ImmutableArray<SourceInput> FindTestSources()
    {
        var result = ImmutableArray.CreateBuilder<SourceInput>();
        var testsRoot = Path.Combine(Cat.RepositoryRoot, "tests");
        foreach (var file in Directory.EnumerateFiles(testsRoot, "*.cs", SearchOption.AllDirectories).Where(NotBuildOutput).Order(StringComparer.Ordinal))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            var index = 0;
            foreach (var token in root.DescendantTokens())
            {
                if (!IsStringLiteral(token) || !IsMarkedAsCSharp(token))
                {
                    continue;
                }

                var name = Path.GetRelativePath(Cat.RepositoryRoot, file).Replace('\\', '/') + "#" + ++index + " (line " + (token.GetLocation().GetLineSpan().StartLinePosition.Line + 1) + ")";
                result.Add(new SourceInput(name, "/0/Test" + index + ".cs", RemoveMarkup(token.ValueText)));
            }
        }

        var samples = Path.Combine(Cat.RepositoryRoot, "samples");
        foreach (var file in Directory.EnumerateFiles(samples, "*.cs", SearchOption.AllDirectories).Where(NotBuildOutput).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(Cat.RepositoryRoot, file).Replace('\\', '/');
            result.Add(new SourceInput(name, "/" + name, File.ReadAllText(file)));
        }

        return result.ToImmutable();
    }

    private static bool NotBuildOutput(string path)
        => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");

    private static bool IsStringLiteral(SyntaxToken token) => token.Kind() is SyntaxKind.StringLiteralToken
        or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken;

    /// <summary>A <c>lang=c#…</c> comment right before the literal (<c>/* lang=c#-test */ """…"""</c>).</summary>
    private static bool IsMarkedAsCSharp(SyntaxToken token)
    {
        foreach (var trivia in token.LeadingTrivia)
        {
            if (trivia.IsKind(SyntaxKind.MultiLineCommentTrivia) || trivia.IsKind(SyntaxKind.SingleLineCommentTrivia))
            {
                var comment = trivia.ToString().Replace(" ", string.Empty, StringComparison.Ordinal);
                if (comment.Contains("lang=c#", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Removes the testing library's markup (<c>[|…|]</c>, <c>{|#0:…|}</c>, <c>{|SB1001:…|}</c>, <c>$$</c>).</summary>
    private static string RemoveMarkup(string source)
    {
        try
        {
            TestFileMarkupParser.GetSpans(source, out var output, out ImmutableDictionary<string, ImmutableArray<TextSpan>> _);
            return output;
        }
        catch (ArgumentException)
        {
            return source; // not markup after all (e.g. a fixed source containing "[|" literally)
        }
    }
}
