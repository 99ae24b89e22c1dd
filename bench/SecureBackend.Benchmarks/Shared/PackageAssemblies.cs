using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace SecureBackend.Benchmarks.Shared;

/// <summary>
/// The package assemblies behind some seed types: each seed's assembly and, transitively, the assemblies it references,
/// as long as they were deployed next to the running program (package assemblies, not shared-framework ones) and are
/// not named in <paramref name="excludedNames"/> (what the reference packs already provide). Used by the benchmark and
/// the tests to hand real library assemblies to a compilation.
/// </summary>
public static class PackageAssemblies
{
    public static IReadOnlyList<string> Paths(IEnumerable<Type> seeds, ISet<string> excludedNames)
    {
        var baseDirectory = Path.GetFullPath(AppContext.BaseDirectory);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        var pending = new Stack<Assembly>(seeds.Select(t => t.Assembly));
        while (pending.Count > 0)
        {
            var assembly = pending.Pop();
            var name = assembly.GetName().Name!;
            if (!seen.Add(name) || excludedNames.Contains(name) || string.IsNullOrEmpty(assembly.Location)
                || !Path.GetFullPath(assembly.Location).StartsWith(baseDirectory, StringComparison.Ordinal))
            {
                continue;
            }

            result.Add(assembly.Location);
            foreach (var dependency in assembly.GetReferencedAssemblies())
            {
                if (seen.Contains(dependency.Name!) || excludedNames.Contains(dependency.Name!))
                {
                    continue;
                }

                try
                {
                    pending.Push(Assembly.Load(dependency));
                }
                catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // Optional dependency not shipped for this platform; a compilation does not need it.
                }
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }
}
