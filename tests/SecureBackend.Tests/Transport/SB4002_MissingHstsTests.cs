using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers.Transport;
using SecureBackend.CodeFixes.Transport;
using SecureBackend.Tests.Forgery;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<SecureBackend.Analyzers.Transport.HttpsPipelineAnalyzer, SecureBackend.CodeFixes.Transport.HstsFixer>;

namespace SecureBackend.Tests.Transport;

public sealed class SB4002_MissingHstsTests
{
    private static Task ProgramAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        => TransportTest.ProgramFixAsync<HttpsPipelineAnalyzer, HstsFixer>(source, fixedSource, expected);

    private static Task StartupAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        => TransportTest.StartupFixAsync<HttpsPipelineAnalyzer, HstsFixer>(source, fixedSource, expected);

    private static Task ProgramFilesAsync(string[] sources, params DiagnosticResult[] expected)
        => TransportTest.DocumentsAsync<HttpsPipelineAnalyzer>(program: true, sources, expected);

    private static DiagnosticResult Hsts(int location, string name = "builder.Build()")
        => Verify.Diagnostic("SB4002").WithLocation(location).WithArguments(name);

    [Fact]
    public Task Flags_TopLevelProgramWithoutHsts() => ProgramAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        var app = {|#0:builder.Build()|};

        app.UseHttpsRedirection();
        app.MapGet("/", () => "Hello");
        app.Run();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseHttpsRedirection();
        app.MapGet("/", () => "Hello");
        app.Run();
        """,
        Hsts(0));

    [Fact]
    public Task Flags_TemplateProgramMergesIntoTheExistingEnvironmentCheck() => ProgramAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddRazorPages();

        var app = {|#0:builder.Build()|};

        // Configure the HTTP request pipeline.
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
        }

        app.UseHttpsRedirection();
        app.UseStaticFiles();
        app.MapRazorPages();
        app.Run();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddRazorPages();

        var app = builder.Build();

        // Configure the HTTP request pipeline.
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
        }

        app.UseHttpsRedirection();
        app.UseStaticFiles();
        app.MapRazorPages();
        app.Run();
        """,
        Hsts(0));

    [Fact]
    public Task Flags_StartupMergesIntoTheElseOfTheDevelopmentCheck() => StartupAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public class Startup
        {
            public void ConfigureServices(IServiceCollection services) => services.AddControllersWithViews();

            public void {|#0:Configure|}(IApplicationBuilder app, IWebHostEnvironment env)
            {
                if (env.IsDevelopment())
                {
                    app.UseDeveloperExceptionPage();
                }
                else
                {
                    app.UseExceptionHandler("/Home/Error");
                }

                app.UseHttpsRedirection();
                app.UseStaticFiles();
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public class Startup
        {
            public void ConfigureServices(IServiceCollection services) => services.AddControllersWithViews();

            public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
            {
                if (env.IsDevelopment())
                {
                    app.UseDeveloperExceptionPage();
                }
                else
                {
                    app.UseExceptionHandler("/Home/Error");
                    app.UseHsts();
                }

                app.UseHttpsRedirection();
                app.UseStaticFiles();
            }
        }
        """,
        Hsts(0, "Startup.Configure"));

    [Fact]
    public Task Flags_StartupWithEnvironmentParameterAddsTheCheckAndTheUsing() => StartupAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;

        public class Startup
        {
            public void {|#0:Configure|}(IApplicationBuilder app, IWebHostEnvironment hostEnvironment)
            {
                app.UseHttpsRedirection();
                app.UseRouting();
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.Hosting;

        public class Startup
        {
            public void Configure(IApplicationBuilder app, IWebHostEnvironment hostEnvironment)
            {
                if (!hostEnvironment.IsDevelopment())
                {
                    app.UseHsts();
                }
                app.UseHttpsRedirection();
                app.UseRouting();
            }
        }
        """,
        Hsts(0, "Startup.Configure"));

    [Fact]
    public Task Flags_StartupWithoutEnvironmentParameter_NoFix() => StartupAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        public class Startup
        {
            public void ConfigureServices(IServiceCollection services) { }

            public void {|#0:Configure|}(IApplicationBuilder app)
            {
                app.UseHttpsRedirection();
            }
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        public class Startup
        {
            public void ConfigureServices(IServiceCollection services) { }

            public void {|#0:Configure|}(IApplicationBuilder app)
            {
                app.UseHttpsRedirection();
            }
        }
        """,
        Hsts(0, "Startup.Configure"));

    [Fact]
    public Task Flags_HstsOnlyInTheDevelopmentBranchIsNotEnoughForTheFixToSkip() => ProgramAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var app = {|#0:WebApplication.Create(args)|};
        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage();
        }

        app.UseHttpsRedirection();
        await app.RunAsync();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var app = WebApplication.Create(args);
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage();
        }

        app.UseHttpsRedirection();
        await app.RunAsync();
        """,
        Hsts(0, "WebApplication.Create()"));

    [Fact]
    public Task Flags_CodeActionUsesThePublishedEquivalenceKey()
    {
        var test = TransportTest.PipelineTest<HttpsPipelineAnalyzer, HstsFixer>(
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;

            var app = {|#0:WebApplication.Create(args)|};
            app.UseHttpsRedirection();
            app.Run();
            """,
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;

            var app = WebApplication.Create(args);
            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }
            app.UseHttpsRedirection();
            app.Run();
            """,
            program: true,
            Hsts(0, "WebApplication.Create()"));
        test.CodeActionEquivalenceKey = HstsFixer.AddHstsKey;
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_FixAllAcrossTwoDocuments()
    {
        var test = TransportTest.PipelineTest<HttpsPipelineAnalyzer, HstsFixer>(string.Empty, string.Empty, program: false);
        test.TestState.Sources.Clear();
        test.FixedState.Sources.Clear();
        test.TestState.Sources.Add(("/0/Public.cs", App("PublicSite", "{|#0:builder.Build()|};", string.Empty)));
        test.TestState.Sources.Add(("/0/Admin.cs", App("AdminSite", "{|#1:builder.Build()|};", string.Empty)));
        const string inserted = "\n        if (!app.Environment.IsDevelopment())\n        {\n            app.UseHsts();\n        }";
        test.FixedState.Sources.Add(("/0/Public.cs", App("PublicSite", "builder.Build();", inserted)));
        test.FixedState.Sources.Add(("/0/Admin.cs", App("AdminSite", "builder.Build();", inserted)));
        test.ExpectedDiagnostics.Add(Hsts(0));
        test.ExpectedDiagnostics.Add(Hsts(1));
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllInDocumentCheck;
        return test.RunAsync();

        static string App(string name, string build, string inserted) => $$"""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;

            public static class {{name}}
            {
                public static void Start(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    var app = {{build}}{{inserted}}
                    app.UseHttpsRedirection();
                    app.Run();
                }
            }
            """;
    }

    [Fact]
    public async Task Flags_LiveInTheProgramDocumentUnlessAnotherFilesMiddlewareWritesTheHeader()
    {
        const string Program = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateBuilder(args).Build();
            app.UseHttpsRedirection();
            app.UseMiddleware<SecurityHeadersMiddleware>();
            app.Run();
            """;
        const string Middleware = /* lang=c#-test */ """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;

            public sealed class SecurityHeadersMiddleware
            {
                private readonly RequestDelegate _next;

                public SecurityHeadersMiddleware(RequestDelegate next) => _next = next;

                public Task InvokeAsync(HttpContext context)
                {
                    context.Response.Headers["X-Content-Type-Options"] = "nosniff";
                    return _next(context);
                }
            }
            """;

        var missing = await DocumentScope.AnalyzeAsync(
            new HttpsPipelineAnalyzer(), "/Program.cs", OutputKind.ConsoleApplication, ("/Program.cs", Program), ("/Middleware.cs", Middleware));
        var written = await DocumentScope.AnalyzeAsync(
            new HttpsPipelineAnalyzer(), "/Program.cs", OutputKind.ConsoleApplication,
            ("/Program.cs", Program),
            ("/Middleware.cs", Middleware.Replace("\"X-Content-Type-Options\"] = \"nosniff\"", "\"Strict-Transport-Security\"] = \"max-age=31536000\"")));

        Assert.Equal(new[] { "SB4002@/Program.cs(3,11)" }, DocumentScope.Describe(missing));
        Assert.Empty(written);
    }

    [Fact]
    public Task DoesNotFlag_HstsInsideTheEnvironmentCheck() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            if (!app.Environment.IsDevelopment())
            {
                app.UseExceptionHandler("/Error");
                app.UseHsts();
            }

            app.UseHttpsRedirection();
            app.Run();
            """,
        });

    [Fact]
    public Task DoesNotFlag_HstsInAnExtensionMethodOfAnotherFile() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateBuilder(args).Build();
            app.UseSecurity(app.Environment);
            app.Run();
            """,
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;

            public static class SecurityExtensions
            {
                public static IApplicationBuilder UseSecurity(this IApplicationBuilder app, IHostEnvironment environment)
                {
                    if (!environment.IsDevelopment())
                    {
                        app.UseHsts();
                    }

                    return app.UseHttpsRedirection();
                }
            }
            """,
        });

    [Fact]
    public Task DoesNotFlag_HandWrittenStrictTransportSecurityHeader() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateBuilder(args).Build();
            app.UseHttpsRedirection();
            app.Use(async (context, next) =>
            {
                context.Response.Headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
                await next();
            });
            app.Run();
            """,
        });

    [Fact]
    public Task DoesNotFlag_TlsTerminatedUpstreamOption()
    {
        var test = new Infrastructure.AnalyzerVerifier<HttpsPipelineAnalyzer>.Test
        {
            TestCode = /* lang=c#-test */ """
                using Microsoft.AspNetCore.Builder;

                public static class Site
                {
                    public static void Main(string[] args)
                    {
                        var app = WebApplication.CreateBuilder(args).Build();
                        app.MapGet("/", () => "Hello");
                        app.Run();
                    }
                }
                """,
        }.WithEditorConfig("securebackend.TLS_TERMINATED_UPSTREAM = True");
        return test.RunAsync();
    }

    private const string Plugins = /* lang=c#-test */ """
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;

        public interface IStartupApplication
        {
            int Priority { get; }

            void ConfigureServices(IServiceCollection services, IConfiguration configuration);

            void Configure(WebApplication application, IWebHostEnvironment webHostEnvironment);
        }

        public sealed class CommonStartup : IStartupApplication
        {
            public int Priority => 0;

            public void ConfigureServices(IServiceCollection services, IConfiguration configuration) => services.AddControllersWithViews();

            public void Configure(WebApplication application, IWebHostEnvironment webHostEnvironment)
            {
                application.UseHttpsRedirection();
                application.UseStaticFiles();
                application.MapControllers();
            }
        }

        public sealed class ShippingPluginStartup : IStartupApplication
        {
            public int Priority => 10;

            public void ConfigureServices(IServiceCollection services, IConfiguration configuration) { }

            public void Configure(WebApplication application, IWebHostEnvironment webHostEnvironment) { }
        }

        public static class StartupBase
        {
            public static void ConfigureRequestPipeline(WebApplication application, IWebHostEnvironment environment)
            {
                var instances = new List<IStartupApplication> { new CommonStartup(), new ShippingPluginStartup() }.OrderBy(startup => startup.Priority);
                foreach (var instance in instances)
                {
                    instance.Configure(application, environment);
                }
            }
        }
        """;

    [Fact]
    public Task DoesNotFlag_PluginStartupsOfAClassLibrary() => TransportTest.DocumentsAsync<HttpsPipelineAnalyzer>(
        program: false, new[] { Plugins });

    [Fact]
    public Task Flags_HostThatRunsThePluginStartups() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = {|#0:builder.Build()|};
            StartupBase.ConfigureRequestPipeline(app, builder.Environment);
            await app.RunAsync();
            """,
            Plugins,
        },
        Hsts(0));

    [Fact]
    public Task DoesNotFlag_BrokenCode() => TransportTest.BrokenCodeAsync<HttpsPipelineAnalyzer>(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        public class Startup
        {
            public void Configure(IApplicationBuilder app, Unknown env)
            {
                app.UseHsts(
                if (!env.IsDevelopment()) { app. }
            }

            public void Configure(
        }
        """);
}
