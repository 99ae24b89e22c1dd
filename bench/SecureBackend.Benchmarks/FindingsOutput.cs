using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace SecureBackend.Benchmarks;

/// <summary>
/// The findings lists of <c>--diagnostics</c>, <c>--peer-diagnostics</c> and <c>--triage</c>, from the first
/// repetition of each corpus: one line per finding (<c>SBxxxx file:line: message</c>), and a Markdown triage sheet
/// grouped by rule with three lines of source around each finding.
/// </summary>
internal static class FindingsOutput
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Empties the output files once per run (each corpus then appends its findings).</summary>
    public static void Reset(BenchOptions options)
    {
        foreach (var path in new[] { options.DiagnosticsPath, options.PeerDiagnosticsPath, options.TriagePath })
        {
            if (path is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, string.Empty);
            }
        }
    }

    public static void Write(BenchOptions options, WorkloadResult result)
    {
        var ours = result.Sets.FirstOrDefault(s => s.Set.Key == "securebackend" && s.Samples.Count > 0);
        var listed = Sorted(ours?.Samples[0].Listed);
        if (options.DiagnosticsPath is { } path)
        {
            var text = new StringBuilder("# ").Append(result.Kind).Append(": ").Append(result.Corpus.Description).Append('\n');
            foreach (var finding in listed)
            {
                text.Append(Line(finding)).Append('\n');
            }

            File.AppendAllText(path, text.ToString());
        }

        if (options.PeerDiagnosticsPath is { } peerPath)
        {
            var text = new StringBuilder("# ").Append(result.Kind).Append(": ").Append(result.Corpus.Description).Append('\n');
            foreach (var set in result.Sets.Where(s => s.Set.Key is not ("securebackend" or "floor" or CallbackProfile.Key) && s.Samples.Count > 0))
            {
                foreach (var finding in Sorted(set.Samples[0].Listed))
                {
                    text.Append('[').Append(set.Set.Key).Append("] ").Append(Line(finding)).Append('\n');
                }
            }

            File.AppendAllText(peerPath, text.ToString());
        }

        if (options.TriagePath is { } triagePath)
        {
            File.AppendAllText(triagePath, Triage(result, ours, listed));
        }
    }

    private static string Line(Finding finding) => $"{finding.Id} {finding.Path}:{finding.Line.ToString(Invariant)}: {finding.Message}";

    private static List<Finding> Sorted(IReadOnlyList<Finding>? findings)
        => (findings ?? Array.Empty<Finding>())
            .OrderBy(f => f.Id, StringComparer.Ordinal).ThenBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();

    private static string Triage(WorkloadResult result, SetMeasurement? ours, List<Finding> findings)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var descriptor in ours?.Set.Analyzers.SelectMany(a => a.SupportedDiagnostics) ?? Enumerable.Empty<Microsoft.CodeAnalysis.DiagnosticDescriptor>())
        {
            titles.TryAdd(descriptor.Id, descriptor.Title.ToString(Invariant));
        }

        var sources = result.Corpus.Files.GroupBy(f => f.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Text.Split('\n'), StringComparer.Ordinal);
        var text = new StringBuilder();
        text.Append("# Triage: ").Append(result.Kind).Append(": ").Append(result.Corpus.Description).Append("\n\n");
        text.Append(result.Corpus.Files.Count.ToString("N0", Invariant)).Append(" files, ").Append(result.Corpus.LineCount.ToString("N0", Invariant))
            .Append(" lines; ").Append(findings.Count).Append(" SecureBackend findings");
        if (result.TreeNote is not null)
        {
            text.Append("; ").Append(result.TreeNote);
        }

        text.Append(".\n\n");
        var groups = findings.GroupBy(f => f.Id, StringComparer.Ordinal).ToList();
        foreach (var group in groups)
        {
            text.Append("- ").Append(group.Key).Append(" ×").Append(group.Count()).Append(titles.TryGetValue(group.Key, out var t) ? " — " + t : string.Empty).Append('\n');
        }

        foreach (var group in groups)
        {
            text.Append("\n## ").Append(group.Key).Append(titles.TryGetValue(group.Key, out var title) ? " — " + title : string.Empty)
                .Append(" (").Append(group.Count()).Append(")\n");
            foreach (var finding in group)
            {
                text.Append("\n### ").Append(finding.Path).Append(':').Append(finding.Line).Append("\n\n").Append(finding.Message).Append("\n\n```csharp\n");
                if (sources.TryGetValue(finding.Path, out var lines))
                {
                    for (var line = Math.Max(1, finding.Line - 1); line <= Math.Min(lines.Length, finding.Line + 1); line++)
                    {
                        text.Append(line == finding.Line ? "> " : "  ").Append(line.ToString(Invariant).PadLeft(5)).Append(' ').Append(lines[line - 1].TrimEnd('\r')).Append('\n');
                    }
                }

                text.Append("```\n");
            }
        }

        return text.Append('\n').ToString();
    }
}
