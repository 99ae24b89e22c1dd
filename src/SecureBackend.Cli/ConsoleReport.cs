using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SecureBackend.Analyzers.Infrastructure.Baseline;
using Spectre.Console;

namespace SecureBackend.Cli;

/// <summary>Where long runs report how far they are.</summary>
internal interface IProgressSink
{
    void Status(string text);

    void Step(int done, int total, string name);
}

/// <summary>
/// The console: Spectre.Console for colours, tables and the progress display. When standard output is not a terminal
/// (CI logs, pipes) there are no colours, no progress display and no line wrapping, so every finding is one line.
/// </summary>
internal static class ConsoleUi
{
    public static IAnsiConsole Out { get; } = Create();

    private static IAnsiConsole Create()
    {
        var redirected = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = 4000;
        }

        return console;
    }

    /// <summary>Runs <paramref name="work"/> under a progress display when the console is interactive.</summary>
    public static async Task<T> WithProgressAsync<T>(Func<IProgressSink, Task<T>> work)
    {
        if (!Out.Profile.Capabilities.Interactive)
        {
            return await work(new SilentProgress()).ConfigureAwait(false);
        }

        return await Out.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn())
            .StartAsync(context => work(new SpectreProgress(context)))
            .ConfigureAwait(false);
    }

    private sealed class SilentProgress : IProgressSink
    {
        public void Status(string text)
        {
        }

        public void Step(int done, int total, string name)
        {
        }
    }

    private sealed class SpectreProgress(ProgressContext context) : IProgressSink
    {
        private ProgressTask? _task;

        public void Status(string text)
        {
            _task?.StopTask();
            _task = context.AddTask(Markup.Escape(text), maxValue: 1);
            _task.IsIndeterminate = true;
        }

        public void Step(int done, int total, string name)
        {
            if (_task is null || !_task.Description.StartsWith("Analysing", StringComparison.Ordinal))
            {
                _task?.StopTask();
                _task = context.AddTask("Analysing", maxValue: Math.Max(total, 1));
            }

            _task.IsIndeterminate = false;
            _task.MaxValue = Math.Max(total, 1);
            _task.Value = done;
            _task.Description = Markup.Escape(done < total ? "Analysing " + name + " (" + (done + 1) + "/" + total + ")" : "Analysing");
        }
    }
}

/// <summary>The scan's console report: findings grouped by rule, then a summary table and the verdict.</summary>
internal static class ConsoleReport
{
    public static void Line(string text) => ConsoleUi.Out.WriteLine(text);

    public static void WriteFindings(
        IReadOnlyList<Finding> findings,
        IReadOnlyList<string> notes,
        IReadOnlyList<BaselineEntry> stale,
        LoadedBaseline? baseline,
        int projects,
        TimeSpan elapsed,
        DiagnosticSeverity? failOn)
    {
        var console = ConsoleUi.Out;
        foreach (var note in notes)
        {
            console.MarkupLine("[yellow]" + Markup.Escape(note) + "[/]");
        }

        foreach (var group in findings.Where(f => !f.Baselined).GroupBy(f => f.RuleId, StringComparer.Ordinal))
        {
            var rule = Analysis.Rules.TryGetValue(group.Key, out var descriptor) ? descriptor : null;
            var severity = group.Max(f => f.Severity);
            console.WriteLine();
            console.MarkupLine(
                "[bold]" + group.Key + "[/]  " + Colour(severity) + "  " + Markup.Escape(rule?.Title.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)
                + "  [dim](" + Count(group.Count(), "finding") + ")[/]");
            if (rule?.HelpLinkUri is { Length: > 0 } link)
            {
                console.MarkupLine("  help: [link]" + Markup.Escape(link) + "[/]");
            }

            foreach (var finding in group)
            {
                console.MarkupLine(
                    "  [cyan]" + Markup.Escape(finding.RelativePath + ":" + finding.Line + ":" + finding.Column) + "[/]  "
                    + (finding.Severity == severity ? string.Empty : Colour(finding.Severity) + "  ") + Markup.Escape(finding.Message));
            }
        }

        foreach (var entry in stale)
        {
            console.WriteLine();
            console.MarkupLine("[blue]info:[/] " + Markup.Escape("stale baseline entry " + entry.Rule + " in " + entry.File + " (" + entry.Fingerprint + ") no longer matches a finding; run secure-backend baseline to drop it"));
        }

        console.WriteLine();
        if (findings.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("Rule")
                .AddColumn("Severity")
                .AddColumn(new TableColumn("New").RightAligned())
                .AddColumn(new TableColumn("Baselined").RightAligned())
                .AddColumn("Title");
            foreach (var group in findings.GroupBy(f => f.RuleId, StringComparer.Ordinal))
            {
                table.AddRow(
                    new Markup(group.Key),
                    new Markup(Colour(group.Max(f => f.Severity))),
                    new Markup(group.Count(f => !f.Baselined).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new Markup(group.Count(f => f.Baselined).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new Markup(Markup.Escape(Analysis.Rules.TryGetValue(group.Key, out var rule) ? rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)));
            }

            console.Write(table);
        }

        var fresh = findings.Count(f => !f.Baselined);
        console.WriteLine(
            Count(findings.Count, "finding") + " (" + fresh + " new, " + (findings.Count - fresh) + " in the baseline"
            + (baseline is null ? string.Empty : " " + baseline.Path) + ") in " + Count(findings.Select(f => f.FilePath).Distinct(StringComparer.Ordinal).Count(), "file") + "; "
            + Count(projects, "project") + " analysed in " + elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s");

        if (failOn is { } level)
        {
            var failing = findings.Count(f => !f.Baselined && f.Severity >= level);
            console.MarkupLine(failing > 0
                ? "[red]failed:[/] " + Count(failing, "finding") + " at or above " + Severities.Name(level) + " not in the baseline"
                : "[green]passed:[/] no finding at or above " + Severities.Name(level) + " outside the baseline");
        }
    }

    public static void WriteFixes(FixReport report, string root)
    {
        var console = ConsoleUi.Out;
        if (report.Files.Count == 0)
        {
            console.WriteLine("fix: nothing to fix automatically");
            return;
        }

        console.WriteLine("fix: changed " + Count(report.Files.Count, "file") + ", " + Count(report.Files.Sum(f => f.Fixed.Values.Sum()), "finding") + " fixed");
        foreach (var file in report.Files)
        {
            console.WriteLine(
                "  fixed " + BaselineFile.RelativePath(root, file.Path) + ": "
                + string.Join(", ", file.Fixed.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + (p.Value > 1 ? " ×" + p.Value : string.Empty))));
        }
    }

    private static string Colour(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "[red]error[/]",
        DiagnosticSeverity.Warning => "[yellow]warning[/]",
        _ => "[blue]info[/]",
    };

    private static string Count(int count, string noun) => count + " " + noun + (count == 1 ? string.Empty : "s");
}
