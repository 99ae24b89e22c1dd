using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using SecureBackend.Benchmarks.Corpus;

namespace SecureBackend.Benchmarks;

/// <summary>One project of a source tree: its own files, and the projects it references (names, transitive closure).</summary>
internal sealed record SourceProject(
    string Name,
    string ProjectFile,
    GeneratedCorpus Corpus,
    IReadOnlyList<string> References,
    IReadOnlyList<string> DirectReferences);

/// <summary>
/// A folder of projects compiled one compilation per project (<c>--src DIR --per-project</c>): every <c>*.csproj</c>
/// under DIR except test projects and bin/obj; each <c>.cs</c> file belongs to its nearest project (the closest folder
/// upwards holding a project file); <c>&lt;ProjectReference&gt;</c> items give the order (referenced projects first).
/// A project's compilation references the compilations of its referenced projects (the transitive closure, as MSBuild
/// passes them), so every finding is reported once, in the project that owns the file.
/// </summary>
internal sealed class ProjectTree
{
    private ProjectTree(string root, IReadOnlyList<SourceProject> projects, IReadOnlyList<string> skippedTests, int unassigned, GeneratedCorpus combined)
    {
        Root = root;
        Projects = projects;
        SkippedTestProjects = skippedTests;
        UnassignedFiles = unassigned;
        Combined = combined;
    }

    public string Root { get; }

    /// <summary>Projects in build order: every project after the projects it references.</summary>
    public IReadOnlyList<SourceProject> Projects { get; }

    public IReadOnlyList<string> SkippedTestProjects { get; }

    /// <summary>.cs files under DIR with no project above them (not compiled).</summary>
    public int UnassignedFiles { get; }

    /// <summary>All files of all projects (paths relative to DIR): line counts, seeds, triage context.</summary>
    public GeneratedCorpus Combined { get; }

    public static ProjectTree Load(string directory, IReadOnlyList<string> include)
    {
        var root = Path.GetFullPath(directory);
        var projectFiles = SourceFolder.Enumerate(root, include, "*.csproj").ToList();
        var tests = new List<string>();
        var projects = new Dictionary<string, ProjectInfo>(StringComparer.Ordinal);
        foreach (var relative in projectFiles)
        {
            var full = Path.Combine(root, relative);
            var info = ProjectInfo.Read(full);
            if (info.IsTest)
            {
                tests.Add(relative);
            }

            projects[full] = info;
        }

        // Each .cs file belongs to the nearest project file above it (test projects included, so their files are
        // dropped with them rather than attributed to a project further up).
        var byDirectory = projects.Values.GroupBy(p => Path.GetDirectoryName(p.Path)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.Path, StringComparer.Ordinal).First(), StringComparer.Ordinal);
        var filesOf = projects.Values.ToDictionary(p => p.Path, _ => new List<string>(), StringComparer.Ordinal);
        var unassigned = 0;
        foreach (var relative in SourceFolder.Enumerate(root, include, "*.cs"))
        {
            ProjectInfo? owner = null;
            for (var dir = Path.GetDirectoryName(Path.Combine(root, relative)); dir is not null && dir.Length >= root.Length; dir = Path.GetDirectoryName(dir))
            {
                if (byDirectory.TryGetValue(dir, out owner))
                {
                    break;
                }
            }

            if (owner is null)
            {
                unassigned++;
                continue;
            }

            filesOf[owner.Path].Add(relative);
        }

        var kept = projects.Values.Where(p => !p.IsTest && filesOf[p.Path].Count > 0).ToDictionary(p => p.Path, StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var project in kept.Values.OrderBy(p => p.Path, StringComparer.Ordinal))
        {
            var name = project.Name;
            for (var n = 2; names.ContainsValue(name); n++)
            {
                name = project.Name + "_" + n;
            }

            names[project.Path] = name;
        }

        // Transitive closure of the references that are kept projects of this tree.
        var closure = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string> Closure(string path, HashSet<string> visiting)
        {
            if (closure.TryGetValue(path, out var done))
            {
                return done;
            }

            var all = new HashSet<string>(StringComparer.Ordinal);
            if (visiting.Add(path))
            {
                foreach (var reference in kept[path].References.Where(kept.ContainsKey))
                {
                    all.Add(reference);
                    all.UnionWith(Closure(reference, visiting));
                }

                visiting.Remove(path);
            }

            all.Remove(path);
            closure[path] = all;
            return all;
        }

        foreach (var path in kept.Keys)
        {
            Closure(path, new HashSet<string>(StringComparer.Ordinal));
        }

        // Build order: fewer transitive references first is a valid topological order only with ties broken safely,
        // so order by depth (longest reference chain).
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        int Depth(string path, int guard)
        {
            if (depth.TryGetValue(path, out var d))
            {
                return d;
            }

            d = guard > kept.Count ? 0 : kept[path].References.Where(kept.ContainsKey).Select(r => Depth(r, guard + 1) + 1).DefaultIfEmpty(0).Max();
            depth[path] = d;
            return d;
        }

        var ordered = kept.Keys.OrderBy(p => Depth(p, 0)).ThenBy(p => names[p], StringComparer.Ordinal).ToList();
        var result = new List<SourceProject>();
        var allFiles = new List<CorpusFile>();
        var allSeeds = new List<SeededVulnerability>();
        foreach (var path in ordered)
        {
            var info = kept[path];
            var files = new List<CorpusFile>();
            var seeds = new List<SeededVulnerability>();
            foreach (var relative in filesOf[path])
            {
                var file = SourceFolder.Read(root, relative, seeds);
                files.Add(file);
            }

            allFiles.AddRange(files);
            allSeeds.AddRange(seeds);
            var usings = info.GlobalUsings();
            if (usings.Count > 0)
            {
                var relativeProject = Path.GetRelativePath(root, Path.GetDirectoryName(path)!).Replace('\\', '/');
                files.Add(new CorpusFile(
                    (relativeProject == "." ? string.Empty : relativeProject + "/") + "obj/GlobalUsings.g.cs",
                    "// <auto-generated/>\n" + string.Join("\n", usings) + "\n"));
            }

            var description = names[path] + " (" + Path.GetRelativePath(root, path).Replace('\\', '/') + ")";
            result.Add(new SourceProject(
                names[path],
                Path.GetRelativePath(root, path).Replace('\\', '/'),
                new GeneratedCorpus(description, files, seeds),
                ordered.Where(closure[path].Contains).Select(p => names[p]).ToList(),
                info.References.Where(kept.ContainsKey).Select(p => names[p]).Order(StringComparer.Ordinal).ToList()));
        }

        if (result.Count == 0)
        {
            throw new InvalidOperationException("No non-test project with .cs files under " + root);
        }

        var label = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)) + (include.Count > 0 ? "/{" + string.Join(",", include) + "}" : string.Empty);
        var combined = new GeneratedCorpus($"{label} per project ({result.Count} projects, {root})", allFiles, allSeeds);
        return new ProjectTree(root, result, tests, unassigned, combined);
    }

    /// <summary>What the benchmark reads from a project file and the <c>Directory.Build.props</c> files above it.</summary>
    private sealed class ProjectInfo
    {
        private static readonly string[] TestPackages = { "xunit", "nunit", "mstest", "Microsoft.NET.Test.Sdk" };

        private static readonly string[] TestSuffixes = { ".Test", ".Tests", ".UnitTests", ".IntegrationTests", ".IntegrationTest", ".FunctionalTests" };

        private readonly List<XDocument> _chain = new();

        private ProjectInfo(string path)
        {
            Path = path;
            Name = System.IO.Path.GetFileNameWithoutExtension(path);
        }

        public string Path { get; }

        public string Name { get; }

        public bool IsTest { get; private set; }

        public bool Web { get; private set; }

        public List<string> References { get; } = new();

        public static ProjectInfo Read(string path)
        {
            var info = new ProjectInfo(path);
            if (TryLoad(path) is { } project)
            {
                info._chain.Add(project);
                var sdk = project.Root?.Attribute("Sdk")?.Value ?? string.Empty;
                info.Web = sdk.Contains("Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase);
                foreach (var item in Elements(project, "ProjectReference"))
                {
                    var include = item.Attribute("Include")?.Value;
                    if (string.IsNullOrWhiteSpace(include) || include.Contains("$(", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    info.References.Add(System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, include.Replace('\\', '/'))));
                }

                var packages = Elements(project, "PackageReference").Select(e => e.Attribute("Include")?.Value ?? string.Empty);
                info.IsTest = TestSuffixes.Any(s => info.Name.EndsWith(s, StringComparison.OrdinalIgnoreCase))
                    || packages.Any(p => TestPackages.Any(t => p.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
                    || Elements(project, "IsTestProject").Any(e => e.Value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
            }

            for (var dir = Directory.GetParent(path); dir is not null; dir = dir.Parent)
            {
                if (TryLoad(System.IO.Path.Combine(dir.FullName, "Directory.Build.props")) is { } props)
                {
                    info._chain.Add(props);
                }
            }

            return info;
        }

        /// <summary>
        /// The SDK's implicit global usings when ImplicitUsings is on (the project file's value first, then the nearest
        /// Directory.Build.props), and the <c>&lt;Using&gt;</c> items of the project and its props.
        /// </summary>
        public List<string> GlobalUsings()
        {
            var setting = _chain.Select(d => Elements(d, "ImplicitUsings").Select(e => e.Value.Trim()).LastOrDefault()).FirstOrDefault(v => v is not null);
            var usings = new List<string>();
            if (setting is not null && (setting.Equals("enable", StringComparison.OrdinalIgnoreCase) || setting.Equals("true", StringComparison.OrdinalIgnoreCase)))
            {
                usings.AddRange(SourceFolder.ImplicitUsings(Web).Select(u => "global using global::" + u + ";"));
            }

            var removed = new HashSet<string>(_chain.SelectMany(d => Elements(d, "Using")).Select(e => e.Attribute("Remove")?.Value).OfType<string>(), StringComparer.Ordinal);
            foreach (var item in _chain.AsEnumerable().Reverse().SelectMany(d => Elements(d, "Using")))
            {
                var include = item.Attribute("Include")?.Value;
                if (string.IsNullOrWhiteSpace(include) || include.Contains("$(", StringComparison.Ordinal))
                {
                    continue;
                }

                var alias = item.Attribute("Alias")?.Value;
                var isStatic = string.Equals(item.Attribute("Static")?.Value, "true", StringComparison.OrdinalIgnoreCase);
                usings.Add(alias is { Length: > 0 } ? $"global using {alias} = global::{include};" : isStatic ? $"global using static global::{include};" : $"global using global::{include};");
            }

            return usings.Where(u => !removed.Any(r => u.EndsWith("global::" + r + ";", StringComparison.Ordinal))).Distinct(StringComparer.Ordinal).ToList();
        }

        private static IEnumerable<XElement> Elements(XDocument document, string localName)
            => document.Descendants().Where(e => e.Name.LocalName == localName);

        private static XDocument? TryLoad(string path)
        {
            if (!File.Exists(path))
            {
                return null;
            }

            try
            {
                return XDocument.Load(path);
            }
            catch (System.Xml.XmlException)
            {
                return null;
            }
        }
    }
}
