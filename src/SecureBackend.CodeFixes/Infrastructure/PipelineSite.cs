using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.Analyzers.Infrastructure.AspNet;

namespace SecureBackend.CodeFixes.Infrastructure;

/// <summary>
/// Where a fixer adds to an application's host, for the rules that report once per application at it (SB4001, SB4002,
/// SB5005, SB5006; <see cref="PipelineKinds"/>): directly after the statement that builds the app (keeping the
/// variable names), or first in a Startup <c>Configure</c> method; registrations go before the build statement.
/// </summary>
internal sealed class PipelineSite
{
    private PipelineSite(string app, string? environment, StatementSyntax? anchor, BlockSyntax? body, IReadOnlyList<StatementSyntax> following, int position, string? builder = null)
    {
        App = app;
        Builder = builder;
        Environment = environment;
        Anchor = anchor;
        Body = body;
        Following = following;
        Position = position;
    }

    /// <summary>The expression naming the app (<c>app</c>, or the Configure parameter).</summary>
    public string App { get; }

    /// <summary>The <c>WebApplicationBuilder</c> local whose <c>Build()</c> makes the app; null in Configure or for <c>WebApplication.Create()</c>.</summary>
    public string? Builder { get; }

    /// <summary>The expression naming the hosting environment (<c>app.Environment</c>, <c>env</c>), or null.</summary>
    public string? Environment { get; }

    /// <summary><see cref="App"/> as syntax.</summary>
    public ExpressionSyntax AppName => SyntaxFactory.IdentifierName(App);

    /// <summary><see cref="Environment"/> as syntax, or null.</summary>
    public ExpressionSyntax? EnvironmentName => Environment is null ? null : SyntaxFactory.ParseExpression(Environment);

    /// <summary>The statement that builds the app; null in Configure.</summary>
    public StatementSyntax? Anchor { get; }

    /// <summary>The Configure body; null for a built app.</summary>
    public BlockSyntax? Body { get; }

    /// <summary>The statements after the insertion point, in the same statement list.</summary>
    public IReadOnlyList<StatementSyntax> Following { get; }

    /// <summary>A position where the app is in scope, for speculative binding.</summary>
    public int Position { get; }

    public static PipelineSite? Find(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        diagnostic.Properties.TryGetValue(PipelineKinds.Property, out var kind);
        return kind == PipelineKinds.StartupConfigure
            ? FindInConfigure(node, model, cancellationToken)
            : FindAfterBuild(node, model, cancellationToken);
    }

    private static PipelineSite? FindAfterBuild(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation is null)
        {
            return null;
        }

        SyntaxNode value = invocation;
        while (value.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            value = value.Parent;
        }

        string? app;
        StatementSyntax? statement;
        switch (value.Parent)
        {
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                when declarator.Parent?.Parent is LocalDeclarationStatementSyntax declaration:
                app = declarator.Identifier.ValueText;
                statement = declaration;
                break;
            case AssignmentExpressionSyntax { Left: IdentifierNameSyntax name, Parent: ExpressionStatementSyntax expressionStatement }:
                app = name.Identifier.ValueText;
                statement = expressionStatement;
                break;
            default:
                return null; // builder.Build().Run(): no variable to configure
        }

        // IHost app = builder.Build(): the middleware extension methods do not apply to the declared type.
        var local = value.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax variable }
            ? model.GetDeclaredSymbol(variable, cancellationToken) as ILocalSymbol
            : model.GetSymbolInfo(((AssignmentExpressionSyntax)value.Parent!).Left, cancellationToken).Symbol as ILocalSymbol;
        if (local?.Type is not { Name: "WebApplication" } type || !type.ContainingNamespace.IsNamespace("Microsoft.AspNetCore.Builder"))
        {
            return null;
        }

        var following = new List<StatementSyntax>();
        switch (statement.Parent)
        {
            case BlockSyntax block:
                for (var i = block.Statements.IndexOf(statement) + 1; i < block.Statements.Count; i++)
                {
                    following.Add(block.Statements[i]);
                }

                break;
            case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } global:
                for (var i = unit.Members.IndexOf(global) + 1; i < unit.Members.Count; i++)
                {
                    if (unit.Members[i] is GlobalStatementSyntax next)
                    {
                        following.Add(next.Statement);
                    }
                }

                break;
            default:
                return null; // an embedded statement: nowhere to insert
        }

        var builder = invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Build", Expression: IdentifierNameSyntax builderName }
            ? builderName.Identifier.ValueText
            : null;
        return new PipelineSite(app, app + ".Environment", statement, null, following, statement.Span.End, builder);
    }

    /// <summary>The first <c>var app = builder.Build();</c> of the document that builds a <c>WebApplication</c> from a builder local.</summary>
    public static PipelineSite? FindBuild(SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var node in root.DescendantNodes())
        {
            if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Build", Expression: IdentifierNameSyntax } }
                && FindAfterBuild(node, model, cancellationToken) is { Builder: not null } site)
            {
                return site;
            }
        }

        return null;
    }

    private static PipelineSite? FindInConfigure(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        if (node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { Body: { Statements.Count: > 0 } body } method
            || model.GetDeclaredSymbol(method, cancellationToken) is not { } symbol)
        {
            return null;
        }

        string? app = null;
        string? environment = null;
        foreach (var parameter in symbol.Parameters)
        {
            var type = parameter.Type;
            if (app is null && type.Name == "IApplicationBuilder" && type.ContainingNamespace.IsNamespace("Microsoft.AspNetCore.Builder"))
            {
                app = parameter.Name;
            }
            else if (environment is null && IsHostEnvironment(type))
            {
                environment = parameter.Name;
            }
        }

        return app is null ? null : new PipelineSite(app, environment, null, body, body.Statements, body.OpenBraceToken.Span.End);
    }

    private static bool IsHostEnvironment(ITypeSymbol type)
    {
        if (type.Name == "IHostingEnvironment" && (type.ContainingNamespace.IsNamespace("Microsoft.AspNetCore.Hosting") || type.ContainingNamespace.IsNamespace("Microsoft.Extensions.Hosting")))
        {
            return true;
        }

        if (IsIHostEnvironment(type))
        {
            return true;
        }

        foreach (var candidate in type.AllInterfaces)
        {
            if (IsIHostEnvironment(candidate))
            {
                return true;
            }
        }

        return false;

        static bool IsIHostEnvironment(ITypeSymbol candidate)
            => candidate.Name == "IHostEnvironment" && candidate.ContainingNamespace.IsNamespace("Microsoft.Extensions.Hosting");
    }

    /// <summary>Inserts <paramref name="code"/> at the site, laid out as the document writes code: after the build statement or first in Configure.</summary>
    public void Insert(DocumentEditor editor, StatementSyntax code, string unit, string newLine)
    {
        if (Anchor is not null)
        {
            var statement = SyntaxEdits.LaidOut(code, IndentationOfStatement(Anchor), unit, newLine);
            if (Anchor.Parent is GlobalStatementSyntax global)
            {
                editor.InsertAfter(global, SyntaxFactory.GlobalStatement(statement));
            }
            else
            {
                editor.InsertAfter(Anchor, statement);
            }
        }
        else if (Body is not null)
        {
            var first = Body.Statements[0];
            editor.InsertBefore(first, SyntaxEdits.LaidOut(code, IndentationOfStatement(first), unit, newLine));
        }
    }

    /// <summary>
    /// The fix of a rule that adds one middleware call per host: inserts <paramref name="call"/>'s statement at the
    /// site of each diagnostic and adds <c>using <paramref name="usingNamespace"/>;</c> where
    /// <paramref name="needsUsing"/> says the call does not bind without it.
    /// </summary>
    public static async Task<Document> InsertAtEachAsync(
        Document document,
        ImmutableArray<Diagnostic> diagnostics,
        Func<PipelineSite, InvocationExpressionSyntax> call,
        Func<SemanticModel, PipelineSite, InvocationExpressionSyntax, bool> needsUsing,
        string usingNamespace,
        CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var model = editor.SemanticModel;
        var newLine = SyntaxEdits.NewLine(root).ToString();
        var unit = SyntaxEdits.IndentUnit(root);
        var addUsing = false;
        foreach (var diagnostic in diagnostics)
        {
            if (Find(root, model, diagnostic, cancellationToken) is not { } site)
            {
                continue;
            }

            var invocation = call(site);
            site.Insert(editor, SyntaxFactory.ExpressionStatement(invocation), unit, newLine);
            addUsing |= needsUsing(model, site, invocation);
        }

        var changed = editor.GetChangedRoot();
        return document.WithSyntaxRoot(addUsing ? SyntaxEdits.AddUsings(changed, new[] { usingNamespace }) : changed);
    }

    /// <summary>Inserts <paramref name="code"/> before or after <paramref name="anchor"/>, a statement of the host, with its indentation.</summary>
    public static void InsertAt(DocumentEditor editor, StatementSyntax anchor, bool before, StatementSyntax code, string unit, string newLine)
    {
        var statement = SyntaxEdits.LaidOut(code, IndentationOfStatement(anchor), unit, newLine);
        SyntaxNode target = anchor.Parent is GlobalStatementSyntax global ? global : anchor;
        SyntaxNode inserted = anchor.Parent is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(statement) : statement;
        if (before)
        {
            editor.InsertBefore(target, inserted);
        }
        else
        {
            editor.InsertAfter(target, inserted);
        }
    }

    /// <summary>Appends <paramref name="code"/> to the end of a block.</summary>
    public static void Append(DocumentEditor editor, BlockSyntax block, StatementSyntax code, string unit, string newLine)
    {
        var last = block.Statements[block.Statements.Count - 1];
        editor.InsertAfter(last, SyntaxEdits.LaidOut(code, IndentationOfStatement(last), unit, newLine));
    }

    /// <summary>
    /// The first <c>if</c> after the insertion point whose block runs in every non-Development environment:
    /// the then-block of <c>if (!env.IsDevelopment())</c> or the else-block of <c>if (env.IsDevelopment())</c>.
    /// </summary>
    public BlockSyntax? FindProductionBlock(SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var statement in Following)
        {
            if (statement is not IfStatementSyntax ifStatement || model.GetOperation(ifStatement.Condition, cancellationToken) is not { } condition)
            {
                continue;
            }

            if (ifStatement.Statement is BlockSyntax { Statements.Count: > 0 } then && DevelopmentGuards.ImpliesDevelopment(condition, expected: false))
            {
                return then;
            }

            if (ifStatement.Else?.Statement is BlockSyntax { Statements.Count: > 0 } otherwise && DevelopmentGuards.ImpliesDevelopment(condition, expected: true))
            {
                return otherwise;
            }
        }

        return null;
    }

    private static string IndentationOfStatement(StatementSyntax statement)
        => SyntaxEdits.IndentationOf(statement.Parent is GlobalStatementSyntax global ? global : statement);
}
