using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Injection;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Injection;

/// <summary>
/// SB1001 fixes: rewrite string-built SQL into a parameterized query. EF Core raw-SQL methods become their
/// interpolated counterparts (<c>FromSql</c>, <c>ExecuteSql(Async)</c>, <c>SqlQuery</c>), ADO.NET commands get named
/// parameters, Dapper calls get an anonymous parameter object. No fix is offered where the rewrite could change the
/// query (identifiers, IN lists, unknown SQL positions, SQL assembled elsewhere).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SqlInjectionFixer)), Shared]
public sealed class SqlInjectionFixer : SecureBackendFixer
{
    /// <summary>
    /// The one equivalence key of the three rewrites (EF Core interpolated methods, ADO.NET command parameters, Dapper
    /// parameter objects). They never compete for the same diagnostic — the database API decides which one applies —
    /// so Fix All parameterizes every fixable SQL statement in scope at once, and <c>dotnet format analyzers</c>
    /// (which applies one key per rule per run) fixes them all in a single run.
    /// </summary>
    public const string ParameterizeKey = "SB1001.Parameterize";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SqlFromStrings);

    /// <summary>Whether the text can be parameterized without changing the query is decided on the bound SQL.</summary>
    protected override bool OffersNeedModel => true;

    protected override async Task<IEnumerable<FixAction>> OfferAsync(FixOffer offer, Diagnostic diagnostic)
    {
        if (!SqlFixData.TryGetSinkKind(diagnostic, out var kind) || SqlFixPlanner.RewriterFor(kind) is null
            || SqlFixData.GetPieces(diagnostic) is not { } taints)
        {
            return Array.Empty<FixAction>(); // SQL passed to a wrapper, to an API no rewriter knows, or not a template
        }

        var node = offer.Root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return await SqlFixPlanner.PlanAsync(offer.Document, node, kind, taints, offer.CancellationToken).ConfigureAwait(false) is not null
            ? new[] { new FixAction(Title(kind), ParameterizeKey) }
            : Array.Empty<FixAction>();
    }

    private static string Title(SqlSinkKind kind) => kind switch
    {
        SqlSinkKind.EfCoreRaw => "Use the interpolated (parameterized) raw SQL method",
        SqlSinkKind.Dapper or SqlSinkKind.DapperCommandDefinition => "Pass the values as Dapper parameters",
        _ => "Use command parameters for the values in the SQL",
    };

    /// <summary>
    /// The fixes of a document are applied one after the other (each one may add statements next to its command or
    /// change a local declared elsewhere), so they never overwrite each other.
    /// </summary>
    protected override Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
        => FixOneByOneAsync(
            document,
            diagnostics,
            async (current, node, diagnostic) => SqlFixData.TryGetSinkKind(diagnostic, out var kind)
                && SqlFixData.GetPieces(diagnostic) is { } taints
                && await SqlFixPlanner.PlanAsync(current, node, kind, taints, cancellationToken).ConfigureAwait(false) is { } fix
                ? fix.Document
                : null,
            cancellationToken);
}
