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
/// SB4002: adds <c>app.UseHsts();</c> to the existing block that runs outside Development (the template's
/// <c>if (!app.Environment.IsDevelopment())</c> or the <c>else</c> of <c>if (env.IsDevelopment())</c>), or inserts
/// <c>if (!app.Environment.IsDevelopment()) { app.UseHsts(); }</c> after the statement that builds the app (first in
/// <c>Configure</c>, with its environment parameter). No fix in a <c>Configure</c> without an environment parameter.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HstsFixer)), Shared]
public sealed class HstsFixer : DocumentFixProvider
{
    public const string AddHstsKey = "SB4002.AddHsts";

    private const string BuilderNamespace = "Microsoft.AspNetCore.Builder";
    private const string HostingNamespace = "Microsoft.Extensions.Hosting";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingHsts);

    protected override IEnumerable<(string Title, string Key)> GetActions(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (PipelineSite.Find(root, model, diagnostic, cancellationToken) is { } site
            && (site.Environment is not null || site.FindProductionBlock(model, cancellationToken) is not null))
        {
            yield return ("Call " + site.App + ".UseHsts() outside Development", AddHstsKey);
        }
    }

    protected override async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var model = editor.SemanticModel;
        var newLine = SyntaxEdits.NewLine(root).ToString();
        var unit = TransportFixes.IndentUnit(root);
        var usings = new HashSet<string>();
        foreach (var diagnostic in diagnostics)
        {
            if (PipelineSite.Find(root, model, diagnostic, cancellationToken) is not { } site)
            {
                continue;
            }

            var call = site.App + ".UseHsts()";
            if (site.FindProductionBlock(model, cancellationToken) is { } block)
            {
                PipelineSite.Append(editor, block, call + ";", newLine);
            }
            else if (site.Environment is { } environment)
            {
                var check = environment + ".IsDevelopment()";
                site.Insert(editor, "if (!" + check + ")\n{\n" + unit + call + ";\n}", newLine);
                if (!TransportFixes.BindsToMethod(model, site.Position, check, "IsDevelopment"))
                {
                    usings.Add(HostingNamespace);
                }
            }
            else
            {
                continue;
            }

            if (!TransportFixes.BindsToMethod(model, site.Position, call, "UseHsts"))
            {
                usings.Add(BuilderNamespace);
            }
        }

        return PipelineSite.Finish(document, editor, usings);
    }
}
