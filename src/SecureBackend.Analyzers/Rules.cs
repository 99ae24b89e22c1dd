using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers;

/// <summary>
/// Every diagnostic descriptor SecureBackend reports. Descriptors are grouped by family in the partial files
/// <c>Rules.*.cs</c>; each one is built by <see cref="Create"/> from a constant ID of <see cref="RuleIds"/>, so the
/// category, the enabled-by-default flag and the help link never vary from rule to rule. Release tracking
/// (AnalyzerReleases.Shipped.md, AnalyzerReleases.Unshipped.md) is checked twice: RS2000–RS2008 read the <c>id</c> and
/// <c>defaultSeverity</c> arguments of every <see cref="Create"/> call (they match the factory's parameters by the
/// names DiagnosticDescriptor's constructor uses, so keep those names), and the catalogue's ReleaseTrackingTests
/// check the whole row, the category the factory fills in included.
/// </summary>
public static partial class Rules
{
    public const string Category = "Security";

    /// <summary>
    /// Builds a descriptor: <see cref="Category"/>, enabled by default, help link computed from the ID by
    /// <see cref="HelpLinks.For"/>. Titles carry no period; messages are one sentence without a period; descriptions
    /// are full sentences. Pass <see cref="WellKnownDiagnosticTags.CompilationEnd"/> in <paramref name="customTags"/>
    /// for a descriptor reported from a compilation-end action (RS1037).
    /// </summary>
    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string message,
        DiagnosticSeverity defaultSeverity,
        string description,
        params string[] customTags)
        => new(
            id,
            title,
            message,
            Category,
            defaultSeverity,
            isEnabledByDefault: true,
            description,
            HelpLinks.For(id),
            customTags);
}
