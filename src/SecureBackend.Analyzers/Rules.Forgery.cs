using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers;

public static partial class Rules
{
    public static readonly DiagnosticDescriptor MissingAntiforgery = Create(
        RuleIds.MissingAntiforgery,
        title: "State-changing action without antiforgery validation",
        message: "Action '{0}' handles {1} requests without antiforgery token validation",
        DiagnosticSeverity.Warning,
        description: "A state-changing endpoint that authenticates with cookies and does not validate an antiforgery token can be triggered by any page the victim visits (cross-site request forgery).");

    public static readonly DiagnosticDescriptor AntiforgeryDisabled = Create(
        RuleIds.AntiforgeryDisabled,
        title: "Antiforgery validation switched off",
        message: "{0} turns antiforgery validation off for {1}",
        DiagnosticSeverity.Warning,
        description: "Opting out of antiforgery validation re-opens cross-site request forgery for every endpoint the opt-out covers.");

    public static readonly DiagnosticDescriptor InsecureCookie = Create(
        RuleIds.InsecureCookie,
        title: "Insecure cookie settings",
        message: "Cookie setting '{0}' {1}",
        DiagnosticSeverity.Warning,
        description: "Cookies without Secure travel over cleartext connections; session cookies without HttpOnly are readable by injected script; SameSite=None without Secure is rejected by browsers or sent cross-site.");

    public static readonly DiagnosticDescriptor PermissiveCors = Create(
        RuleIds.PermissiveCors,
        title: "Permissive CORS policy",
        message: "{0}",
        DiagnosticSeverity.Warning,
        description: "A CORS policy that admits every origin, especially together with credentials, lets any web site read responses on behalf of the signed-in user.");

    public static readonly DiagnosticDescriptor OpenRedirect = Create(
        RuleIds.OpenRedirect,
        title: "Open redirect",
        message: "'{0}' redirects to '{1}', which comes from the request, without checking that it is local",
        DiagnosticSeverity.Warning,
        description: "Redirecting to a URL taken from the request lets an attacker send users from a trusted link to a phishing site.");
}
