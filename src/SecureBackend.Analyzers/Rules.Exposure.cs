using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers;

public static partial class Rules
{
    public static readonly DiagnosticDescriptor DeveloperExceptionPage = Create(
        RuleIds.DeveloperExceptionPage,
        title: "Developer diagnostics enabled outside development",
        message: "'{0}' is not limited to the Development environment",
        DiagnosticSeverity.Warning,
        description: "The developer exception page shows stack traces, source lines, configuration and request data to anyone who triggers an error; the migrations end point applies database migrations on request. Enable them only when the environment is Development.");

    public static readonly DiagnosticDescriptor SensitiveDataLogging = Create(
        RuleIds.SensitiveDataLogging,
        title: "Sensitive data logging enabled outside development",
        message: "'{0}' writes sensitive data to logs and is not limited to the Development environment",
        DiagnosticSeverity.Warning,
        description: "EF Core's sensitive data logging writes parameter values (passwords, tokens, personal data) into logs and exception messages; IdentityModel's ShowPII and LogCompleteSecurityArtifact write personal data and whole tokens. Enable them only in development.");

    public static readonly DiagnosticDescriptor UnsafeDeserialization = Create(
        RuleIds.UnsafeDeserialization,
        title: "Unsafe deserialization",
        message: "'{0}' lets the serialized data choose the types to create; {1}",
        DiagnosticSeverity.Warning,
        description: "Serializers that read type names from the payload (BinaryFormatter, SoapFormatter, NetDataContractSerializer, LosFormatter, Json.NET with TypeNameHandling) let an attacker instantiate gadget types and run code. Deserialize into known types with System.Text.Json or Json.NET without type name handling.");

    public static readonly DiagnosticDescriptor ExceptionDetailsExposed = Create(
        RuleIds.ExceptionDetailsExposed,
        title: "Exception details sent to the client",
        message: "'{0}' sends {1} of a caught exception to the client; log it and return a generic error with a trace id",
        DiagnosticSeverity.Warning,
        description: "Exception messages and stack traces reveal SQL statements, file paths, server names, library versions and internal logic that help an attacker plan the next step. Log the exception and return a generic ProblemDetails response that carries only a trace id.");

    public static readonly DiagnosticDescriptor ForwardedHeadersTrustAll = Create(
        RuleIds.ForwardedHeadersTrustAll,
        title: "Forwarded headers accepted from any proxy",
        message: "'{0}' {1}, so any client can set its own IP address and scheme with X-Forwarded-* headers",
        DiagnosticSeverity.Warning,
        description: "The forwarded headers middleware replaces the client IP address, scheme and host with the values of X-Forwarded-For/-Proto/-Host only when the request comes from a known proxy. Clearing KnownProxies and KnownNetworks without adding the real proxy lets anyone who reaches the application directly forge them, defeating IP-based rate limits, allow lists, audit logs and HTTPS checks.");

    public static readonly DiagnosticDescriptor AuthenticationWithoutRateLimiting = Create(
        RuleIds.AuthenticationWithoutRateLimiting,
        title: "No rate limiting on an authentication endpoint",
        message: "'{0}' {1}, but {2}; limit attempts with a rate limiting policy",
        DiagnosticSeverity.Info,
        description: "An endpoint that checks passwords, two-factor codes or reset tokens, signs users in or issues tokens can be called as fast as an attacker can send requests: password guessing, credential stuffing, code brute force and reset-mail flooding cost nothing. Register a rate limiter (AddRateLimiter, UseRateLimiter) and apply a policy to the endpoint with RequireRateLimiting or [EnableRateLimiting].");

    public static readonly DiagnosticDescriptor MissingSecurityHeaders = Create(
        RuleIds.MissingSecurityHeaders,
        title: "No security headers set",
        message: "The pipeline of '{0}' sets none of Content-Security-Policy, X-Content-Type-Options, X-Frame-Options, Referrer-Policy",
        DiagnosticSeverity.Info,
        description: "Browsers apply defenses only when responses ask for them: X-Content-Type-Options stops content sniffing, X-Frame-Options or the CSP frame-ancestors directive stops clickjacking, Referrer-Policy keeps URLs with tokens from leaking to other sites, and a Content-Security-Policy limits what injected markup can do. Set them in a small middleware or with a security-headers package.");
}
