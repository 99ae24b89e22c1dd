using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers;

public static partial class Rules
{
    public static readonly DiagnosticDescriptor MissingAntiforgery = new(
        RuleIds.MissingAntiforgery,
        title: "State-changing action without antiforgery validation",
        messageFormat: "Action '{0}' handles {1} requests without antiforgery token validation",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A state-changing endpoint that authenticates with cookies and does not validate an antiforgery token can be triggered by any page the victim visits (cross-site request forgery).",
        helpLinkUri: HelpLinks.For(RuleIds.MissingAntiforgery));

    public static readonly DiagnosticDescriptor AntiforgeryDisabled = new(
        RuleIds.AntiforgeryDisabled,
        title: "Antiforgery validation switched off",
        messageFormat: "{0} turns antiforgery validation off for {1}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Opting out of antiforgery validation re-opens cross-site request forgery for every endpoint the opt-out covers.",
        helpLinkUri: HelpLinks.For(RuleIds.AntiforgeryDisabled));

    public static readonly DiagnosticDescriptor InsecureCookie = new(
        RuleIds.InsecureCookie,
        title: "Insecure cookie settings",
        messageFormat: "Cookie setting '{0}' {1}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Cookies without Secure travel over cleartext connections; session cookies without HttpOnly are readable by injected script; SameSite=None without Secure is rejected by browsers or sent cross-site.",
        helpLinkUri: HelpLinks.For(RuleIds.InsecureCookie));

    public static readonly DiagnosticDescriptor PermissiveCors = new(
        RuleIds.PermissiveCors,
        title: "Permissive CORS policy",
        messageFormat: "{0}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A CORS policy that admits every origin, especially together with credentials, lets any web site read responses on behalf of the signed-in user.",
        helpLinkUri: HelpLinks.For(RuleIds.PermissiveCors));

    public static readonly DiagnosticDescriptor OpenRedirect = new(
        RuleIds.OpenRedirect,
        title: "Open redirect",
        messageFormat: "'{0}' redirects to '{1}', which comes from the request, without checking that it is local",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Redirecting to a URL taken from the request lets an attacker send users from a trusted link to a phishing site.",
        helpLinkUri: HelpLinks.For(RuleIds.OpenRedirect));
}
