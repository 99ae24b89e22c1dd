using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SecureBackend.Analyzers.Infrastructure.Baseline;

namespace SecureBackend.Cli;

internal static class Severities
{
    public static DiagnosticSeverity? ParseFailOn(string value) => value switch
    {
        "error" => DiagnosticSeverity.Error,
        "warning" => DiagnosticSeverity.Warning,
        "info" => DiagnosticSeverity.Info,
        _ => null,
    };

    public static string Name(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "info",
        _ => "hidden",
    };

    /// <summary>The SARIF level of a severity.</summary>
    public static string SarifLevel(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "note",
        _ => "none",
    };
}

/// <summary>The baseline a scan honours, with the folder its paths are relative to.</summary>
internal sealed record LoadedBaseline(string Path, string Directory, BaselineFile File)
{
    /// <summary>
    /// The file named by <paramref name="option"/>, else the nearest <c>securebackend.baseline.json</c> in
    /// <paramref name="root"/> or a folder above it (the one the build uses for projects in that folder); null for none.
    /// A file that cannot be read stops the command.
    /// </summary>
    public static LoadedBaseline? Find(string? option, string root)
    {
        if (string.Equals(option, "none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (option is not null)
        {
            var named = System.IO.Path.GetFullPath(option);
            if (!System.IO.File.Exists(named))
            {
                throw new UserError(ExitCodes.PathNotFound, "no such baseline file: " + option);
            }

            return Read(named);
        }

        for (var directory = new DirectoryInfo(root); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, BaselineFile.FileName);
            if (System.IO.File.Exists(candidate))
            {
                return Read(candidate);
            }
        }

        return null;
    }

    public static LoadedBaseline? ReadIfPresent(string path) => System.IO.File.Exists(path) ? Read(path) : null;

    private static LoadedBaseline Read(string path)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UserError(ExitCodes.BadBaseline, path + ": " + Program.OneLine(exception.Message));
        }

        if (!BaselineFile.TryParse(text, out var baseline, out var error))
        {
            throw new UserError(ExitCodes.BadBaseline, path + ": " + error + " (fix it, or delete it and run secure-backend baseline)");
        }

        return new LoadedBaseline(path, System.IO.Path.GetDirectoryName(path)!, baseline);
    }

    public BaselineEntry EntryOf(Finding finding)
        => new(finding.RuleId, BaselineFile.RelativePath(Directory, finding.FilePath), finding.Fingerprint);
}

/// <summary>
/// <c>secure-backend scan PATH</c>: loads PATH, runs every SecureBackend analyzer, marks the findings the baseline
/// accepts, reports the rest grouped by rule, optionally writes SARIF and applies the code fixes, and exits with 1
/// when a finding at or above <c>--fail-on</c> is not in the baseline. Only <c>--fix</c> changes the user's files.
/// </summary>
internal static class ScanCommand
{
    public static async Task<int> RunAsync(ScanSettings settings, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var target = Targets.Resolve(settings.Path);
        var baseline = LoadedBaseline.Find(settings.BaselinePath, target.Root);
        var sarifPath = settings.SarifPath is null ? null : Path.GetFullPath(settings.SarifPath);
        if (sarifPath is not null && !Directory.Exists(Path.GetDirectoryName(sarifPath)))
        {
            throw new UserError(ExitCodes.PathNotFound, "no such folder for the SARIF log: " + Path.GetDirectoryName(settings.SarifPath));
        }

        var (codebase, result, fixes) = await ConsoleUi.WithProgressAsync(async progress =>
        {
            var loaded = await Loader.LoadAsync(target, settings.Restore, progress.Status, cancellationToken).ConfigureAwait(false);
            try
            {
                var analysed = await Analysis.RunAsync(loaded.Solution, loaded.IsInScope, target.Root, progress.Step, cancellationToken).ConfigureAwait(false);
                FixReport? report = null;
                if (settings.Fix)
                {
                    progress.Status("Applying fixes");
                    (analysed, report) = await Fixer.FixAsync(loaded.Solution, loaded.IsInScope, target.Root, analysed, progress, cancellationToken).ConfigureAwait(false);
                }

                return (loaded, analysed, report);
            }
            catch
            {
                loaded.Dispose();
                throw;
            }
        }).ConfigureAwait(false);

        using (codebase)
        {
            var findings = result.Findings.Select(f => f with { Baselined = baseline is not null && baseline.File.Contains(baseline.EntryOf(f)) }).ToList();
            var stale = baseline is null
                ? []
                : baseline.File.Entries.Except(findings.Select(baseline.EntryOf))
                    .OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Rule, StringComparer.Ordinal).ThenBy(e => e.Fingerprint, StringComparer.Ordinal)
                    .ToList();

            if (fixes is not null)
            {
                ConsoleReport.WriteFixes(fixes, target.Root);
            }

            ConsoleReport.WriteFindings(findings, result.Notes, stale, baseline, codebase.Solution.Projects.Count(codebase.IsInScope), stopwatch.Elapsed, settings.FailOn);
            if (sarifPath is not null)
            {
                Sarif.Write(sarifPath, findings, target.Root);
                ConsoleReport.Line("wrote SARIF log " + sarifPath);
            }

            var failing = findings.Count(f => !f.Baselined && settings.FailOn is { } level && f.Severity >= level);
            return failing > 0 ? ExitCodes.Findings : ExitCodes.Success;
        }
    }
}

/// <summary>
/// <c>secure-backend baseline PATH</c>: scans PATH as <c>scan</c> does, without a baseline, and writes every finding to
/// <c>securebackend.baseline.json</c> in the folder of PATH (PATH itself when it is a folder). Entries of the previous
/// file that no longer match a finding are reported once as stale and dropped. No other file is changed.
/// </summary>
internal static class BaselineCommand
{
    public static async Task<int> RunAsync(string path, bool restore, CancellationToken cancellationToken)
    {
        var target = Targets.Resolve(path);
        var baselinePath = Path.Combine(target.Root, BaselineFile.FileName);
        var previous = LoadedBaseline.ReadIfPresent(baselinePath);

        var result = await ConsoleUi.WithProgressAsync(async progress =>
        {
            using var codebase = await Loader.LoadAsync(target, restore, progress.Status, cancellationToken).ConfigureAwait(false);
            return await Analysis.RunAsync(codebase.Solution, codebase.IsInScope, target.Root, progress.Step, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

        foreach (var note in result.Notes)
        {
            ConsoleReport.Line(note);
        }

        var entries = result.Findings.Select(f => new BaselineEntry(f.RuleId, f.RelativePath, f.Fingerprint)).ToHashSet();
        try
        {
            File.WriteAllText(baselinePath, BaselineFile.Create(entries).Serialize(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UserError(ExitCodes.BadBaseline, "cannot write " + baselinePath + ": " + Program.OneLine(exception.Message));
        }

        var kept = previous is null ? 0 : entries.Count(previous.File.Contains);
        var stale = previous is null
            ? []
            : previous.File.Entries.Where(e => !entries.Contains(e)).OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Rule, StringComparer.Ordinal).ToList();
        foreach (var entry in stale)
        {
            ConsoleReport.Line("info: stale baseline entry " + entry.Rule + " in " + entry.File + " (" + entry.Fingerprint + ") no longer matches a finding; removed");
        }

        ConsoleReport.Line(
            "wrote " + baselinePath + ": " + entries.Count + " finding" + (entries.Count == 1 ? string.Empty : "s")
            + " (" + (entries.Count - kept) + " new, " + kept + " kept, " + stale.Count + " stale removed)");
        return ExitCodes.Success;
    }
}
