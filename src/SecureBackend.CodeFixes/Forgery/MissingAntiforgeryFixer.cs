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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
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
public sealed class MissingAntiforgeryFixer : SolutionFixer
{
    public const string ValidateActionKey = "SB3001.ValidateAction";
    public const string AutoValidateControllerKey = "SB3001.AutoValidateController";
    public const string GlobalFilterKey = "SB3001.GlobalFilter";

    private const string GlobalFilterTitle = "Register AutoValidateAntiforgeryTokenAttribute as a global filter";

    private const string ValidateCore = "Microsoft.AspNetCore.Mvc.ValidateAntiForgeryTokenAttribute";
    private const string ValidateClassic = "System.Web.Mvc.ValidateAntiForgeryTokenAttribute";
    private const string AutoValidate = "Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingAntiforgery);

    /// <summary>Which attribute exists depends on the project's references.</summary>
    protected override bool OffersNeedModel => true;

    protected override Task<IEnumerable<FixAction>> OfferAsync(FixOffer offer, Diagnostic diagnostic)
        => Task.FromResult<IEnumerable<FixAction>>(Offer(offer, diagnostic));

    private static List<FixAction> Offer(FixOffer offer, Diagnostic diagnostic)
    {
        var actions = new List<FixAction>();
        if (FindAction(offer.Root, diagnostic) is not { Parent: TypeDeclarationSyntax })
        {
            return actions;
        }

        var types = KnownTypes.Get(offer.Model.Compilation);
        var classic = IsClassic(diagnostic);
        if (types.Get(classic ? ValidateClassic : ValidateCore) is not null)
        {
            actions.Add(new FixAction("Add [ValidateAntiForgeryToken] to the action", ValidateActionKey));
        }

        if (classic || types.Get(AutoValidate) is null)
        {
            return actions;
        }

        actions.Add(new FixAction("Add [AutoValidateAntiforgeryToken] to the controller", AutoValidateControllerKey));
        if (MissingAntiforgeryFixData.HasRegistration(diagnostic))
        {
            actions.Add(new FixAction(GlobalFilterTitle, GlobalFilterKey));
        }

        return actions;
    }

    protected override string FixAllTitle(string? key) => key switch
    {
        GlobalFilterKey => GlobalFilterTitle,
        AutoValidateControllerKey => "Add [AutoValidateAntiforgeryToken] to the controllers",
        _ => "Add [ValidateAntiForgeryToken] to the actions",
    };

    /// <summary>
    /// The attributes: per document, in one edit each. The global filter: one registration per project, whatever the
    /// number of actions.
    /// </summary>
    protected override async Task<Solution> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        if (key == GlobalFilterKey)
        {
            var projects = new List<ProjectId>();
            foreach (var diagnostic in diagnostics)
            {
                if (solution.GetDocument(diagnostic.Location.SourceTree)?.Project.Id is { } project && !projects.Contains(project))
                {
                    projects.Add(project);
                }
            }

            foreach (var project in projects)
            {
                solution = await RegisterGlobalFilterAsync(solution, project, cancellationToken).ConfigureAwait(false);
            }

            return solution;
        }

        var original = solution;
        foreach (var group in diagnostics.GroupBy(static d => d.Location.SourceTree))
        {
            if (original.GetDocument(group.Key) is not { } document)
            {
                continue;
            }

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            AddAttributes(editor, group.ToImmutableArray(), key, cancellationToken);
            solution = solution.WithDocumentSyntaxRoot(document.Id, editor.GetChangedRoot());
        }

        return solution;
    }

    private static bool IsClassic(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(MissingAntiforgeryAnalyzer.FrameworkProperty, out var framework)
        && framework == MissingAntiforgeryAnalyzer.ClassicFramework;

    private static MethodDeclarationSyntax? FindAction(SyntaxNode root, Diagnostic diagnostic)
        => root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>();

    /// <summary>Adds the attribute to each action, or once to each controller, in one document.</summary>
    private static void AddAttributes(DocumentEditor editor, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
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

    }

    private static void AddAttribute(DocumentEditor editor, MemberDeclarationSyntax member, INamedTypeSymbol attributeType)
    {
        var name = (NameSyntax)SyntaxEdits.TypeName(editor.Generator, attributeType);
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
        foreach (var method in MissingAntiforgeryFixData.RegistrationMethods)
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
                        || !MissingAntiforgeryFixData.CanExtend(invocation))
                    {
                        continue;
                    }

                    model ??= await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    if (model?.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol symbol
                        && symbol.ContainingType.Name == "MvcServiceCollectionExtensions"
                        && symbol.ContainingNamespace.IsNamespace("Microsoft.Extensions.DependencyInjection"))
                    {
                        return (document.Id, invocation.Span, method);
                    }
                }
            }
        }

        return null;
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

        var filter = SyntaxFactory.ObjectCreationExpression(SyntaxEdits.TypeName(editor.Generator, autoValidate).WithTrailingTrivia())
            .WithNewKeyword(SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithArgumentList(SyntaxFactory.ArgumentList());
        var arguments = invocation.ArgumentList.Arguments;
        if (arguments.Count == 0)
        {
            var name = ParameterName(editor.SemanticModel, invocation);
            var lambda = SyntaxEdits.Lambda(name, SyntaxEdits.Call(SyntaxFactory.IdentifierName(name), "Filters.Add", filter));
            editor.ReplaceNode(invocation.ArgumentList, invocation.ArgumentList.AddArguments(SyntaxFactory.Argument(lambda)));
        }
        else
        {
            var lambda = (LambdaExpressionSyntax)arguments[0].Expression;
            var parameter = lambda is SimpleLambdaExpressionSyntax simple
                ? simple.Parameter.Identifier.ValueText
                : ((ParenthesizedLambdaExpressionSyntax)lambda).ParameterList.Parameters[0].Identifier.ValueText;
            var add = SyntaxEdits.CallStatement(SyntaxFactory.IdentifierName(parameter), "Filters.Add", filter);
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
}
