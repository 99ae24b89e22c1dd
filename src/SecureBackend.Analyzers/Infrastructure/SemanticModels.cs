using Microsoft.CodeAnalysis;

namespace SecureBackend.Analyzers.Infrastructure;

/// <summary>
/// The one place an analyzer asks the compilation for the semantic model of a tree its callback was not given: the
/// per-compilation tables that read set-up code in other files, and the flow engine when it follows a member into the
/// file that writes it. Callers keep to the few trees that passed their cheap checks and reuse the model they got for
/// every node of that tree. Inside the analyzer driver the compilation hands out the driver's cached model for the tree,
/// so no tree is bound twice.
/// </summary>
internal static class SemanticModels
{
    /// <summary>The semantic model of <paramref name="tree"/>, a tree of <paramref name="compilation"/>.</summary>
    public static SemanticModel Of(Compilation compilation, SyntaxTree tree)
    {
#pragma warning disable RS1030, RS0030 // The one sanctioned call: see the class comment.
        return compilation.GetSemanticModel(tree);
#pragma warning restore RS1030, RS0030
    }
}
