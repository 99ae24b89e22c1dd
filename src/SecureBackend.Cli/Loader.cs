using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.MSBuild;
using Microsoft.CodeAnalysis.Text;

namespace SecureBackend.Cli;

/// <summary>A loaded codebase: the workspace that owns it, its solution and the target it came from.</summary>
internal sealed class Codebase(Workspace workspace, Solution solution, Target target) : IDisposable
{
    public Workspace Workspace { get; } = workspace;

    public Solution Solution { get; } = solution;

    public Target Target { get; } = target;

    /// <summary>
    /// Whether a project of the solution is analysed: the projects named or found, or, for a solution, its C# projects in
    /// the solution's folder or below. Projects loaded only because they are referenced from elsewhere are not.
    /// </summary>
    public bool IsInScope(Project project)
    {
        if (project.Language != LanguageNames.CSharp)
        {
            return false;
        }

        return Target.Kind switch
        {
            TargetKind.Projects => Target.Files.Contains(project.FilePath ?? string.Empty, StringComparer.OrdinalIgnoreCase),
            TargetKind.Solution => project.FilePath is null
                || project.FilePath.StartsWith(Path.TrimEndingDirectorySeparator(Target.Root) + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase),
            _ => true,
        };
    }

    public void Dispose() => Workspace.Dispose();
}

/// <summary>
/// Loads a <see cref="Target"/>: solutions and projects through MSBuild (Microsoft.Build.Locator finds the SDK, the
/// Workspaces MSBuild loader evaluates the projects as <c>dotnet build</c> would, with their own .editorconfig files);
/// a folder of sources without a project as one compilation against the SDK's .NET and ASP.NET Core reference packs.
/// </summary>
internal static class Loader
{
    /// <summary>The namespaces the .NET SDK imports globally with ImplicitUsings (the Web SDK's included).</summary>
    private static readonly string[] ImplicitUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
        "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing",
        "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
        "System.Net.Http.Json",
    ];

    public static async Task<Codebase> LoadAsync(Target target, bool restore, Action<string> status, CancellationToken cancellationToken)
    {
        if (target.Kind == TargetKind.Sources)
        {
            return LoadSources(target, status);
        }

        // Before any code that could load an MSBuild assembly.
        RegisterMSBuild();
        if (restore)
        {
            foreach (var file in target.Files)
            {
                status("Restoring " + Path.GetFileName(file));
                await RestoreAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }

        return await LoadProjectsAsync(target, status, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>dotnet restore FILE</c>, as <c>dotnet build</c> and <c>dotnet format</c> do first: the loader evaluates the
    /// projects with their restored packages. It writes only the projects' <c>obj</c> folders.
    /// </summary>
    private static async Task RestoreAsync(string file, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "restore", file, "-nologo", "-v", "q" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new UserError(ExitCodes.LoadFailed, "cannot run dotnet restore: " + Program.OneLine(exception.Message));
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var text = await output.ConfigureAwait(false) + "\n" + await error.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var first = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(line => line.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? "exit code " + process.ExitCode;
            throw new UserError(ExitCodes.LoadFailed, "cannot restore " + file + ": " + Program.OneLine(first));
        }
    }

    private static async Task<Codebase> LoadProjectsAsync(Target target, Action<string> status, CancellationToken cancellationToken)
    {
        var workspace = MSBuildWorkspace.Create();
        var failures = new List<string>();
        workspace.RegisterWorkspaceFailedHandler(e =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
            {
                lock (failures)
                {
                    failures.Add(e.Diagnostic.Message);
                }
            }
        });

        try
        {
            foreach (var file in target.Files)
            {
                status("Loading " + Path.GetFileName(file));
                if (target.Kind == TargetKind.Solution)
                {
                    await workspace.OpenSolutionAsync(file, progress: null, cancellationToken).ConfigureAwait(false);
                }
                else if (!workspace.CurrentSolution.Projects.Any(p => string.Equals(p.FilePath, file, StringComparison.OrdinalIgnoreCase)))
                {
                    await workspace.OpenProjectAsync(file, progress: null, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or InvalidDataException or System.Xml.XmlException
            or ArgumentException or UnauthorizedAccessException or FormatException)
        {
            workspace.Dispose();
            throw new UserError(ExitCodes.LoadFailed, "cannot load " + target.Display + ": " + Program.OneLine(exception.Message));
        }

        if (failures.Count > 0)
        {
            workspace.Dispose();
            throw new UserError(
                ExitCodes.LoadFailed,
                "cannot load " + target.Display + ": " + Program.OneLine(failures[0])
                + (failures.Count > 1 ? " (and " + (failures.Count - 1) + " more load error" + (failures.Count > 2 ? "s" : string.Empty) + ")" : string.Empty));
        }

        var codebase = new Codebase(workspace, workspace.CurrentSolution, target);
        if (!codebase.Solution.Projects.Any(codebase.IsInScope))
        {
            workspace.Dispose();
            throw new UserError(ExitCodes.NothingToAnalyse, target.Display + " has no C# project to analyse");
        }

        return codebase;
    }

    private static void RegisterMSBuild()
    {
        if (MSBuildLocator.IsRegistered)
        {
            return;
        }

        var instance = MSBuildLocator.QueryVisualStudioInstances().OrderByDescending(i => i.Version).FirstOrDefault()
            ?? throw new UserError(ExitCodes.LoadFailed, "no .NET SDK found to load projects with (install the .NET SDK, or set DOTNET_ROOT)");
        MSBuildLocator.RegisterInstance(instance);
    }

    private static Codebase LoadSources(Target target, Action<string> status)
    {
        status("Reading " + target.Files.Count + " C# files");
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var documents = new List<DocumentInfo>();
        var hasTopLevelStatements = false;
        foreach (var file in target.Files)
        {
            var text = ReadText(file);
            var tree = CSharpSyntaxTree.ParseText(text, parseOptions, file);
            hasTopLevelStatements |= tree.GetCompilationUnitRoot().Members.Any(m => m is GlobalStatementSyntax);
            documents.Add(DocumentInfo.Create(
                DocumentId.CreateNewId(projectId),
                Path.GetFileName(file),
                folders: null,
                SourceCodeKind.Regular,
                TextLoader.From(TextAndVersion.Create(text, VersionStamp.Default, file)),
                file));
        }

        var globalUsings = Path.Combine(target.Root, "obj", "SecureBackend.GlobalUsings.g.cs");
        documents.Add(DocumentInfo.Create(
            DocumentId.CreateNewId(projectId),
            Path.GetFileName(globalUsings),
            folders: null,
            SourceCodeKind.Regular,
            TextLoader.From(TextAndVersion.Create(
                SourceText.From("// <auto-generated/>\n" + string.Join("\n", ImplicitUsings.Select(u => "global using global::" + u + ";")) + "\n", Encoding.UTF8),
                VersionStamp.Default,
                globalUsings)),
            globalUsings,
            isGenerated: true));

        var editorConfigs = new List<DocumentInfo>();
        foreach (var file in EditorConfigFiles(target.Root))
        {
            editorConfigs.Add(DocumentInfo.Create(
                DocumentId.CreateNewId(projectId),
                ".editorconfig",
                folders: null,
                SourceCodeKind.Regular,
                TextLoader.From(TextAndVersion.Create(ReadText(file), VersionStamp.Default, file)),
                file));
        }

        var name = Path.GetFileName(target.Root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var project = ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                name,
                name,
                LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(
                    hasTopLevelStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Enable,
                    allowUnsafe: true),
                parseOptions: parseOptions,
                documents: documents,
                metadataReferences: ReferencePacks())
            .WithAnalyzerConfigDocuments(editorConfigs);
        var solution = workspace.AddSolution(SolutionInfo.Create(SolutionId.CreateNewId(), VersionStamp.Default, projects: [project]));
        return new Codebase(workspace, solution, target);
    }

    private static SourceText ReadText(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return SourceText.From(stream, encoding: null, canBeEmbedded: false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new UserError(ExitCodes.LoadFailed, "cannot read " + file + ": " + Program.OneLine(exception.Message));
        }
    }

    /// <summary>The .editorconfig files that apply to the folder: those above it (up to a <c>root = true</c>) and those in it.</summary>
    private static IEnumerable<string> EditorConfigFiles(string root)
    {
        var above = new List<string>();
        for (var directory = Directory.GetParent(root); directory is not null; directory = directory.Parent)
        {
            var file = Path.Combine(directory.FullName, ".editorconfig");
            if (File.Exists(file))
            {
                above.Add(file);
            }
        }

        return above.Concat(Targets.Enumerate(root, ".editorconfig"));
    }

    /// <summary>The newest .NET and ASP.NET Core reference packs of the SDK that runs the tool.</summary>
    private static ImmutableArray<MetadataReference> ReferencePacks()
    {
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var pack in new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" })
        {
            var directory = FindPack(pack);
            if (directory is null)
            {
                if (pack == "Microsoft.NETCore.App.Ref")
                {
                    throw new UserError(ExitCodes.LoadFailed, "no .NET reference pack (" + pack + ") found to compile the sources against; install the .NET SDK");
                }

                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory, "*.dll").Order(StringComparer.Ordinal))
            {
                references.Add(MetadataReference.CreateFromFile(file));
            }
        }

        return references.ToImmutable();
    }

    private static string? FindPack(string pack)
    {
        var roots = new List<string>();
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot)
        {
            roots.Add(Path.Combine(dotnetRoot, "packs", pack));
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
        if (Path.GetDirectoryName(typeof(object).Assembly.Location) is { Length: > 0 } runtimeDirectory)
        {
            roots.Add(Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..", "packs", pack)));
        }

        foreach (var root in roots.Distinct(StringComparer.Ordinal).Where(Directory.Exists))
        {
            var best = Directory.EnumerateDirectories(root)
                .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(d => d.Version is not null)
                .OrderByDescending(d => d.Version)
                .Select(d => Directory.Exists(Path.Combine(d.Path, "ref"))
                    ? Directory.EnumerateDirectories(Path.Combine(d.Path, "ref")).OrderByDescending(f => f, StringComparer.Ordinal).FirstOrDefault()
                    : null)
                .FirstOrDefault(f => f is not null);
            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }
}
