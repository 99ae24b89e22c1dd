using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using SecureBackend.Analyzers.Crypto;

namespace SecureBackend.CodeFixes.Crypto;

/// <summary>
/// The part of "is this digest compared?" the analyzer cannot answer: the uses, anywhere in the solution, of the
/// methods whose result the digest becomes and of the members it is stored in (<see cref="BrokenHashFixData.EscapesProperty"/>).
/// Each use is followed as in the body (<see cref="DigestFlow.ReachesComparison"/>).
/// </summary>
internal static class DigestUses
{
    /// <summary>
    /// Whether a use of the symbols named by <paramref name="escapes"/> (documentation IDs in <paramref name="project"/>'s
    /// compilation) may compare the digest with data produced by the old algorithm; true when one cannot be found.
    /// </summary>
    public static async Task<bool> MayBeComparedAsync(Project project, IReadOnlyList<string> escapes, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return true;
        }

        foreach (var id in escapes)
        {
            var symbol = DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation);
            if (symbol is null)
            {
                return true; // stay safe
            }

            var references = await SymbolFinder.FindReferencesAsync(symbol, project.Solution, cancellationToken).ConfigureAwait(false);
            foreach (var referenced in references)
            {
                foreach (var location in referenced.Locations)
                {
                    if (location.IsImplicit || !location.Location.IsInSource)
                    {
                        continue;
                    }

                    var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var referenceModel = await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    var node = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (node is null || referenceModel is null)
                    {
                        continue;
                    }

                    if (symbol is IMethodSymbol)
                    {
                        node = node.FirstAncestorOrSelf<InvocationExpressionSyntax>() ?? node;
                    }
                    else if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
                    {
                        node = access;
                    }

                    if (referenceModel.GetOperation(node, cancellationToken) is { } operation && DigestFlow.ReachesComparison(operation, new List<ISymbol>(), depth: 0))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
