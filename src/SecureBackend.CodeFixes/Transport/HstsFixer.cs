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
/// SB4002: adds <c>app.UseHsts();</c> to the existing block that runs outside Development (the template's
/// <c>if (!app.Environment.IsDevelopment())</c> or the <c>else</c> of <c>if (env.IsDevelopment())</c>), or inserts
/// <c>if (!app.Environment.IsDevelopment()) { app.UseHsts(); }</c> after the statement that builds the app (first in
/// <c>Configure</c>, with its environment parameter). No fix in a <c>Configure</c> without an environment parameter.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HstsFixer)), Shared]
public sealed class HstsFixer : SecureBackendFixer
{
    public const string AddHstsKey = "SB4002.AddHsts";

    private const string BuilderNamespace = "Microsoft.AspNetCore.Builder";
    private const string HostingNamespace = "Microsoft.Extensions.Hosting";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingHsts);

    /// <summary>The site and the production block are found on the bound pipeline.</summary>
    protected override bool OffersNeedModel => true;

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        if (PipelineSite.Find(offer.Root, offer.Model, diagnostic, offer.CancellationToken) is { } site
            && (site.Environment is not null || site.FindProductionBlock(offer.Model, offer.CancellationToken) is not null))
        {
            yield return new FixAction("Call UseHsts() outside Development", AddHstsKey);
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

            var call = SyntaxEdits.Call(site.AppName, "UseHsts");
            if (site.FindProductionBlock(model, cancellationToken) is { } block)
            {
                PipelineSite.Append(editor, block, SyntaxFactory.ExpressionStatement(call), unit, newLine);
            }
            else if (site.EnvironmentName is { } environment)
            {
                var check = SyntaxEdits.Call(environment, "IsDevelopment");
                var guard = SyntaxFactory.IfStatement(
                    SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, check),
                    SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(call)));
                site.Insert(editor, guard, unit, newLine);
                if (!SyntaxEdits.BindsToMethod(model, site.Position, check, "IsDevelopment"))
                {
                    usings.Add(HostingNamespace);
                }
            }
            else
            {
                continue;
            }

            if (!SyntaxEdits.BindsToMethod(model, site.Position, call, "UseHsts"))
            {
                usings.Add(BuilderNamespace);
            }
        }

        return document.WithSyntaxRoot(SyntaxEdits.AddUsings(editor.GetChangedRoot(), usings));
    }
}
