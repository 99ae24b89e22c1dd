using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers.Exposure;
using SecureBackend.CodeFixes.Exposure;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Exposure.DeveloperExceptionPageAnalyzer,
    SecureBackend.CodeFixes.Exposure.DeveloperExceptionPageFixer>;

namespace SecureBackend.Tests.Exposure;

public sealed class SB5001_DeveloperExceptionPageTests
{
    private static Task ProgramFixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = DeveloperExceptionPageFixer.GuardKey };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static Task ProgramAnalyzerAsync(string source)
    {
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_UnguardedDeveloperExceptionPage_InTopLevelProgram() => ProgramFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var app = WebApplication.CreateBuilder(args).Build();
        // Show errors
        app.{|#0:UseDeveloperExceptionPage()|}; // detailed errors for the team
        app.MapGet("/", () => "hi");
        app.Run();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var app = WebApplication.CreateBuilder(args).Build();
        // Show errors
        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage(); // detailed errors for the team
        }
        app.MapGet("/", () => "hi");
        app.Run();
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("UseDeveloperExceptionPage()"));

    [Fact]
    public Task Flags_UnguardedDeveloperExceptionPage_AndAddsTheHostingUsing() => ProgramFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        var app = WebApplication.CreateBuilder(args).Build();
        app.[|UseDeveloperExceptionPage()|];
        app.Run();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var app = WebApplication.CreateBuilder(args).Build();
        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage();
        }
        app.Run();
        """);

    [Fact]
    public Task Flags_StartupConfigure_AndGuardsWithTheEnvironmentParameter() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.Hosting;

        public class Startup
        {
            public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
            {
                app.[|UseDeveloperExceptionPage()|];
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
            public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
            {
                if (env.IsDevelopment())
                {
                    app.UseDeveloperExceptionPage();
                }
                app.UseRouting();
            }
        }
        """);

    [Fact]
    public Task Flags_GuardedByTheWrongEnvironment() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        public static class Pipeline
        {
            public static void Configure(IApplicationBuilder app, bool verbose)
            {
                if (verbose)
                {
                    app.[|UseDeveloperExceptionPage()|];
                }
            }
        }
        """);

    [Fact]
    public Task Flags_WhenTheProductionCheckIsInverted() => ProgramFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var app = WebApplication.CreateBuilder(args).Build();
        if (app.Environment.IsProduction())
        {
            app.[|UseDeveloperExceptionPage()|];
        }
        app.Run();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var app = WebApplication.CreateBuilder(args).Build();
        if (app.Environment.IsProduction())
        {
            if (app.Environment.IsDevelopment())
            {
                app.UseDeveloperExceptionPage();
            }
        }
        app.Run();
        """);

    [Fact]
    public Task Flags_EachUnguardedCall_WithItsOwnGuard() => ProgramFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var app = WebApplication.CreateBuilder(args).Build();
        app.[|UseDeveloperExceptionPage()|];
        app.[|UseDeveloperExceptionPage(new DeveloperExceptionPageOptions { SourceCodeLineCount = 5 })|];
        app.Run();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var app = WebApplication.CreateBuilder(args).Build();
        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage();
        }
        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage(new DeveloperExceptionPageOptions { SourceCodeLineCount = 5 });
        }
        app.Run();
        """);

    [Fact]
    public Task Flags_InAChain_WithoutAFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        public static class Pipeline
        {
            public static IApplicationBuilder Configure(IApplicationBuilder app) => app.[|UseDeveloperExceptionPage()|].UseRouting();
        }
        """);

    [Fact]
    public Task DoesNotFlag_InsideIsDevelopment() => ProgramAnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        var app = WebApplication.CreateBuilder(args).Build();
        if (app.Environment.IsDevelopment())
        {
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
        }
        app.Run();
        """);

    [Fact]
    public Task DoesNotFlag_InElseOfNegatedCheck_OrTernary_OrAndChain() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.Hosting;

        public class Startup
        {
            public void Configure(IApplicationBuilder app, IWebHostEnvironment env, bool verbose)
            {
                if (!env.IsDevelopment())
                {
                    app.UseExceptionHandler("/Error");
                }
                else
                {
                    app.UseDeveloperExceptionPage();
                }

                _ = env.IsDevelopment() ? app.UseDeveloperExceptionPage() : app.UseExceptionHandler("/Error");

                if (env.IsDevelopment() && verbose)
                {
                    app.UseDeveloperExceptionPage();
                }

                if (env.EnvironmentName == "Development")
                {
                    app.UseDeveloperExceptionPage();
                }

                if (env.IsEnvironment(Environments.Development))
                {
                    app.UseDeveloperExceptionPage();
                }
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_NonProductionEnvironmentsOrDebugBuilds() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        #define DEBUG
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.Hosting;

        public class Startup
        {
            public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
            {
                if (!env.IsProduction())
                {
                    app.UseDeveloperExceptionPage();
                }

                if (env.IsStaging() || env.IsEnvironment("Local"))
                {
                    app.UseDeveloperExceptionPage();
                }
        #if DEBUG
                app.UseDeveloperExceptionPage();
        #endif
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_AfterAnEarlyExit_OrInDevelopmentConventionMethods() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.Hosting;

        public class Startup
        {
            public void UseDiagnostics(IApplicationBuilder app, IWebHostEnvironment env)
            {
                if (!env.IsDevelopment())
                {
                    return;
                }

                app.UseDeveloperExceptionPage();
            }

            public void ConfigureDevelopment(IApplicationBuilder app) => app.UseDeveloperExceptionPage();
        }

        public class StartupDevelopment
        {
            public void Configure(IApplicationBuilder app) => app.UseDeveloperExceptionPage();
        }
        """);

    [Fact]
    public Task DoesNotFlag_ExceptionHandlerAndOtherMiddleware() => ProgramAnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        var app = WebApplication.CreateBuilder(args).Build();
        app.UseExceptionHandler("/Error");
        app.UseStatusCodePages();
        app.Run();

        static class UseDeveloperExceptionPageLookalike
        {
            public static void UseDeveloperExceptionPage(this WebApplication app) { }
        }
        """);

    [Fact]
    public Task DoesNotFlag_OrThrow_OnHalfTypedCode()
    {
        const string source = """
                using Microsoft.AspNetCore.Builder;

                public static class Pipeline
                {
                    public static void Configure(IApplicationBuilder app)
                    {
                        app.UseDeveloperExceptionPage(
                        app.UseDeveloperExceptionPage(new DeveloperExceptionPageOptions { SourceCodeLineCount = });
                        if (x.IsDevelopment( { app.UseDeveloperExceptionPage
                    }
                """;
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        test.TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithSpan(8, 13, 8, 99).WithArguments("UseDeveloperExceptionPage()"));
        return test.RunAsync();
    }

    [Fact]
    public void Fix_PublishesItsEquivalenceKey()
        => Assert.Equal("SB5001.GuardWithIsDevelopment", DeveloperExceptionPageFixer.GuardKey);

    [Fact]
    public Task FixAll_GuardsEveryCallInEveryDocument()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/A.cs", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            public class StartupA
            {
                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    app.[|UseDeveloperExceptionPage()|];
                }
            }
            """));
        test.TestState.Sources.Add(("/B.cs", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            public class StartupB
            {
                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    app.[|UseDeveloperExceptionPage()|];
                    app.UseRouting();
                    app.[|UseDeveloperExceptionPage()|];
                }
            }
            """));
        test.FixedState.Sources.Add(("/A.cs", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.Hosting;

            public class StartupA
            {
                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    if (env.IsDevelopment())
                    {
                        app.UseDeveloperExceptionPage();
                    }
                }
            }
            """));
        test.FixedState.Sources.Add(("/B.cs", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.Hosting;

            public class StartupB
            {
                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    if (env.IsDevelopment())
                    {
                        app.UseDeveloperExceptionPage();
                    }
                    app.UseRouting();
                    if (env.IsDevelopment())
                    {
                        app.UseDeveloperExceptionPage();
                    }
                }
            }
            """));
        return test.RunAsync();
    }
}
