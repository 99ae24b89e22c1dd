using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SecureBackend.Tests.Infrastructure.AnalyzerVerifier<SecureBackend.Analyzers.Exposure.ForwardedHeadersAnalyzer>;

namespace SecureBackend.Tests.Exposure;

public sealed class SB5007_ForwardedHeadersTests
{
    [Fact]
    public Task Flags_ClearWithoutAddInConfigure() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        #pragma warning disable ASPDEPR005
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.HttpOverrides;
        using Microsoft.Extensions.DependencyInjection;

        public static class Proxy
        {
            public static void Add(IServiceCollection services)
            {
                services.Configure<ForwardedHeadersOptions>(options =>
                {
                    options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                    {|#0:options.KnownNetworks.Clear()|};
                    [|options.KnownProxies.Clear()|];
                });
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("KnownNetworks.Clear()", "removes the trusted proxies and adds none"));

    [Fact]
    public Task Flags_KnownIPNetworksClearAndForwardLimitNull() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.HttpOverrides;

        public static class Proxy
        {
            public static void Use(WebApplication app)
            {
                var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.All };
                [|options.KnownIPNetworks.Clear()|];
                [|options.KnownProxies.Clear()|];
                {|#0:options.ForwardLimit = null|};
                app.UseForwardedHeaders(options);
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("ForwardLimit = null", "lifts the limit on forwarded entries while no proxy is trusted"));

    [Fact]
    public Task DoesNotFlag_ClearThenAddTheRealProxy() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Net;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.HttpOverrides;
        using Microsoft.Extensions.DependencyInjection;

        public static class Proxy
        {
            public static void Add(IServiceCollection services, string[] proxies)
            {
                services.Configure<ForwardedHeadersOptions>(options =>
                {
                    options.KnownIPNetworks.Clear();
                    options.KnownProxies.Clear();
                    options.ForwardLimit = null;
                    foreach (var proxy in proxies)
                    {
                        options.KnownProxies.Add(IPAddress.Parse(proxy));
                    }
                });
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ForwardLimitNullWithDefaultProxies() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;

        public static class Proxy
        {
            public static void Use(WebApplication app)
                => app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardLimit = null });
        }
        """);

    [Fact]
    public Task DoesNotFlag_DevelopmentOnlyOrOtherLists() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Hosting;

        public static class Proxy
        {
            public static void Use(WebApplication app, List<string> knownProxies)
            {
                if (app.Environment.IsDevelopment())
                {
                    var options = new ForwardedHeadersOptions();
                    options.KnownProxies.Clear();
                    app.UseForwardedHeaders(options);
                }

                knownProxies.Clear();
                var other = new ForwardedHeadersOptions();
                other.AllowedHosts.Clear();
            }
        }
        """);
}
