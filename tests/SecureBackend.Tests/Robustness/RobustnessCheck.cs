using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureBackend.Tests.Infrastructure;

namespace SecureBackend.Tests.Robustness;

/// <summary>One compilation's worth of sources to put through every analyzer.</summary>
public sealed record CompilationInput(string Name, ImmutableArray<SourceInput> Files);

/// <summary>
/// Compiles inputs and runs every analyzer over each with concurrent execution on; collects analyzer exceptions,
/// AD0001, and (when asked) analyzers that did no work on an input.
/// </summary>
public static class RobustnessCheck
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>
    /// A comment naming an API of every rule that registers nothing when the source names none of its APIs (see
    /// SourceWords), added where every analyzer must run: the inputs stay what they are, and the callbacks still see them.
    /// </summary>
    public const string ApiNames =
        "// Next Process Pbkdf2 Create ComputeHash File SelectNodes XmlResolver Deserialize TypeNameHandling JavaScriptSerializer SslProtocols\n";

    public static async Task<int> RunAsync(
        IEnumerable<CompilationInput> inputs,
        ImmutableArray<MetadataReference> references,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        bool requireEveryAnalyzerActive,
        Func<CompilationInput, AnalyzerRun, IEnumerable<string>>? extraChecks = null)
    {
        var empty = CSharpCompilation.Create("Robustness", references: references, options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var failures = new ConcurrentQueue<string>();
        var count = 0;
        await Parallel.ForEachAsync(
            inputs,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (input, cancellationToken) =>
            {
                Interlocked.Increment(ref count);
                var trees = input.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, f.Path, cancellationToken: cancellationToken)).ToList();
                if (requireEveryAnalyzerActive)
                {
                    trees.Add(CSharpSyntaxTree.ParseText(ApiNames, ParseOptions, "ApiNames.cs", cancellationToken: cancellationToken));
                }
                var topLevel = trees.Any(t => t.GetRoot(cancellationToken).ChildNodes().OfType<GlobalStatementSyntax>().Any());
                var compilation = empty.AddSyntaxTrees(trees);
                if (topLevel)
                {
                    compilation = compilation.WithOptions(compilation.Options.WithOutputKind(OutputKind.ConsoleApplication));
                }

                AnalyzerRun run;
                try
                {
                    run = await AnalyzerRunner.RunAsync(compilation, analyzers, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    failures.Enqueue($"{input.Name}: the analyzer driver threw {ex}");
                    return;
                }

                foreach (var failure in run.Failures)
                {
                    failures.Enqueue($"{input.Name}: {failure}");
                }

                if (requireEveryAnalyzerActive)
                {
                    foreach (var analyzer in analyzers.Where(a => !run.WasActive(a)))
                    {
                        failures.Enqueue($"{input.Name}: {analyzer.GetType().Name} did no work (no actions registered after its compilation start, or no time spent)");
                    }
                }

                foreach (var problem in extraChecks?.Invoke(input, run) ?? Enumerable.Empty<string>())
                {
                    failures.Enqueue($"{input.Name}: {problem}");
                }
            }).ConfigureAwait(false);

        Assert.True(failures.IsEmpty, Describe(failures));
        return count;
    }

    /// <summary>Distinct problems (first line) with their counts, then the first full report of each.</summary>
    public static string Describe(IEnumerable<string> failures)
    {
        var groups = failures.GroupBy(f => f.Split('\n')[0].Trim()).OrderByDescending(g => g.Count()).ToList();
        return groups.Sum(g => g.Count()) + " problem(s):\n"
            + string.Join("\n", groups.Take(30).Select(g => $"  ×{g.Count()} {g.Key}"))
            + "\n\nFirst occurrences in full:\n" + string.Join("\n\n", groups.Take(3).Select(g => g.First()));
    }

    /// <summary>Each source alone in its own compilation.</summary>
    public static IEnumerable<CompilationInput> Singly(IEnumerable<SourceInput> sources)
        => sources.Select(s => new CompilationInput(s.Name, ImmutableArray.Create(s)));
}
