using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers;

public static partial class Rules
{
    public static readonly DiagnosticDescriptor CrossSiteScripting = Create(
        RuleIds.CrossSiteScripting,
        title: "Text written as HTML without encoding",
        message: "'{0}' writes '{1}' into the page as HTML without encoding; encode it or sanitize it",
        DiagnosticSeverity.Warning,
        description: "Text handed to an API that emits it as markup unchanged (Html.Raw, HtmlString, MarkupString, a text/html content result, a response written as HTML) runs as script in the visitor's browser when it holds HTML from a user. Encode it with HtmlEncoder or WebUtility.HtmlEncode, or clean it with an HTML sanitizer, or let Razor encode it.");

    public static readonly DiagnosticDescriptor XmlExternalEntities = Create(
        RuleIds.XmlExternalEntities,
        title: "XML parser resolves external entities",
        message: "'{0}' lets a document's DTD load external entities through '{1}'; set XmlResolver to null or prohibit DTD processing",
        DiagnosticSeverity.Warning,
        description: "An XML parser that processes a DTD and has a resolver fetches the files and URLs that the document's external entities name, so a document sent by an attacker can read local files or make the server issue requests. Leave the resolver null or prohibit DTD processing.");
}
