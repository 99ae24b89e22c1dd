using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SecureBackend.Cli;

/// <summary>Exit codes: findings, and each kind of bad input, have their own.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Findings = 1;
    public const int Usage = 2;
    public const int PathNotFound = 3;
    public const int NothingToAnalyse = 4;
    public const int LoadFailed = 5;
    public const int BadBaseline = 6;
    public const int InternalError = 10;
}

/// <summary>A failure the user can act on: one line on standard error and a distinct exit code, no stack trace.</summary>
internal sealed class UserError(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = BuildCommands();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var message = args.Length > 0 && !args[0].StartsWith('-') && !root.Subcommands.Any(c => c.Name == args[0])
                ? "unknown command '" + args[0] + "'"
                : OneLine(parsed.Errors[0].Message);
            await Console.Error.WriteLineAsync("secure-backend: " + message + " (run secure-backend --help)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync().ConfigureAwait(false);
    }

    private static RootCommand BuildCommands()
    {
        var scanPath = new Argument<string>("PATH")
        {
            Description = "a .sln, .slnx or .csproj file, or a folder (its solution or project, the projects below it, or its C# sources)",
        };
        var sarif = new Option<string?>("--sarif") { Description = "also write the findings as a SARIF 2.1.0 log to FILE", HelpName = "FILE" };
        var failOn = new Option<string>("--fail-on")
        {
            Description = "exit with 1 when a finding of this severity or above is not in the baseline",
            DefaultValueFactory = _ => "warning",
        };
        failOn.AcceptOnlyFromAmong("error", "warning", "info", "none");
        var fix = new Option<bool>("--fix") { Description = "apply the SecureBackend code fixes to the files, then report what is left" };
        var baselineFile = new Option<string?>("--baseline")
        {
            Description = "the baseline to honour (default: securebackend.baseline.json in the scanned folder; 'none' for none)",
            HelpName = "FILE",
        };

        var noRestore = new Option<bool>("--no-restore") { Description = "do not run dotnet restore on the solution or projects first" };
        var scan = new Command("scan", "analyse PATH with every SecureBackend rule and report the findings not in the baseline")
        {
            scanPath, sarif, failOn, fix, baselineFile, noRestore,
        };
        scan.SetAction((result, cancellationToken) => Guard(() => ScanCommand.RunAsync(
            new ScanSettings(
                result.GetValue(scanPath)!,
                result.GetValue(sarif),
                Severities.ParseFailOn(result.GetValue(failOn)!),
                result.GetValue(fix),
                result.GetValue(baselineFile),
                !result.GetValue(noRestore)),
            cancellationToken)));

        var baselinePath = new Argument<string>("PATH")
        {
            Description = "a .sln, .slnx or .csproj file, or a folder; the baseline is written into its folder",
        };
        var baseline = new Command(
            "baseline",
            "write securebackend.baseline.json into the folder of PATH, accepting today's findings; stale entries are reported and dropped")
        {
            baselinePath, noRestore,
        };
        baseline.SetAction((result, cancellationToken) => Guard(() => BaselineCommand.RunAsync(result.GetValue(baselinePath)!, !result.GetValue(noRestore), cancellationToken)));

        return new RootCommand("secure-backend: the SecureBackend security analyzers from the command line") { scan, baseline };
    }

    private static async Task<int> Guard(Func<Task<int>> command)
    {
        try
        {
            return await command().ConfigureAwait(false);
        }
        catch (UserError error)
        {
            await Console.Error.WriteLineAsync("secure-backend: " + error.Message).ConfigureAwait(false);
            return error.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("secure-backend: cancelled").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            var inner = exception is AggregateException { InnerException: { } first } ? first : exception;
            await Console.Error.WriteLineAsync(
                "secure-backend: internal error: " + inner.GetType().Name + ": " + OneLine(inner.Message)
                + " (please report it with the command that caused it)").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }

    internal static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length > 400 ? line[..400] + "…" : line;
    }
}

/// <summary>The options of one <c>scan</c>.</summary>
internal sealed record ScanSettings(string Path, string? SarifPath, Microsoft.CodeAnalysis.DiagnosticSeverity? FailOn, bool Fix, string? BaselinePath, bool Restore);
