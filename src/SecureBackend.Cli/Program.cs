using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using SecureBackend.Analyzers.Infrastructure.Baseline;

namespace SecureBackend.Cli;

/// <summary>Exit codes: each kind of bad input has its own.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Usage = 2;
    public const int PathNotFound = 3;
    public const int NothingToAnalyse = 4;
    public const int BuildFailed = 5;
    public const int BadBaseline = 6;
}

/// <summary>A failure the user can act on: one line on standard error and a distinct exit code, no stack trace.</summary>
internal sealed class UserError(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

internal static class Program
{
    private const string Usage = """
        usage: secure-backend baseline PATH

          baseline PATH   build PATH (a .sln, .slnx or project file, or a folder holding one) with the SecureBackend
                          analyzers and write securebackend.baseline.json into its folder, listing today's findings;
                          entries that no longer match a finding are reported as stale and dropped.
        """;

    public static int Main(string[] args)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                Console.WriteLine(Usage);
                return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
            }

            return args[0] switch
            {
                "baseline" when args.Length == 2 => BaselineCommand.Run(args[1], Console.Out),
                "baseline" => throw new UserError(ExitCodes.Usage, "baseline takes exactly one PATH (a .sln, .slnx, project file or folder)"),
                _ => throw new UserError(ExitCodes.Usage, "unknown command '" + args[0] + "' (run secure-backend --help)"),
            };
        }
        catch (UserError error)
        {
            Console.Error.WriteLine("secure-backend: " + error.Message);
            return error.ExitCode;
        }
    }
}

/// <summary>
/// <c>secure-backend baseline PATH</c>: runs the user's own build of PATH with the baseline switched off and the
/// compiler writing one SARIF log per project (the package's props honour <c>SecureBackendErrorLogDirectory</c>), and
/// turns the SecureBackend results into <c>securebackend.baseline.json</c> with the analyzers' own fingerprint code.
/// The user's files are not changed, except the baseline and the build's own output.
/// </summary>
internal static class BaselineCommand
{
    public static int Run(string path, TextWriter output)
    {
        var (target, root) = Targets.Resolve(path);
        var baselinePath = Path.Combine(root, BaselineFile.FileName);
        var previous = ReadExisting(baselinePath);

        var logs = Directory.CreateTempSubdirectory("securebackend-");
        try
        {
            var build = Build(target, logs.FullName);
            var sarifFiles = logs.GetFiles("*.sarif");
            var buildErrors = build.Output.Split('\n')
                .Where(line => line.Contains(": error ", StringComparison.Ordinal) && !IsSecureBackendLine(line))
                .ToList();
            if (build.ExitCode != 0 && buildErrors.Count > 0)
            {
                throw new UserError(ExitCodes.BuildFailed, "the build of " + target + " failed: " + buildErrors[0].Trim());
            }

            if (sarifFiles.Length == 0)
            {
                throw new UserError(
                    ExitCodes.NothingToAnalyse,
                    build.ExitCode != 0
                        ? "the build of " + target + " failed: " + LastLine(build.Output)
                        : "no project in " + target + " references the SecureBackend.Analyzers package (see the README's Install section)");
            }

            var entries = new HashSet<BaselineEntry>();
            foreach (var sarif in sarifFiles)
            {
                ReadFindings(sarif.FullName, root, entries);
            }

            var baseline = BaselineFile.Create(entries);
            File.WriteAllText(baselinePath, baseline.Serialize(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

            var kept = previous is null ? 0 : entries.Count(previous.Contains);
            var stale = previous is null ? [] : previous.Entries.Where(e => !entries.Contains(e)).OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Rule, StringComparer.Ordinal).ToList();
            foreach (var entry in stale)
            {
                output.WriteLine("info: stale baseline entry " + entry.Rule + " in " + entry.File + " (" + entry.Fingerprint + ") no longer matches a finding; removed");
            }

            output.WriteLine(
                "wrote " + baselinePath + ": " + entries.Count + " finding" + (entries.Count == 1 ? string.Empty : "s")
                + " (" + (entries.Count - kept) + " new, " + kept + " kept, " + stale.Count + " stale removed)");
            return ExitCodes.Success;
        }
        finally
        {
            try
            {
                logs.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder; the OS cleans it up.
            }
        }
    }

    private static BaselineFile? ReadExisting(string baselinePath)
    {
        if (!File.Exists(baselinePath))
        {
            return null;
        }

        if (!BaselineFile.TryParse(File.ReadAllText(baselinePath), out var baseline, out var error))
        {
            throw new UserError(ExitCodes.BadBaseline, baselinePath + ": " + error + " (fix it or delete it, then run baseline again)");
        }

        return baseline;
    }

    private static (int ExitCode, string Output) Build(string target, string logDirectory)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "build", target, "--no-incremental", "-nologo", "-v", "q",
            "-p:SecureBackendBaseline=none",
            "-p:SecureBackendEnforce=false",
            "-p:TreatWarningsAsErrors=false",
            "-p:SecureBackendErrorLogDirectory=" + logDirectory,
        })
        {
            info.ArgumentList.Add(argument);
        }

        var text = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (text) { text.Append(e.Data).Append('\n'); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (text) { text.Append(e.Data).Append('\n'); } } };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new UserError(ExitCodes.BuildFailed, "cannot run dotnet: " + exception.Message);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        lock (text)
        {
            return (process.ExitCode, text.ToString());
        }
    }

    private static void ReadFindings(string sarifPath, string root, HashSet<BaselineEntry> entries)
    {
        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        var cache = new Dictionary<string, (SourceText Text, Microsoft.CodeAnalysis.SyntaxTree Tree)>(StringComparer.Ordinal);
        foreach (var run in sarif.RootElement.GetProperty("runs").EnumerateArray())
        {
            if (!run.TryGetProperty("results", out var results))
            {
                continue;
            }

            foreach (var result in results.EnumerateArray())
            {
                var rule = result.TryGetProperty("ruleId", out var id) ? id.GetString() : null;
                if (rule is null || !rule.StartsWith("SB", StringComparison.Ordinal) || result.TryGetProperty("suppressions", out _)
                    || !result.TryGetProperty("locations", out var locations) || locations.GetArrayLength() == 0
                    || !locations[0].TryGetProperty("physicalLocation", out var location)
                    || !location.TryGetProperty("region", out var region))
                {
                    continue;
                }

                var file = new Uri(location.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath;
                if (!cache.TryGetValue(file, out var source))
                {
                    var text = SourceText.From(File.ReadAllText(file));
                    source = (text, CSharpSyntaxTree.ParseText(text, path: file));
                    cache.Add(file, source);
                }

                var span = source.Text.Lines.GetTextSpan(new LinePositionSpan(
                    new LinePosition(region.GetProperty("startLine").GetInt32() - 1, region.GetProperty("startColumn").GetInt32() - 1),
                    new LinePosition(region.GetProperty("endLine").GetInt32() - 1, region.GetProperty("endColumn").GetInt32() - 1)));
                entries.Add(new BaselineEntry(rule, BaselineFile.RelativePath(root, file), BaselineFingerprint.For(rule, source.Tree, span, CancellationToken.None)));
            }
        }
    }

    private static bool IsSecureBackendLine(string line)
    {
        var index = line.IndexOf(": error ", StringComparison.Ordinal);
        return line.AsSpan(index + ": error ".Length).StartsWith("SB", StringComparison.Ordinal);
    }

    private static string LastLine(string output)
        => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
}

/// <summary>What PATH names: the file to build and the folder the baseline belongs to.</summary>
internal static class Targets
{
    public static (string Target, string Root) Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            var extension = Path.GetExtension(full).ToLowerInvariant();
            if (extension is not (".sln" or ".slnx" or ".csproj"))
            {
                throw new UserError(ExitCodes.NothingToAnalyse, path + " is not a .sln, .slnx or .csproj file");
            }

            return (full, Path.GetDirectoryName(full)!);
        }

        if (!Directory.Exists(full))
        {
            throw new UserError(ExitCodes.PathNotFound, "no such file or folder: " + path);
        }

        // A folder: its solution, else its one project. A .slnx wins over a .sln of the same folder.
        foreach (var pattern in new[] { "*.slnx", "*.sln", "*.csproj" })
        {
            var found = Directory.GetFiles(full, pattern);
            if (found.Length == 1)
            {
                return (found[0], full);
            }

            if (found.Length > 1)
            {
                throw new UserError(ExitCodes.NothingToAnalyse, path + " holds several " + pattern[1..] + " files; name the one to use");
            }
        }

        throw new UserError(ExitCodes.NothingToAnalyse, path + " holds no .sln, .slnx or .csproj file");
    }
}
