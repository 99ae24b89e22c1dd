using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers;

public static partial class Rules
{
    public static readonly DiagnosticDescriptor MissingHttpsRedirection = Create(
        RuleIds.MissingHttpsRedirection,
        title: "HTTPS redirection missing from the app pipeline",
        message: "The app pipeline built by '{0}' never calls UseHttpsRedirection()",
        DiagnosticSeverity.Warning,
        description: "Without HTTPS redirection, requests that arrive over HTTP are served in cleartext, exposing cookies and credentials to anyone on the network path. The pipeline may span several files: the methods it is handed to are followed from where the app is built.");

    public static readonly DiagnosticDescriptor MissingHsts = Create(
        RuleIds.MissingHsts,
        title: "HSTS missing from the app pipeline",
        message: "The app pipeline built by '{0}' never calls UseHsts()",
        DiagnosticSeverity.Warning,
        description: "Without HTTP Strict Transport Security, a browser's first request can be downgraded to HTTP by an attacker on the network (SSL stripping). The pipeline may span several files: the methods it is handed to are followed from where the app is built.");

    public static readonly DiagnosticDescriptor CertificateValidationDisabled = Create(
        RuleIds.CertificateValidationDisabled,
        title: "Server certificate validation disabled",
        message: "'{0}' receives {1}, which accepts every server certificate",
        DiagnosticSeverity.Warning,
        description: "A certificate validation callback that always returns true accepts any certificate, so any machine on the network path can impersonate the server (man in the middle).");

    public static readonly DiagnosticDescriptor ObsoleteTls = Create(
        RuleIds.ObsoleteTls,
        title: "Obsolete SSL/TLS protocol enabled",
        message: "'{0}' enables the obsolete protocol {1}",
        DiagnosticSeverity.Warning,
        description: "SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1 have known weaknesses and are deprecated (RFC 8996). Let the operating system choose the protocol, or allow only TLS 1.2 and TLS 1.3.");

    public static readonly DiagnosticDescriptor CleartextProtocol = Create(
        RuleIds.CleartextProtocol,
        title: "Cleartext protocol used for network traffic",
        message: "'{0}' sends traffic over cleartext {1}; use an encrypted protocol",
        DiagnosticSeverity.Warning,
        description: "HTTP, FTP and Telnet send data, cookies and credentials unencrypted; anyone on the network path can read and change them.");
}
