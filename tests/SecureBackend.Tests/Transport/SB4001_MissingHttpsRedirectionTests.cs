using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Analyzers.Transport;
using SecureBackend.CodeFixes.Transport;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<SecureBackend.Analyzers.Transport.HttpsPipelineAnalyzer, SecureBackend.CodeFixes.Transport.HttpsRedirectionFixer>;

namespace SecureBackend.Tests.Transport;

public sealed class SB4001_MissingHttpsRedirectionTests
{
    private static Task FixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
        => TransportTest.ProgramFixAsync<HttpsPipelineAnalyzer, HttpsRedirectionFixer>(source, fixedSource, expected);

    private static DiagnosticResult Redirect(int location, string name = "builder.Build()")
        => Verify.Diagnostic("SB4001").WithLocation(location).WithArguments(name);

    private static DiagnosticResult Hsts(int location, string name = "builder.Build()")
        => Verify.Diagnostic("SB4002").WithLocation(location).WithArguments(name);

    [Fact]
    public Task Flags_TopLevelProgramWithoutHttpsRedirection() => FixAsync(
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
    public Task DoesNotFlag_TopLevelProgramWithHttpsRedirection() => FixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.UseHsts();
        app.UseHttpsRedirection();
        app.MapGet("/", () => "Hello");
        app.Run();
        """,
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        var builder = WebApplication.CreateBuilder(args);
        var app = builder.Build();
        app.UseHsts();
        app.UseHttpsRedirection();
        app.MapGet("/", () => "Hello");
        app.Run();
        """);
}
