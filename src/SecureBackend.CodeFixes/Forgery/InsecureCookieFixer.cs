using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Forgery;
using SecureBackend.CodeFixes.Infrastructure;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.CodeFixes.Forgery;

/// <summary>
/// SB3003 fix: write the safe value — <c>Secure = true</c>, <c>HttpOnly = true</c>,
/// <c>SecurePolicy = CookieSecurePolicy.Always</c> (also added after <c>SameSite = None</c>), <c>Secure = true</c> in a
/// <c>CookieOptions</c> or <c>HttpCookie</c> initializer (with <c>HttpOnly = true</c> for a session <c>HttpCookie</c>), and explicit <c>new CookieOptions { HttpOnly = true, Secure = true }</c> for a
/// session cookie appended with default options.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsecureCookieFixer)), Shared]
public sealed class InsecureCookieFixer : SecureBackendFixer
{
    public const string SafeValueKey = "SB3003.SetSafeValue";

    private static readonly string[] SecureOnly = { "Secure" };
    private static readonly string[] HttpOnlyOnly = { "HttpOnly" };
    private static readonly string[] HttpOnlyAndSecure = { "HttpOnly", "Secure" };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.InsecureCookie);

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        if (Title(offer.Root, diagnostic) is { } title)
        {
            yield return new FixAction(title, SafeValueKey);
        }
    }

    private static string? Fix(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(InsecureCookieAnalyzer.FixProperty, out var fix) ? fix : null;

    private static string? Title(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return Fix(diagnostic) switch
        {
            InsecureCookieAnalyzer.SecureTrueFix when AssignedValue(node) is not null => "Set Secure to true",
            InsecureCookieAnalyzer.HttpOnlyTrueFix when AssignedValue(node) is not null => "Set HttpOnly to true",
            InsecureCookieAnalyzer.SecurePolicyAlwaysFix when AssignedValue(node) is not null => "Set SecurePolicy to CookieSecurePolicy.Always",
            InsecureCookieAnalyzer.AddSecurePolicyFix when node is AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax, Left: MemberAccessExpressionSyntax }
                => "Also set SecurePolicy to CookieSecurePolicy.Always",
            InsecureCookieAnalyzer.AddSecureFix when node is BaseObjectCreationExpressionSyntax
                => AlsoHttpOnly(diagnostic) ? "Set HttpOnly and Secure to true" : "Set Secure to true",
            InsecureCookieAnalyzer.AddHttpOnlyFix when node is BaseObjectCreationExpressionSyntax => "Set HttpOnly to true",
            InsecureCookieAnalyzer.AddOptionsFix when node is InvocationExpressionSyntax => "Append the cookie with HttpOnly and Secure options",
            _ => null,
        };
    }

    /// <summary>
    /// The value the reported write stores: the right side of an assignment, or the element of a deconstruction's
    /// value tuple (<c>(o.Secure, o.HttpOnly) = (false, false)</c>), which the analyzer reports itself.
    /// </summary>
    private static ExpressionSyntax? AssignedValue(SyntaxNode node)
        => node switch
        {
            AssignmentExpressionSyntax assignment => assignment.Right,
            ExpressionSyntax element when element.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax } => element,
            _ => null,
        };

    protected override void Fix(DocumentEditor editor, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var root = editor.OriginalRoot;
        var compilation = editor.SemanticModel.Compilation;
        foreach (var diagnostic in diagnostics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Title(root, diagnostic) is null)
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            switch (Fix(diagnostic))
            {
                case InsecureCookieAnalyzer.SecureTrueFix or InsecureCookieAnalyzer.HttpOnlyTrueFix:
                    var assigned = AssignedValue(node)!;
                    editor.ReplaceNode(assigned, ForgeryFixing.True().WithTriviaFrom(assigned));
                    break;

                case InsecureCookieAnalyzer.SecurePolicyAlwaysFix when Always(editor, compilation) is { } always:
                    var policy = AssignedValue(node)!;
                    editor.ReplaceNode(policy, always.WithTriviaFrom(policy));
                    break;

                case InsecureCookieAnalyzer.AddSecurePolicyFix when Always(editor, compilation) is { } always:
                    var sameSite = (AssignmentExpressionSyntax)node;
                    var builder = ((MemberAccessExpressionSyntax)sameSite.Left).Expression;
                    var statement = SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(
                        SyntaxKind.SimpleAssignmentExpression,
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, builder.WithoutTrivia(), SyntaxFactory.IdentifierName("SecurePolicy")),
                        SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.EqualsToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                        always));
                    SyntaxEdits.InsertStatementAfter(editor, (StatementSyntax)sameSite.Parent!, statement);
                    break;

                case InsecureCookieAnalyzer.AddSecureFix:
                    AddSecure(editor, (BaseObjectCreationExpressionSyntax)node, AlsoHttpOnly(diagnostic) ? HttpOnlyAndSecure : SecureOnly);
                    break;

                case InsecureCookieAnalyzer.AddHttpOnlyFix:
                    AddSecure(editor, (BaseObjectCreationExpressionSyntax)node, HttpOnlyOnly);
                    break;

                case InsecureCookieAnalyzer.AddOptionsFix when KnownTypes.Get(compilation).Get("Microsoft.AspNetCore.Http.CookieOptions") is { } cookieOptions:
                    var append = (InvocationExpressionSyntax)node;
                    var options = SyntaxFactory.ObjectCreationExpression(SyntaxEdits.TypeName(editor.Generator, cookieOptions))
                        .WithNewKeyword(SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                        .WithInitializer(SyntaxFactory.InitializerExpression(
                            SyntaxKind.ObjectInitializerExpression,
                            SyntaxFactory.SeparatedList<ExpressionSyntax>(new SyntaxNodeOrToken[]
                            {
                                ForgeryFixing.MemberAssignment("HttpOnly", ForgeryFixing.True()),
                                SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space),
                                ForgeryFixing.MemberAssignment("Secure", ForgeryFixing.True()),
                            }))
                            .WithOpenBraceToken(SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)))
                            .WithCloseBraceToken(SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.CloseBraceToken, SyntaxFactory.TriviaList())));
                    var arguments = new System.Collections.Generic.List<SyntaxNodeOrToken>();
                    foreach (var item in append.ArgumentList.Arguments.GetWithSeparators())
                    {
                        arguments.Add(item);
                    }

                    arguments.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
                    arguments.Add(SyntaxFactory.Argument(options));
                    editor.ReplaceNode(append.ArgumentList, append.ArgumentList.WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>(arguments)));
                    break;
            }
        }

    }

    private static MemberAccessExpressionSyntax? Always(DocumentEditor editor, Compilation compilation)
        => KnownTypes.Get(compilation).Get("Microsoft.AspNetCore.Http.CookieSecurePolicy") is { } policy
            ? SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxEdits.TypeName(editor.Generator, policy),
                SyntaxFactory.IdentifierName("Always"))
            : null;

    private static bool AlsoHttpOnly(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(InsecureCookieAnalyzer.AlsoHttpOnlyProperty, out var also) && also == "true";

    /// <summary>Adds <c>Name = true</c> for each of <paramref name="members"/> to the creation's initializer (or adds one).</summary>
    private static void AddSecure(DocumentEditor editor, BaseObjectCreationExpressionSyntax creation, string[] members)
    {
        if (creation.Initializer is { } initializer)
        {
            var updatedInitializer = initializer;
            foreach (var member in members)
            {
                updatedInitializer = ForgeryFixing.AddToInitializer(updatedInitializer, ForgeryFixing.MemberAssignment(member, ForgeryFixing.True()));
            }

            editor.ReplaceNode(initializer, updatedInitializer);
            return;
        }

        var items = new System.Collections.Generic.List<SyntaxNodeOrToken>();
        foreach (var member in members)
        {
            if (items.Count > 0)
            {
                items.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
            }

            items.Add(ForgeryFixing.MemberAssignment(member, ForgeryFixing.True()));
        }

        var newInitializer = SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SeparatedList<ExpressionSyntax>(items))
            .WithOpenBraceToken(SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)))
            .WithCloseBraceToken(SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.CloseBraceToken, SyntaxFactory.TriviaList()));
        var updated = creation.WithoutTrailingTrivia().WithInitializer(newInitializer).WithTrailingTrivia(creation.GetTrailingTrivia());
        editor.ReplaceNode(creation, updated.WithAdditionalAnnotations(Formatter.Annotation));
    }
}
