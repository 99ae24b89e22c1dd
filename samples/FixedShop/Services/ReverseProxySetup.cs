using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;

namespace FixedShop.Services;

/// <summary>Reads the client address and scheme from the load balancer's X-Forwarded-* headers, and only from it.</summary>
public static class ReverseProxySetup
{
    public static IServiceCollection AddReverseProxy(this IServiceCollection services, string[] proxyAddresses)
        => services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var address in proxyAddresses)
            {
                options.KnownProxies.Add(IPAddress.Parse(address));
            }
        });
}
