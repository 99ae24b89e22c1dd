using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Injection;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Injection;

/// <summary>
/// SB1003: wraps the text written as markup in <c>HtmlEncoder.Default.Encode(…)</c> (or <c>WebUtility.HtmlEncode(…)</c>
/// where System.Text.Encodings.Web is not referenced). Offered only in C# files for string values: a finding in a
/// <c>.cshtml</c> or <c>.razor</c> file lies in code the Razor generator writes, which no fix can edit.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CrossSiteScriptingFixer)), Shared]
public sealed class CrossSiteScriptingFixer : DocumentFixProvider
{
    public const string EncodeKey = "SB1003.Encode";

    private const string HtmlEncoderName = "System.Text.Encodings.Web.HtmlEncoder";
    private const string WebUtilityName = "System.Net.WebUtility";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.CrossSiteScripting);

    protected override IEnumerable<(string Title, string Key)> GetActions(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (FindValue(root, diagnostic) is not null)
        {
            var encoder = KnownTypes.Get(model.Compilation).Get(HtmlEncoderName) is not null ? "HtmlEncoder" : "WebUtility.HtmlEncode";
            yield return ("Encode with " + encoder, EncodeKey);
        }
    }

    protected override Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
        => DocumentFixes.ApplyAsync(document, diagnostics, equivalenceKey, Apply, cancellationToken);

    private static Task Apply(DocumentEditor editor, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var compilation = editor.SemanticModel.Compilation;
        var htmlEncoder = KnownTypes.Get(compilation).Get(HtmlEncoderName);
        var webUtility = KnownTypes.Get(compilation).Get(WebUtilityName);
        foreach (var diagnostic in diagnostics)
        {
            if (FindValue(editor.OriginalRoot, diagnostic) is not { } value || (htmlEncoder is null && webUtility is null))
            {
                continue;
            }

            editor.ReplaceNode(value, (current, generator) =>
            {
                var encoder = htmlEncoder is not null
                    ? generator.MemberAccessExpression(
                        generator.MemberAccessExpression(generator.TypeExpression(htmlEncoder).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation), "Default"),
                        "Encode")
                    : generator.MemberAccessExpression(generator.TypeExpression(webUtility!).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation), "HtmlEncode");
                return generator.InvocationExpression(encoder, current.WithoutTrivia())
                    .WithTriviaFrom(current)
                    .WithAdditionalAnnotations(Simplifier.Annotation);
            });
        }

        return Task.CompletedTask;
    }

    private static ExpressionSyntax? FindValue(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(CrossSiteScriptingAnalyzer.FixProperty, out var fix) || fix != CrossSiteScriptingAnalyzer.EncodeFix
            || diagnostic.AdditionalLocations.Count == 0 || diagnostic.AdditionalLocations[0] is not { } location
            || location.SourceTree != root.SyntaxTree || !root.FullSpan.Contains(location.SourceSpan))
        {
            return null;
        }

        return root.FindNode(location.SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
    }
}
