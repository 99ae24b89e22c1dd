using System;
using System.IO;

namespace SecureBackend.PackageTests;

/// <summary>
/// Packs the repository once per test run with the README's command (`dotnet pack -c Release -o artifacts/packages` at
/// the root) and a fresh pre-release version, so NuGet's cache never serves an older build, into the repository's
/// artifacts/packages folder (the local feed named in nuget.config).
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        RepositoryRoot = FindRepositoryRoot();
        PackagesDirectory = Path.Combine(RepositoryRoot, "artifacts", "packages");
        Directory.CreateDirectory(PackagesDirectory);
        Version = "0.1.0-pkg" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        WorkRoot = Path.Combine(Path.GetTempPath(), "securebackend-package-tests", Version);
        Directory.CreateDirectory(WorkRoot);

        // The README's command, run at the repository root, plus the version.
        Pack = ProcessRunner.Dotnet(
            RepositoryRoot,
            "pack",
            "-c", "Release",
            "-o", Path.Combine("artifacts", "packages"),
            "-p:SecureBackendVersion=" + Version);
        PackagePath = Path.Combine(PackagesDirectory, "SecureBackend.Analyzers." + Version + ".nupkg");
    }

    public string RepositoryRoot { get; }

    public string PackagesDirectory { get; }

    public string Version { get; }

    public string WorkRoot { get; }

    public CommandResult Pack { get; }

    public string PackagePath { get; }

    /// <summary>
    /// The <c>secure-backend</c> command, installed once from the packed SecureBackend.Cli into a folder of this run (the
    /// README installs it globally with <c>-g</c>; a test must not change the machine's tools).
    /// </summary>
    public string Tool
    {
        get
        {
            lock (_toolLock)
            {
                if (_tool is null)
                {
                    var toolPath = Path.Combine(WorkRoot, "tools");
                    var install = ProcessRunner.Dotnet(
                        WorkRoot, "tool", "install", "SecureBackend.Cli", "--tool-path", toolPath, "--add-source", PackagesDirectory, "--version", Version);
                    if (install.ExitCode != 0)
                    {
                        throw new InvalidOperationException("tool install failed\n" + install);
                    }

                    _tool = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "secure-backend.exe" : "secure-backend");
                }

                return _tool;
            }
        }
    }

    private readonly object _toolLock = new();
    private string? _tool;

    /// <summary>
    /// Copies <paramref name="sourceDirectory"/> into a fresh folder with a nuget.config that adds the local feed, the
    /// way a team would after <c>dotnet add package SecureBackend.Analyzers</c>.
    /// </summary>
    public string CreateWorkspace(string name, string sourceDirectory)
    {
        var target = Path.Combine(WorkRoot, name);
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        CopyDirectory(sourceDirectory, target);
        File.WriteAllText(
            Path.Combine(target, "nuget.config"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <add key=\"securebackend-local\" value=\""
            + PackagesDirectory + "\" />\n  </packageSources>\n</configuration>\n");
        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkRoot, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
        catch (UnauthorizedAccessException)
        {
            // Left for the OS to clean up.
        }

        try
        {
            File.Delete(PackagePath);
            File.Delete(Path.Combine(PackagesDirectory, "SecureBackend.Cli." + Version + ".nupkg"));
        }
        catch (IOException)
        {
            // A later run packs a new version anyway.
        }
    }

    public static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, directory);
            if (IsBuildOutput(relative))
            {
                continue;
            }

            Directory.CreateDirectory(Path.Combine(target, relative));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (IsBuildOutput(relative))
            {
                continue;
            }

            File.Copy(file, Path.Combine(target, relative), overwrite: true);
        }
    }

    private static bool IsBuildOutput(string relativePath)
    {
        var first = relativePath.Split(Path.DirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SecureBackend.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SecureBackend.sln not found above " + AppContext.BaseDirectory);
    }
}
