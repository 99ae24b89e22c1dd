using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = SecureBackend.Tests.Infrastructure.AnalyzerVerifier<SecureBackend.Analyzers.Forgery.PermissiveCorsAnalyzer>;

namespace SecureBackend.Tests.Forgery;

public sealed class SB3004_PermissiveCorsTests
{
    private const string AnyOriginWithCredentials = "'AllowAnyOrigin()' together with 'AllowCredentials()' lets every web site make credentialed requests (ASP.NET Core also rejects this combination when the policy is used)";
    private const string AnyOriginAlone = "'AllowAnyOrigin()' lets every web site read this policy's responses; list the origins that need access";
    private const string Wildcard = "'WithOrigins(\"*\")' admits every origin; '*' is not an origin but the wildcard";
    private const string Header = "The 'Access-Control-Allow-Origin: *' header written by hand lets every web site read this response";

    [Fact]
    public Task Flags_AllowAnyOriginWithCredentials_InChainAndSeparateStatements() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Cors.Infrastructure;
        using Microsoft.Extensions.DependencyInjection;

        public static class CorsSetup
        {
            public static void Add(IServiceCollection services)
            {
                services.AddCors(options =>
                {
                    options.AddPolicy("spa", policy => policy.{|#0:AllowAnyOrigin|}().AllowAnyHeader().AllowCredentials());
                    options.AddDefaultPolicy(policy =>
                    {
                        policy.AllowCredentials();
                        policy.{|#1:AllowAnyOrigin|}();
                    });
                });

                var builder = new CorsPolicyBuilder();
                builder.{|#2:AllowAnyOrigin|}();
                builder.AllowCredentials();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(AnyOriginWithCredentials),
        Verify.Diagnostic().WithLocation(1).WithArguments(AnyOriginWithCredentials),
        Verify.Diagnostic().WithLocation(2).WithArguments(AnyOriginWithCredentials));

    [Fact]
    public Task Flags_AlwaysTruePredicatesWithCredentials() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.Extensions.DependencyInjection;

        public static class CorsSetup
        {
            public static void Add(IServiceCollection services)
            {
                Func<string, bool> anyone = origin => true;
                services.AddCors(options =>
                {
                    options.AddPolicy("a", p => p.{|#0:SetIsOriginAllowed|}(_ => true).AllowCredentials());
                    options.AddPolicy("b", p => p.{|#1:SetIsOriginAllowed|}(delegate { return true; }).AllowCredentials());
                    options.AddPolicy("c", p => p.{|#2:SetIsOriginAllowed|}(AllowAll).AllowCredentials());
                    options.AddPolicy("d", p => p.{|#3:SetIsOriginAllowed|}(anyone).AllowCredentials());
                    options.AddPolicy("e", p => p.{|#4:SetIsOriginAllowed|}(_ => true));
                });
            }

            private static bool AllowAll(string origin) => true;
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("'SetIsOriginAllowed' with an always-true predicate and 'AllowCredentials()' lets every web site read responses with the user's cookies"),
        Verify.Diagnostic().WithLocation(1).WithArguments("'SetIsOriginAllowed' with an always-true predicate and 'AllowCredentials()' lets every web site read responses with the user's cookies"),
        Verify.Diagnostic().WithLocation(2).WithArguments("'SetIsOriginAllowed' with an always-true predicate and 'AllowCredentials()' lets every web site read responses with the user's cookies"),
        Verify.Diagnostic().WithLocation(3).WithArguments("'SetIsOriginAllowed' with an always-true predicate and 'AllowCredentials()' lets every web site read responses with the user's cookies"),
        Verify.Diagnostic().WithLocation(4).WithSeverity(DiagnosticSeverity.Info).WithArguments("'SetIsOriginAllowed' with an always-true predicate lets every web site read this policy's responses"));

    [Fact]
    public Task Flags_WildcardOriginsThroughConstantsArraysAndConstructor() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Cors.Infrastructure;
        using Microsoft.Extensions.DependencyInjection;

        public static class CorsSetup
        {
            private const string Everyone = "*";
            private static readonly string[] Origins = { "https://shop.example", "*" };

            public static void Add(IServiceCollection services)
            {
                var extra = new[] { Everyone };
                services.AddCors(o =>
                {
                    o.AddPolicy("a", p => p.{|#0:WithOrigins|}("*"));
                    o.AddPolicy("b", p => p.{|#1:WithOrigins|}(Everyone).AllowAnyMethod());
                    o.AddPolicy("c", p => p.{|#2:WithOrigins|}(Origins));
                    o.AddPolicy("d", p => p.{|#3:WithOrigins|}(extra));
                });
                var policy = {|#4:new CorsPolicyBuilder("*")|}.Build();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(Wildcard),
        Verify.Diagnostic().WithLocation(1).WithArguments(Wildcard),
        Verify.Diagnostic().WithLocation(2).WithArguments(Wildcard),
        Verify.Diagnostic().WithLocation(3).WithArguments(Wildcard),
        Verify.Diagnostic().WithLocation(4).WithArguments("'new CorsPolicyBuilder(\"*\")' admits every origin; '*' is not an origin but the wildcard"));

    [Fact]
    public Task Flags_HandWrittenWildcardHeaders() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Primitives;
        using Microsoft.Net.Http.Headers;

        public static class Headers
        {
            public static void Write(HttpResponse response)
            {
                {|#0:response.Headers.Add("Access-Control-Allow-Origin", "*")|};
                {|#1:response.Headers.Append(HeaderNames.AccessControlAllowOrigin, "*")|};
                {|#2:response.Headers["access-control-allow-origin"] = "*"|};
                {|#3:response.Headers.AccessControlAllowOrigin = new StringValues("*")|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments(Header),
        Verify.Diagnostic().WithLocation(1).WithArguments(Header),
        Verify.Diagnostic().WithLocation(2).WithArguments(Header),
        Verify.Diagnostic().WithLocation(3).WithArguments(Header));

    [Fact]
    public Task Flags_AllowAnyOriginAlone_AtInfoSeverity() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.Extensions.DependencyInjection;

        public static class CorsSetup
        {
            public static void Add(IServiceCollection services)
                => services.AddCors(o => o.AddPolicy("public", p => p.{|#0:AllowAnyOrigin|}().AllowAnyMethod().AllowAnyHeader()));
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments(AnyOriginAlone));

    [Fact]
    public Task Flags_AllowAnyOriginAlone_RaisedByEditorConfigSeverity() => new Verify.Test
    {
        TestCode = /* lang=c#-test */ """
            using Microsoft.Extensions.DependencyInjection;

            public static class CorsSetup
            {
                public static void Add(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("public", p => p.{|#0:AllowAnyOrigin|}()));
            }
            """,
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Error).WithArguments(AnyOriginAlone) },
    }.WithEditorConfig("dotnet_diagnostic.SB3004.severity = error").RunAsync();

    [Fact]
    public Task DoesNotFlag_AnyOriginWithoutCredentialsWhenOptionTurnsItOff() => new Verify.Test
    {
        TestCode = /* lang=c#-test */ """
            using Microsoft.Extensions.DependencyInjection;

            public static class CorsSetup
            {
                public static void Add(IServiceCollection services)
                    => services.AddCors(o => o.AddPolicy("public", p => p.AllowAnyOrigin().AllowAnyMethod()));
            }
            """,
    }.WithEditorConfig("securebackend.SB3004.report_any_origin_without_credentials = false").RunAsync();

    [Fact]
    public Task DoesNotFlag_ExplicitOriginsAndRealPredicates() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        public static class CorsSetup
        {
            private static readonly string[] Origins = { "https://shop.example", "https://admin.shop.example" };

            public static void Add(IServiceCollection services, string[] configured)
            {
                services.AddCors(o =>
                {
                    o.AddPolicy("spa", p => p.WithOrigins("https://shop.example").AllowCredentials().AllowAnyHeader());
                    o.AddPolicy("list", p => p.WithOrigins(Origins).AllowCredentials());
                    o.AddPolicy("config", p => p.WithOrigins(configured).AllowCredentials());
                    o.AddPolicy("sub", p => p.WithOrigins("https://*.shop.example").SetIsOriginAllowedToAllowWildcardSubdomains().AllowCredentials());
                    o.AddPolicy("check", p => p.SetIsOriginAllowed(origin => new Uri(origin).Host.EndsWith(".shop.example", StringComparison.Ordinal)).AllowCredentials());
                    o.AddPolicy("creds", p => p.WithOrigins("https://a.example").AllowCredentials());
                });
            }

            public static void Write(HttpResponse response, string origin)
            {
                response.Headers.Append("Access-Control-Allow-Origin", "https://shop.example");
                response.Headers["Access-Control-Allow-Methods"] = "*";
                response.Headers["Access-Control-Allow-Origin"] = origin;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_PoliciesBuiltOrAppliedOnlyInDevelopment() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public static class Policies
        {
            public const string Development = "DevelopmentCors";
            public const string Production = "ProductionCors";
        }

        public class CorsStartup
        {
            public void ConfigureServices(IServiceCollection services, IWebHostEnvironment environment, string[] origins)
            {
                services.AddCors(options =>
                {
                    options.AddPolicy(Policies.Development, builder => builder.AllowAnyOrigin().AllowAnyMethod().AllowAnyHeader());
                    options.AddPolicy(Policies.Production, builder => builder.WithOrigins(origins).AllowAnyMethod().AllowAnyHeader());
                });

                if (environment.IsDevelopment())
                {
                    services.AddCors(options => options.AddPolicy("local", p => p.SetIsOriginAllowed(_ => true).AllowCredentials()));
                }
            }

            public void Configure(IApplicationBuilder app, IWebHostEnvironment environment)
            {
                if (environment.IsDevelopment())
                    app.UseCors(Policies.Development);
                else
                    app.UseCors(Policies.Production);
            }
        }
        """);

    [Fact]
    public Task Flags_NamedPolicyAppliedInDevelopmentAndInProduction() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Cors;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public class CorsStartup
        {
            public void ConfigureServices(IServiceCollection services)
                => services.AddCors(options =>
                {
                    options.AddPolicy("open", builder => builder.{|#0:AllowAnyOrigin|}().AllowAnyMethod());
                    options.AddPolicy("partner", builder => builder.{|#1:AllowAnyOrigin|}().AllowAnyMethod());
                    options.AddPolicy("unused", builder => builder.{|#2:AllowAnyOrigin|}().AllowAnyMethod());
                });

            public void Configure(IApplicationBuilder app, IWebHostEnvironment environment)
            {
                if (environment.IsDevelopment())
                {
                    app.UseCors("open");
                }

                app.UseCors("open");
            }
        }

        [EnableCors("partner")]
        public class PartnerController : ControllerBase
        {
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments(AnyOriginAlone),
        Verify.Diagnostic().WithLocation(1).WithSeverity(DiagnosticSeverity.Info).WithArguments(AnyOriginAlone),
        Verify.Diagnostic().WithLocation(2).WithSeverity(DiagnosticSeverity.Info).WithArguments(AnyOriginAlone));

    [Fact]
    public Task DoesNotFlag_BrokenCode() => new Verify.Test
    {
        TestCode = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;

            public static class Broken
            {
                public static void Add(IServiceCollection services, HttpResponse response)
                {
                    services.AddCors(o => o.AddPolicy("x", p => p.WithOrigins(unknown).SetIsOriginAllowed(Missing).AllowCredentials(
                    response.Headers.Add("Access-Control-Allow-Origin", );
                    response.Headers[] = "*";
                }
            }
            """,
        CompilerDiagnostics = CompilerDiagnostics.None,
    }.RunAsync();
}
