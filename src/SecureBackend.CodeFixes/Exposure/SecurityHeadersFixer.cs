using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Exposure;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Exposure;

/// <summary>
/// SB5006: inserts a small inline middleware that sets X-Content-Type-Options, X-Frame-Options, Referrer-Policy and a
/// Content-Security-Policy that restricts framing, plugins and <c>&lt;base&gt;</c> only (it cannot break scripts or
/// styles), directly after the statement that builds the app or first in <c>Configure</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SecurityHeadersFixer)), Shared]
public sealed class SecurityHeadersFixer : DocumentFixProvider
{
    public const string AddHeadersKey = "SB5006.AddSecurityHeaders";

    private const string BuilderNamespace = "Microsoft.AspNetCore.Builder";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingSecurityHeaders);

    protected override IEnumerable<(string Title, string Key)> GetActions(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (Find(root, model, diagnostic, cancellationToken) is not null)
        {
            yield return ("Add a middleware that sets the security headers", AddHeadersKey);
        }
    }

    protected override async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var model = editor.SemanticModel;
        var newLine = SyntaxEdits.NewLine(root).ToString();
        var usings = new HashSet<string>();
        foreach (var diagnostic in diagnostics)
        {
            if (Find(root, model, diagnostic, cancellationToken) is not { } site)
            {
                continue;
            }

            site.Insert(editor, Middleware(site.App), newLine);
            if (!HostSite.Imports(model, site.Position, "UseExtensions"))
            {
                usings.Add(BuilderNamespace);
            }
        }

        return HostSite.Finish(document, editor, usings);
    }

    private static HostSite? Find(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        diagnostic.Properties.TryGetValue(SecurityHeadersAnalyzer.PipelineKindProperty, out var kind);
        return kind == SecurityHeadersAnalyzer.StartupConfigure
            ? HostSite.InConfigure(node, model, cancellationToken)
            : HostSite.AtBuild(node, model, cancellationToken);
    }

    private static string Middleware(string app) => app + """
        .Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["X-Frame-Options"] = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Content-Security-Policy"] = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";
            await next(context);
        });
        """.Replace("\r\n", "\n");
}
