using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;
using SecureBackend.Analyzers.Infrastructure;
using SecureBackend.CodeFixes.Infrastructure;

namespace SecureBackend.CodeFixes.Crypto;

/// <summary>
/// Applies SB2002 plans to a solution in one pass: adds the <c>PasswordHashing</c> helper to each project that needs
/// it (once; an existing helper is reused), rewrites hashes and comparisons, removes locals left unused, and adds
/// the helper's namespace where it is not in scope.
/// </summary>
internal static class PasswordRewriteApplier
{
    private static readonly SyntaxAnnotation HelperReference = new("SecureBackend.PasswordHashing");

    /// <summary>The helper kind a project can use: Argon2id when Konscious is referenced, else built-in PBKDF2, else none.</summary>
    public static PasswordHashKind? KindFor(Compilation compilation)
    {
        if (KnownTypes.Get(compilation).Get("System.Security.Cryptography.CryptographicOperations") is null)
        {
            return null;
        }

        if (KnownTypes.Get(compilation).Get("Konscious.Security.Cryptography.Argon2id") is not null)
        {
            return PasswordHashKind.Argon2id;
        }

        return KnownTypes.Get(compilation).Get("System.Security.Cryptography.Rfc2898DeriveBytes") is { } pbkdf2 && !pbkdf2.GetMembers("Pbkdf2").IsEmpty
            ? PasswordHashKind.Pbkdf2
            : null;
    }

    /// <summary>The fully qualified name of a usable helper already in the project; "" when there is none; null when a different type has its name.</summary>
    public static string? ExistingHelper(Compilation compilation)
    {
        foreach (var symbol in compilation.GetSymbolsWithName(PasswordHashingHelper.TypeName, SymbolFilter.Type))
        {
            if (symbol is INamedTypeSymbol type)
            {
                return IsHelper(type) ? SyntaxEdits.WrittenName(type) : null;
            }
        }

        return string.Empty;
    }

    private static bool IsHelper(INamedTypeSymbol type)
    {
        bool hash = false, verify = false;
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol { IsStatic: true } method && method.Parameters.All(p => p.Type.SpecialType == SpecialType.System_String))
            {
                hash |= method.Name == PasswordHashingHelper.HashMethod && method.Parameters.Length == 1 && method.ReturnType.SpecialType == SpecialType.System_String;
                verify |= method.Name == PasswordHashingHelper.VerifyMethod && method.Parameters.Length == 2 && method.ReturnType.SpecialType == SpecialType.System_Boolean;
            }
        }

        return hash && verify;
    }

    public static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<PasswordRewritePlan> plans, CancellationToken cancellationToken)
    {
        var edits = new Dictionary<DocumentId, List<PasswordEdit>>();
        var locals = new Dictionary<DocumentId, List<RemovableLocal>>();
        var seen = new HashSet<(DocumentId, TextSpan)>();
        foreach (var plan in plans)
        {
            foreach (var edit in plan.Edits)
            {
                if (seen.Add((edit.Document, edit.Span)))
                {
                    GetList(edits, edit.Document).Add(edit);
                }
            }

            foreach (var local in plan.Locals)
            {
                GetList(locals, local.Document).Add(local);
            }
        }

        // One helper per project, added before the edits so the names bind when imports are added.
        var helperNames = new Dictionary<ProjectId, string>();
        var inlineHelpers = new Dictionary<DocumentId, DocumentId>();
        var updated = solution;
        foreach (var projectId in edits.Keys.Select(id => id.ProjectId).Distinct())
        {
            var project = solution.GetProject(projectId);
            var compilation = project is null ? null : await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (project is null || compilation is null)
            {
                continue;
            }

            var existing = ExistingHelper(compilation);
            if (existing is null)
            {
                continue;
            }

            if (existing.Length > 0)
            {
                helperNames[projectId] = existing;
                continue;
            }

            if (KindFor(compilation) is not { } kind)
            {
                continue;
            }

            var inline = IsBatchWorkspace(solution);
            var ns = string.IsNullOrEmpty(project.DefaultNamespace) || inline
                ? await NamespaceOfFirstEditAsync(solution, edits, projectId, cancellationToken).ConfigureAwait(false)
                : project.DefaultNamespace;
            var name = UniqueDocumentName(project);
            var path = project.FilePath is null ? null : Path.Combine(Path.GetDirectoryName(project.FilePath) ?? string.Empty, name);
            var helperId = DocumentId.CreateNewId(projectId);
            updated = updated.AddDocument(helperId, name, SourceText.From(PasswordHashingHelper.Source(kind, ns), System.Text.Encoding.UTF8), filePath: path);
            helperNames[projectId] = "global::" + (string.IsNullOrEmpty(ns) ? string.Empty : ns + ".") + PasswordHashingHelper.TypeName;
            if (inline && FirstEditDocument(edits, projectId) is { } target)
            {
                inlineHelpers[helperId] = target;
            }
        }

        foreach (var pair in edits)
        {
            if (!helperNames.TryGetValue(pair.Key.ProjectId, out var helper) || updated.GetDocument(pair.Key) is not { } document)
            {
                continue;
            }

            locals.TryGetValue(pair.Key, out var removable);
            document = await RewriteAsync(document, helper, pair.Value, removable ?? new List<RemovableLocal>(), cancellationToken).ConfigureAwait(false);
            updated = document.Project.Solution;
        }

        foreach (var pair in inlineHelpers)
        {
            updated = await MoveHelperIntoAsync(updated, pair.Key, pair.Value, cancellationToken).ConfigureAwait(false);
        }

        return updated;
    }

    /// <summary>
    /// Whether the fix runs in a batch host such as <c>dotnet format</c>. Its MSBuildWorkspace writes an explicit
    /// <c>&lt;Compile Include&gt;</c> for every added document, which duplicates the SDK's default glob and breaks the
    /// build (NETSDK1022, dotnet/roslyn#36781); there the helper goes into the first fixed document instead.
    /// </summary>
    private static bool IsBatchWorkspace(Solution solution) => solution.Workspace.Kind == WorkspaceKind.MSBuild;

    private static DocumentId? FirstEditDocument(Dictionary<DocumentId, List<PasswordEdit>> edits, ProjectId projectId)
    {
        foreach (var id in edits.Keys)
        {
            if (id.ProjectId == projectId)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>
    /// Moves the helper type from its own (not yet saved) document into <paramref name="targetId"/>, whose namespace it
    /// was generated for: its usings join the target's, the type joins the target's namespace.
    /// </summary>
    private static async Task<Solution> MoveHelperIntoAsync(Solution solution, DocumentId helperId, DocumentId targetId, CancellationToken cancellationToken)
    {
        if (solution.GetDocument(helperId) is not { } helperDocument || solution.GetDocument(targetId) is not { } target
            || await helperDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax helperRoot
            || await target.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax targetRoot)
        {
            return solution;
        }

        var helperType = helperRoot.DescendantNodes().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        if (helperType is null)
        {
            return solution;
        }

        var text = await target.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var newLine = SyntaxFactory.EndOfLine(text.ToString().Contains("\r\n") ? "\r\n" : "\n");
        helperType = helperType.WithLeadingTrivia(helperType.GetLeadingTrivia().Insert(0, newLine))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var helperNamespace = helperRoot.Members.OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();

        CompilationUnitSyntax updatedRoot;
        var container = helperNamespace is null
            ? null
            : targetRoot.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault(n => n.Name.ToString() == helperNamespace);
        if (helperNamespace is null)
        {
            updatedRoot = targetRoot.AddMembers(helperType);
        }
        else if (container is not null)
        {
            updatedRoot = targetRoot.ReplaceNode(container, container.AddMembers(helperType));
        }
        else
        {
            return solution;
        }

        var present = new HashSet<string>(updatedRoot.Usings.Select(u => u.Name?.ToString() ?? string.Empty));
        foreach (var directive in helperRoot.Usings)
        {
            if (directive.Name is { } name && present.Add(name.ToString()))
            {
                updatedRoot = updatedRoot.AddUsings(directive.WithAdditionalAnnotations(Formatter.Annotation));
            }
        }

        var moved = target.WithSyntaxRoot(updatedRoot);
        moved = await Formatter.FormatAsync(moved, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return moved.Project.Solution.RemoveDocument(helperId);
    }

    private static async Task<Document> RewriteAsync(Document document, string helper, List<PasswordEdit> edits, List<RemovableLocal> locals, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // Drop edits nested in other edits; then remove locals whose every read is rewritten away (to a fixed point).
        var kept = edits.Where(e => !edits.Any(o => o != e && o.Span.Contains(e.Span))).ToList();
        var replaced = kept.Select(e => e.Span).ToList();
        var removed = new List<TextSpan>();
        bool changed;
        do
        {
            changed = false;
            foreach (var local in locals)
            {
                if (!removed.Contains(local.Statement) && !replaced.Concat(removed).Any(s => s.Contains(local.Statement))
                    && local.References.All(r => replaced.Concat(removed).Any(s => s.Contains(r))))
                {
                    removed.Add(local.Statement);
                    changed = true;
                }
            }
        }
        while (changed);

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var edit in kept)
        {
            if (removed.Any(s => s.Contains(edit.Span)) || Find<ExpressionSyntax>(root, edit.Span) is not { } target)
            {
                continue;
            }

            editor.ReplaceNode(target, Build(helper, edit).WithTriviaFrom(target));
        }

        foreach (var span in removed)
        {
            if (Find<StatementSyntax>(root, span) is { } statement)
            {
                editor.RemoveNode(statement, SyntaxRemoveOptions.KeepUnbalancedDirectives);
            }
        }

        document = editor.GetChangedDocument();
        document = await ImportAdder.AddImportsAsync(document, HelperReference, cancellationToken: cancellationToken).ConfigureAwait(false);
        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static ExpressionSyntax Build(string helper, PasswordEdit edit)
    {
        var type = SyntaxFactory.ParseName(helper).WithAdditionalAnnotations(Simplifier.Annotation);
        var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument((ExpressionSyntax)edit.Password.WithoutTrivia()) };
        if (edit.Stored is not null)
        {
            arguments.Add(SyntaxFactory.Argument((ExpressionSyntax)edit.Stored.WithoutTrivia()));
        }

        ExpressionSyntax call = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                type,
                SyntaxFactory.IdentifierName(edit.IsVerification ? PasswordHashingHelper.VerifyMethod : PasswordHashingHelper.HashMethod)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments,
                Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space), arguments.Count - 1))));
        if (edit.Negated)
        {
            call = SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, call);
        }

        return call.WithAdditionalAnnotations(HelperReference);
    }

    private static T? Find<T>(SyntaxNode root, TextSpan span)
        where T : SyntaxNode
    {
        if (!root.FullSpan.Contains(span))
        {
            return null;
        }

        for (var node = root.FindNode(span, getInnermostNodeForTie: true); node is not null; node = node.Parent)
        {
            if (node.Span == span && node is T match)
            {
                return match;
            }

            if (node.Span.Length > span.Length)
            {
                return null;
            }
        }

        return null;
    }

    private static async Task<string?> NamespaceOfFirstEditAsync(Solution solution, Dictionary<DocumentId, List<PasswordEdit>> edits, ProjectId projectId, CancellationToken cancellationToken)
    {
        foreach (var pair in edits)
        {
            if (pair.Key.ProjectId != projectId || solution.GetDocument(pair.Key) is not { } document)
            {
                continue;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var ns = model?.GetEnclosingSymbol(pair.Value[0].Span.Start, cancellationToken)?.ContainingNamespace;
            return ns is null || ns.IsGlobalNamespace ? null : SyntaxEdits.WrittenName(ns);
        }

        return null;
    }

    private static string UniqueDocumentName(Project project)
    {
        var name = PasswordHashingHelper.FileName;
        for (var i = 2; project.Documents.Any(d => string.Equals(d.Name, name, System.StringComparison.OrdinalIgnoreCase)); i++)
        {
            name = "PasswordHashing" + i + ".cs";
        }

        return name;
    }

    private static List<T> GetList<T>(Dictionary<DocumentId, List<T>> map, DocumentId id)
    {
        if (!map.TryGetValue(id, out var list))
        {
            list = new List<T>();
            map[id] = list;
        }

        return list;
    }
}
