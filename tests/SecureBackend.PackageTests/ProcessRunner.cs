using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace SecureBackend.PackageTests;

/// <summary>The outcome of one command.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Output)
{
    public override string ToString() => "$ " + CommandLine + " (exit " + ExitCode + ")\n" + Output;
}

/// <summary>Runs the dotnet CLI as a child process with a clean MSBuild environment.</summary>
public static class ProcessRunner
{
    public static CommandResult Dotnet(string workingDirectory, params string[] arguments)
        => Run("dotnet", workingDirectory, arguments);

    public static CommandResult Run(string fileName, string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // A test host started by `dotnet test` carries MSBuild variables that would redirect the child build.
        var inherited = new List<string>();
        foreach (string key in info.Environment.Keys)
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            {
                inherited.Add(key);
            }
        }

        foreach (var key in inherited)
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(fileName + " " + string.Join(' ', arguments) + " did not finish in 10 minutes:\n" + output);
        }

        process.WaitForExit();
        lock (output)
        {
            return new CommandResult(fileName + " " + string.Join(' ', arguments), process.ExitCode, output.ToString());
        }
    }
}
