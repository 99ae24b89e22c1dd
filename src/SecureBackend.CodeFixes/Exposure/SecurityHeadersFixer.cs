using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
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
/// SB5006: inserts a small inline middleware that sets X-Content-Type-Options, X-Frame-Options, Referrer-Policy and a
/// Content-Security-Policy that restricts framing, plugins and <c>&lt;base&gt;</c> only (it cannot break scripts or
/// styles), directly after the statement that builds the app or first in <c>Configure</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SecurityHeadersFixer)), Shared]
public sealed class SecurityHeadersFixer : SecureBackendFixer
{
    public const string AddHeadersKey = "SB5006.AddSecurityHeaders";

    private const string BuilderNamespace = "Microsoft.AspNetCore.Builder";

    /// <summary>The middleware's delegate; the receiver (the app's own name) is added as syntax.</summary>
    private const string Middleware = """
        async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["X-Frame-Options"] = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Content-Security-Policy"] = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";
            await next(context);
        }
        """;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingSecurityHeaders);

    /// <summary>The site is found on the bound pipeline.</summary>
    protected override bool OffersNeedModel => true;

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        if (PipelineSite.Find(offer.Root, offer.Model, diagnostic, offer.CancellationToken) is not null)
        {
            yield return new FixAction("Add a middleware that sets the security headers", AddHeadersKey);
        }
    }

    protected override Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
        => PipelineSite.InsertAtEachAsync(
            document,
            diagnostics,
            static site => SyntaxEdits.Call(site.AppName, "Use", SyntaxFactory.ParseExpression(Middleware)),
            static (model, site, _) => !SyntaxEdits.IsTypeInScope(model, site.Position, "UseExtensions"),
            BuilderNamespace,
            cancellationToken);
}
