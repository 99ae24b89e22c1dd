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
}
