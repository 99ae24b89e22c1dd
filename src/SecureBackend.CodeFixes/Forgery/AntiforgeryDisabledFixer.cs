using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Forgery;
using SecureBackend.CodeFixes.Infrastructure;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.CodeFixes.Forgery;

/// <summary>
/// SB3002 fixes: remove the opt-out (<c>[IgnoreAntiforgeryToken]</c>, the global filter registration,
/// <c>.DisableAntiforgery()</c>, <c>.WithMetadata(new IgnoreAntiforgeryTokenAttribute())</c>), or add the antiforgery
/// services and middleware (<c>builder.Services.AddAntiforgery()</c>, <c>app.UseAntiforgery()</c> after routing,
/// authentication and authorization) to the app that maps form-binding endpoints.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AntiforgeryDisabledFixer)), Shared]
public sealed class AntiforgeryDisabledFixer : SecureBackendFixer
{
    /// <summary>
    /// One key for every SB3002 fix (each diagnostic has exactly one), so that Fix All and <c>dotnet format</c> restore
    /// antiforgery everywhere in one pass, whatever the kind of opt-out.
    /// </summary>
    public const string RestoreAntiforgeryKey = "SB3002.RestoreAntiforgery";

    private static readonly string[] PipelineAnchors = { "UseRouting", "UseAuthentication", "UseAuthorization" };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AntiforgeryDisabled);

    /// <summary>Where the middleware goes is found on the bound pipeline.</summary>
    protected override bool OffersNeedModel => true;

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        var kind = Kind(diagnostic);
        if (kind == AntiforgeryDisabledAnalyzer.MissingMiddlewareKind)
        {
            if (FindPipeline(offer.Root, offer.Model, diagnostic, offer.CancellationToken) is not null)
            {
                yield return new FixAction("Add app.UseAntiforgery() and the antiforgery services", RestoreAntiforgeryKey);
            }
        }
        else if (CanRemove(offer.Root, diagnostic, kind))
        {
            yield return new FixAction(
                Replacement(diagnostic) is not null ? "Validate antiforgery tokens instead of ignoring them" : "Remove the antiforgery opt-out",
                RestoreAntiforgeryKey);
        }
    }

    private static string? Kind(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(AntiforgeryDisabledAnalyzer.KindProperty, out var kind) ? kind : null;

    private static string? Replacement(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(AntiforgeryDisabledAnalyzer.ReplacementProperty, out var replacement)
            && replacement is AntiforgeryDisabledAnalyzer.ValidateReplacement or AntiforgeryDisabledAnalyzer.AutoValidateReplacement
            ? replacement
            : null;

    private static bool CanRemove(SyntaxNode root, Diagnostic diagnostic, string? kind)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return kind switch
        {
            AntiforgeryDisabledAnalyzer.AttributeKind => ReportedAttribute(root, node, diagnostic) is not null,
            AntiforgeryDisabledAnalyzer.FilterKind => RemovableFilterCall(node) is not null,
            AntiforgeryDisabledAnalyzer.EndpointKind => ConventionCall(node) is not null,
            _ => false,
        };
    }

    /// <summary>
    /// The opt-out attribute: at the diagnostic, or — for a method mapped as a minimal API handler, reported where it
    /// is mapped — at its additional location in the same document.
    /// </summary>
    private static AttributeSyntax? ReportedAttribute(SyntaxNode root, SyntaxNode node, Diagnostic diagnostic)
    {
        if (node.FirstAncestorOrSelf<AttributeSyntax>() is { } attribute)
        {
            return attribute;
        }

        foreach (var location in diagnostic.AdditionalLocations)
        {
            if (location.SourceTree == root.SyntaxTree
                && root.FindNode(location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>() is { } additional)
            {
                return additional;
            }
        }

        return null;
    }

    protected override void Fix(DocumentEditor editor, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var root = editor.OriginalRoot;
        var pipelines = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var kind = Kind(diagnostic);
            if (kind == AntiforgeryDisabledAnalyzer.MissingMiddlewareKind)
            {
                if (FindPipeline(root, editor.SemanticModel, diagnostic, cancellationToken) is { } pipeline
                    && pipelines.Add(pipeline.AppDeclaration))
                {
                    AddMiddleware(editor, pipeline);
                }

                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            switch (kind)
            {
                case AntiforgeryDisabledAnalyzer.AttributeKind when ReportedAttribute(root, node, diagnostic) is { } attribute:
                    if (Replacement(diagnostic) is { } replacement)
                    {
                        ReplaceAttribute(editor, attribute, replacement);
                    }
                    else
                    {
                        RemoveAttribute(editor, attribute);
                    }

                    break;
                case AntiforgeryDisabledAnalyzer.FilterKind when RemovableFilterCall(node) is { } call:
                    RemoveFilterCall(editor, call);
                    break;
                case AntiforgeryDisabledAnalyzer.EndpointKind when ConventionCall(node) is { } convention:
                    RemoveConvention(editor, convention, node);
                    break;
            }
        }

    }

    /// <summary>
    /// <c>[IgnoreAntiforgeryToken]</c> → <c>[ValidateAntiForgeryToken]</c>: the same spelling (short, with the
    /// <c>Attribute</c> suffix, namespace-qualified) when the opt-out was written as the framework attribute, the
    /// simplified full name otherwise (an alias, a derived attribute).
    /// </summary>
    private static void ReplaceAttribute(DocumentEditor editor, AttributeSyntax attribute, string replacement)
    {
        const string Ignore = "IgnoreAntiforgeryToken";
        var rightmost = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right,
            AliasQualifiedNameSyntax alias => alias.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };

        NameSyntax name;
        if (rightmost is IdentifierNameSyntax { Identifier.ValueText: Ignore or Ignore + "Attribute" } identifier
            && editor.SemanticModel.GetSymbolInfo(attribute).Symbol?.ContainingType is { Name: Ignore + "Attribute" } type
            && type.ContainingNamespace.IsNamespace("Microsoft.AspNetCore.Mvc"))
        {
            var text = identifier.Identifier.ValueText.Length == Ignore.Length ? replacement : replacement + "Attribute";
            var renamed = identifier.WithIdentifier(SyntaxFactory.Identifier(text).WithTriviaFrom(identifier.Identifier));
            name = attribute.Name.ReplaceNode(identifier, renamed);
        }
        else
        {
            name = SyntaxFactory.ParseName("global::Microsoft.AspNetCore.Mvc." + replacement)
                .WithTriviaFrom(attribute.Name)
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        }

        editor.ReplaceNode(attribute, attribute.WithName(name));
    }

    private static void RemoveAttribute(DocumentEditor editor, AttributeSyntax attribute)
    {
        if (attribute.Parent is not AttributeListSyntax list)
        {
            return;
        }

        if (list.Attributes.Count > 1)
        {
            editor.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
            return;
        }

        switch (list.Parent)
        {
            // A minimal API handler: [IgnoreAntiforgeryToken] (IFormFile file) => … keeps the lambda's own spacing.
            case LambdaExpressionSyntax lambda:
                editor.ReplaceNode(lambda, (node, _) =>
                {
                    var current = (LambdaExpressionSyntax)node;
                    var index = lambda.AttributeLists.IndexOf(list);
                    var without = current.WithAttributeLists(current.AttributeLists.RemoveAt(index));
                    var first = without.GetFirstToken();
                    return index == 0 ? without.ReplaceToken(first, first.WithLeadingTrivia(current.AttributeLists[index].GetLeadingTrivia())) : without;
                });
                return;

            case LocalFunctionStatementSyntax localFunction:
                editor.ReplaceNode(localFunction, (node, _) =>
                {
                    var current = (LocalFunctionStatementSyntax)node;
                    var index = localFunction.AttributeLists.IndexOf(list);
                    var without = current.WithAttributeLists(current.AttributeLists.RemoveAt(index));
                    var first = without.GetFirstToken();
                    return index == 0 ? without.ReplaceToken(first, first.WithLeadingTrivia(current.AttributeLists[index].GetLeadingTrivia())) : without;
                });
                return;
        }

        if (list.Parent is not MemberDeclarationSyntax member)
        {
            return;
        }

        editor.ReplaceNode(member, (node, _) =>
        {
            var declaration = (MemberDeclarationSyntax)node;
            var index = member.AttributeLists.IndexOf(list);
            var current = declaration.AttributeLists[index];
            var without = declaration.WithAttributeLists(declaration.AttributeLists.RemoveAt(index));
            if (index != 0)
            {
                // [HttpPost][IgnoreAntiforgeryToken] on one line: the line break after the removed list stays.
                var previous = without.AttributeLists[index - 1];
                return current.GetTrailingTrivia().Any(SyntaxKind.EndOfLineTrivia) && !previous.GetTrailingTrivia().Any(SyntaxKind.EndOfLineTrivia)
                    ? without.ReplaceNode(previous, previous.WithTrailingTrivia(current.GetTrailingTrivia()))
                    : without;
            }

            // The first list carried the declaration's comments and indentation: hand them to what now comes first.
            var leading = current.GetLeadingTrivia();
            var first = without.GetFirstToken();
            return without.ReplaceToken(first, first.WithLeadingTrivia(leading));
        });
    }

    /// <summary><c>options.Filters.Add(new IgnoreAntiforgeryTokenAttribute());</c> as a statement or as a lambda's body.</summary>
    private static InvocationExpressionSyntax? RemovableFilterCall(SyntaxNode node)
    {
        var call = node as InvocationExpressionSyntax ?? node.FirstAncestorOrSelf<ArgumentSyntax>()?.Parent?.Parent as InvocationExpressionSyntax;
        return call?.Parent is ExpressionStatementSyntax or LambdaExpressionSyntax ? call : null;
    }

    private static void RemoveFilterCall(DocumentEditor editor, InvocationExpressionSyntax call)
    {
        if (call.Parent is ExpressionStatementSyntax statement)
        {
            editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
        }
        else if (call.Parent is LambdaExpressionSyntax lambda)
        {
            var empty = SyntaxFactory.Block()
                .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space))
                .WithTriviaFrom(call);
            editor.ReplaceNode(lambda, lambda.WithExpressionBody(null).WithBlock(empty));
        }
    }

    /// <summary>The <c>.DisableAntiforgery()</c> or <c>.WithMetadata(…)</c> call the diagnostic points into.</summary>
    private static InvocationExpressionSyntax? ConventionCall(SyntaxNode node)
    {
        var call = node.Parent is MemberAccessExpressionSyntax member && member.Name == node
            ? member.Parent as InvocationExpressionSyntax
            : node.FirstAncestorOrSelf<ArgumentSyntax>()?.Parent?.Parent as InvocationExpressionSyntax;
        return call?.Expression is MemberAccessExpressionSyntax ? call : null;
    }

    private static void RemoveConvention(DocumentEditor editor, InvocationExpressionSyntax call, SyntaxNode node)
    {
        var argument = node.FirstAncestorOrSelf<ArgumentSyntax>();
        if (argument is not null && call.ArgumentList.Arguments.Count > 1)
        {
            editor.RemoveNode(argument, SyntaxRemoveOptions.KeepNoTrivia);
            return;
        }

        // app.MapPost(…)\n    .DisableAntiforgery();  →  app.MapPost(…);   endpoint.DisableAntiforgery();  →  (removed)
        var receiver = ((MemberAccessExpressionSyntax)call.Expression).Expression;
        if (call.Parent is ExpressionStatementSyntax statement && receiver is IdentifierNameSyntax or MemberAccessExpressionSyntax)
        {
            editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
            return;
        }

        editor.ReplaceNode(call, receiver.WithoutTrailingTrivia().WithTrailingTrivia(call.GetTrailingTrivia()));
    }

    private sealed class Pipeline
    {
        public Pipeline(LocalDeclarationStatementSyntax appDeclaration, StatementSyntax anchor, string app, ExpressionSyntax builder)
        {
            AppDeclaration = appDeclaration;
            Anchor = anchor;
            App = app;
            Builder = builder;
        }

        public LocalDeclarationStatementSyntax AppDeclaration { get; }

        public StatementSyntax Anchor { get; }

        public string App { get; }

        public ExpressionSyntax Builder { get; }
    }

    /// <summary>
    /// The app the endpoint belongs to: <c>var app = builder.Build();</c> (the Map call's receiver, or the only
    /// <c>WebApplication</c> local of the document), and the last of UseRouting/UseAuthentication/UseAuthorization.
    /// </summary>
    private static Pipeline? FindPipeline(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var webApplication = KnownTypes.Get(model.Compilation).Get("Microsoft.AspNetCore.Builder.WebApplication");
        if (webApplication is null)
        {
            return null;
        }

        ILocalSymbol? app = null;
        var map = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (map?.Expression is MemberAccessExpressionSyntax { Expression: var receiver }
            && model.GetSymbolInfo(receiver, cancellationToken).Symbol is ILocalSymbol local
            && SymbolEqualityComparer.Default.Equals(local.Type, webApplication))
        {
            app = local;
        }

        foreach (var declarator in root.DescendantNodes().OfType<VariableDeclaratorSyntax>())
        {
            if (declarator.Initializer?.Value is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Build", Expression: IdentifierNameSyntax builder } }
                || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax declaration
                || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol candidate
                || !SymbolEqualityComparer.Default.Equals(candidate.Type, webApplication)
                || (app is not null && !SymbolEqualityComparer.Default.Equals(candidate, app)))
            {
                continue;
            }

            StatementSyntax anchor = declaration;
            foreach (var statement in FollowingStatements(declaration))
            {
                if (statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target, Name.Identifier.ValueText: var name } } }
                    && target.Identifier.ValueText == candidate.Name && PipelineAnchors.Contains(name))
                {
                    anchor = statement;
                }
            }

            return new Pipeline(declaration, anchor, candidate.Name, builder);
        }

        return null;
    }

    private static IEnumerable<StatementSyntax> FollowingStatements(StatementSyntax statement)
    {
        if (statement.Parent is GlobalStatementSyntax global && global.Parent is CompilationUnitSyntax unit)
        {
            return unit.Members.OfType<GlobalStatementSyntax>().Where(g => g.SpanStart > global.SpanStart).Select(g => g.Statement);
        }

        return statement.Parent is BlockSyntax block
            ? block.Statements.Where(s => s.SpanStart > statement.SpanStart)
            : Enumerable.Empty<StatementSyntax>();
    }

    private static void AddMiddleware(DocumentEditor editor, Pipeline pipeline)
    {
        var services = SyntaxEdits.CallStatement(pipeline.Builder.WithoutTrivia(), "Services.AddAntiforgery");
        var middleware = SyntaxEdits.CallStatement(SyntaxFactory.IdentifierName(pipeline.App), "UseAntiforgery");
        SyntaxEdits.InsertStatementBefore(editor, pipeline.AppDeclaration, services);
        SyntaxEdits.InsertStatementAfter(editor, pipeline.Anchor, middleware);
        SyntaxEdits.EnsureUsing(editor, "Microsoft.Extensions.DependencyInjection"); // AddAntiforgery is an extension method
    }
}
