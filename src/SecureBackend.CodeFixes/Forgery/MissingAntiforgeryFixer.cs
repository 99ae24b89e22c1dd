using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;
using SecureBackend.Analyzers;
using SecureBackend.Analyzers.Forgery;
using SecureBackend.CodeFixes.Infrastructure;
using SecureBackend.Analyzers.Infrastructure;

namespace SecureBackend.CodeFixes.Forgery;

/// <summary>
/// SB3001 fixes: <c>[ValidateAntiForgeryToken]</c> on the action, <c>[AutoValidateAntiforgeryToken]</c> on the
/// controller, or the global <c>AutoValidateAntiforgeryTokenAttribute</c> filter in the project's
/// <c>AddControllersWithViews</c>/<c>AddMvc</c>/<c>AddControllers</c> registration (one edit for any number of actions).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingAntiforgeryFixer)), Shared]
public sealed class MissingAntiforgeryFixer : CodeFixProvider
{
    public const string ValidateActionKey = "SB3001.ValidateAction";
    public const string AutoValidateControllerKey = "SB3001.AutoValidateController";
    public const string GlobalFilterKey = "SB3001.GlobalFilter";

    private const string ValidateCore = "Microsoft.AspNetCore.Mvc.ValidateAntiForgeryTokenAttribute";
    private const string ValidateClassic = "System.Web.Mvc.ValidateAntiForgeryTokenAttribute";
    private const string AutoValidate = "Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute";

    /// <summary>Registrations in order of preference; AddControllers configures the same MvcOptions.</summary>
    private static readonly string[] RegistrationMethods = { "AddControllersWithViews", "AddMvc", "AddControllers" };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingAntiforgery);

    public override FixAllProvider GetFixAllProvider() => new FixAll();

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var compilation = await document.Project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || compilation is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindAction(root, diagnostic) is not { Parent: TypeDeclarationSyntax controller })
            {
                continue;
            }

            var classic = IsClassic(diagnostic);
            if (KnownTypes.Get(compilation).Get(classic ? ValidateClassic : ValidateCore) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Add [ValidateAntiForgeryToken] to the action",
                        ct => DocumentFixes.ApplyAsync(document, diagnostic, ValidateActionKey, ApplyAsync, ct),
                        ValidateActionKey),
                    diagnostic);
            }

            if (classic || KnownTypes.Get(compilation).Get(AutoValidate) is not { } autoValidate)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Add [AutoValidateAntiforgeryToken] to '" + controller.Identifier.ValueText + "'",
                    ct => DocumentFixes.ApplyAsync(document, diagnostic, AutoValidateControllerKey, ApplyAsync, ct),
                    AutoValidateControllerKey),
                diagnostic);

            var registration = await FindRegistrationAsync(document.Project, context.CancellationToken).ConfigureAwait(false);
            if (registration is not null)
            {
                var project = document.Project;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Register AutoValidateAntiforgeryTokenAttribute as a global filter in '" + registration.Value.Method + "'",
                        ct => RegisterGlobalFilterAsync(project.Solution, project.Id, ct),
                        GlobalFilterKey),
                    diagnostic);
            }
        }
    }

    private static bool IsClassic(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(MissingAntiforgeryAnalyzer.FrameworkProperty, out var framework)
        && framework == MissingAntiforgeryAnalyzer.ClassicFramework;

    private static MethodDeclarationSyntax? FindAction(SyntaxNode root, Diagnostic diagnostic)
        => root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>();

    /// <summary>Adds the attribute to each action, or once to each controller, in one document.</summary>
    private static Task ApplyAsync(DocumentEditor editor, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var compilation = editor.SemanticModel.Compilation;
        var root = editor.OriginalRoot;
        var done = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (FindAction(root, diagnostic) is not { Parent: TypeDeclarationSyntax controller } action)
            {
                continue;
            }

            if (key == AutoValidateControllerKey)
            {
                if (!IsClassic(diagnostic) && KnownTypes.Get(compilation).Get(AutoValidate) is { } autoValidate && done.Add(controller))
                {
                    AddAttribute(editor, controller, autoValidate);
                }
            }
            else if (KnownTypes.Get(compilation).Get(IsClassic(diagnostic) ? ValidateClassic : ValidateCore) is { } validate && done.Add(action))
            {
                AddAttribute(editor, action, validate);
            }
        }

        return Task.CompletedTask;
    }

    private static void AddAttribute(DocumentEditor editor, MemberDeclarationSyntax member, INamedTypeSymbol attributeType)
    {
        var name = (NameSyntax)ForgeryFixing.TypeName(editor.Generator, attributeType);
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(name)));
        var newLine = SyntaxEdits.NewLine(editor.OriginalRoot);
        editor.ReplaceNode(member, (node, _) =>
        {
            var declaration = (MemberDeclarationSyntax)node;
            var lists = declaration.AttributeLists;
            if (lists.Count == 0)
            {
                // The attribute takes over the declaration's comments and indentation; the declaration moves to the next line.
                var leading = declaration.GetLeadingTrivia();
                var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
                    ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
                    : SyntaxFactory.TriviaList();
                return declaration
                    .WithLeadingTrivia(indentation)
                    .WithAttributeLists(SyntaxFactory.SingletonList(list.WithLeadingTrivia(leading).WithTrailingTrivia(newLine)));
            }

            var last = lists[lists.Count - 1];
            if (!last.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                // [HttpPost] public IActionResult Save() → [HttpPost, ValidateAntiForgeryToken] public IActionResult Save()
                var attributes = last.Attributes;
                var items = new List<SyntaxNodeOrToken>();
                for (var i = 0; i < attributes.Count; i++)
                {
                    items.Add(attributes[i]);
                    items.Add(i < attributes.SeparatorCount ? attributes.GetSeparator(i) : SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
                }

                items.Add(list.Attributes[0]);
                return declaration.WithAttributeLists(lists.Replace(last, last.WithAttributes(SyntaxFactory.SeparatedList<AttributeSyntax>(items))));
            }

            var indent = last.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
            var added = list
                .WithLeadingTrivia(indent != default ? SyntaxFactory.TriviaList(indent) : SyntaxFactory.TriviaList())
                .WithTrailingTrivia(last.GetTrailingTrivia());
            return declaration.WithAttributeLists(lists.Add(added));
        });
    }

    /// <summary>The first <c>AddControllersWithViews()</c>/<c>AddMvc()</c>/<c>AddControllers()</c> call the fix can extend.</summary>
    private static async Task<(DocumentId Document, TextSpan Span, string Method)?> FindRegistrationAsync(Project project, CancellationToken cancellationToken)
    {
        foreach (var method in RegistrationMethods)
        {
            foreach (var document in project.Documents.OrderBy(d => d.FilePath ?? d.Name, System.StringComparer.Ordinal))
            {
                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is null || !root.ToString().Contains(method))
                {
                    continue;
                }

                SemanticModel? model = null;
                foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } || name != method
                        || !CanExtend(invocation))
                    {
                        continue;
                    }

                    model ??= await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    if (model?.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol symbol
                        && symbol.ContainingType.Name == "MvcServiceCollectionExtensions"
                        && symbol.ContainingNamespace.ToDisplayString() == "Microsoft.Extensions.DependencyInjection")
                    {
                        return (document.Id, invocation.Span, method);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>No argument (an options lambda is added), or a one-parameter lambda (its body is extended).</summary>
    private static bool CanExtend(InvocationExpressionSyntax invocation)
    {
        var arguments = invocation.ArgumentList.Arguments;
        return arguments.Count == 0
            || (arguments.Count == 1 && arguments[0].NameColon is null && arguments[0].Expression is SimpleLambdaExpressionSyntax
                or ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 });
    }

    private static async Task<Solution> RegisterGlobalFilterAsync(Solution solution, ProjectId projectId, CancellationToken cancellationToken)
    {
        var project = solution.GetProject(projectId);
        if (project is null || await FindRegistrationAsync(project, cancellationToken).ConfigureAwait(false) is not { } registration)
        {
            return solution;
        }

        var document = project.GetDocument(registration.Document)!;
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var autoValidate = KnownTypes.Get(editor.SemanticModel.Compilation).Get(AutoValidate);
        if (autoValidate is null || editor.OriginalRoot.FindNode(registration.Span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation)
        {
            return solution;
        }

        var filter = SyntaxFactory.ObjectCreationExpression(ForgeryFixing.TypeName(editor.Generator, autoValidate).WithTrailingTrivia())
            .WithNewKeyword(SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithArgumentList(SyntaxFactory.ArgumentList());
        var arguments = invocation.ArgumentList.Arguments;
        if (arguments.Count == 0)
        {
            var name = ParameterName(editor.SemanticModel, invocation);
            var lambda = SyntaxFactory.ParseExpression(name + " => " + name + ".Filters.Add(x)");
            lambda = lambda.ReplaceNode(lambda.DescendantNodes().OfType<IdentifierNameSyntax>().Last(), filter);
            editor.ReplaceNode(invocation.ArgumentList, invocation.ArgumentList.AddArguments(SyntaxFactory.Argument(lambda)));
        }
        else
        {
            var lambda = (LambdaExpressionSyntax)arguments[0].Expression;
            var parameter = lambda is SimpleLambdaExpressionSyntax simple
                ? simple.Parameter.Identifier.ValueText
                : ((ParenthesizedLambdaExpressionSyntax)lambda).ParameterList.Parameters[0].Identifier.ValueText;
            var add = (ExpressionStatementSyntax)SyntaxFactory.ParseStatement(parameter + ".Filters.Add(x);");
            add = add.ReplaceNode(add.DescendantNodes().OfType<IdentifierNameSyntax>().Last(), filter);
            if (lambda.Block is { } block)
            {
                editor.ReplaceNode(block, block.AddStatements(add.WithAdditionalAnnotations(Formatter.Annotation)));
            }
            else if (lambda.ExpressionBody is { } body)
            {
                var newBlock = SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(body.WithoutTrivia()), add)
                    .WithAdditionalAnnotations(Formatter.Annotation);
                editor.ReplaceNode(lambda, lambda.WithExpressionBody(null).WithBlock(newBlock).WithAdditionalAnnotations(Formatter.Annotation));
            }
        }

        return editor.GetChangedDocument().Project.Solution;
    }

    private static string ParameterName(SemanticModel model, SyntaxNode position)
    {
        foreach (var candidate in new[] { "options", "mvcOptions", "mvc" })
        {
            if (model.LookupSymbols(position.SpanStart, name: candidate).IsEmpty)
            {
                return candidate;
            }
        }

        return "mvcOptionsToConfigure";
    }

    /// <summary>
    /// Fix All: per document for the attribute fixes; for the global filter, one registration per project whatever
    /// the number of actions.
    /// </summary>
    private sealed class FixAll : FixAllProvider
    {
        private static readonly FixAllProvider Attributes = DocumentFixes.FixAll((EditorFix)ApplyAsync);

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
            => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            if (fixAllContext.CodeActionEquivalenceKey != GlobalFilterKey)
            {
                return await Attributes.GetFixAsync(fixAllContext).ConfigureAwait(false);
            }

            var projects = fixAllContext.Scope == FixAllScope.Solution
                ? fixAllContext.Solution.Projects.ToImmutableArray()
                : ImmutableArray.Create(fixAllContext.Project);
            var withDiagnostics = new List<ProjectId>();
            foreach (var project in projects)
            {
                var diagnostics = fixAllContext.Scope == FixAllScope.Document && fixAllContext.Document is { } document
                    ? await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false)
                    : await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
                if (!diagnostics.IsDefaultOrEmpty)
                {
                    withDiagnostics.Add(project.Id);
                }
            }

            return CodeAction.Create(
                "Register AutoValidateAntiforgeryTokenAttribute as a global filter",
                async ct =>
                {
                    var solution = fixAllContext.Solution;
                    foreach (var projectId in withDiagnostics)
                    {
                        solution = await RegisterGlobalFilterAsync(solution, projectId, ct).ConfigureAwait(false);
                    }

                    return solution;
                },
                GlobalFilterKey);
        }
    }
}
