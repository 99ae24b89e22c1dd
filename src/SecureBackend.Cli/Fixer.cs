using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace SecureBackend.Cli;

/// <summary>What <c>--fix</c> changed: each file written and how many findings of each rule it no longer has.</summary>
internal sealed record FixReport(IReadOnlyList<FixedFile> Files);

internal sealed record FixedFile(string Path, IReadOnlyDictionary<string, int> Fixed);

/// <summary>
/// <c>scan --fix</c>: applies the SecureBackend code fixes the IDE offers, through each provider's Fix All in the
/// document (as the lightbulb's "Fix all occurrences in document" does), taking the first fix a provider offers.
/// Each pass re-analyses the changed code, then applies at most one provider (and one kind of fix) per document, until
/// nothing is left to fix. The changed files are written back in their own encoding; nothing else is touched.
/// </summary>
internal static class Fixer
{
    private const int MaxPasses = 32;

    public static async Task<(AnalysisResult After, FixReport Report)> FixAsync(
        Solution original, Func<Project, bool> inScope, string root, AnalysisResult before, IProgressSink progress, CancellationToken cancellationToken)
    {
        var solution = original;
        var result = before;
        var attempted = new HashSet<(string File, string Provider, string? Key)>();
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var applied = false;
            foreach (var group in result.Diagnostics.GroupBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal))
            {
                var document = solution.GetDocumentIdsWithFilePath(group.Key).Select(solution.GetDocument).FirstOrDefault(d => d is not null);
                if (document is null)
                {
                    continue;
                }

                var changed = await FixOneAsync(document, group.ToImmutableArray(), attempted, cancellationToken).ConfigureAwait(false);
                if (changed is not null)
                {
                    solution = Apply(solution, changed);
                    applied = true;
                }
            }

            if (!applied)
            {
                break;
            }

            progress.Status("Re-analysing after fixes (pass " + (pass + 1) + ")");
            result = await Analysis.RunAsync(solution, inScope, root, progress.Step, cancellationToken).ConfigureAwait(false);
        }

        var files = new List<FixedFile>();
        foreach (var (path, documentId) in ChangedFiles(original, solution))
        {
            var oldText = await original.GetDocument(documentId)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var newText = await solution.GetDocument(documentId)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                File.WriteAllText(path, newText.ToString(), oldText.Encoding ?? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new UserError(ExitCodes.LoadFailed, "cannot write the fixed " + path + ": " + Program.OneLine(exception.Message));
            }

            var counts = before.Findings.Where(f => f.FilePath == path).GroupBy(f => f.RuleId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            foreach (var finding in result.Findings.Where(f => f.FilePath == path))
            {
                if (counts.TryGetValue(finding.RuleId, out var count))
                {
                    counts[finding.RuleId] = count - 1;
                }
            }

            files.Add(new FixedFile(path, counts.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)));
        }

        return (result, new FixReport(files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList()));
    }

    /// <summary>Applies one provider's Fix All to <paramref name="document"/>; the changed documents, or null.</summary>
    private static async Task<Solution?> FixOneAsync(
        Document document, ImmutableArray<Diagnostic> diagnostics, HashSet<(string, string, string?)> attempted, CancellationToken cancellationToken)
    {
        foreach (var provider in Analysis.CodeFixes)
        {
            var fixable = diagnostics.Where(d => provider.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();
            foreach (var diagnostic in fixable)
            {
                var action = await FirstActionAsync(document, provider, diagnostic, cancellationToken).ConfigureAwait(false);
                if (action is null || !attempted.Add((document.FilePath!, provider.GetType().FullName!, action.EquivalenceKey)))
                {
                    continue;
                }

                var fixAll = provider.GetFixAllProvider();
                if (fixAll is not null && fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Document))
                {
                    var context = new FixAllContext(
                        document,
                        provider,
                        FixAllScope.Document,
                        action.EquivalenceKey,
                        fixable.Select(d => d.Id).Distinct(StringComparer.Ordinal),
                        new FixedDiagnostics(fixable),
                        cancellationToken);
                    action = await fixAll.GetFixAsync(context).ConfigureAwait(false) ?? action;
                }

                var changed = await ChangedSolutionAsync(action, cancellationToken).ConfigureAwait(false);
                if (changed is not null && changed.GetChanges(document.Project.Solution).GetProjectChanges().Any(p => p.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true).Any()))
                {
                    return changed;
                }
            }
        }

        return null;
    }

    private static async Task<CodeAction?> FirstActionAsync(Document document, CodeFixProvider provider, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken)).ConfigureAwait(false);
        var first = actions.FirstOrDefault();
        while (first is not null && !first.NestedActions.IsDefaultOrEmpty)
        {
            first = first.NestedActions[0];
        }

        return first;
    }

    private static async Task<Solution?> ChangedSolutionAsync(CodeAction action, CancellationToken cancellationToken)
    {
        foreach (var operation in await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (operation is ApplyChangesOperation apply)
            {
                return apply.ChangedSolution;
            }
        }

        return null;
    }

    /// <summary>
    /// Copies the text of every document <paramref name="changed"/> edited into <paramref name="solution"/>, into every
    /// document of the same file (a file compiled by several projects changes in all of them).
    /// </summary>
    private static Solution Apply(Solution solution, Solution changed)
    {
        var result = solution;
        foreach (var project in changed.GetChanges(solution).GetProjectChanges())
        {
            foreach (var id in project.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                var document = changed.GetDocument(id);
                if (document?.FilePath is null || !document.TryGetText(out var text))
                {
                    text = document?.GetTextAsync().GetAwaiter().GetResult();
                }

                if (document?.FilePath is null || text is null)
                {
                    continue;
                }

                foreach (var same in result.GetDocumentIdsWithFilePath(document.FilePath))
                {
                    result = result.WithDocumentText(same, text, PreservationMode.PreserveIdentity);
                }
            }
        }

        return result;
    }

    private static IEnumerable<(string Path, DocumentId Id)> ChangedFiles(Solution original, Solution solution)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var project in solution.GetChanges(original).GetProjectChanges())
        {
            foreach (var id in project.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                if (solution.GetDocument(id)?.FilePath is { } path && File.Exists(path) && seen.Add(path))
                {
                    yield return (path, id);
                }
            }
        }
    }

    /// <summary>The diagnostics Fix All works on: those of the analysis pass, for the one document.</summary>
    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath).ToList());

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
