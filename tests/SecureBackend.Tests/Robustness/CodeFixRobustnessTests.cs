using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SecureBackend.Tests.Infrastructure;
using Cat = SecureBackend.Tests.Infrastructure.Catalogue;

namespace SecureBackend.Tests.Robustness;

/// <summary>
/// Every code fix over the sample app (samples/VulnerableShop), one diagnostic at a time and through Fix All in
/// document, project and solution scope: the result compiles with no new compiler error, the fixed diagnostic is gone,
/// no other SecureBackend diagnostic appears, and a second Fix All changes nothing. Every fixer with diagnostics in the
/// sample must have applied at least one fix, so the sample keeps exercising each fixer.
/// </summary>
public sealed class CodeFixRobustnessTests
{
    private const string Sample = "VulnerableShop";

    private static readonly FixAllScope[] Scopes = { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    [Fact]
    public async Task EveryFix_AppliedOneDiagnosticAtATime_CompilesAndRemovesOnlyItsDiagnostic()
    {
        var harness = new FixHarness();
        var solution = SampleWorkspace.Load(Sample).Solution;
        var baseline = await harness.DiagnoseAsync(solution);
        var problems = new ConcurrentQueue<string>();
        var applied = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var work = Offers(baseline, solution).ToList();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (offer, _) =>
        {
            var (fixer, document, diagnostic) = offer;
            foreach (var action in await FixHarness.ActionsAsync(fixer, document, diagnostic))
            {
                var what = $"{Name(fixer)} '{action.Title}' ({action.EquivalenceKey}) on {Describe(diagnostic)}";
                var changed = await FixHarness.ApplyAsync(action);
                if (changed is null)
                {
                    problems.Enqueue(what + ": the code action changed nothing");
                    continue;
                }

                applied.AddOrUpdate(Name(fixer), 1, (_, n) => n + 1);
                var after = await harness.DiagnoseAsync(changed);
                foreach (var regression in FixHarness.Regressions(baseline, after))
                {
                    problems.Enqueue(what + ": " + regression);
                }

                var key = SolutionDiagnostics.Key(diagnostic);
                if (SolutionDiagnostics.Count(after.Reported).GetValueOrDefault(key) >= SolutionDiagnostics.Count(baseline.Reported)[key])
                {
                    problems.Enqueue(what + ": the fixed diagnostic is still reported");
                }
            }
        });

        AssertEveryFixerWasExercised(baseline, solution, applied);
        Assert.True(problems.IsEmpty, RobustnessCheck.Describe(problems));
    }

    [Fact]
    public async Task EveryFixAll_InDocumentProjectAndSolutionScope_CompilesAndIsIdempotent()
    {
        var harness = new FixHarness();
        var solution = SampleWorkspace.Load(Sample).Solution;
        var baseline = await harness.DiagnoseAsync(solution);
        var problems = new ConcurrentQueue<string>();
        var applied = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

        // One trigger per fixer and equivalence key: Fix All applies that key everywhere in scope.
        var triggers = new List<(CodeFixProvider Fixer, string Key, Document Document, Diagnostic Diagnostic)>();
        foreach (var (fixer, document, diagnostic) in Offers(baseline, solution))
        {
            foreach (var action in await FixHarness.ActionsAsync(fixer, document, diagnostic))
            {
                if (action.EquivalenceKey is { } key && !triggers.Any(t => t.Fixer == fixer && t.Key == key))
                {
                    triggers.Add((fixer, key, document, diagnostic));
                }
            }
        }

        var work = triggers.SelectMany(t => Scopes.Select(scope => (Trigger: t, Scope: scope))).ToList();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (item, _) =>
        {
            var ((fixer, key, document, diagnostic), scope) = item;
            var what = $"{Name(fixer)} Fix All ({key}, {scope}) from {Describe(diagnostic)}";
            var provider = fixer.GetFixAllProvider();
            if (provider is null || !provider.GetSupportedFixAllScopes().Contains(scope))
            {
                problems.Enqueue(what + ": no Fix All provider for this scope");
                return;
            }

            var once = await FixAllAsync(harness, provider, fixer, key, scope, document);
            if (once is null)
            {
                problems.Enqueue(what + ": Fix All produced no change");
                return;
            }

            applied.AddOrUpdate(Name(fixer), 1, (_, n) => n + 1);
            var after = await harness.DiagnoseAsync(once);
            foreach (var regression in FixHarness.Regressions(baseline, after))
            {
                problems.Enqueue(what + ": " + regression);
            }

            var countBefore = SolutionDiagnostics.Count(baseline.Reported);
            if (SolutionDiagnostics.Count(after.Reported).GetValueOrDefault(SolutionDiagnostics.Key(diagnostic)) >= countBefore[SolutionDiagnostics.Key(diagnostic)])
            {
                problems.Enqueue(what + ": the triggering diagnostic is still reported");
            }

            // Nothing this key can fix may be left in scope.
            foreach (var left in after.Reported.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id) && InScope(scope, document, d)))
            {
                var leftDocument = once.GetDocument(left.Location.SourceTree);
                if (leftDocument is not null && (await FixHarness.ActionsAsync(fixer, leftDocument, left)).Any(a => a.EquivalenceKey == key))
                {
                    problems.Enqueue(what + ": left a diagnostic it can fix: " + Describe(left));
                }
            }

            var twice = await FixAllAsync(harness, provider, fixer, key, scope, once.GetDocument(document.Id)!);
            if (twice is not null)
            {
                var changed = await FixHarness.ChangedDocumentsAsync(once, twice);
                if (changed.Count > 0)
                {
                    problems.Enqueue(what + ": a second Fix All changed " + string.Join(", ", changed));
                }
            }
        });

        AssertEveryFixerWasExercised(baseline, solution, applied);
        Assert.True(problems.IsEmpty, RobustnessCheck.Describe(problems));
    }

    /// <summary>Every (fixer, document, diagnostic) the sample offers, in a stable order.</summary>
    private static IEnumerable<(CodeFixProvider Fixer, Document Document, Diagnostic Diagnostic)> Offers(SolutionDiagnostics baseline, Solution solution)
        => from fixer in Cat.CodeFixes
           from diagnostic in baseline.Reported.OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start)
           where fixer.FixableDiagnosticIds.Contains(diagnostic.Id)
           let document = solution.GetDocument(diagnostic.Location.SourceTree)
           where document is not null
           select (fixer, document, diagnostic);

    private static async Task<Solution?> FixAllAsync(FixHarness harness, FixAllProvider provider, CodeFixProvider fixer, string key, FixAllScope scope, Document document)
    {
        var context = new FixAllContext(document, fixer, scope, key, fixer.FixableDiagnosticIds, harness.DiagnosticProvider(), CancellationToken.None);
        var action = await provider.GetFixAsync(context);
        return action is null ? null : await FixHarness.ApplyAsync(action);
    }

    private static bool InScope(FixAllScope scope, Document trigger, Diagnostic diagnostic)
        => scope != FixAllScope.Document || diagnostic.Location.GetLineSpan().Path == trigger.FilePath;

    private static void AssertEveryFixerWasExercised(SolutionDiagnostics baseline, Solution solution, ConcurrentDictionary<string, int> applied)
    {
        foreach (var fixer in Offers(baseline, solution).Select(o => o.Fixer).Distinct())
        {
            Assert.True(applied.GetValueOrDefault(Name(fixer)) > 0, $"{Name(fixer)} has diagnostics in {Sample} but applied no fix there: add a fixable case to the sample");
        }
    }

    private static string Name(CodeFixProvider fixer) => fixer.GetType().Name;

    private static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return $"{SampleWorkspace.RelativePath(Sample, span.Path)}({span.StartLinePosition.Line + 1}) {diagnostic.Id}";
    }
}
