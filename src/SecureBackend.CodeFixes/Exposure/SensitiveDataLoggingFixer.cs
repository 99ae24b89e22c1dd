using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureBackend.Analyzers;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Exposure;

/// <summary>
/// SB5002: removes <c>EnableSensitiveDataLogging()</c> from its call chain (or the whole statement), and removes
/// <c>IdentityModelEventSource.ShowPII = true;</c> statements. No fix where removal would leave invalid code.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SensitiveDataLoggingFixer)), Shared]
public sealed class SensitiveDataLoggingFixer : SecureBackendFixer
{
    public const string RemoveKey = "SB5002.Remove";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SensitiveDataLogging);

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        if (Plan(offer.Root, diagnostic) is not null)
        {
            yield return new FixAction("Remove sensitive data logging", RemoveKey);
        }
    }

    /// <summary>What to change: a node to remove, or a node to replace with another.</summary>
    private sealed class Edit
    {
        public Edit(SyntaxNode target, SyntaxNode? replacement)
        {
            Target = target;
            Replacement = replacement;
        }

        public SyntaxNode Target { get; }

        public SyntaxNode? Replacement { get; }
    }

    private static Edit? Plan(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        switch (node)
        {
            case AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax statement } when statement.Parent is BlockSyntax or GlobalStatementSyntax:
                return new Edit(statement.Parent is GlobalStatementSyntax global ? global : statement, null);

            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var receiver } } invocation:
                if (invocation.Parent is ExpressionStatementSyntax expressionStatement)
                {
                    if (receiver is InvocationExpressionSyntax)
                    {
                        return new Edit(invocation, receiver.WithTriviaFrom(invocation));
                    }

                    if (expressionStatement.Parent is BlockSyntax)
                    {
                        return new Edit(expressionStatement, null);
                    }

                    if (expressionStatement.Parent is GlobalStatementSyntax globalStatement)
                    {
                        return new Edit(globalStatement, null);
                    }

                    return null;
                }

                // Inside a chain or a lambda body: keep the receiver when the result is still a valid expression.
                if (invocation.Parent is LambdaExpressionSyntax && receiver is not InvocationExpressionSyntax)
                {
                    return null;
                }

                return new Edit(invocation, receiver.WithTriviaFrom(invocation));

            default:
                return null;
        }
    }

    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var edits = diagnostics.Select(d => Plan(root, d)).Where(e => e is not null).Select(e => e!).ToList();
        if (edits.Count == 0)
        {
            return document;
        }

        var tracked = root.TrackNodes(edits.Select(e => e.Target));
        foreach (var edit in edits)
        {
            var current = tracked.GetCurrentNode(edit.Target);
            if (current is null)
            {
                continue;
            }

            tracked = edit.Replacement is null
                ? SyntaxEdits.RemoveKeepingCommentsAbove(tracked, current)
                : tracked.ReplaceNode(current, edit.Replacement);
        }

        return document.WithSyntaxRoot(tracked);
    }
}
