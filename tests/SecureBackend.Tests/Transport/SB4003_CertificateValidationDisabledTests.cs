using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.CodeFixes.Transport;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<SecureBackend.Analyzers.Transport.CertificateValidationAnalyzer, SecureBackend.CodeFixes.Transport.CertificateValidationFixer>;

namespace SecureBackend.Tests.Transport;

public sealed class SB4003_CertificateValidationDisabledTests
{
    private const string Lambda = "a callback that always returns true";

    private static DiagnosticResult Accepts(int location, string sink, string value = Lambda)
        => Verify.Diagnostic().WithLocation(location).WithArguments(sink, value);

    [Fact]
    public Task Flags_HandlerCallbackLambdaReturningTrue() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Net.Http;

        class PartnerClient
        {
            public HttpClient Create()
            {
                var handler = new HttpClientHandler();
                // Accept the partner's self-signed certificate.
                {|#0:handler.ServerCertificateCustomValidationCallback|} = (message, certificate, chain, errors) => true;
                handler.UseCookies = false;
                return new HttpClient(handler);
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Net.Http;

        class PartnerClient
        {
            public HttpClient Create()
            {
                var handler = new HttpClientHandler();
                handler.UseCookies = false;
                return new HttpClient(handler);
            }
        }
        """,
        Accepts(0, "HttpClientHandler.ServerCertificateCustomValidationCallback"));

    [Fact]
    public Task Flags_DangerousAcceptAnyValidatorInAnObjectInitializer() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Net.Http;
        using Microsoft.Extensions.DependencyInjection;

        static class Registration
        {
            public static void AddPartner(IServiceCollection services)
            {
                services.AddHttpClient("partner")
                    .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
                    {
                        UseProxy = false,
                        {|#0:ServerCertificateCustomValidationCallback|} = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator
                    });
            }
        }
        """,
        /* lang=c#-test */ """
        using System.Net.Http;
        using Microsoft.Extensions.DependencyInjection;

        static class Registration
        {
            public static void AddPartner(IServiceCollection services)
            {
                services.AddHttpClient("partner")
                    .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
                    {
                        UseProxy = false
                    });
            }
        }
        """,
        Accepts(0, "HttpClientHandler.ServerCertificateCustomValidationCallback", "HttpClientHandler.DangerousAcceptAnyServerCertificateValidator"));

    [Fact]
    public Task Flags_OnlyInitializerEntryLeavesAPlainConstructorCall() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.Net.Http;

        class Factory
        {
            public HttpMessageHandler Create() => new HttpClientHandler { {|#0:ServerCertificateCustomValidationCallback|} = delegate { return true; } };
        }
        """,
        /* lang=c#-test */ """
        using System.Net.Http;

        class Factory
        {
            public HttpMessageHandler Create() => new HttpClientHandler();
        }
        """,
        Accepts(0, "HttpClientHandler.ServerCertificateCustomValidationCallback"));

    [Fact]
    public Task Flags_ServicePointManagerCompoundAssignmentWithLoggingBody() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0014
        using System;
        using System.Net;

        static class Legacy
        {
            public static void Init()
            {
                {|#0:ServicePointManager.ServerCertificateValidationCallback|} += (sender, certificate, chain, errors) =>
                {
                    Console.WriteLine(errors);
                    return true;
                };
                ServicePointManager.DefaultConnectionLimit = 10;
            }
        }
        """,
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0014
        using System;
        using System.Net;

        static class Legacy
        {
            public static void Init()
            {
                ServicePointManager.DefaultConnectionLimit = 10;
            }
        }
        """,
        Accepts(0, "ServicePointManager.ServerCertificateValidationCallback"));

    [Fact]
    public Task Flags_MethodGroupPassedToSslStreamBecomesNull() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System.IO;
        using System.Net.Security;
        using System.Security.Cryptography.X509Certificates;

        class Tunnel
        {
            public SslStream Open(Stream inner) => new SslStream(inner, false, {|#0:AcceptAll|});

            private static bool AcceptAll(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
            {
                if (errors != SslPolicyErrors.None)
                {
                    return true;
                }

                return true;
            }
        }
        """,
        /* lang=c#-test */ """
        using System.IO;
        using System.Net.Security;
        using System.Security.Cryptography.X509Certificates;

        class Tunnel
        {
            public SslStream Open(Stream inner) => new SslStream(inner, false, null);

            private static bool AcceptAll(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
            {
                if (errors != SslPolicyErrors.None)
                {
                    return true;
                }

                return true;
            }
        }
        """,
        Accepts(0, "new SslStream(userCertificateValidationCallback)", "'AcceptAll', which always returns true"));

    [Fact]
    public Task Flags_LocalAndReadonlyFieldHoldingTheCallback() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0014
        using System.Net;
        using System.Net.Http;
        using System.Net.Security;

        class Clients
        {
            private static readonly RemoteCertificateValidationCallback Trusting = (_, _, _, _) => true;

            public SocketsHttpHandler Sockets()
            {
                RemoteCertificateValidationCallback callback = (sender, certificate, chain, errors) => true;
                var handler = new SocketsHttpHandler();
                {|#0:handler.SslOptions.RemoteCertificateValidationCallback|} = callback;
                return handler;
            }

            public void Legacy(HttpWebRequest request)
            {
                {|#1:request.ServerCertificateValidationCallback|} = Trusting;
            }
        }
        """,
        /* lang=c#-test */ """
        #pragma warning disable SYSLIB0014
        using System.Net;
        using System.Net.Http;
        using System.Net.Security;

        class Clients
        {
            private static readonly RemoteCertificateValidationCallback Trusting = (_, _, _, _) => true;

            public SocketsHttpHandler Sockets()
            {
                RemoteCertificateValidationCallback callback = (sender, certificate, chain, errors) => true;
                var handler = new SocketsHttpHandler();
                return handler;
            }

            public void Legacy(HttpWebRequest request)
            {
            }
        }
        """,
        Accepts(0, "SslClientAuthenticationOptions.RemoteCertificateValidationCallback"),
        Accepts(1, "HttpWebRequest.ServerCertificateValidationCallback"));

    [Fact]
    public Task Flags_TeamWrapperArgument_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Net.Http;
        using System.Security.Cryptography.X509Certificates;
        using System.Net.Security;

        static class HttpClients
        {
            public static HttpClient Create(Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> validate)
                => new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = validate });

            public static HttpClient Partner() => Create({|#0:(request, certificate, chain, errors) => true|});
        }
        """,
        Accepts(0, "HttpClients.Create(validate)"));

    [Fact]
    public Task Flags_MethodGroupDeclaredInAnotherFile()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/0/Client.cs", /* lang=c#-test */ """
            using System.Net.Http;

            class Client
            {
                public HttpClientHandler Handler() => new HttpClientHandler { {|#0:ServerCertificateCustomValidationCallback|} = CertificatePolicy.TrustEverything };
            }
            """));
        test.TestState.Sources.Add(("/0/Policy.cs", /* lang=c#-test */ """
            using System.Net.Http;
            using System.Net.Security;
            using System.Security.Cryptography.X509Certificates;

            static class CertificatePolicy
            {
                public static bool TrustEverything(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors) => true;
            }
            """));
        test.FixedState.Sources.Add(("/0/Client.cs", /* lang=c#-test */ """
            using System.Net.Http;

            class Client
            {
                public HttpClientHandler Handler() => new HttpClientHandler();
            }
            """));
        test.FixedState.Sources.Add(("/0/Policy.cs", test.TestState.Sources[1].content.ToString()));
        test.ExpectedDiagnostics.Add(Accepts(0, "HttpClientHandler.ServerCertificateCustomValidationCallback", "'TrustEverything', which always returns true"));
        test.CodeActionEquivalenceKey = CertificateValidationFixer.RemoveCallbackKey;
        return test.RunAsync();
    }

    [Fact]
    public Task Flags_FixAllAcrossTwoDocuments()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/0/A.cs", Source("A", "{|#0:handler.ServerCertificateCustomValidationCallback|} = (m, c, ch, e) => true;\n        ")));
        test.TestState.Sources.Add(("/0/B.cs", Source("B", "{|#1:handler.ServerCertificateCustomValidationCallback|} = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;\n        ")));
        test.FixedState.Sources.Add(("/0/A.cs", Source("A", string.Empty)));
        test.FixedState.Sources.Add(("/0/B.cs", Source("B", string.Empty)));
        test.ExpectedDiagnostics.Add(Accepts(0, "HttpClientHandler.ServerCertificateCustomValidationCallback"));
        test.ExpectedDiagnostics.Add(Accepts(1, "HttpClientHandler.ServerCertificateCustomValidationCallback", "HttpClientHandler.DangerousAcceptAnyServerCertificateValidator"));
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllInDocumentCheck;
        return test.RunAsync();

        static string Source(string name, string assignment) => $$"""
            using System.Net.Http;

            class {{name}}
            {
                public HttpClient Create()
                {
                    var handler = new HttpClientHandler();
                    {{assignment}}return new HttpClient(handler);
                }
            }
            """;
    }

    [Fact]
    public Task DoesNotFlag_CallbacksThatValidate() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Net.Http;
        using System.Net.Security;
        using System.Security.Cryptography.X509Certificates;

        class Clients
        {
            private const string PinnedThumbprint = "A1B2C3";

            public HttpClientHandler Checked() => new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => errors == SslPolicyErrors.None,
            };

            public HttpClientHandler Pinned() => new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) =>
                {
                    if (errors == SslPolicyErrors.None)
                    {
                        return true;
                    }

                    return certificate?.Thumbprint == PinnedThumbprint;
                },
            };

            public HttpClientHandler ByMethod() => new HttpClientHandler { ServerCertificateCustomValidationCallback = Validate };

            private static bool Validate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
                => errors == SslPolicyErrors.None || certificate?.Thumbprint == PinnedThumbprint;
        }
        """);

    [Fact]
    public Task DoesNotFlag_DevelopmentOnlyBypass() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Net.Http;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        static class Setup
        {
            public static void Configure(WebApplicationBuilder builder)
            {
                var client = builder.Services.AddHttpClient("backend");
                if (builder.Environment.IsDevelopment())
                {
                    // The local backend uses the development certificate.
                    client.ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
                    {
                        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
                    });
                }
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ServerSideClientCertificateCallbacks() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Net.Security;
        using Microsoft.AspNetCore.Server.Kestrel.Https;

        static class Server
        {
            public static SslServerAuthenticationOptions Options() => new SslServerAuthenticationOptions
            {
                ClientCertificateRequired = true,
                // Client certificates are validated later by the certificate authentication handler.
                RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => true,
            };

            public static void Kestrel(HttpsConnectionAdapterOptions https)
                => https.ClientCertificateValidation = (certificate, chain, errors) => true;
        }
        """);

    [Fact]
    public Task DoesNotFlag_ValuesThatMayValidate() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Net.Http;
        using System.Net.Security;
        using System.Security.Cryptography.X509Certificates;

        class Clients
        {
            private Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool>? _configured;

            public HttpClientHandler Configured() => new HttpClientHandler { ServerCertificateCustomValidationCallback = _configured };

            public HttpClientHandler Chosen(bool strict)
            {
                Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> callback = (m, c, ch, e) => true;
                if (strict)
                {
                    callback = (m, c, ch, e) => e == SslPolicyErrors.None;
                }

                return new HttpClientHandler { ServerCertificateCustomValidationCallback = callback };
            }

            public bool Accepts(RemoteCertificateValidationCallback callback) => callback(this, null, null, SslPolicyErrors.None);

            public bool Local()
            {
                RemoteCertificateValidationCallback unused = (s, c, ch, e) => true;
                return unused is not null;
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_BrokenCode() => TransportTest.BrokenCodeAsync<Analyzers.Transport.CertificateValidationAnalyzer>(
        /* lang=c#-test */ """
        using System.Net.Http;

        class Broken
        {
            void M()
            {
                var handler = new HttpClientHandler();
                handler.ServerCertificateCustomValidationCallback = (m, c) => true;
                handler.ServerCertificateCustomValidationCallback = Missing;
                handler.ServerCertificateCustomValidationCallback = (m, c, ch, e) => { return
                new System.Net.Security.SslStream(null!, false, (a, b) => true
            }
        }
        """);

    [Fact]
    public Task Flags_CallbackThroughLocalsFieldsPropertiesAndHelperReturns() => Verify.CodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Net.Http;
        using System.Net.Security;
        using System.Security.Cryptography.X509Certificates;

        class Clients
        {
            private Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> _validator = (request, certificate, chain, errors) => true;

            private RemoteCertificateValidationCallback Lenient { get; } = (sender, certificate, chain, errors) => true;

            public HttpClientHandler FromLocal()
            {
                Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> callback = (message, certificate, chain, errors) => true;
                var handler = new HttpClientHandler();
                {|#0:handler.ServerCertificateCustomValidationCallback|} += callback;
                return handler;
            }

            public HttpClientHandler FromField()
            {
                var handler = new HttpClientHandler();
                {|#1:handler.ServerCertificateCustomValidationCallback|} = _validator;
                return handler;
            }

            public HttpClientHandler FromHelpers()
            {
                var handler = new HttpClientHandler();
                {|#2:handler.ServerCertificateCustomValidationCallback|} += FindValidator();
                return handler;
            }

            public SocketsHttpHandler FromPropertyAndLocalFunction()
            {
                var handler = new SocketsHttpHandler();
                {|#3:handler.SslOptions.RemoteCertificateValidationCallback|} = Lenient;
                {|#4:handler.SslOptions.RemoteCertificateValidationCallback|} = Accept();
                return handler;

                static RemoteCertificateValidationCallback Accept() => (sender, certificate, chain, errors) => true;
            }

            private static Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> FindValidator() => Trusting();

            private static Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> Trusting()
            {
                return (a, b, c, d) => true;
            }
        }
        """,
        /* lang=c#-test */ """
        using System;
        using System.Net.Http;
        using System.Net.Security;
        using System.Security.Cryptography.X509Certificates;

        class Clients
        {
            private Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> _validator = (request, certificate, chain, errors) => true;

            private RemoteCertificateValidationCallback Lenient { get; } = (sender, certificate, chain, errors) => true;

            public HttpClientHandler FromLocal()
            {
                Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> callback = (message, certificate, chain, errors) => true;
                var handler = new HttpClientHandler();
                return handler;
            }

            public HttpClientHandler FromField()
            {
                var handler = new HttpClientHandler();
                return handler;
            }

            public HttpClientHandler FromHelpers()
            {
                var handler = new HttpClientHandler();
                return handler;
            }

            public SocketsHttpHandler FromPropertyAndLocalFunction()
            {
                var handler = new SocketsHttpHandler();
                return handler;

                static RemoteCertificateValidationCallback Accept() => (sender, certificate, chain, errors) => true;
            }

            private static Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> FindValidator() => Trusting();

            private static Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> Trusting()
            {
                return (a, b, c, d) => true;
            }
        }
        """,
        Accepts(0, "HttpClientHandler.ServerCertificateCustomValidationCallback"),
        Accepts(1, "HttpClientHandler.ServerCertificateCustomValidationCallback"),
        Accepts(2, "HttpClientHandler.ServerCertificateCustomValidationCallback"),
        Accepts(3, "SslClientAuthenticationOptions.RemoteCertificateValidationCallback"),
        Accepts(4, "SslClientAuthenticationOptions.RemoteCertificateValidationCallback"));

    [Fact]
    public Task Flags_CallbackReachingTheHandlerThroughAParameter_AtTheCallThatPassesIt_NoFix() => Verify.NoCodeFixAsync(
        /* lang=c#-test */ """
        using System;
        using System.Net.Http;
        using System.Net.Security;
        using System.Security.Cryptography.X509Certificates;

        static class Factory
        {
            public static HttpClientHandler Create(Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> validate)
            {
                var handler = new HttpClientHandler();
                handler.ServerCertificateCustomValidationCallback += validate;
                return handler;
            }

            public static HttpClientHandler Partner() => Create({|#0:Lenient()|});

            private static Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> Lenient() => (m, c, ch, e) => true;
        }
        """,
        Accepts(0, "Factory.Create(validate)"));

    [Fact]
    public Task DoesNotFlag_OriginsThatMayValidateOrAreNoCertificateCallbacks() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System;
        using System.Net.Http;
        using System.Net.Security;
        using System.Security.Cryptography.X509Certificates;

        class Validators
        {
            private static readonly Delegate Anything = new Func<string, bool>(name => true);

            private Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> _validator = (m, c, ch, e) => true;

            public Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> Configured = (m, c, ch, e) => true;

            public void Harden() => _validator = (m, c, ch, e) => e == SslPolicyErrors.None;

            public HttpClientHandler Create(bool lenient, Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> supplied)
            {
                var handler = new HttpClientHandler();
                handler.ServerCertificateCustomValidationCallback = _validator;
                handler.ServerCertificateCustomValidationCallback = Configured;
                handler.ServerCertificateCustomValidationCallback += Pick(lenient);
                handler.ServerCertificateCustomValidationCallback = Pass(supplied);
                handler.ServerCertificateCustomValidationCallback = Build();
                handler.ServerCertificateCustomValidationCallback = (Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool>)Anything;
                return handler;
            }

            private static Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> Pick(bool lenient)
                => lenient ? (m, c, ch, e) => true : (m, c, ch, e) => e == SslPolicyErrors.None;

            private static Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> Pass(Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> f) => f;

            protected virtual Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> Build() => (m, c, ch, e) => true;
        }
        """);
}
