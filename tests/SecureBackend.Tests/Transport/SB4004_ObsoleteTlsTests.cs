using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.CodeFixes.Transport;
using Verify = SecureBackend.Tests.Infrastructure.CodeFixVerifier<SecureBackend.Analyzers.Transport.ObsoleteTlsAnalyzer, SecureBackend.CodeFixes.Transport.ObsoleteTlsFixer>;

namespace SecureBackend.Tests.Transport;

public sealed class SB4004_ObsoleteTlsTests
{
    private const string Pragmas = "#pragma warning disable SYSLIB0014, SYSLIB0039, CS0618\n";

    private static DiagnosticResult Obsolete(int location, string sink, string protocol)
        => Verify.Diagnostic().WithLocation(location).WithArguments(sink, protocol);

    [Fact]
    public Task Flags_SecurityProtocolAssignment_SystemDefault() => Verify.CodeFixAsync(
        Pragmas + /* lang=c#-test */ """
        using System.Net;

        static class Boot
        {
            public static void Init()
            {
                ServicePointManager.SecurityProtocol = {|#0:SecurityProtocolType.Tls|} | {|#1:SecurityProtocolType.Tls11|} | SecurityProtocolType.Tls12; // legacy partner
            }
        }
        """,
        Pragmas + /* lang=c#-test */ """
        using System.Net;

        static class Boot
        {
            public static void Init()
            {
                ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault; // legacy partner
            }
        }
        """,
        Obsolete(0, "ServicePointManager.SecurityProtocol", "TLS 1.0"),
        Obsolete(1, "ServicePointManager.SecurityProtocol", "TLS 1.1"));

    [Fact]
    public Task Flags_SecurityProtocolAssignment_Tls12And13WithThePublishedKey() => Verify.CodeFixAsync(
        Pragmas + /* lang=c#-test */ """
        using System.Net;

        static class Boot
        {
            public static void Init() => ServicePointManager.SecurityProtocol |= {|#0:SecurityProtocolType.Ssl3|};
        }
        """,
        Pragmas + /* lang=c#-test */ """
        using System.Net;

        static class Boot
        {
            public static void Init() => ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13;
        }
        """,
        ObsoleteTlsFixer.UseTls12And13Key,
        Obsolete(0, "ServicePointManager.SecurityProtocol", "SSL 3.0"));

    [Fact]
    public Task Flags_ArgumentOfSslStreamAuthentication() => Verify.CodeFixAsync(
        Pragmas + /* lang=c#-test */ """
        using System.Net.Security;
        using System.Security.Authentication;
        using System.Threading.Tasks;

        class Tunnel
        {
            public Task Connect(SslStream stream, string host)
                => stream.AuthenticateAsClientAsync(host, null, {|#0:SslProtocols.Default|}, checkCertificateRevocation: true);
        }
        """,
        Pragmas + /* lang=c#-test */ """
        using System.Net.Security;
        using System.Security.Authentication;
        using System.Threading.Tasks;

        class Tunnel
        {
            public Task Connect(SslStream stream, string host)
                => stream.AuthenticateAsClientAsync(host, null, SslProtocols.None, checkCertificateRevocation: true);
        }
        """,
        Obsolete(0, "SslStream.AuthenticateAsClientAsync(enabledSslProtocols)", "SSL 3.0 and TLS 1.0"));

    [Fact]
    public Task Flags_InitializersDefaultsReturnsAndLocals() => Verify.CodeFixAsync(
        Pragmas + /* lang=c#-test */ """
        using System.Net.Security;
        using System.Security.Authentication;

        class TlsSettings
        {
            public SslProtocols Protocols { get; set; } = {|#0:SslProtocols.Tls11|};

            public SslClientAuthenticationOptions Options(string host) => new SslClientAuthenticationOptions
            {
                TargetHost = host,
                EnabledSslProtocols = ({|#1:SslProtocols.Tls|} | SslProtocols.Tls12),
            };

            public void Connect(SslProtocols protocols = {|#2:SslProtocols.Ssl3|}) { }

            public SslProtocols Legacy() => {|#3:SslProtocols.Tls|};

            public SslClientAuthenticationOptions Local()
            {
                var protocols = {|#4:SslProtocols.Tls11|};
                return new SslClientAuthenticationOptions { EnabledSslProtocols = protocols };
            }
        }
        """,
        Pragmas + /* lang=c#-test */ """
        using System.Net.Security;
        using System.Security.Authentication;

        class TlsSettings
        {
            public SslProtocols Protocols { get; set; } = SslProtocols.None;

            public SslClientAuthenticationOptions Options(string host) => new SslClientAuthenticationOptions
            {
                TargetHost = host,
                EnabledSslProtocols = SslProtocols.None,
            };

            public void Connect(SslProtocols protocols = SslProtocols.None) { }

            public SslProtocols Legacy() => SslProtocols.None;

            public SslClientAuthenticationOptions Local()
            {
                var protocols = SslProtocols.None;
                return new SslClientAuthenticationOptions { EnabledSslProtocols = protocols };
            }
        }
        """,
        Obsolete(0, "TlsSettings.Protocols", "TLS 1.1"),
        Obsolete(1, "SslClientAuthenticationOptions.EnabledSslProtocols", "TLS 1.0"),
        Obsolete(2, "default value of parameter protocols", "SSL 3.0"),
        Obsolete(3, "return value of Legacy", "TLS 1.0"),
        Obsolete(4, "SslClientAuthenticationOptions.EnabledSslProtocols", "TLS 1.1"));

    [Fact]
    public Task Flags_NumericCastsAndUsingStatic() => Verify.CodeFixAsync(
        Pragmas + /* lang=c#-test */ """
        using System.Net;
        using System.Net.Security;
        using static System.Security.Authentication.SslProtocols;

        static class Boot
        {
            public static void Init() => ServicePointManager.SecurityProtocol = {|#0:(SecurityProtocolType)768|} | (SecurityProtocolType)3072;

            public static SslClientAuthenticationOptions Options() => new() { EnabledSslProtocols = {|#1:Tls|} };
        }
        """,
        Pragmas + /* lang=c#-test */ """
        using System.Net;
        using System.Net.Security;
        using static System.Security.Authentication.SslProtocols;

        static class Boot
        {
            public static void Init() => ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13;

            public static SslClientAuthenticationOptions Options() => new() { EnabledSslProtocols = Tls12 | Tls13 };
        }
        """,
        ObsoleteTlsFixer.UseTls12And13Key,
        Obsolete(0, "ServicePointManager.SecurityProtocol", "TLS 1.1"),
        Obsolete(1, "SslClientAuthenticationOptions.EnabledSslProtocols", "TLS 1.0"));

    [Fact]
    public Task Flags_KestrelHttpsOptions() => Verify.CodeFixAsync(
        Pragmas + /* lang=c#-test */ """
        using System.Security.Authentication;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;

        static class Server
        {
            public static void Configure(WebApplicationBuilder builder)
                => builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.SslProtocols = {|#0:SslProtocols.Tls11|} | SslProtocols.Tls12));
        }
        """,
        Pragmas + /* lang=c#-test */ """
        using System.Security.Authentication;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Hosting;

        static class Server
        {
            public static void Configure(WebApplicationBuilder builder)
                => builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.SslProtocols = SslProtocols.None));
        }
        """,
        Obsolete(0, "HttpsConnectionAdapterOptions.SslProtocols", "TLS 1.1"));

    [Fact]
    public Task Flags_ChainWithANonConstantValue_NoFix() => Verify.NoCodeFixAsync(
        Pragmas + /* lang=c#-test */ """
        using System.Net.Security;
        using System.Security.Authentication;

        class Options
        {
            public void Widen(SslClientAuthenticationOptions options, SslProtocols configured)
                => options.EnabledSslProtocols = configured | {|#0:SslProtocols.Tls|};
        }
        """,
        Obsolete(0, "SslClientAuthenticationOptions.EnabledSslProtocols", "TLS 1.0"));

    [Fact]
    public Task Flags_FixAllAcrossTwoDocuments()
    {
        var test = new Verify.Test { CodeActionEquivalenceKey = ObsoleteTlsFixer.UseSystemDefaultKey };
        test.TestState.Sources.Add(("/0/A.cs", Source("A", "{|#0:SecurityProtocolType.Tls|} | {|#1:SecurityProtocolType.Tls11|}")));
        test.TestState.Sources.Add(("/0/B.cs", Source("B", "{|#2:SecurityProtocolType.Ssl3|}")));
        test.FixedState.Sources.Add(("/0/A.cs", Source("A", "SecurityProtocolType.SystemDefault")));
        test.FixedState.Sources.Add(("/0/B.cs", Source("B", "SecurityProtocolType.SystemDefault")));
        test.ExpectedDiagnostics.Add(Obsolete(0, "ServicePointManager.SecurityProtocol", "TLS 1.0"));
        test.ExpectedDiagnostics.Add(Obsolete(1, "ServicePointManager.SecurityProtocol", "TLS 1.1"));
        test.ExpectedDiagnostics.Add(Obsolete(2, "ServicePointManager.SecurityProtocol", "SSL 3.0"));
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllInDocumentCheck;
        return test.RunAsync();

        static string Source(string name, string value) => Pragmas + $$"""
            using System.Net;

            static class {{name}}
            {
                public static void Init() => ServicePointManager.SecurityProtocol = {{value}};
            }
            """;
    }

    [Fact]
    public Task DoesNotFlag_RemovalComparisonsAndLogging() => Verify.AnalyzerAsync(
        Pragmas + /* lang=c#-test */ """
        using System;
        using System.Net;
        using System.Net.Security;
        using System.Security.Authentication;

        class Hardening
        {
            public void Harden(SslClientAuthenticationOptions options)
            {
                options.EnabledSslProtocols &= ~(SslProtocols.Tls | SslProtocols.Tls11);
                options.EnabledSslProtocols = options.EnabledSslProtocols & ~SslProtocols.Ssl3;
                ServicePointManager.SecurityProtocol &= ~SecurityProtocolType.Tls;
            }

            public bool IsLegacy(SslProtocols negotiated)
                => negotiated == SslProtocols.Tls || negotiated.HasFlag(SslProtocols.Tls11) || (negotiated & SslProtocols.Ssl3) != 0;

            public string Describe(SslProtocols negotiated)
            {
                switch (negotiated)
                {
                    case SslProtocols.Tls:
                        return "TLS 1.0";
                    default:
                        return negotiated switch
                        {
                            SslProtocols.Tls11 => "TLS 1.1",
                            _ => negotiated.ToString(),
                        };
                }
            }

            public void Check(SslProtocols negotiated) => System.Collections.Generic.EqualityComparer<SslProtocols>.Default.Equals(SslProtocols.Tls, negotiated);

            public void Log()
            {
                var legacy = SslProtocols.Tls;
                Console.WriteLine($"Refusing {SslProtocols.Tls11} and {legacy}");
                Console.WriteLine((int)SslProtocols.Ssl3);
                Console.WriteLine(legacy == SslProtocols.Tls12);
            }
        }
        """);

    [Fact]
    public Task DoesNotFlag_ModernProtocols() => Verify.AnalyzerAsync(
        /* lang=c#-test */ """
        using System.Net;
        using System.Net.Security;
        using System.Security.Authentication;

        class Modern
        {
            public SslClientAuthenticationOptions Options() => new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            };

            public SslProtocols Default { get; } = SslProtocols.None;

            public void Init() => ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;
        }
        """);

    [Fact]
    public Task DoesNotFlag_BrokenCode() => TransportTest.BrokenCodeAsync<Analyzers.Transport.ObsoleteTlsAnalyzer>(
        /* lang=c#-test */ """
        using System.Net;
        using System.Security.Authentication;

        class Broken
        {
            void M(Unknown u)
            {
                u.Protocols = SslProtocols.
                ServicePointManager.SecurityProtocol = (SecurityProtocolType)
                var x = SslProtocols.Tls |
                Missing(SslProtocols.Tls11);
            }
        }
        """);

    [Fact]
    public Task Flags_DefaultAndValuesCombinedThroughLocalsAndFields() => Verify.CodeFixAsync(
        Pragmas + /* lang=c#-test */ """
        using System.Net;
        using System.Net.Security;
        using System.Security.Authentication;

        class Tunnel
        {
            private SslProtocols _protocols = SslProtocols.Tls12;
            private int _legacyBits = 768;

            public void Widen(SslClientAuthenticationOptions options)
            {
                _protocols |= {|#0:SslProtocols.Default|};
                options.EnabledSslProtocols = _protocols;
            }

            public void Connect(SslStream stream, string host)
            {
                var legacy = {|#1:SslProtocols.Default|};
                var all = legacy | SslProtocols.Tls12;
                stream.AuthenticateAsClient(host, null, all, false);
            }

            public SslServerAuthenticationOptions Numeric()
            {
                int bits = (int)SslProtocols.Tls | (int)SslProtocols.Tls12;
                return new SslServerAuthenticationOptions { EnabledSslProtocols = {|#2:(SslProtocols)bits|} };
            }

            public void Global() => ServicePointManager.SecurityProtocol = {|#3:(SecurityProtocolType)_legacyBits|};
        }
        """,
        Pragmas + /* lang=c#-test */ """
        using System.Net;
        using System.Net.Security;
        using System.Security.Authentication;

        class Tunnel
        {
            private SslProtocols _protocols = SslProtocols.Tls12;
            private int _legacyBits = 768;

            public void Widen(SslClientAuthenticationOptions options)
            {
                _protocols |= SslProtocols.None;
                options.EnabledSslProtocols = _protocols;
            }

            public void Connect(SslStream stream, string host)
            {
                var legacy = SslProtocols.None;
                var all = legacy | SslProtocols.Tls12;
                stream.AuthenticateAsClient(host, null, all, false);
            }

            public SslServerAuthenticationOptions Numeric()
            {
                int bits = (int)SslProtocols.Tls | (int)SslProtocols.Tls12;
                return new SslServerAuthenticationOptions { EnabledSslProtocols = SslProtocols.None };
            }

            public void Global() => ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;
        }
        """,
        Obsolete(0, "Tunnel._protocols", "SSL 3.0 and TLS 1.0"),
        Obsolete(1, "SslStream.AuthenticateAsClient(enabledSslProtocols)", "SSL 3.0 and TLS 1.0"),
        Obsolete(2, "SslServerAuthenticationOptions.EnabledSslProtocols", "TLS 1.0"),
        Obsolete(3, "ServicePointManager.SecurityProtocol", "TLS 1.1"));

    [Fact]
    public Task DoesNotFlag_NumericValuesThatMayBeModernOrComeFromOutside() => Verify.AnalyzerAsync(
        Pragmas + /* lang=c#-test */ """
        using System.Net;
        using System.Net.Security;
        using System.Security.Authentication;

        class Configured
        {
            public int Bits = 192;

            public SslServerAuthenticationOptions FromConfiguration(string configured)
            {
                int parsed = int.Parse(configured);
                int modern = (int)SslProtocols.Tls12 | (int)SslProtocols.Tls13;
                var options = new SslServerAuthenticationOptions { EnabledSslProtocols = (SslProtocols)parsed };
                options.EnabledSslProtocols = (SslProtocols)modern;
                return options;
            }

            public void Visible() => ServicePointManager.SecurityProtocol = (SecurityProtocolType)Bits;

            public bool Compare(SslProtocols negotiated)
            {
                var legacy = SslProtocols.Default;
                return negotiated == legacy;
            }
        }
        """);
}
