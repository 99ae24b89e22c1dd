using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.CodeFixes.Transport;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<SecureBackend.Analyzers.Transport.CleartextProtocolAnalyzer, SecureBackend.CodeFixes.Transport.CleartextProtocolFixer>;

namespace SecureBackend.Tests.Transport;

public sealed class SB4005_CleartextProtocolTests
{
    private static DiagnosticResult Cleartext(int location, string sink, string protocol)
        // The additional locations point the fixer at the literals to rewrite; the fix tests check them.
        => Verify.Diagnostic().WithLocation(location).WithArguments(sink, protocol).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    [Fact]
    public Task Flags_HttpClientCallWithLiteralUrl() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Net.Http;
        using System.Threading.Tasks;

        class OrdersClient
        {
            public Task<string> Get(HttpClient client) => client.GetStringAsync({|#0:"http://api.partner-shop.com/orders"|});
        }
        """,
        /* lang=c#-test */ """
        using System.Net.Http;
        using System.Threading.Tasks;

        class OrdersClient
        {
            public Task<string> Get(HttpClient client) => client.GetStringAsync("https://api.partner-shop.com/orders");
        }
        """,
        Cleartext(0, "HttpClient.GetStringAsync", "HTTP to api.partner-shop.com"));

    [Fact]
    public Task Flags_BaseAddressFromAConstantOfTheSameFile() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Net.Http;

        class PartnerApi
        {
            private const string BaseUrl = "http://api.partner-shop.com/" + "v2/";

            public HttpClient Create() => new HttpClient { BaseAddress = {|#0:new Uri(BaseUrl)|} };
        }
        """,
        /* lang=c#-test */ """
        using System;
        using System.Net.Http;

        class PartnerApi
        {
            private const string BaseUrl = "https://api.partner-shop.com/" + "v2/";

            public HttpClient Create() => new HttpClient { BaseAddress = new Uri(BaseUrl) };
        }
        """,
        Cleartext(0, "HttpClient.BaseAddress", "HTTP to api.partner-shop.com"));

    [Fact]
    public Task Flags_InterpolationStartingWithAConstantBaseUrl() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Net.Http;
        using System.Threading.Tasks;

        class OrdersClient
        {
            private const string BaseUrl = "http://api.partner-shop.com";

            public Task<HttpResponseMessage> Get(HttpClient client, int id) => client.GetAsync({|#0:$"{BaseUrl}/orders/{id}"|});
        }
        """,
        /* lang=c#-test */ """
        using System.Net.Http;
        using System.Threading.Tasks;

        class OrdersClient
        {
            private const string BaseUrl = "https://api.partner-shop.com";

            public Task<HttpResponseMessage> Get(HttpClient client, int id) => client.GetAsync($"{BaseUrl}/orders/{id}");
        }
        """,
        Cleartext(0, "HttpClient.GetAsync", "HTTP to api.partner-shop.com"));

    [Fact]
    public Task Flags_InterpolatedLocalAndFormattedUrls() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Net.Http;
        using System.Threading.Tasks;

        class OrdersClient
        {
            public async Task Run(HttpClient client, int id, string path)
            {
                await client.GetAsync({|#0:$"http://api.partner-shop.com/orders/{id}"|});
                var url = "HTTP://billing.partner-shop.com/" + path;
                await client.DeleteAsync({|#1:url|});
                await client.PostAsync({|#2:string.Format("http://api.partner-shop.com/orders/{0}/cancel", id)|}, null);
                using var request = new HttpRequestMessage(HttpMethod.Get, {|#3:@"http://api.partner-shop.com/status"|});
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Net.Http;
        using System.Threading.Tasks;

        class OrdersClient
        {
            public async Task Run(HttpClient client, int id, string path)
            {
                await client.GetAsync($"https://api.partner-shop.com/orders/{id}");
                var url = "https://billing.partner-shop.com/" + path;
                await client.DeleteAsync(url);
                await client.PostAsync(string.Format("https://api.partner-shop.com/orders/{0}/cancel", id), null);
                using var request = new HttpRequestMessage(HttpMethod.Get, @"https://api.partner-shop.com/status");
            }
        }
        """,
        Cleartext(0, "HttpClient.GetAsync", "HTTP to api.partner-shop.com"),
        Cleartext(1, "HttpClient.DeleteAsync", "HTTP to billing.partner-shop.com"),
        Cleartext(2, "HttpClient.PostAsync", "HTTP to api.partner-shop.com"),
        Cleartext(3, "new HttpRequestMessage", "HTTP to api.partner-shop.com"));

    [Fact]
    public Task Flags_RedirectsAndWebSockets() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public class CheckoutController : Controller
        {
            public IActionResult Pay() => Redirect({|#0:"http://pay.partner-shop.com/checkout"|});

            public Task Stream(ClientWebSocket socket, CancellationToken token)
                => socket.ConnectAsync({|#1:new Uri("ws://feed.partner-shop.com/prices")|}, token);
        }
        """,
        /* lang=c#-test */ """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;

        public class CheckoutController : Controller
        {
            public IActionResult Pay() => Redirect("https://pay.partner-shop.com/checkout");

            public Task Stream(ClientWebSocket socket, CancellationToken token)
                => socket.ConnectAsync(new Uri("wss://feed.partner-shop.com/prices"), token);
        }
        """,
        Cleartext(0, "ControllerBase.Redirect", "HTTP to pay.partner-shop.com"),
        Cleartext(1, "ClientWebSocket.ConnectAsync", "WS to feed.partner-shop.com"));

    [Fact]
    public Task Flags_EnableSslFalse() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0014
        using System.Net;
        using System.Net.Mail;

        class Mailer
        {
            public SmtpClient Smtp()
            {
                var client = new SmtpClient("smtp.partner-shop.com", 587);
                {|#0:client.EnableSsl = false|};
                return client;
            }

            public FtpWebRequest Ftp(FtpWebRequest request)
            {
                {|#1:request.EnableSsl = false|};
                return request;
            }
        }
        """,
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0014
        using System.Net;
        using System.Net.Mail;

        class Mailer
        {
            public SmtpClient Smtp()
            {
                var client = new SmtpClient("smtp.partner-shop.com", 587);
                client.EnableSsl = true;
                return client;
            }

            public FtpWebRequest Ftp(FtpWebRequest request)
            {
                request.EnableSsl = true;
                return request;
            }
        }
        """,
        Cleartext(0, "SmtpClient.EnableSsl", "SMTP"),
        Cleartext(1, "FtpWebRequest.EnableSsl", "FTP"));

    [Fact]
    public Task Flags_FtpUrlAndExplicitPort_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0014
        using System.Net;
        using System.Net.Http;
        using System.Threading.Tasks;

        class Transfers
        {
            public WebRequest Download() => WebRequest.Create({|#0:"ftp://files.partner-shop.com/export.csv"|});

            public Task<string> Status(HttpClient client) => client.GetStringAsync({|#1:"http://status.partner-shop.com:8080/health"|});
        }
        """,
        Cleartext(0, "WebRequest.Create", "FTP to files.partner-shop.com"),
        Cleartext(1, "HttpClient.GetStringAsync", "HTTP to status.partner-shop.com"));

    [Fact]
    public Task Flags_ServerBindingOnAPublicHostName() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;

        static class Hosting
        {
            public static void Bind(WebApplicationBuilder builder)
                => builder.WebHost.UseUrls({|#0:"http://shop.contoso.com:80"|}, "https://shop.contoso.com:443");
        }
        """,
        Cleartext(0, "IWebHostBuilder.UseUrls", "HTTP to shop.contoso.com"));

    [Fact]
    public Task Flags_FixAllAcrossTwoDocumentsWithThePublishedKey()
    {
        var test = new Verify.Test { CodeActionEquivalenceKey = CleartextProtocolFixer.UseTlsKey };
        test.TestState.Sources.Add(("/0/A.cs", Source("A", "{|#0:\"http://a.partner-shop.com/\"|}")));
        test.TestState.Sources.Add(("/0/B.cs", Source("B", "{|#1:\"http://b.partner-shop.com/\"|}")));
        test.FixedState.Sources.Add(("/0/A.cs", Source("A", "\"https://a.partner-shop.com/\"")));
        test.FixedState.Sources.Add(("/0/B.cs", Source("B", "\"https://b.partner-shop.com/\"")));
        test.ExpectedDiagnostics.Add(Cleartext(0, "HttpClient.GetAsync", "HTTP to a.partner-shop.com"));
        test.ExpectedDiagnostics.Add(Cleartext(1, "HttpClient.GetAsync", "HTTP to b.partner-shop.com"));
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllInDocumentCheck;
        return test.RunAsync();

        static string Source(string name, string url) => $$"""
            using System.Net.Http;

            class {{name}}
            {
                public void Ping(HttpClient client) => client.GetAsync({{url}});
            }
            """;
    }

    [Fact]
    public Task DoesNotFlag_LoopbackDocumentationAndNamespaceHosts() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        class Local
        {
            public async Task Run(HttpClient client)
            {
                await client.GetAsync("http://localhost:5000/api");
                await client.GetAsync("http://127.0.0.1/health");
                await client.GetAsync("http://[::1]:8080/");
                await client.GetAsync("http://api.localhost/");
                await client.GetAsync("http://www.example.com/orders");
                await client.GetAsync("http://shop.test/");
                await client.GetAsync("http://schemas.xmlsoap.org/soap/envelope/");
                await client.GetAsync("https://api.partner-shop.com/orders");
                client.BaseAddress = new Uri("https://api.partner-shop.com/");
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_UrlsThatNeverReachANetworkApi() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;

        class Links
        {
            private const string Docs = "http://docs.partner-shop.com/api";
            public const string ClaimType = "http://schemas.partner-shop.com/claims/tenant";

            public Uri Help() => new Uri("http://help.partner-shop.com/");

            public string Footer() => "See " + Docs;

            public void Print() => Console.WriteLine("http://partner-shop.com");
        }
        """);

    [Fact]
    public Task DoesNotFlag_UnknownHostsWildcardBindingsAndDevelopmentOnlyCode() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Net.Http;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;
        using Microsoft.Extensions.Hosting;

        static class Wiring
        {
            public static void Configure(WebApplicationBuilder builder, HttpClient client, string host)
            {
                client.BaseAddress = new Uri($"http://{host}/api/");
                client.BaseAddress = new Uri("http://" + host + "/api/");
                builder.WebHost.UseUrls("http://+:8080", "http://*:5000", "http://0.0.0.0:80");
                if (builder.Environment.IsDevelopment())
                {
                    client.BaseAddress = new Uri("http://dev-backend.partner-shop.com/");
                }
            }

            public static void Start(WebApplication app) => app.Run("http://[::]:8080");
        }
        """);

    [Fact]
    public Task DoesNotFlag_BindingsWhenTlsIsTerminatedUpstream()
    {
        const string source = /* lang=c#-test */ """
            using Microsoft.AspNetCore.Builder;

            static class Hosting
            {
                public static void Start(WebApplication app)
                {
                    app.Urls.Add("http://shop.contoso.com");
                    app.Run("http://shop.contoso.com");
                }
            }
            """;
        return new Verify.Test { TestCode = source, FixedCode = source }
            .WithEditorConfig("securebackend.tls_terminated_upstream = true")
            .RunAsync();
    }

    [Fact]
    public Task DoesNotFlag_EnableSslTrueOrConfigured() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Net.Mail;

        class Mailer
        {
            public SmtpClient Create(bool useSsl) => new SmtpClient("smtp.partner-shop.com") { EnableSsl = true };

            public void Configure(SmtpClient client, bool useSsl) => client.EnableSsl = useSsl;
        }
        """);

    [Fact]
    public Task DoesNotFlag_BrokenCode() => TransportTest.BrokenCodeAsync<Analyzers.Transport.CleartextProtocolAnalyzer>(
        /* lang=c#-test */ """
        using System.Net.Http;

        class Broken
        {
            void M(HttpClient client, Unknown u)
            {
                client.GetAsync("http://
                client.GetAsync(u.Url);
                client.BaseAddress = new System.Uri(;
                u.EnableSsl = false;
                Missing("http://api.partner-shop.com");
            }
        }
        """);
}
