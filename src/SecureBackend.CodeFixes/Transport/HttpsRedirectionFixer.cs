using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using SecureBackend.Analyzers;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Transport;

/// <summary>
/// SB4001: inserts <c>app.UseHttpsRedirection();</c> directly after the statement that builds the app, or first in
/// <c>Configure</c>, with the app's own variable name; adds <c>using Microsoft.AspNetCore.Builder;</c> when needed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HttpsRedirectionFixer)), Shared]
public sealed class HttpsRedirectionFixer : DocumentFixProvider
{
    public const string AddHttpsRedirectionKey = "SB4001.AddHttpsRedirection";

    private const string BuilderNamespace = "Microsoft.AspNetCore.Builder";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingHttpsRedirection);

    protected override IEnumerable<(string Title, string Key)> GetActions(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (PipelineSite.Find(root, model, diagnostic, cancellationToken) is { } site)
        {
            yield return ("Call " + site.App + ".UseHttpsRedirection()", AddHttpsRedirectionKey);
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
            if (PipelineSite.Find(root, model, diagnostic, cancellationToken) is not { } site)
            {
                continue;
            }

            var call = site.App + ".UseHttpsRedirection()";
            site.Insert(editor, call + ";", newLine);
            if (!TransportFixes.BindsToMethod(model, site.Position, call, "UseHttpsRedirection"))
            {
                usings.Add(BuilderNamespace);
            }
        }

        return PipelineSite.Finish(document, editor, usings);
    }
}
