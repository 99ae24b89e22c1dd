using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SecureBackend.Cli;

/// <summary>What a PATH names.</summary>
internal enum TargetKind
{
    /// <summary>A .sln or .slnx file.</summary>
    Solution,

    /// <summary>One or more project files.</summary>
    Projects,

    /// <summary>A folder of C# sources without a project: compiled as one set of sources against the reference packs.</summary>
    Sources,
}

/// <summary>The solution, projects or sources to load, and the folder findings and the baseline are relative to.</summary>
internal sealed record Target(TargetKind Kind, IReadOnlyList<string> Files, string Root, string Display);

internal static class Targets
{
    private static readonly string[] SkippedFolders = ["bin", "obj", ".git", ".vs", "node_modules"];

    /// <summary>
    /// A .sln, .slnx or .csproj file; or a folder: its solution (a .slnx wins over a .sln), else its project, else every
    /// project below it, else its C# sources.
    /// </summary>
    public static Target Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            var extension = Path.GetExtension(full).ToLowerInvariant();
            var kind = extension switch
            {
                ".sln" or ".slnx" => TargetKind.Solution,
                ".csproj" => TargetKind.Projects,
                _ => throw new UserError(ExitCodes.NothingToAnalyse, path + " is not a .sln, .slnx or .csproj file (or a folder)"),
            };
            return new Target(kind, [full], Path.GetDirectoryName(full)!, path);
        }

        if (!Directory.Exists(full))
        {
            throw new UserError(ExitCodes.PathNotFound, "no such file or folder: " + path);
        }

        foreach (var pattern in new[] { "*.slnx", "*.sln", "*.csproj" })
        {
            var found = Directory.GetFiles(full, pattern);
            if (found.Length == 1)
            {
                return new Target(pattern == "*.csproj" ? TargetKind.Projects : TargetKind.Solution, found, full, found[0]);
            }

            if (found.Length > 1)
            {
                throw new UserError(ExitCodes.NothingToAnalyse, path + " holds several " + pattern[1..] + " files; name the one to use");
            }
        }

        var projects = Enumerate(full, "*.csproj").ToList();
        if (projects.Count > 0)
        {
            return new Target(TargetKind.Projects, projects, full, path);
        }

        var sources = Enumerate(full, "*.cs").ToList();
        if (sources.Count > 0)
        {
            return new Target(TargetKind.Sources, sources, full, path);
        }

        throw new UserError(ExitCodes.NothingToAnalyse, path + " holds no C# to analyse (no .sln, .slnx, .csproj or .cs file)");
    }

    /// <summary>Files under <paramref name="root"/> matching <paramref name="pattern"/>, build output and tool folders skipped, sorted.</summary>
    public static IEnumerable<string> Enumerate(string root, string pattern)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        var result = new List<string>();
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            try
            {
                result.AddRange(Directory.EnumerateFiles(directory, pattern));
                foreach (var child in Directory.EnumerateDirectories(directory))
                {
                    if (!SkippedFolders.Contains(Path.GetFileName(child), StringComparer.OrdinalIgnoreCase))
                    {
                        pending.Push(child);
                    }
                }
            }
            catch (UnauthorizedAccessException)
            {
                // A folder we may not read holds nothing we can analyse.
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }
}
