using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using SecureBackend.Analyzers;
using SecureBackend.CodeFixes.Infrastructure;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.CodeFixes.Exposure;

/// <summary>
/// SB5001: wraps <c>app.UseDeveloperExceptionPage();</c> in <c>if (app.Environment.IsDevelopment()) { … }</c>, or in
/// <c>if (env.IsDevelopment())</c> when the method has a hosting-environment parameter. No fix when neither is at hand.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeveloperExceptionPageFixer)), Shared]
public sealed class DeveloperExceptionPageFixer : SecureBackendFixer
{
    public const string GuardKey = "SB5001.GuardWithIsDevelopment";

    private const string HostingNamespace = "Microsoft.Extensions.Hosting";
    private const string LegacyHostingNamespace = "Microsoft.AspNetCore.Hosting";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.DeveloperExceptionPage);

    /// <summary>The guard names the app's or Configure's hosting environment, found on bound types.</summary>
    protected override bool OffersNeedModel => true;

    protected override IEnumerable<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        if (FindGuard(offer.Root, offer.Model, diagnostic, offer.CancellationToken) is not null)
        {
            yield return new FixAction("Run only in the Development environment", GuardKey);
        }
    }

    protected override async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var plans = diagnostics
            .Select(d => FindGuard(root, model, d, cancellationToken))
            .Where(p => p is not null)
            .Select(p => p!)
            .GroupBy(p => p.Statement)
            .Select(g => g.First())
            .ToList();
        if (plans.Count == 0)
        {
            return document;
        }

        var namespaces = plans.Where(p => p.MissingNamespace is not null).Select(p => p.MissingNamespace!).Distinct().ToList();
        var newRoot = root.ReplaceNodes(plans.Select(p => p.Statement), (original, _) =>
        {
            var plan = plans.First(p => p.Statement == original);
            return Guard(plan.Statement, plan.Environment);
        });

        return document.WithSyntaxRoot(SyntaxEdits.AddUsings(newRoot, namespaces));
    }

    private static IfStatementSyntax Guard(ExpressionStatementSyntax statement, ExpressionSyntax environment)
    {
        var condition = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, environment.WithoutTrivia(), SyntaxFactory.IdentifierName("IsDevelopment")));
        var inner = statement.WithLeadingTrivia(SyntaxFactory.ElasticMarker);
        // The statement keeps its own trailing comment; the closing brace only ends the line.
        var endOfLine = statement.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return SyntaxFactory.IfStatement(condition, SyntaxFactory.Block(inner))
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithTrailingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? SyntaxFactory.TriviaList(endOfLine) : SyntaxFactory.TriviaList())
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private sealed class GuardSite
    {
        public GuardSite(ExpressionStatementSyntax statement, ExpressionSyntax environment, string? missingNamespace)
        {
            Statement = statement;
            Environment = environment;
            MissingNamespace = missingNamespace;
        }

        public ExpressionStatementSyntax Statement { get; }

        public ExpressionSyntax Environment { get; }

        public string? MissingNamespace { get; }
    }

    private static GuardSite? FindGuard(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
            || node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
            || invocation.Parent is not ExpressionStatementSyntax statement
            || invocation.Expression is not MemberAccessExpressionSyntax { Expression: { } receiver })
        {
            return null;
        }

        // WebApplication (and anything else with an Environment property of a hosting-environment type).
        var receiverType = model.GetTypeInfo(receiver, cancellationToken).Type;
        if (receiverType?.GetMembers("Environment").OfType<IPropertySymbol>().FirstOrDefault() is { } environmentProperty
            && HostingNamespaceOf(environmentProperty.Type) is { } viaProperty)
        {
            var environment = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver.WithoutTrivia(), SyntaxFactory.IdentifierName("Environment"));
            return new GuardSite(statement, environment, MissingNamespace(model, statement, environment, viaProperty));
        }

        // Startup.Configure(IApplicationBuilder app, IWebHostEnvironment env).
        if (model.GetEnclosingSymbol(statement.SpanStart, cancellationToken) is IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (HostingNamespaceOf(parameter.Type) is { } viaParameter)
                {
                    var environment = SyntaxFactory.IdentifierName(parameter.Name);
                    return new GuardSite(statement, environment, MissingNamespace(model, statement, environment, viaParameter));
                }
            }
        }

        return null;
    }

    /// <summary>The namespace whose <c>IsDevelopment()</c> extension applies to <paramref name="type"/>, or null.</summary>
    private static string? HostingNamespaceOf(ITypeSymbol type)
    {
        var own = NamespaceOfInterface(type);
        if (own is not null)
        {
            return own;
        }

        foreach (var candidate in type.AllInterfaces)
        {
            if (NamespaceOfInterface(candidate) is { } ns)
            {
                return ns;
            }
        }

        return null;
    }

    private static string? NamespaceOfInterface(ITypeSymbol type)
        => type.IsType(HostingNamespace, "IHostEnvironment") ? HostingNamespace
            : type.IsType(LegacyHostingNamespace, "IHostingEnvironment") ? LegacyHostingNamespace
            : null;

    private static string? MissingNamespace(SemanticModel model, StatementSyntax statement, ExpressionSyntax environment, string ns)
    {
        var probe = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, environment, SyntaxFactory.IdentifierName("IsDevelopment")));
        var info = model.GetSpeculativeSymbolInfo(statement.SpanStart, probe, SpeculativeBindingOption.BindAsExpression);
        return info.Symbol is null ? ns : null;
    }
}
