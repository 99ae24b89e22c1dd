using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers;

public static partial class Rules
{
    private const string SqlFromStringsTitle = "SQL command text built from non-constant strings";
    private const string SqlFromStringsMessage = "SQL passed to '{0}' is built from '{1}'; use a parameterized query";

    public static readonly DiagnosticDescriptor SqlFromStrings = Create(
        RuleIds.SqlFromStrings,
        title: SqlFromStringsTitle,
        message: SqlFromStringsMessage,
        DiagnosticSeverity.Warning,
        description: "SQL text that is concatenated, interpolated or formatted from values that are not constants, or taken whole from the request, lets an attacker change the query. Pass values as command parameters instead.");

    /// <summary>
    /// SB1001 found at the caller of a method of the compilation that passes its string parameter into a SQL sink.
    /// Reported once every method has been seen (compilation end), so IDEs show it with full-solution analysis and
    /// every build reports it.
    /// </summary>
    public static readonly DiagnosticDescriptor SqlFromStringsThroughWrapper = Create(
        RuleIds.SqlFromStrings,
        title: SqlFromStringsTitle,
        message: SqlFromStringsMessage,
        DiagnosticSeverity.Warning,
        description: "SQL text that is concatenated, interpolated or formatted from values that are not constants is passed to a method that hands it, unchanged, to a database API. Pass values as command parameters instead.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor CommandInjection = Create(
        RuleIds.CommandInjection,
        title: "Process started with a command line built from non-constant strings",
        message: "Command line passed to '{0}' is built from '{1}'; pass each argument through ProcessStartInfo.ArgumentList",
        DiagnosticSeverity.Warning,
        description: "A program name or argument string that is concatenated, interpolated or formatted from values that are not constants, or taken whole from the request, lets an attacker add arguments or run another program. Pass each argument as one element of ProcessStartInfo.ArgumentList and never take the program name from input.");

    public static readonly DiagnosticDescriptor PathTraversal = Create(
        RuleIds.PathTraversal,
        title: "File path built from request input",
        message: "Path passed to '{0}' comes from '{1}'; reduce it to a file name with Path.GetFileName or check that the full path stays under the base directory",
        DiagnosticSeverity.Warning,
        description: "A file or directory path that contains request input, an uploaded file's name or a zip entry's name can climb out of the intended directory with '../' segments or an absolute path, and read, overwrite or delete any file the process can reach.");

    public static readonly DiagnosticDescriptor LdapInjection = Create(
        RuleIds.LdapInjection,
        title: "LDAP filter or path built from non-constant strings",
        message: "LDAP text passed to '{0}' is built from '{1}'; escape the value for LDAP",
        DiagnosticSeverity.Warning,
        description: "An LDAP search filter or directory path that is concatenated, interpolated or formatted from values that are not constants, or taken whole from the request, lets an attacker widen the search or address other entries. Escape every value (RFC 4515 for filters, RFC 4514 for distinguished names).");

    public static readonly DiagnosticDescriptor XPathInjection = Create(
        RuleIds.XPathInjection,
        title: "XPath expression built from non-constant strings",
        message: "XPath expression passed to '{0}' is built from '{1}'; use an XPath variable instead",
        DiagnosticSeverity.Warning,
        description: "An XPath expression that is concatenated, interpolated or formatted from values that are not constants, or taken whole from the request, lets an attacker change the query and read other nodes. Keep the expression constant and pass values as XPath variables.");
}
