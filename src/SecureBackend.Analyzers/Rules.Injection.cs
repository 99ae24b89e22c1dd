using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers;

public static partial class Rules
{
    public static readonly DiagnosticDescriptor SqlFromStrings = new(
        RuleIds.SqlFromStrings,
        title: "SQL command text built from non-constant strings",
        messageFormat: "SQL passed to '{0}' is built from '{1}'; use a parameterized query",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "SQL text that is concatenated, interpolated or formatted from values that are not constants lets an attacker change the query. Pass values as command parameters instead.",
        helpLinkUri: HelpLinks.For(RuleIds.SqlFromStrings));
}
