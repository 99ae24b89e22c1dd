using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Editing;
using SecureBackend.Analyzers;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Transport;

/// <summary>
/// SB4001: inserts <c>app.UseHttpsRedirection();</c> directly after the statement that builds the app, or first in
/// <c>Configure</c>, with the app's own variable name; adds <c>using Microsoft.AspNetCore.Builder;</c> when needed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HttpsRedirectionFixer)), Shared]
public sealed class HttpsRedirectionFixer : SecureBackendFixer
{
    public const string AddHttpsRedirectionKey = "SB4001.AddHttpsRedirection";

    private const string BuilderNamespace = "Microsoft.AspNetCore.Builder";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingHttpsRedirection);

    /// <summary>The site is found on the bound pipeline.</summary>
    protected override bool OffersNeedModel => true;

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        if (PipelineSite.Find(offer.Root, offer.Model, diagnostic, offer.CancellationToken) is not null)
        {
            yield return new FixAction("Call UseHttpsRedirection()", AddHttpsRedirectionKey);
        }
    }

    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var model = editor.SemanticModel;
        var newLine = SyntaxEdits.NewLine(root).ToString();
        var unit = SyntaxEdits.IndentUnit(root);
        var usings = new HashSet<string>();
        foreach (var diagnostic in diagnostics)
        {
            if (PipelineSite.Find(root, model, diagnostic, cancellationToken) is not { } site)
            {
                continue;
            }

            var call = SyntaxEdits.Call(site.AppName, "UseHttpsRedirection");
            site.Insert(editor, SyntaxFactory.ExpressionStatement(call), unit, newLine);
            if (!SyntaxEdits.BindsToMethod(model, site.Position, call, "UseHttpsRedirection"))
            {
                usings.Add(BuilderNamespace);
            }
        }

        return document.WithSyntaxRoot(SyntaxEdits.AddUsings(editor.GetChangedRoot(), usings));
    }
}
