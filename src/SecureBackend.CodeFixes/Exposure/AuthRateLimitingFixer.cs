using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Exposure;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Exposure;

/// <summary>
/// SB5005, for a minimal-API endpoint (or <c>MapIdentityApi</c>) of an application with no rate limiting at all whose
/// host (<c>var app = builder.Build();</c>) is in the same document: appends <c>.RequireRateLimiting("auth")</c> to
/// the <c>Map…</c> call, registers a fixed-window <c>"auth"</c> policy (5 requests a minute, 429 when rejected) before
/// the build statement and calls <c>UseRateLimiter()</c> after it (after an explicit <c>UseRouting()</c> if there is
/// one). When a limiter runs and this document registers a policy named "auth", only the <c>RequireRateLimiting</c>
/// call is added. No fix for controller actions and page handlers, or when the host is elsewhere: the policy
/// must be registered where the host is, and an existing limiter's policies are the application's to choose.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AuthRateLimitingFixer)), Shared]
public sealed class AuthRateLimitingFixer : SecureBackendFixer
{
    public const string RequireRateLimitingKey = "SB5005.RequireRateLimiting";

    public const string PolicyName = "auth";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AuthenticationWithoutRateLimiting);

    /// <summary>Whether the host is in this document is decided on bound code.</summary>
    protected override bool OffersNeedModel => true;

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        if (MapCall(offer.Root, diagnostic) is not null && CanFix(offer.Root, offer.Model, diagnostic, offer.CancellationToken))
        {
            yield return new FixAction("Apply a fixed-window rate limiting policy", RequireRateLimitingKey);
        }
    }

    /// <summary>
    /// No limiter at all and the host in this document (the fix registers the policy), or a limiter that runs and a
    /// policy named <see cref="PolicyName"/> registered in this document (the fix applies it).
    /// </summary>
    private static bool CanFix(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        diagnostic.Properties.TryGetValue(AuthRateLimitingAnalyzer.LimiterProperty, out var limiter);
        return limiter switch
        {
            AuthRateLimitingAnalyzer.NoLimiter => PipelineSite.FindBuild(root, model, cancellationToken) is not null,
            AuthRateLimitingAnalyzer.NotApplied => RegistersPolicy(root),
            _ => false,
        };
    }

    /// <summary>A call such as <c>AddFixedWindowLimiter("auth", …)</c> or <c>AddPolicy("auth", …)</c> in the document.</summary>
    private static bool RegistersPolicy(SyntaxNode root)
    {
        foreach (var node in root.DescendantNodes())
        {
            if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name }, ArgumentList.Arguments: { Count: > 0 } arguments }
                && (name == "AddPolicy" || (name.StartsWith("Add", System.StringComparison.Ordinal) && name.EndsWith("Limiter", System.StringComparison.Ordinal)))
                && arguments[0].Expression is LiteralExpressionSyntax { Token.ValueText: PolicyName })
            {
                return true;
            }
        }

        return false;
    }

    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var model = editor.SemanticModel;
        var register = false;
        var applied = false;
        foreach (var diagnostic in diagnostics)
        {
            if (MapCall(root, diagnostic) is not { } map || !CanFix(root, model, diagnostic, cancellationToken))
            {
                continue;
            }

            editor.ReplaceNode(map, static (current, _) => SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, (ExpressionSyntax)current.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName("RequireRateLimiting")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                        SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(PolicyName))))))
                .WithTrailingTrivia(current.GetTrailingTrivia()));
            applied = true;
            register |= diagnostic.Properties.TryGetValue(AuthRateLimitingAnalyzer.LimiterProperty, out var limiter) && limiter == AuthRateLimitingAnalyzer.NoLimiter;
        }

        if (!applied)
        {
            return document;
        }

        if (!register || PipelineSite.FindBuild(root, model, cancellationToken) is not { Builder: { } builder, Anchor: { } anchor } site)
        {
            return editor.GetChangedDocument();
        }

        var newLine = SyntaxEdits.NewLine(root).ToString();
        var unit = SyntaxEdits.IndentUnit(root);
        var registration = SyntaxEdits.CallStatement(SyntaxFactory.IdentifierName(builder), "Services.AddRateLimiter", SyntaxFactory.ParseExpression(Options));
        PipelineSite.InsertAt(editor, anchor, before: true, registration, unit, newLine);
        PipelineSite.InsertAt(editor, UseRoutingStatement(site) ?? anchor, before: false, SyntaxEdits.CallStatement(site.AppName, "UseRateLimiter"), unit, newLine);

        var usings = new List<string>();
        var position = anchor.SpanStart;
        AddIfMissing(usings, model, position, "TimeSpan", "System");
        AddIfMissing(usings, model, position, "StatusCodes", "Microsoft.AspNetCore.Http");
        AddIfMissing(usings, model, position, "RateLimiterOptions", "Microsoft.AspNetCore.RateLimiting");
        AddIfMissing(usings, model, position, "WebApplication", "Microsoft.AspNetCore.Builder");
        return document.WithSyntaxRoot(SyntaxEdits.AddUsings(editor.GetChangedRoot(), usings));
    }

    private static void AddIfMissing(List<string> usings, SemanticModel model, int position, string typeName, string ns)
    {
        if (!SyntaxEdits.IsTypeInScope(model, position, typeName))
        {
            usings.Add(ns);
        }
    }

    /// <summary>The <c>Map…</c> invocation a minimal-API diagnostic is reported on (at its method name).</summary>
    private static InvocationExpressionSyntax? MapCall(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(AuthRateLimitingAnalyzer.EndpointKindProperty, out var kind) || kind != AuthRateLimitingAnalyzer.MinimalEndpoint)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } access && access.Name == node
            ? invocation
            : null;
    }

    /// <summary>An explicit <c>app.UseRouting();</c> after the build statement: endpoint policies need the limiter after routing.</summary>
    private static StatementSyntax? UseRoutingStatement(PipelineSite site)
    {
        foreach (var statement in site.Following)
        {
            if (statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "UseRouting", Expression: IdentifierNameSyntax app } } }
                && app.Identifier.ValueText == site.App)
            {
                return statement;
            }
        }

        return null;
    }

    /// <summary>The limiter options' delegate: a fixed-window policy named <see cref="PolicyName"/> and 429 on rejection.</summary>
    private const string Options = """
        options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddFixedWindowLimiter("auth", limiter =>
            {
                limiter.PermitLimit = 5;
                limiter.Window = TimeSpan.FromMinutes(1);
            });
        }
        """;
}
