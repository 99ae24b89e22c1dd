using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.CodeFixes.Exposure;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<
    SecureBackend.Analyzers.Exposure.SensitiveDataLoggingAnalyzer,
    SecureBackend.CodeFixes.Exposure.SensitiveDataLoggingFixer>;

namespace SecureBackend.Tests.Exposure;

public sealed class SB5002_SensitiveDataLoggingTests
{
    private const string Model = """

        public class ShopDb : Microsoft.EntityFrameworkCore.DbContext
        {
            public ShopDb(Microsoft.EntityFrameworkCore.DbContextOptions<ShopDb> options) : base(options) { }
        }
        """;

    [Fact]
    public Task Flags_EnableSensitiveDataLoggingInOnConfiguring() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.EntityFrameworkCore;

        public class ShopContext : DbContext
        {
            protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
            {
                optionsBuilder.UseInMemoryLikeProvider();
                optionsBuilder.{|#0:EnableSensitiveDataLogging()|};
            }
        }

        static class Provider
        {
            public static DbContextOptionsBuilder UseInMemoryLikeProvider(this DbContextOptionsBuilder builder) => builder;
        }
        """,
        /* lang=c#-test */ """
        using Microsoft.EntityFrameworkCore;

        public class ShopContext : DbContext
        {
            protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
            {
                optionsBuilder.UseInMemoryLikeProvider();
            }
        }

        static class Provider
        {
            public static DbContextOptionsBuilder UseInMemoryLikeProvider(this DbContextOptionsBuilder builder) => builder;
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("EnableSensitiveDataLogging()"));

    [Fact]
    public Task Flags_EnableSensitiveDataLoggingInAChain_AndKeepsTheChain() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.EntityFrameworkCore;

        public static class Registration
        {
            public static DbContextOptions<ShopDb> Build() =>
                new DbContextOptionsBuilder<ShopDb>()
                    .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
                    .[|EnableSensitiveDataLogging()|]
                    .Options;

            public static void Configure(DbContextOptionsBuilder options) =>
                options.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking).[|EnableSensitiveDataLogging(true)|];
        }
        """ + Model,
        /* lang=c#-test */ """
        using Microsoft.EntityFrameworkCore;

        public static class Registration
        {
            public static DbContextOptions<ShopDb> Build() =>
                new DbContextOptionsBuilder<ShopDb>()
                    .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
                    .Options;

            public static void Configure(DbContextOptionsBuilder options) =>
                options.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        }
        """ + Model);

    [Fact]
    public Task Flags_ShowPiiInTopLevelProgram_AndRemovesTheStatement()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using Microsoft.IdentityModel.Logging;

                // Verbose token errors
                [|IdentityModelEventSource.ShowPII = true|];
                [|IdentityModelEventSource.LogCompleteSecurityArtifact = true|];
                System.Console.WriteLine("started");
                """,
            FixedCode = """
                using Microsoft.IdentityModel.Logging;

                // Verbose token errors
                System.Console.WriteLine("started");
                """,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_ExpressionBodiedLambdaWithoutAReceiverChain_WithoutAFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.EntityFrameworkCore;

        public static class Registration
        {
            public static Action<DbContextOptionsBuilder> Configure = options => options.[|EnableSensitiveDataLogging()|];
        }
        """);

    [Fact]
    public Task DoesNotFlag_InsideDevelopmentChecks() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.Hosting;
        using Microsoft.IdentityModel.Logging;

        public static class Registration
        {
            public static void Configure(DbContextOptionsBuilder options, IHostEnvironment environment)
            {
                if (environment.IsDevelopment())
                {
                    options.EnableSensitiveDataLogging();
                    IdentityModelEventSource.ShowPII = true;
                }

                if (!environment.IsProduction())
                {
                    options.EnableDetailedErrors();
                    options.EnableSensitiveDataLogging();
                }
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_SwitchedOffOrDrivenByConfiguration() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.EntityFrameworkCore;
        using Microsoft.Extensions.Hosting;
        using Microsoft.IdentityModel.Logging;

        public static class Registration
        {
            public static void Configure(DbContextOptionsBuilder options, IHostEnvironment environment, bool verbose)
            {
                options.EnableSensitiveDataLogging(false);
                options.EnableSensitiveDataLogging(environment.IsDevelopment());
                options.EnableSensitiveDataLogging(verbose);
                options.EnableDetailedErrors();
                IdentityModelEventSource.ShowPII = false;
                IdentityModelEventSource.ShowPII = verbose;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_OrThrow_OnHalfTypedCode()
    {
        const string source = """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.IdentityModel.Logging;

            public static class Registration
            {
                public static void Configure(DbContextOptionsBuilder options)
                {
                    options.EnableSensitiveDataLogging(;
                    IdentityModelEventSource.ShowPII = ;
                    options.EnableSensitiveDataLogging(Unknown.Value);
                    IdentityModelEventSource.
                }
            """;
        var test = new Verify.Test { TestCode = source, FixedCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
        return test.RunAsync();
    }

    [Fact]
    public void Fix_PublishesItsEquivalenceKey() => Assert.Equal("SB5002.Remove", SensitiveDataLoggingFixer.RemoveKey);

    [Fact]
    public Task FixAll_RemovesEveryOccurrenceAcrossDocuments()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/A.cs", """
            using Microsoft.EntityFrameworkCore;

            public static class A
            {
                public static void Configure(DbContextOptionsBuilder options)
                {
                    options.[|EnableSensitiveDataLogging()|];
                    options.EnableDetailedErrors();
                }
            }
            """));
        test.TestState.Sources.Add(("/B.cs", """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.IdentityModel.Logging;

            public static class B
            {
                public static void Configure(DbContextOptionsBuilder options)
                {
                    [|IdentityModelEventSource.ShowPII = true|];
                    options.EnableDetailedErrors().[|EnableSensitiveDataLogging()|];
                }
            }
            """));
        test.FixedState.Sources.Add(("/A.cs", """
            using Microsoft.EntityFrameworkCore;

            public static class A
            {
                public static void Configure(DbContextOptionsBuilder options)
                {
                    options.EnableDetailedErrors();
                }
            }
            """));
        test.FixedState.Sources.Add(("/B.cs", """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.IdentityModel.Logging;

            public static class B
            {
                public static void Configure(DbContextOptionsBuilder options)
                {
                    options.EnableDetailedErrors();
                }
            }
            """));
        return test.RunAsync();
    }
}
