using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Forgery;
using SecureBackend.CodeFixes.Infrastructure;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.CodeFixes.Forgery;

/// <summary>
/// SB3005 fix: <c>Redirect(x)</c> → <c>LocalRedirect(x)</c> (and the Permanent/PreserveMethod variants),
/// <c>Results.Redirect</c>/<c>TypedResults.Redirect</c> → <c>LocalRedirect</c>, <c>new RedirectResult(x)</c> →
/// <c>new LocalRedirectResult(x)</c>. The local variants accept the same local URLs and refuse any other with an
/// exception instead of redirecting. <c>HttpResponse.Redirect</c> has no local variant: no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OpenRedirectFixer)), Shared]
public sealed class OpenRedirectFixer : SecureBackendFixer
{
    public const string LocalRedirectKey = "SB3005.UseLocalRedirect";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.OpenRedirect);

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        if (Replacement(diagnostic) is not null && Target(offer.Root, diagnostic) is not null)
        {
            yield return new FixAction("Redirect only to local URLs", LocalRedirectKey);
        }
    }

    private static string? Replacement(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(OpenRedirectAnalyzer.ReplacementProperty, out var replacement) ? replacement : null;

    /// <summary>The invocation or object creation the diagnostic is reported on.</summary>
    private static ExpressionSyntax? Target(SyntaxNode root, Diagnostic diagnostic)
        => root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) switch
        {
            InvocationExpressionSyntax { Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax { Name: IdentifierNameSyntax } } invocation => invocation,
            ObjectCreationExpressionSyntax creation => creation,
            _ => null,
        };

    protected override void Fix(DocumentEditor editor, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var root = editor.OriginalRoot;
        foreach (var diagnostic in diagnostics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Replacement(diagnostic) is not { } replacement)
            {
                continue;
            }

            switch (Target(root, diagnostic))
            {
                case InvocationExpressionSyntax invocation:
                    var name = invocation.Expression is MemberAccessExpressionSyntax member ? (SimpleNameSyntax)member.Name : (SimpleNameSyntax)invocation.Expression;
                    editor.ReplaceNode(name, SyntaxFactory.IdentifierName(replacement).WithTriviaFrom(name));
                    RenameUrlArgument(editor, invocation.ArgumentList);
                    break;

                case ObjectCreationExpressionSyntax creation
                    when KnownTypes.Get(editor.SemanticModel.Compilation).Get("Microsoft.AspNetCore.Mvc." + replacement) is { } type:
                    editor.ReplaceNode(creation.Type, SyntaxEdits.TypeName(editor.Generator, type).WithTriviaFrom(creation.Type));
                    if (creation.ArgumentList is { } arguments)
                    {
                        RenameUrlArgument(editor, arguments);
                    }

                    break;
            }
        }

    }

    /// <summary>The local variants name the URL parameter <c>localUrl</c>; keep a named argument compiling.</summary>
    private static void RenameUrlArgument(DocumentEditor editor, ArgumentListSyntax arguments)
    {
        foreach (var argument in arguments.Arguments)
        {
            if (argument.NameColon is { Name.Identifier.ValueText: "url" } nameColon)
            {
                editor.ReplaceNode(nameColon.Name, SyntaxFactory.IdentifierName("localUrl").WithTriviaFrom(nameColon.Name));
            }
        }
    }
}
