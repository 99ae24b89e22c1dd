using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace SecureBackend.Tests.Infrastructure;

/// <summary>Options every SecureBackend test shares, applied by the verifiers' <c>Test</c> classes.</summary>
internal static class TestSetup
{
    public static void Apply(SolutionState state, Microsoft.CodeAnalysis.Testing.AnalyzerTest<DefaultVerifier> test)
    {
        test.ReferenceAssemblies = TestReferences.Net10;

        // Rules with several descriptors under one ID (different messages): [|…|] and {|SBxxxx:…|} mean that ID.
        test.MarkupOptions |= MarkupOptions.UseFirstDescriptor;
        test.SolutionTransforms.Add(AddFramework);
        state.AdditionalReferences.AddRange(TestReferences.Libraries);
    }

    /// <summary>Every project of a test solution, additional projects included, compiles against the reference packs.</summary>
    private static Solution AddFramework(Solution solution, ProjectId primary)
    {
        foreach (var projectId in solution.ProjectIds)
        {
            solution = solution.AddMetadataReferences(projectId, TestReferences.Framework);
        }

        return solution;
    }

    /// <summary>
    /// Turns a test set up by <see cref="Apply"/> into one whose every project compiles against the .NET Framework 4.8
    /// reference assemblies (<see cref="TestReferences.NetFramework48"/>) instead of .NET 10 and the package libraries:
    /// for classic ASP.NET (<c>System.Web</c>) and the legacy crypto types.
    /// </summary>
    public static void ApplyNetFramework48(SolutionState state, Microsoft.CodeAnalysis.Testing.AnalyzerTest<DefaultVerifier> test)
    {
        test.ReferenceAssemblies = TestReferences.Net48;
        test.SolutionTransforms.Remove(AddFramework);
        test.SolutionTransforms.Add(AddNetFramework48);
        state.AdditionalReferences.Clear();
    }

    private static Solution AddNetFramework48(Solution solution, ProjectId primary)
    {
        foreach (var projectId in solution.ProjectIds)
        {
            solution = solution.AddMetadataReferences(projectId, TestReferences.NetFramework48);
        }

        return solution;
    }

    /// <summary>An <c>.editorconfig</c> that applies to every test document.</summary>
    public static (string Path, string Content) EditorConfig(string lines)
        => ("/.editorconfig", "root = true\n\n[*]\n" + lines + "\n");

    public static CSharpParseOptions ParseOptions => new(LanguageVersion.Latest);
}
