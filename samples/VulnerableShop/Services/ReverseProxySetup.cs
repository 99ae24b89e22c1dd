using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;

namespace VulnerableShop.Services;

/// <summary>Reads the client address and scheme from the load balancer's X-Forwarded-* headers.</summary>
public static class ReverseProxySetup
{
    public static IServiceCollection AddReverseProxy(this IServiceCollection services)
        => services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear(); // expect: SB5007 (no fix)
            options.KnownProxies.Clear(); // expect: SB5007 (no fix)
        });
}
