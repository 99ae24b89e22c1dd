using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers.Exposure;
using SecureBackend.CodeFixes.Exposure;
using SecureBackend.Tests.Transport;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<SecureBackend.Analyzers.Exposure.SecurityHeadersAnalyzer, SecureBackend.CodeFixes.Exposure.SecurityHeadersFixer>;

namespace SecureBackend.Tests.Exposure;

public sealed class SB5006_MissingSecurityHeadersTests
{
    private static Task ProgramAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        => TransportTest.ProgramFixAsync<SecurityHeadersAnalyzer, SecurityHeadersFixer>(source, fixedSource, expected);

    private static Task ClassAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        => TransportTest.ClassFixAsync<SecurityHeadersAnalyzer, SecurityHeadersFixer>(source, fixedSource, expected);

    private static Task ProgramFilesAsync(string[] sources, params DiagnosticResult[] expected)
        => TransportTest.DocumentsAsync<SecurityHeadersAnalyzer>(program: true, sources, expected);

    private static DiagnosticResult Headers(int location, string name = "builder.Build()")
        => Verify.Diagnostic("SB5006").WithLocation(location).WithArguments(name);

    private const string Middleware = """
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["X-Frame-Options"] = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Content-Security-Policy"] = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";
            await next(context);
        });
        """;

    [Fact]
    public Task Flags_TopLevelProgramWithoutHeaders() => ProgramAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        var builder = WebApplication.CreateBuilder(args);
        var app = {|#0:builder.Build()|};

        app.MapGet("/", () => "Hello");

        app.Run();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        """ + "\n" + Middleware + "\n" + """

        app.MapGet("/", () => "Hello");

        app.Run();
        """,
        Headers(0));

    [Fact]
    public Task Flags_MainMethodKeepsTheVariableNameAndIndentation() => ClassAsync(
        /* lang=c#-test */ """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;

        public static class Program
        {
            public static async Task Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                var web = {|#0:builder.Build()|};
                web.MapControllers();
                await web.RunAsync();
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;

        public static class Program
        {
            public static async Task Main(string[] args)
            {
                var builder = WebApplication.CreateBuilder(args);
                var web = builder.Build();
                web.Use(async (context, next) =>
                {
                    var headers = context.Response.Headers;
                    headers["X-Content-Type-Options"] = "nosniff";
                    headers["X-Frame-Options"] = "DENY";
                    headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                    headers["Content-Security-Policy"] = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";
                    await next(context);
                });
                web.MapControllers();
                await web.RunAsync();
            }
        }
        """,
        Headers(0));

    [Fact]
    public Task Flags_StartupConfigureInsertsFirst() => TransportTest.StartupFixAsync<SecurityHeadersAnalyzer, SecurityHeadersFixer>(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        public class Startup
        {
            public void {|#0:Configure|}(IApplicationBuilder app)
            {
                app.UseRouting();
                app.UseEndpoints(e => e.MapRazorPages());
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        public class Startup
        {
            public void Configure(IApplicationBuilder app)
            {
                app.Use(async (context, next) =>
                {
                    var headers = context.Response.Headers;
                    headers["X-Content-Type-Options"] = "nosniff";
                    headers["X-Frame-Options"] = "DENY";
                    headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                    headers["Content-Security-Policy"] = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";
                    await next(context);
                });
                app.UseRouting();
                app.UseEndpoints(e => e.MapRazorPages());
            }
        }
        """,
        Headers(0, "Startup.Configure"));

    [Fact]
    public Task Flags_HeadersSetOnlyInDevelopment() => ProgramAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        var app = {|#0:builder.Build()|};
        if (app.Environment.IsDevelopment())
        {
            app.Use(async (context, next) =>
            {
                context.Response.Headers["X-Frame-Options"] = "DENY";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                await next(context);
            });
        }

        app.MapGet("/", () => "Hello");
        app.Run();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        """ + "\n" + Middleware + "\n" + """
        if (app.Environment.IsDevelopment())
        {
            app.Use(async (context, next) =>
            {
                context.Response.Headers["X-Frame-Options"] = "DENY";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                await next(context);
            });
        }

        app.MapGet("/", () => "Hello");
        app.Run();
        """,
        Headers(0));

    [Fact]
    public Task Flags_AntiforgeryFrameOptionsDoNotCount() => ProgramAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = false);
        var app = {|#0:builder.Build()|};
        app.UseAntiforgery();
        app.MapRazorPages();
        app.Run();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = false);
        var app = builder.Build();
        """ + "\n" + Middleware + "\n" + """
        app.UseAntiforgery();
        app.MapRazorPages();
        app.Run();
        """,
        Headers(0));

    [Fact]
    public Task Flags_PipelineHelperThatSetsOtherHeaders() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = {|#0:builder.Build()|};
            app.UseServerHeader();
            app.MapGet("/", () => "Hello");
            app.Run();
            """,
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            public static class PipelineExtensions
            {
                public static void UseServerHeader(this WebApplication app)
                    => app.Use(async (context, next) => { context.Response.Headers["X-Server"] = "shop"; await next(context); });
            }
            """,
        },
        Headers(0));

    [Fact]
    public Task Flags_FixAllAddsTheMiddlewareOnce()
    {
        var test = TransportTest.PipelineTest<SecurityHeadersAnalyzer, SecurityHeadersFixer>(
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = {|#0:builder.Build()|};
            app.MapGet("/", () => "Hello");
            app.Run();
            """,
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            """ + "\n" + Middleware + "\n" + """
            app.MapGet("/", () => "Hello");
            app.Run();
            """,
            program: true,
            Headers(0));
        test.CodeActionEquivalenceKey = SecurityHeadersFixer.AddHeadersKey;
        return test.RunAsync();
    }

    [Fact]
    public Task DoesNotFlag_InlineMiddlewareSetsAHeader() => ProgramFilesAsync(new[]
    {
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            context.Response.Headers.Append("x-content-type-options", "nosniff");
            await next(context);
        });
        app.MapGet("/", () => "Hello");
        app.Run();
        """,
    });

    [Fact]
    public Task DoesNotFlag_MiddlewareClassWithHeaderNamesField() => ProgramFilesAsync(new[]
    {
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.UseMiddleware<HeadersMiddleware>();
        app.MapGet("/", () => "Hello");
        app.Run();
        """,
        /* lang=c#-test */ """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Net.Http.Headers;

        public sealed class HeadersMiddleware
        {
            private readonly RequestDelegate _next;

            public HeadersMiddleware(RequestDelegate next) => _next = next;

            public Task InvokeAsync(HttpContext context)
            {
                context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
                return _next(context);
            }
        }
        """,
    });

    [Fact]
    public Task DoesNotFlag_TypedHeaderPropertyInAnMvcFilter() => ProgramFilesAsync(new[]
    {
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllersWithViews(o => o.Filters.Add<FrameOptionsFilter>());
        var app = builder.Build();
        app.MapControllers();
        app.Run();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Mvc.Filters;

        public sealed class FrameOptionsFilter : IResultFilter
        {
            public void OnResultExecuting(ResultExecutingContext context) => context.HttpContext.Response.Headers.XFrameOptions = "DENY";

            public void OnResultExecuted(ResultExecutedContext context)
            {
            }
        }
        """,
    });

    [Fact]
    public Task DoesNotFlag_HeaderSetOutsideDevelopment() => ProgramFilesAsync(new[]
    {
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.Use(async (context, next) =>
            {
                context.Response.Headers.ContentSecurityPolicy = "default-src 'self'";
                await next(context);
            });
        }

        app.MapGet("/", () => "Hello");
        app.Run();
        """,
    });

    [Fact]
    public Task DoesNotFlag_UnboundHeadersPackageCall()
    {
        var test = new Infrastructure.AnalyzerVerifier<SecurityHeadersAnalyzer>.Test
        {
            TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.UseSecurityHeaders();
            app.MapGet("/", () => "Hello");
            app.Run();
            """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        return test.RunAsync();
    }

    [Fact]
    public Task DoesNotFlag_LibraryOfPipelineExtensions() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        public static class ShopPipeline
        {
            public static IApplicationBuilder UseShop(this IApplicationBuilder app) => app.UseRouting();
        }
        """);

    [Fact]
    public Task DoesNotFlag_HealthChecksOnly() => ProgramFilesAsync(new[]
    {
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddHealthChecks();
        var app = builder.Build();
        app.MapHealthChecks("/healthz");
        app.Run();
        """,
    });

    [Fact]
    public Task DoesNotFlag_HalfTypedProgram() => TransportTest.BrokenCodeAsync<SecurityHeadersAnalyzer>(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build(
        app.Use(async (context, next) => { context.Response.Headers[
        """,
        program: true);
}
