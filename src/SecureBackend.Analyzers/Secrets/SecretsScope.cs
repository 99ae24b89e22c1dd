using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.Analyzers.Secrets;

/// <summary>
/// Where the secrets rules (SB2004–SB2007, SB2011) stay quiet: test projects (a compilation that references xUnit, NUnit,
/// MSTest or TUnit), unless <c>securebackend.secrets.analyze_test_projects = true</c>. Fake tokens, fixed keys and
/// relaxed token validation are how tests are written, and that code never runs in production.
/// </summary>
internal static class SecretsScope
{
    public const string AnalyzeTestProjectsOption = ConfigOptions.Prefix + "secrets.analyze_test_projects";

    public static bool IsTestProject(KnownTypes types) => CodeScopes.IsTestProject(types);

    /// <summary>Whether diagnostics in <paramref name="tree"/> are suppressed because the project is a test project.</summary>
    public static bool IsSuppressed(bool isTestProject, AnalyzerOptions options, SyntaxTree tree)
        => isTestProject && !options.GetBool(tree, AnalyzeTestProjectsOption);
}
