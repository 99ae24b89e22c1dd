using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
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

    protected override Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
        => PipelineSite.InsertAtEachAsync(
            document,
            diagnostics,
            static site => SyntaxEdits.Call(site.AppName, "UseHttpsRedirection"),
            static (model, site, call) => !SyntaxEdits.BindsToMethod(model, site.Position, call, "UseHttpsRedirection"),
            BuilderNamespace,
            cancellationToken);
}
