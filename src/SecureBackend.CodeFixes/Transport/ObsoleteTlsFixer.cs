using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SecureBackend.Analyzers;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Transport;

/// <summary>
/// SB4004: replaces the whole protocol expression (the <c>|</c> chain the obsolete member is part of) with either the
/// operating system's default (<c>SslProtocols.None</c> / <c>SecurityProtocolType.SystemDefault</c>) or
/// <c>Tls12 | Tls13</c>. The type is spelled as the code spells it. No fix when the chain also contains a
/// non-constant value (its bits would be lost).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ObsoleteTlsFixer)), Shared]
public sealed class ObsoleteTlsFixer : SecureBackendFixer
{
    public const string UseSystemDefaultKey = "SB4004.UseSystemDefault";

    public const string UseTls12And13Key = "SB4004.UseTls12And13";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ObsoleteTls);

    /// <summary>The chain must be constant, which only the bound expression tells.</summary>
    protected override bool OffersNeedModel => true;

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        if (FindChain(offer.Root, offer.Model, diagnostic, offer.CancellationToken) is not null)
        {
            yield return new FixAction("Let the operating system choose the TLS version", UseSystemDefaultKey);
            yield return new FixAction("Allow only TLS 1.2 and TLS 1.3", UseTls12And13Key);
        }
    }

    private sealed class Chain
    {
        public Chain(ExpressionSyntax root, ExpressionSyntax? qualifier, INamedTypeSymbol type)
        {
            Root = root;
            Qualifier = qualifier;
            Type = type;
        }

        public ExpressionSyntax Root { get; }

        public ExpressionSyntax? Qualifier { get; }

        public INamedTypeSymbol Type { get; }
    }

    /// <summary>The maximal <c>|</c> expression around the reported member, when all of it is constant.</summary>
    private static Chain? FindChain(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
        if (node is null || model.GetTypeInfo(node, cancellationToken).Type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } type)
        {
            return null;
        }

        ExpressionSyntax? qualifier = node switch
        {
            MemberAccessExpressionSyntax access => access.Expression.WithoutTrivia(),
            CastExpressionSyntax cast => cast.Type.WithoutTrivia(),
            _ => null,
        };

        var chain = node;
        while (chain.Parent is ParenthesizedExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.BitwiseOrExpression })
        {
            chain = (ExpressionSyntax)chain.Parent;
        }

        foreach (var leaf in chain.DescendantNodesAndSelf())
        {
            if (leaf is ExpressionSyntax expression and not (ParenthesizedExpressionSyntax or BinaryExpressionSyntax)
                && expression.Parent is ParenthesizedExpressionSyntax or BinaryExpressionSyntax
                && !model.GetConstantValue(expression, cancellationToken).HasValue)
            {
                return null;
            }
        }

        return new Chain(chain, qualifier, type);
    }

    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var done = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            var chain = FindChain(editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken);
            if (chain is null || !done.Add(chain.Root))
            {
                continue;
            }

            var replacement = Replacement(chain, key);
            if (replacement is BinaryExpressionSyntax && chain.Root.Parent is BinaryExpressionSyntax or PrefixUnaryExpressionSyntax or CastExpressionSyntax or MemberAccessExpressionSyntax)
            {
                replacement = SyntaxFactory.ParenthesizedExpression(replacement);
            }

            editor.ReplaceNode(chain.Root, replacement.WithTriviaFrom(chain.Root));
        }

        return editor.GetChangedDocument();
    }

    private static ExpressionSyntax Replacement(Chain chain, string? key)
    {
        if (key == UseTls12And13Key)
        {
            return HasMember(chain.Type, "Tls13")
                ? SyntaxEdits.Plain(SyntaxFactory.BinaryExpression(
                    SyntaxKind.BitwiseOrExpression,
                    Member(chain, "Tls12"),
                    SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.BarToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                    Member(chain, "Tls13")))
                : Member(chain, "Tls12");
        }

        return Member(chain, HasMember(chain.Type, "SystemDefault") ? "SystemDefault" : "None");
    }

    /// <summary>The enum member spelled as the code spells the type.</summary>
    private static ExpressionSyntax Member(Chain chain, string name)
        => chain.Qualifier is null ? SyntaxEdits.Plain(SyntaxFactory.IdentifierName(name)) : SyntaxEdits.Member(chain.Qualifier, name);

    private static bool HasMember(INamedTypeSymbol type, string name) => !type.GetMembers(name).IsEmpty;
}
