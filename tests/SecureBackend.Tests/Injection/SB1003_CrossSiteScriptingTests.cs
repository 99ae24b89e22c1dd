using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.CodeFixes.Injection;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<SecureBackend.Analyzers.Injection.CrossSiteScriptingAnalyzer, SecureBackend.CodeFixes.Injection.CrossSiteScriptingFixer>;

namespace SecureBackend.Tests.Injection;

public sealed class SB1003_CrossSiteScriptingTests
{
    /// <summary>The finding at markup location <paramref name="location"/>; its additional location (the value) is for the fix.</summary>
    private static DiagnosticResult Expect(int location, string sink, string value)
        => Verify.Diagnostic().WithLocation(location).WithArguments(sink, value).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    [Fact]
    public Task Flags_HtmlRawOfAModelPropertyInAHelper() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Html;
        using Microsoft.AspNetCore.Mvc.Rendering;

        public sealed class CommentModel { public string Comment { get; set; } = ""; }

        public static class CommentHtml
        {
            public static IHtmlContent Show(IHtmlHelper html, CommentModel model) => {|#0:html.Raw(model.Comment)|};
        }
        """,
        /* lang=c#-test */ """
        using System.Text.Encodings.Web;
        using Microsoft.AspNetCore.Html;
        using Microsoft.AspNetCore.Mvc.Rendering;

        public sealed class CommentModel { public string Comment { get; set; } = ""; }

        public static class CommentHtml
        {
            public static IHtmlContent Show(IHtmlHelper html, CommentModel model) => html.Raw(HtmlEncoder.Default.Encode(model.Comment));
        }
        """,
        Expect(0, "Html.Raw", "model.Comment"));

    [Fact]
    public Task Flags_HtmlStringOfTextBuiltInAStringBuilder_NamesTheWrittenValue_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System.Text;
        using Microsoft.AspNetCore.Html;

        public sealed class Page { public string Title { get; set; } = ""; }

        public static class MetaTags
        {
            public static IHtmlContent Render(Page page)
            {
                var sb = new StringBuilder();
                sb.AppendLine($"<meta property=\"og:title\" content=\"{page.Title}\"/>");
                return {|#0:new HtmlString(sb.ToString())|};
            }
        }
        """,
        Expect(0, "HtmlString", "sb.ToString()"));

    [Fact]
    public Task Flags_HtmlStringBuiltByInterpolation() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Text.Encodings.Web;
        using Microsoft.AspNetCore.Html;

        public static class Badges
        {
            public static HtmlString For(string userName) => {|#0:new HtmlString($"<span class='user'>{userName}</span>")|};
        }
        """,
        /* lang=c#-test */ """
        using System.Text.Encodings.Web;
        using Microsoft.AspNetCore.Html;

        public static class Badges
        {
            public static HtmlString For(string userName) => new HtmlString($"<span class='user'>{HtmlEncoder.Default.Encode(userName)}</span>");
        }
        """,
        Expect(0, "HtmlString", "userName"));

    [Fact]
    public Task Flags_HtmlStringBuiltByConcatenation_EncodesOnlyTheText() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Text.Encodings.Web;
        using Microsoft.AspNetCore.Html;

        public static class Links
        {
            public static HtmlString For(string title, string url) => {|#0:new HtmlString("<a href=\"" + url + "\">" + (title + "!") + "</a>")|};
        }
        """,
        /* lang=c#-test */ """
        using System.Text.Encodings.Web;
        using Microsoft.AspNetCore.Html;

        public static class Links
        {
            public static HtmlString For(string title, string url) => new HtmlString("<a href=\"" + HtmlEncoder.Default.Encode(url) + "\">" + (HtmlEncoder.Default.Encode(title) + "!") + "</a>");
        }
        """,
        Expect(0, "HtmlString", "url"));

    [Fact]
    public Task Flags_MarkupStringCastAndConstructor() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Components;

        public sealed class Preview
        {
            public string Body { get; set; } = "";
            public MarkupString Cast => {|#0:(MarkupString)Body|};
            public MarkupString Created => {|#1:new MarkupString(Body)|};
        }
        """,
        /* lang=c#-test */ """
        using System.Text.Encodings.Web;
        using Microsoft.AspNetCore.Components;

        public sealed class Preview
        {
            public string Body { get; set; } = "";
            public MarkupString Cast => (MarkupString)HtmlEncoder.Default.Encode(Body);
            public MarkupString Created => new MarkupString(HtmlEncoder.Default.Encode(Body));
        }
        """,
        Expect(0, "(MarkupString)", "Body"),
        Expect(1, "MarkupString", "Body"));

    [Fact]
    public Task Flags_ControllerContentWithHtmlContentType() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Net.Mime;
        using Microsoft.AspNetCore.Mvc;

        public sealed class GreetingController : Controller
        {
            public IActionResult Hello(string name) => {|#0:Content("<h1>Hello " + name + "</h1>", "text/html; charset=utf-8")|};
            public IActionResult Page(string body) => {|#1:Content(body, MediaTypeNames.Text.Html)|};
        }
        """,
        /* lang=c#-test */ """
        using System.Net.Mime;
        using System.Text.Encodings.Web;
        using Microsoft.AspNetCore.Mvc;

        public sealed class GreetingController : Controller
        {
            public IActionResult Hello(string name) => Content("<h1>Hello " + HtmlEncoder.Default.Encode(name) + "</h1>", "text/html; charset=utf-8");
            public IActionResult Page(string body) => Content(HtmlEncoder.Default.Encode(body), MediaTypeNames.Text.Html);
        }
        """,
        Expect(0, "Content", "name"),
        Expect(1, "Content", "body"));

    [Fact]
    public Task Flags_ResultsAndTypedResultsContent() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/hello", (string name) => {|#0:Results.Content($"<p>{name}</p>", "text/html")|});
                app.MapGet("/typed", (string name) => {|#1:TypedResults.Content($"<p>{name}</p>", contentType: "text/html")|});
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Text.Encodings.Web;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        public static class Endpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/hello", (string name) => Results.Content($"<p>{HtmlEncoder.Default.Encode(name)}</p>", "text/html"));
                app.MapGet("/typed", (string name) => TypedResults.Content($"<p>{HtmlEncoder.Default.Encode(name)}</p>", contentType: "text/html"));
            }
        }
        """,
        Expect(0, "Results.Content", "name"),
        Expect(1, "TypedResults.Content", "name"));

    [Fact]
    public Task Flags_ResponseWriteAsyncAfterHtmlContentType() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        public sealed class WelcomeMiddleware
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var name = context.Request.Query["name"].ToString();
                context.Response.ContentType = "text/html";
                await {|#0:context.Response.WriteAsync("<h1>Welcome " + name + "</h1>")|};
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Text.Encodings.Web;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        public sealed class WelcomeMiddleware
        {
            public async Task InvokeAsync(HttpContext context)
            {
                var name = context.Request.Query["name"].ToString();
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<h1>Welcome " + HtmlEncoder.Default.Encode(name) + "</h1>");
            }
        }
        """,
        Expect(0, "Response.WriteAsync", "context.Request.Query[\"name\"]"));

    [Fact]
    public Task Flags_ResponseWriteAsyncAfterHtmlHeader() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        public static class Pages
        {
            public static async Task Render(HttpResponse response, string title)
            {
                response.Headers.ContentType = "text/html; charset=utf-8";
                await [|response.WriteAsync($"<title>{title}</title>")|];
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Text.Encodings.Web;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;

        public static class Pages
        {
            public static async Task Render(HttpResponse response, string title)
            {
                response.Headers.ContentType = "text/html; charset=utf-8";
                await response.WriteAsync($"<title>{HtmlEncoder.Default.Encode(title)}</title>");
            }
        }
        """);

    [Fact]
    public Task Flags_DynamicHtmlRawInAView() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Html;
        using Microsoft.AspNetCore.Mvc.Rendering;

        public static class Legacy
        {
            public static IHtmlContent Show(IHtmlHelper<dynamic> html, dynamic model) => [|html.Raw(model.Comment)|];
        }
        """);

    [Fact]
    public Task Flags_FixAllAcrossTwoDocuments()
    {
        var test = new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    /* lang=c#-test */ """
                    using Microsoft.AspNetCore.Html;
                    public static class A { public static HtmlString Of(string a) => [|new HtmlString(a)|]; }
                    """,
                    /* lang=c#-test */ """
                    using Microsoft.AspNetCore.Components;
                    public static class B { public static MarkupString Of(string b) => [|(MarkupString)b|]; }
                    """,
                },
            },
            FixedState =
            {
                Sources =
                {
                    /* lang=c#-test */ """
                    using System.Text.Encodings.Web;
                    using Microsoft.AspNetCore.Html;
                    public static class A { public static HtmlString Of(string a) => new HtmlString(HtmlEncoder.Default.Encode(a)); }
                    """,
                    /* lang=c#-test */ """
                    using System.Text.Encodings.Web;
                    using Microsoft.AspNetCore.Components;
                    public static class B { public static MarkupString Of(string b) => (MarkupString)HtmlEncoder.Default.Encode(b); }
                    """,
                },
            },
            CodeActionEquivalenceKey = CrossSiteScriptingFixer.EncodeKey,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_NonStringValueWithoutAFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Html;
        using Microsoft.AspNetCore.Mvc.Rendering;

        public static class Widgets
        {
            public static IHtmlContent Show(IHtmlHelper html, object widget) => [|html.Raw(widget)|];
        }
        """);

    [Fact]
    public Task DoesNotFlag_ConstantsAndFixedMembers() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Components;
        using Microsoft.AspNetCore.Html;
        using Microsoft.AspNetCore.Mvc.Rendering;

        public sealed class Layout
        {
            private const string Separator = "<hr/>";
            private static readonly string Footer = "<footer>Shop</footer>";
            private readonly string _banner = "<div class='banner'></div>";
            private string Icon => "<i class='icon'></i>";

            public IHtmlContent Render(IHtmlHelper html)
            {
                html.Raw("<br/>");
                html.Raw(Separator + Footer);
                html.Raw($"<p>{nameof(Layout)}</p>");
                html.Raw(_banner);
                _ = new HtmlString(Icon);
                _ = (MarkupString)"<b>static</b>";
                return html.Raw(Separator);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_EncodedAndSanitizedValues() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Net;
        using System.Text.Encodings.Web;
        using System.Web;
        using Ganss.Xss;
        using Microsoft.AspNetCore.Html;
        using Microsoft.AspNetCore.Mvc.Rendering;

        public sealed class Comments
        {
            private readonly HtmlEncoder _encoder;
            private readonly IHtmlSanitizer _sanitizer;

            public Comments(HtmlEncoder encoder, IHtmlSanitizer sanitizer) { _encoder = encoder; _sanitizer = sanitizer; }

            public void Render(IHtmlHelper html, string comment, string body)
            {
                html.Raw(HtmlEncoder.Default.Encode(comment));
                html.Raw("<p>" + _encoder.Encode(comment) + "</p>");
                html.Raw(WebUtility.HtmlEncode(comment));
                html.Raw(HttpUtility.HtmlEncode(comment));
                html.Raw($"<script>var c = '{JavaScriptEncoder.Default.Encode(comment)}';</script>");
                html.Raw(new HtmlSanitizer().Sanitize(body));
                html.Raw(_sanitizer.Sanitize(body));
                html.Raw(html.Encode(comment));
                var safe = WebUtility.HtmlEncode(comment);
                _ = new HtmlString("<em>" + safe + "</em>");
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ValueTypesHtmlContentAndSerializedJson() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Text.Json;
        using Microsoft.AspNetCore.Html;
        using Microsoft.AspNetCore.Mvc.Rendering;

        public sealed class Order { public int Count { get; set; } public Guid Id { get; set; } public DateTime At { get; set; } }

        public static class Orders
        {
            public static void Render(IHtmlHelper html, Order order, IHtmlContent partial)
            {
                html.Raw($"<span>{order.Count}</span><span>{order.Id}</span><span>{order.At:yyyy-MM-dd}</span>");
                html.Raw(partial);
                html.Raw("<script>var order = " + JsonSerializer.Serialize(order) + ";</script>");
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_NamesTheCodeDeclares() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Html;
        using Microsoft.AspNetCore.Mvc.ModelBinding;

        public static class Templates
        {
            public static IHtmlContent Id(Type modelType) => new HtmlString(modelType.Name.ToLower() + "-delete-confirmation");
            public static IHtmlContent Empty(ModelMetadata metadata) => new HtmlString(metadata.NullDisplayText);
        }
        """);

    [Fact]
    public Task Flags_TextEncodedOnlyOnOnePath() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Html;
        using Microsoft.AspNetCore.Mvc.Rendering;

        public static class Templates
        {
            public static IHtmlContent Show(IHtmlHelper html, string text, bool encode)
            {
                if (encode) text = html.Encode(text);
                return {|#0:new HtmlString(text)|};
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Text.Encodings.Web;
        using Microsoft.AspNetCore.Html;
        using Microsoft.AspNetCore.Mvc.Rendering;

        public static class Templates
        {
            public static IHtmlContent Show(IHtmlHelper html, string text, bool encode)
            {
                if (encode) text = html.Encode(text);
                return new HtmlString(HtmlEncoder.Default.Encode(text));
            }
        }
        """,
        Expect(0, "HtmlString", "text"));

    [Fact]
    public Task DoesNotFlag_MembersMarkedGenerated() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.CodeDom.Compiler;
        using Microsoft.AspNetCore.Html;

        [GeneratedCode("TemplateTool", "1.0")]
        public static class GeneratedBadges
        {
            public static HtmlString For(string userName) => new HtmlString(userName);
        }

        public static class Badges
        {
            [GeneratedCode("TemplateTool", "1.0")]
            public static HtmlString For(string userName) => new HtmlString(userName);
        }
        """);

    [Fact]
    public Task DoesNotFlag_ContentThatIsNotHtml() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;

        public sealed class ExportController : Controller
        {
            public IActionResult Csv(string rows) => Content(rows, "text/csv");
            public IActionResult Plain(string text) => Content(text);
            public IActionResult Json(string json) => Content(json, "application/json");
            public IResult Minimal(string text) => Results.Content(text, "text/plain");
            public IActionResult Chosen(string text, string type) => Content(text, type);

            public static async Task Write(HttpContext context, string text)
            {
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync(text);
            }

            public static async Task WriteOther(HttpContext context, HttpResponse other, string text)
            {
                other.ContentType = "text/html";
                await context.Response.WriteAsync(text);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_RazorEncodedWrite() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc.Rendering;

        public static class Tags
        {
            public static TagBuilder Link(string text)
            {
                var tag = new TagBuilder("a");
                tag.InnerHtml.Append(text);
                return tag;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_HalfTypedCalls()
    {
        var test = new Verify.Test
        {
            TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Html;
            using Microsoft.AspNetCore.Mvc.Rendering;

            public static class Broken
            {
                public static void Render(IHtmlHelper html, string x)
                {
                    html.Raw(;
                    _ = new HtmlString(;
                    _ = html.Raw(x, x);
                }
            }
            """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        return test.RunAsync();
    }
}
