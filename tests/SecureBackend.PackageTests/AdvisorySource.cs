using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace SecureBackend.PackageTests;

/// <summary>
/// A NuGet audit source on a loopback port: a V3 service index with one <c>VulnerabilityInfo/6.7.0</c> resource, its
/// vulnerability index and one page, in the format of NuGet's server API. The package source this machine restores from
/// publishes no vulnerability data, so restore would audit nothing; the tests name this source under
/// <c>&lt;auditSources&gt;</c> and it replays the published advisory data for the packages they restore. The packages
/// themselves still come from the machine's package source.
/// </summary>
public sealed class AdvisorySource : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _documents = new(StringComparer.Ordinal);
    private readonly Task _serving;
    private int _requests;

    /// <param name="advisories">The advisories to publish.</param>
    public AdvisorySource(params Advisory[] advisories)
    {
        var port = FreeLoopbackPort();
        BaseAddress = "http://127.0.0.1:" + port + "/";
        var page = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        foreach (var advisory in advisories)
        {
            var key = advisory.PackageId.ToLowerInvariant();
            if (!page.TryGetValue(key, out var list))
            {
                page[key] = list = new List<object>();
            }

            list.Add(new Dictionary<string, object> { ["url"] = advisory.Url, ["severity"] = (int)advisory.Severity, ["versions"] = advisory.AffectedVersions });
        }

        Publish("v3/index.json", new
        {
            version = "3.0.0",
            resources = new[] { new Dictionary<string, string> { ["@id"] = BaseAddress + "v3/vulnerabilities/index.json", ["@type"] = "VulnerabilityInfo/6.7.0" } },
        });
        Publish("v3/vulnerabilities/index.json", new[]
        {
            new Dictionary<string, string> { ["@name"] = "base", ["@id"] = BaseAddress + "v3/vulnerabilities/base.json", ["@updated"] = "2026-01-01T00:00:00Z" },
        });
        Publish("v3/vulnerabilities/base.json", page);

        _listener.Prefixes.Add(BaseAddress);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string BaseAddress { get; }

    /// <summary>The service index to name in <c>&lt;auditSources&gt;</c>.</summary>
    public string ServiceIndex => BaseAddress + "v3/index.json";

    /// <summary>How many requests were answered, so a test can tell that restore asked.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>
    /// A nuget.config that adds <paramref name="packagesDirectory"/> to the machine's package sources and makes this the
    /// only audit source (plain HTTP on loopback, so insecure connections are allowed for it alone).
    /// </summary>
    public string NuGetConfig(string packagesDirectory)
        => "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n"
            + "  <packageSources>\n    <add key=\"securebackend-local\" value=\"" + packagesDirectory + "\" />\n  </packageSources>\n"
            + "  <auditSources>\n    <clear />\n    <add key=\"advisories\" value=\"" + ServiceIndex + "\" allowInsecureConnections=\"true\" />\n  </auditSources>\n"
            + "</configuration>\n";

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending request.
        }
    }

    private void Publish(string path, object document) => _documents[path] = JsonSerializer.SerializeToUtf8Bytes(document);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            var path = context.Request.Url?.AbsolutePath.TrimStart('/') ?? string.Empty;
            using var response = context.Response;
            if (_documents.TryGetValue(path, out var body))
            {
                response.StatusCode = 200;
                response.ContentType = "application/json";
                response.ContentLength64 = body.Length;
                await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
            }
            else
            {
                response.StatusCode = 404;
                var text = Encoding.UTF8.GetBytes("not found");
                await response.OutputStream.WriteAsync(text).ConfigureAwait(false);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}

/// <summary>Severity values of NuGet's vulnerability page format.</summary>
public enum AdvisorySeverity
{
    Low = 0,
    Moderate = 1,
    High = 2,
    Critical = 3,
}

/// <summary>One published advisory: the package, its page, its severity and the affected versions as a NuGet range.</summary>
public sealed record Advisory(string PackageId, string Url, AdvisorySeverity Severity, string AffectedVersions);
