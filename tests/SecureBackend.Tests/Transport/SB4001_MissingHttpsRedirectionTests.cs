using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers.Transport;
using SecureBackend.CodeFixes.Transport;
using SecureBackend.Tests.Forgery;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<SecureBackend.Analyzers.Transport.HttpsPipelineAnalyzer, SecureBackend.CodeFixes.Transport.HttpsRedirectionFixer>;

namespace SecureBackend.Tests.Transport;

public sealed class SB4001_MissingHttpsRedirectionTests
{
    private static Task ProgramAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        => TransportTest.ProgramFixAsync<HttpsPipelineAnalyzer, HttpsRedirectionFixer>(source, fixedSource, expected);

    private static Task ClassAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        => TransportTest.ClassFixAsync<HttpsPipelineAnalyzer, HttpsRedirectionFixer>(source, fixedSource, expected);

    private static Task StartupAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        => TransportTest.StartupFixAsync<HttpsPipelineAnalyzer, HttpsRedirectionFixer>(source, fixedSource, expected);

    private static Task ProgramFilesAsync(string[] sources, params DiagnosticResult[] expected)
        => TransportTest.DocumentsAsync<HttpsPipelineAnalyzer>(program: true, sources, expected);

    private static DiagnosticResult Redirect(int location, string name = "builder.Build()")
        => Verify.Diagnostic("SB4001").WithLocation(location).WithArguments(name);

    private static DiagnosticResult Hsts(int location, string name = "builder.Build()")
        => Verify.Diagnostic("SB4002").WithLocation(location).WithArguments(name);

    [Fact]
    public Task Flags_TopLevelProgramWithoutHttpsRedirection() => ProgramAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        var builder = WebApplication.CreateBuilder(args);
        var app = {|#0:builder.Build()|};

        app.UseHsts();
        app.MapGet("/", () => "Hello");

        app.Run();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.UseHttpsRedirection();

        app.UseHsts();
        app.MapGet("/", () => "Hello");

        app.Run();
        """,
        Redirect(0));

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
                await using var webApp = {|#0:builder.Build()|};
                // Pipeline
                webApp.UseHsts();
                webApp.UseAuthorization();
                await webApp.RunAsync();
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
                await using var webApp = builder.Build();
                webApp.UseHttpsRedirection();
                // Pipeline
                webApp.UseHsts();
                webApp.UseAuthorization();
                await webApp.RunAsync();
            }
        }
        """,
        Redirect(0));

    [Fact]
    public Task Flags_WebApplicationCreateAndAddsTheUsing() => ClassAsync(
        /* lang=c#-test */ """
        // Entry point
        using System;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var app = {|#0:Microsoft.AspNetCore.Builder.WebApplication.Create(args)|};
                Microsoft.AspNetCore.Builder.HstsBuilderExtensions.UseHsts(app);
                app.Run();
            }
        }
        """,
        /* lang=c#-test */ """
        // Entry point
        using System;
        using Microsoft.AspNetCore.Builder;

        public static class Program
        {
            public static void Main(string[] args)
            {
                var app = Microsoft.AspNetCore.Builder.WebApplication.Create(args);
                app.UseHttpsRedirection();
                Microsoft.AspNetCore.Builder.HstsBuilderExtensions.UseHsts(app);
                app.Run();
            }
        }
        """,
        Redirect(0, "WebApplication.Create()"));

    [Fact]
    public Task Flags_VariableAssignedAfterItsDeclaration() => ProgramAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        WebApplication app;
        var builder = WebApplication.CreateBuilder(args);
        app = {|#0:builder.Build()|};
        app.UseHsts();
        app.Run();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        WebApplication app;
        var builder = WebApplication.CreateBuilder(args);
        app = builder.Build();
        app.UseHttpsRedirection();
        app.UseHsts();
        app.Run();
        """,
        Redirect(0));

    [Fact]
    public Task Flags_StartupConfigureInsertsFirst() => StartupAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public class Startup
        {
            public void ConfigureServices(IServiceCollection services) => services.AddControllers();

            public void {|#0:Configure|}(IApplicationBuilder app, IWebHostEnvironment env)
            {
                if (!env.IsDevelopment())
                {
                    app.UseHsts();
                }

                app.UseRouting();
                app.UseEndpoints(endpoints => endpoints.MapControllers());
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
            public void ConfigureServices(IServiceCollection services) => services.AddControllers();

            public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
            {
                app.UseHttpsRedirection();
                if (!env.IsDevelopment())
                {
                    app.UseHsts();
                }

                app.UseRouting();
                app.UseEndpoints(endpoints => endpoints.MapControllers());
            }
        }
        """,
        Redirect(0, "Startup.Configure"));

    [Fact]
    public Task Flags_PipelineSplitIntoExtensionMethodsWithoutRedirection()
    {
        const string extensions = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Routing;

            public static class PipelineExtensions
            {
                public static WebApplication UseSecurityHeaders(this WebApplication app)
                {
                    app.UseHsts();
                    return app;
                }

                public static void MapEndpoints(this IEndpointRouteBuilder endpoints) => endpoints.MapGet("/", () => "Hello");
            }
            """;
        var test = TransportTest.PipelineTest<HttpsPipelineAnalyzer, HttpsRedirectionFixer>(
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = {|#0:builder.Build()|};
            app.UseSecurityHeaders();
            app.MapEndpoints();
            app.Run();
            """,
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.UseHttpsRedirection();
            app.UseSecurityHeaders();
            app.MapEndpoints();
            app.Run();
            """,
            program: true,
            Redirect(0));
        test.TestState.Sources.Add(("/0/PipelineExtensions.cs", extensions));
        test.FixedState.Sources.Add(("/0/PipelineExtensions.cs", extensions));
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_AppHandedToLocalFunctionWithoutRedirection() => ProgramAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        var app = {|#0:WebApplication.CreateBuilder(args).Build()|};
        Configure(app);
        app.Run();

        static void Configure(WebApplication pipeline)
        {
            pipeline.UseHsts();
            pipeline.UseStaticFiles();
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        var app = WebApplication.CreateBuilder(args).Build();
        app.UseHttpsRedirection();
        Configure(app);
        app.Run();

        static void Configure(WebApplication pipeline)
        {
            pipeline.UseHsts();
            pipeline.UseStaticFiles();
        }
        """,
        Redirect(0, "WebApplicationBuilder.Build()"));

    [Fact]
    public Task Flags_BuildAndRunChainedWithoutAVariable_NoFix() => ProgramAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        var builder = WebApplication.CreateBuilder(args);
        {|#0:builder.Build()|}.Run();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        var builder = WebApplication.CreateBuilder(args);
        {|#0:builder.Build()|}.Run();
        """,
        Redirect(0), Hsts(0));

    [Fact]
    public Task Flags_AppDeclaredAsIHost_NoFix() => ProgramAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        IHost host = {|#0:builder.Build()|};
        host.Run();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        IHost host = {|#0:builder.Build()|};
        host.Run();
        """,
        Redirect(0), Hsts(0));

    [Fact]
    public Task Flags_FixAllAcrossTwoDocuments()
    {
        var test = TransportTest.PipelineTest<HttpsPipelineAnalyzer, HttpsRedirectionFixer>(string.Empty, string.Empty, program: false);
        test.TestState.Sources.Clear();
        test.FixedState.Sources.Clear();
        test.TestState.Sources.Add(("/0/Public.cs", App("PublicSite", "{|#0:builder.Build()|}")));
        test.TestState.Sources.Add(("/0/Admin.cs", App("AdminSite", "{|#1:builder.Build()|}")));
        test.FixedState.Sources.Add(("/0/Public.cs", App("PublicSite", "builder.Build();\n        app.UseHttpsRedirection()")));
        test.FixedState.Sources.Add(("/0/Admin.cs", App("AdminSite", "builder.Build();\n        app.UseHttpsRedirection()")));
        test.ExpectedDiagnostics.Add(Redirect(0));
        test.ExpectedDiagnostics.Add(Redirect(1));
        test.CodeActionEquivalenceKey = HttpsRedirectionFixer.AddHttpsRedirectionKey;
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllInDocumentCheck;
        return test.RunAsync();

        static string App(string name, string build) => $$"""
            using Microsoft.AspNetCore.Builder;

            public static class {{name}}
            {
                public static void Start(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    var app = {{build}};
                    app.UseHsts();
                    app.Run();
                }
            }
            """;
    }

    [Fact]
    public async Task Flags_LiveInTheProgramDocumentWhenAnotherFilesExtensionLacksRedirection()
    {
        const string Program = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.UsePipeline();
            app.Run();
            """;
        const string Pipeline = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            public static class PipelineExtensions
            {
                public static void UsePipeline(this WebApplication app)
                {
                    app.UseHsts();
                    app.UseStaticFiles();
                    app.MapGet("/", () => "Hello");
                }
            }
            """;

        var program = await DocumentScope.AnalyzeAsync(
            new HttpsPipelineAnalyzer(), "/Program.cs", OutputKind.ConsoleApplication, ("/Program.cs", Program), ("/Pipeline.cs", Pipeline));
        var pipeline = await DocumentScope.AnalyzeAsync(
            new HttpsPipelineAnalyzer(), "/Pipeline.cs", OutputKind.ConsoleApplication, ("/Program.cs", Program), ("/Pipeline.cs", Pipeline));
        var redirected = await DocumentScope.AnalyzeAsync(
            new HttpsPipelineAnalyzer(), "/Program.cs", OutputKind.ConsoleApplication,
            ("/Program.cs", Program), ("/Pipeline.cs", Pipeline.Replace("app.UseHsts();", "app.UseHsts();\n        app.UseHttpsRedirection();")));

        Assert.Equal(new[] { "SB4001@/Program.cs(4,11)" }, DocumentScope.Describe(program));
        Assert.Empty(pipeline);
        Assert.Empty(redirected);
    }

    [Fact]
    public async Task Flags_LiveInTheStartupDocumentWhenTheHostAndAHelperAreInOtherFiles()
    {
        const string Startup = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public class Startup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddControllers();

                public void Configure(IApplicationBuilder app) => SecurityPipeline.Apply(app);
            }
            """;
        const string Helper = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            internal static class SecurityPipeline
            {
                internal static void Apply(IApplicationBuilder app)
                {
                    app.UseHsts();
                    app.UseRouting();
                }
            }
            """;

        var startup = await DocumentScope.AnalyzeAsync(
            new HttpsPipelineAnalyzer(), "/Startup.cs", OutputKind.DynamicallyLinkedLibrary,
            ("/Startup.cs", Startup), ("/Helper.cs", Helper), ("/Program.cs", TransportTest.StartupHost()));
        var escaping = await DocumentScope.AnalyzeAsync(
            new HttpsPipelineAnalyzer(), "/Startup.cs", OutputKind.DynamicallyLinkedLibrary,
            ("/Startup.cs", Startup), ("/Program.cs", TransportTest.StartupHost()), ("/Helper.cs", Helper.Replace("app.UseRouting();", "app.UseRouting();\n        Kept = app;\n    }\n\n    internal static object? Kept;\n\n    private static void Unused()\n    {")));

        Assert.Equal(new[] { "SB4001@/Startup.cs(8,17)" }, DocumentScope.Describe(startup));
        Assert.Empty(escaping);
    }

    [Fact]
    public Task DoesNotFlag_TopLevelProgramWithHttpsRedirection() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.UseHsts();
            app.UseHttpsRedirection();
            app.MapGet("/", () => "Hello");
            app.Run();
            """,
        });

    [Fact]
    public Task DoesNotFlag_RedirectionInExtensionMethodsOfAnotherFileTransitively() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.ConfigurePipeline();
            app.Run();
            """,
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            public static class PipelineExtensions
            {
                public static void ConfigurePipeline(this WebApplication app)
                {
                    app.UseTransportSecurity();
                    app.MapGet("/", () => "Hello");
                }
            }
            """,
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            internal static class SecurityPipeline
            {
                internal static IApplicationBuilder UseTransportSecurity(this IApplicationBuilder app)
                    => app.UseHsts().UseHttpsRedirection();
            }
            """,
        });

    [Fact]
    public Task DoesNotFlag_AppEscapesToDelegateOrField() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            Action<WebApplication> configure = AppHolder.Configure;
            configure(app);
            AppHolder.Current = app;
            AppHolder.Keep(app);
            app.Run();

            static class AppHolder
            {
                public static WebApplication? Current;
                public static object? Kept;
                public static void Configure(WebApplication app) { }
                public static void Keep(object app) => Kept = app;
            }
            """,
        });

    [Fact]
    public Task DoesNotFlag_AppBuiltButReturnedToTheCaller() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var app = AppFactory.Create(args);
            app.UseHttpsRedirection();
            app.Run();

            static class AppFactory
            {
                public static WebApplication Create(string[] args)
                {
                    var app = WebApplication.CreateBuilder(args).Build();
                    app.MapGet("/", () => "Hello");
                    return app;
                }
            }
            """,
        });

    [Fact]
    public Task DoesNotFlag_WorkerServiceAndConsoleApp() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            builder.Services.AddHostedService<Worker>();
            var host = builder.Build();
            host.Run();
            Console.WriteLine("done");

            sealed class Worker : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(1000, stoppingToken);
            }
            """,
        });

    [Fact]
    public Task DoesNotFlag_TlsTerminatedUpstreamOption()
    {
        var test = new Infrastructure.AnalyzerVerifier<HttpsPipelineAnalyzer>.Test
        {
            TestCode = /* lang=c#-test */ """
                using Microsoft.AspNetCore.Builder;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/", () => "Hello");
                app.Run();
                """,
        }.WithEditorConfig("securebackend.tls_terminated_upstream = true");
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task DoesNotFlag_HealthCheckOnlyApp() => ProgramFilesAsync(
        new[]
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
    public Task DoesNotFlag_RewriterOrGlobalRequireHttpsFilter() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Rewrite;

            var app = WebApplication.CreateBuilder(args).Build();
            app.UseHsts();
            app.UseRewriter(new RewriteOptions().AddRedirectToHttpsPermanent());
            app.Run();
            """,
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;

            public static class MvcSite
            {
                public static void Start(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddControllersWithViews(options => options.Filters.Add(new RequireHttpsAttribute()));
                    var app = builder.Build();
                    app.UseHsts();
                    app.MapDefaultControllerRoute();
                    app.Run();
                }
            }
            """,
        });

    [Fact]
    public Task DoesNotFlag_RedirectionInTheProjectsOwnMiddleware() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.CreateBuilder(args).Build();
            app.UseHsts();
            app.UseMiddleware<HttpsOnlyMiddleware>();
            app.Run();
            """,
            /* lang=c#-test */ """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;

            public sealed class HttpsOnlyMiddleware
            {
                private readonly RequestDelegate _next;

                public HttpsOnlyMiddleware(RequestDelegate next) => _next = next;

                public Task InvokeAsync(HttpContext context)
                {
                    if (!context.Request.IsHttps)
                    {
                        context.Response.Redirect("https://" + context.Request.Host + context.Request.Path, permanent: true);
                        return Task.CompletedTask;
                    }

                    return _next(context);
                }
            }
            """,
        });

    [Fact]
    public Task DoesNotFlag_StartupWithRedirectionOrNonStartupConfigure() => TransportTest.DocumentsAsync<HttpsPipelineAnalyzer>(
        program: false,
        new[]
        {
            TransportTest.StartupHost(),
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            public class Startup
            {
                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    app.UseHsts();
                    app.UseHttpsRedirection();
                    app.UseRouting();
                }
            }

            // A module that contributes middleware to someone else's pipeline is not a pipeline.
            public class ReportingModule
            {
                public void Configure(IApplicationBuilder app) => app.UseStaticFiles();
            }
            """,
        });

    [Fact]
    public Task DoesNotFlag_AppHandedToAnUnknownLibraryProject()
    {
        var test = new Infrastructure.AnalyzerVerifier<HttpsPipelineAnalyzer>.Test
        {
            TestCode = /* lang=c#-test */ """
                using Microsoft.AspNetCore.Builder;
                using Company.Platform;

                var app = WebApplication.CreateBuilder(args).Build();
                app.UseCompanyDefaults();
                app.Run();
                """,
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        var library = new ProjectState("Company.Platform", Microsoft.CodeAnalysis.LanguageNames.CSharp, "/Company", "cs");
        library.Sources.Add(("/Company/Defaults.cs", /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            namespace Company.Platform;

            public static class Defaults
            {
                public static WebApplication UseCompanyDefaults(this WebApplication app)
                {
                    app.UseHsts();
                    app.UseHttpsRedirection();
                    return app;
                }
            }
            """));
        test.TestState.AdditionalProjects.Add("Company.Platform", library);
        test.TestState.AdditionalProjectReferences.Add("Company.Platform");
        return test.RunAsync();
    }

    // ---- the host pipeline: module hooks, library extension methods, Startup classes, startup filters

    private const string Modules = /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.DependencyInjection;

        public interface IModuleInitializer
        {
            void ConfigureServices(IServiceCollection services);

            void Configure(IApplicationBuilder app, IWebHostEnvironment env);
        }

        public class CatalogModule : IModuleInitializer
        {
            public void ConfigureServices(IServiceCollection services) => services.AddControllersWithViews();

            public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
            {
                app.UseStaticFiles();
                app.UseRouting();
            }
        }

        // A module that configures its own branch of the pipeline.
        public class ReportsModule : IModuleInitializer
        {
            public void ConfigureServices(IServiceCollection services) { }

            public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                => app.Map("/reports", branch => branch.UseReports());
        }

        public static class ReportsApplicationBuilderExtensions
        {
            public static IApplicationBuilder UseReports(this IApplicationBuilder app)
            {
                app.UseStaticFiles();
                return app.UseRouting();
            }
        }
        """;

    private const string ModuleHost = /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllersWithViews();
        var app = {|#0:builder.Build()|};
        foreach (var module in app.Services.GetServices<IModuleInitializer>())
        {
            module.Configure(app, app.Environment);
        }

        app.Run();
        """;

    [Fact]
    public Task DoesNotFlag_ModuleHooksAndExtensionMethodsOfAClassLibrary() => TransportTest.DocumentsAsync<HttpsPipelineAnalyzer>(
        program: false, new[] { Modules });

    [Fact]
    public Task Flags_HostThatRunsModuleHooksThroughTheirInterface() => ProgramFilesAsync(
        new[] { ModuleHost, Modules },
        Redirect(0), Hsts(0));

    [Fact]
    public Task DoesNotFlag_ModuleHookSetsUpHttpsForTheHost() => ProgramFilesAsync(
        new[]
        {
            ModuleHost.Replace("{|#0:builder.Build()|}", "builder.Build()"),
            Modules,
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            public sealed class SecurityModule : IModuleInitializer
            {
                public void ConfigureServices(IServiceCollection services) { }

                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    if (!env.IsDevelopment())
                    {
                        app.UseHsts();
                    }

                    app.UseHttpsRedirection();
                }
            }
            """,
        });

    [Fact]
    public Task DoesNotFlag_HostRunsHooksWhoseImplementationsAreLoadedFromElsewhere() => ProgramFilesAsync(
        new[]
        {
            ModuleHost.Replace("{|#0:builder.Build()|}", "builder.Build()"),
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            public interface IModuleInitializer
            {
                void Configure(IApplicationBuilder app, IWebHostEnvironment env);
            }
            """,
        });

    [Fact]
    public Task Flags_PluginHooksReachedThroughAnAbstractBaseClass() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = {|#0:builder.Build()|};
            PluginHost.ConfigurePipeline(app, new PluginStartup[] { new ShippingStartup() });
            app.Run();

            public abstract class PluginStartup
            {
                public abstract void Configure(WebApplication app);
            }

            public sealed class ShippingStartup : PluginStartup
            {
                public override void Configure(WebApplication app) => app.UseStaticFiles();
            }

            public static class PluginHost
            {
                public static void ConfigurePipeline(WebApplication app, PluginStartup[] plugins)
                {
                    foreach (var plugin in plugins)
                    {
                        plugin.Configure(app);
                    }

                    app.UseHsts();
                }
            }
            """,
        },
        Redirect(0));

    [Fact]
    public Task DoesNotFlag_StartupClassThatNoHostNames() => TransportTest.DocumentsAsync<HttpsPipelineAnalyzer>(
        program: false,
        new[]
        {
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.DependencyInjection;

            // A class library's Startup (a module or plugin entry point): no host in this compilation runs it.
            public class Startup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddControllers();

                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    app.UseRouting();
                    app.UseEndpoints(endpoints => endpoints.MapControllers());
                }
            }
            """,
        });

    [Fact]
    public Task Flags_StartupNamedByUseStartupTypeof() => TransportTest.DocumentsAsync<HttpsPipelineAnalyzer>(
        program: false,
        new[]
        {
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.DependencyInjection;

            public class ApiStartup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddControllers();

                public void {|#0:Configure|}(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    app.UseHsts();
                    app.UseRouting();
                    app.UseEndpoints(endpoints => endpoints.MapControllers());
                }
            }
            """,
            /* lang=c#-test */ """
            using Microsoft.AspNetCore;
            using Microsoft.AspNetCore.Hosting;

            public static class Program
            {
                public static void Main(string[] args) => WebHost.CreateDefaultBuilder(args).UseStartup(typeof(ApiStartup)).Build().Run();
            }
            """,
        },
        Redirect(0, "ApiStartup.Configure"));

    [Fact]
    public Task Flags_OnceAtTheBuiltAppThatCallsTheStartupsConfigure() => ProgramFilesAsync(
        new[]
        {
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var startup = new Startup();
            startup.ConfigureServices(builder.Services);
            var app = {|#0:builder.Build()|};
            startup.Configure(app, app.Environment);
            app.Run();
            """,
            /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.DependencyInjection;

            public class Startup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddControllers();

                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    app.UseRouting();
                    app.UseEndpoints(endpoints => endpoints.MapControllers());
                }
            }
            """,
        },
        Redirect(0), Hsts(0));

    private const string FilteredHost = /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddTransient<IStartupFilter, TransportStartupFilter>();
        var app = {|#0:builder.Build()|};
        app.MapGet("/", () => "Hello");
        app.Run();
        """;

    [Fact]
    public Task DoesNotFlag_StartupFilterSetsUpHttps() => ProgramFilesAsync(
        new[]
        {
            FilteredHost.Replace("{|#0:builder.Build()|}", "builder.Build()"),
            /* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            public sealed class TransportStartupFilter : IStartupFilter
            {
                public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
                {
                    app.UseHsts();
                    app.UseHttpsRedirection();
                    next(app);
                };
            }
            """,
        });

    [Fact]
    public Task Flags_StartupFilterThatSetsUpOnlyHsts() => ProgramFilesAsync(
        new[]
        {
            FilteredHost,
            /* lang=c#-test */ """
            using System;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            public sealed class TransportStartupFilter : IStartupFilter
            {
                public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
                {
                    app.UseHsts();
                    next(app);
                };
            }
            """,
        },
        Redirect(0));

    [Fact]
    public Task DoesNotFlag_BrokenCode() => TransportTest.BrokenCodeAsync<HttpsPipelineAnalyzer>(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build(
        app.UseHttpsRedirection(;
        app.
        Missing.Configure(app);
        """,
        program: true);

    [Fact]
    public Task DoesNotFlag_BrokenStartupAndHooks() => TransportTest.BrokenCodeAsync<HttpsPipelineAnalyzer>(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.Hosting;

        public static class Program
        {
            public static void Main(string[] args)
                => Host.CreateDefaultBuilder(args).ConfigureWebHostDefaults(web => web.UseStartup<Missing>().UseStartup(typeof(
        }

        public interface IModule { void Configure(IApplicationBuilder app); }

        public class Startup
        {
            public void Configure(IApplicationBuilder app, IModule[] modules)
            {
                foreach (var module in modules) module.Configure(app
                app.UseStartup<Startup>();
            }
        }
        """);
}
