using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers;

public static partial class Rules
{
    private const string SqlFromStringsTitle = "SQL command text built from non-constant strings";
    private const string SqlFromStringsMessage = "SQL passed to '{0}' is built from '{1}'; use a parameterized query";

    public static readonly DiagnosticDescriptor SqlFromStrings = new(
        RuleIds.SqlFromStrings,
        title: SqlFromStringsTitle,
        messageFormat: SqlFromStringsMessage,
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "SQL text that is concatenated, interpolated or formatted from values that are not constants, or taken whole from the request, lets an attacker change the query. Pass values as command parameters instead.",
        helpLinkUri: HelpLinks.For(RuleIds.SqlFromStrings));

    /// <summary>
    /// SB1001 found at the caller of a method of the compilation that passes its string parameter into a SQL sink.
    /// Reported once every method has been seen (compilation end), so IDEs show it with full-solution analysis and
    /// every build reports it.
    /// </summary>
    public static readonly DiagnosticDescriptor SqlFromStringsThroughWrapper = new(
        RuleIds.SqlFromStrings,
        title: SqlFromStringsTitle,
        messageFormat: SqlFromStringsMessage,
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "SQL text that is concatenated, interpolated or formatted from values that are not constants is passed to a method that hands it, unchanged, to a database API. Pass values as command parameters instead.",
        helpLinkUri: HelpLinks.For(RuleIds.SqlFromStrings),
        customTags: WellKnownDiagnosticTags.CompilationEnd);
}
