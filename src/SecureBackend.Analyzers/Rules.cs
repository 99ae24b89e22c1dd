using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers;

/// <summary>
/// Every diagnostic descriptor SecureBackend reports. Descriptors are grouped by family in the partial files
/// <c>Rules.*.cs</c>; each one uses a constant ID from <see cref="RuleIds"/>, the <see cref="Category"/> and a help
/// link computed by <see cref="HelpLinks.For"/>, so release tracking (RS2000–RS2008) can check every entry.
/// </summary>
public static partial class Rules
{
    public const string Category = "Security";
}
