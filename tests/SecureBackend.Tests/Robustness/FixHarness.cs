using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SecureBackend.Tests.Infrastructure;

namespace SecureBackend.Tests.Robustness;

/// <summary>What a solution looks like to the compiler and the analyzers.</summary>
public sealed record SolutionDiagnostics(ImmutableArray<Diagnostic> Reported, ImmutableArray<Diagnostic> CompilerErrors, ImmutableArray<string> Failures)
{
    /// <summary>Diagnostics counted by (rule, file, message): locations move when code is edited, these do not.</summary>
    public static Dictionary<string, int> Count(IEnumerable<Diagnostic> diagnostics)
        => diagnostics.GroupBy(Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public static string Key(Diagnostic d) => d.Id + " " + d.Location.GetLineSpan().Path + ": " + d.GetMessage();
}

/// <summary>
/// Applies code fixes the way an IDE does (a code action's operations, Fix All through the fixer's own
/// <see cref="FixAllProvider"/>) and diagnoses the resulting solutions, once per solution instance (Fix All maps
/// diagnostics to documents by syntax tree, so they must come from the solution being fixed).
/// </summary>
public sealed class FixHarness
{
    private readonly ConditionalWeakTable<Solution, Lazy<Task<SolutionDiagnostics>>> _cache = new();

    public Task<SolutionDiagnostics> DiagnoseAsync(Solution solution)
        => _cache.GetValue(solution, s => new Lazy<Task<SolutionDiagnostics>>(() => ComputeAsync(s))).Value;

    /// <summary>The leaf code actions <paramref name="fixer"/> offers for <paramref name="diagnostic"/> (nested ones flattened).</summary>
    public static async Task<ImmutableArray<CodeAction>> ActionsAsync(CodeFixProvider fixer, Document document, Diagnostic diagnostic)
    {
        var actions = ImmutableArray.CreateBuilder<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        return actions.SelectMany(Flatten).ToImmutableArray();
    }

    /// <summary>The solution after applying <paramref name="action"/>'s operations, or null when it changes nothing.</summary>
    public static async Task<Solution?> ApplyAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
        return operations.OfType<ApplyChangesOperation>().SingleOrDefault()?.ChangedSolution;
    }

    /// <summary>Problems of <paramref name="after"/> compared with <paramref name="before"/>: new compiler errors, new or more SB diagnostics, analyzer failures.</summary>
    public static IEnumerable<string> Regressions(SolutionDiagnostics before, SolutionDiagnostics after)
    {
        var errorsBefore = SolutionDiagnostics.Count(before.CompilerErrors);
        foreach (var (key, count) in SolutionDiagnostics.Count(after.CompilerErrors))
        {
            if (count > errorsBefore.GetValueOrDefault(key))
            {
                yield return "new compiler error: " + key;
            }
        }

        var reportedBefore = SolutionDiagnostics.Count(before.Reported);
        foreach (var (key, count) in SolutionDiagnostics.Count(after.Reported))
        {
            if (count > reportedBefore.GetValueOrDefault(key))
            {
                yield return "new SB diagnostic: " + key;
            }
        }

        foreach (var failure in after.Failures)
        {
            yield return "analyzer failure: " + failure;
        }
    }

    /// <summary>Texts of all documents that differ between two solutions with the same documents.</summary>
    public static async Task<IReadOnlyList<string>> ChangedDocumentsAsync(Solution first, Solution second)
    {
        var changed = new List<string>();
        foreach (var project in first.Projects)
        {
            foreach (var document in project.Documents)
            {
                var other = second.GetDocument(document.Id);
                var text = (await document.GetTextAsync().ConfigureAwait(false)).ToString();
                var otherText = other is null ? null : (await other.GetTextAsync().ConfigureAwait(false)).ToString();
                if (!string.Equals(text, otherText, StringComparison.Ordinal))
                {
                    changed.Add(document.FilePath ?? document.Name);
                }
            }

            changed.AddRange(second.GetProject(project.Id)!.DocumentIds.Where(id => project.GetDocument(id) is null).Select(id => "added " + second.GetDocument(id)!.Name));
        }

        return changed;
    }

    public FixAllContext.DiagnosticProvider DiagnosticProvider() => new Provider(this);

    private static IEnumerable<CodeAction> Flatten(CodeAction action)
    {
        // CodeAction.NestedCodeActions is not public in Roslyn 4.8; read it the way the testing library does.
        var nested = typeof(CodeAction).GetProperty("NestedCodeActions", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(action);
        return nested is ImmutableArray<CodeAction> { IsDefaultOrEmpty: false } children ? children.SelectMany(Flatten) : new[] { action };
    }

    private static async Task<SolutionDiagnostics> ComputeAsync(Solution solution)
    {
        var reported = ImmutableArray.CreateBuilder<Diagnostic>();
        var errors = ImmutableArray.CreateBuilder<Diagnostic>();
        var failures = ImmutableArray.CreateBuilder<string>();
        foreach (var project in solution.Projects)
        {
            var run = await SampleWorkspace.AnalyzeAsync(project).ConfigureAwait(false);
            reported.AddRange(run.Reported);
            errors.AddRange(run.CompilerErrors);
            failures.AddRange(run.Failures);
        }

        return new SolutionDiagnostics(reported.ToImmutable(), errors.ToImmutable(), failures.ToImmutable());
    }

    private sealed class Provider(FixHarness harness) : FixAllContext.DiagnosticProvider
    {
        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var all = await harness.DiagnoseAsync(document.Project.Solution).ConfigureAwait(false);
            return all.Reported.Where(d => d.Location.GetLineSpan().Path == document.FilePath);
        }

        public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        {
            var all = await harness.DiagnoseAsync(project.Solution).ConfigureAwait(false);
            return all.Reported.Where(d => !d.Location.IsInSource);
        }

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        {
            var all = await harness.DiagnoseAsync(project.Solution).ConfigureAwait(false);
            var paths = project.Documents.Select(d => d.FilePath).ToHashSet(StringComparer.Ordinal);
            return all.Reported.Where(d => !d.Location.IsInSource || paths.Contains(d.Location.GetLineSpan().Path));
        }
    }
}
