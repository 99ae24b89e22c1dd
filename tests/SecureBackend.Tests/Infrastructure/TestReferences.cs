using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureBackend.Benchmarks.Shared;

namespace SecureBackend.Tests.Infrastructure;

/// <summary>
/// The real assemblies every test compilation sees: the .NET 10 and ASP.NET Core 10 reference packs, and the
/// data-access, crypto and token libraries this test project references (their loaded assemblies and the package
/// assemblies those depend on). Built once per test run.
/// </summary>
/// <remarks>
/// The reference packs are the ones the SDK resolved for this test project (its <c>FrameworkReference</c> to ASP.NET
/// Core): the build records their folders as assembly metadata, so they exist before any test runs. The testing
/// library's own package resolver is never asked for them: it downloads packages during the first test that needs
/// them and, on a machine where its download folder is still empty, came back without the ASP.NET Core pack's
/// assemblies, which every later test of that run then compiled against.
/// </remarks>
public static class TestReferences
{
    /// <summary>
    /// Given to the verifiers as their <c>ReferenceAssemblies</c>: a target framework with no package to resolve, so
    /// the testing library downloads nothing. The framework assemblies arrive as <see cref="Framework"/> through
    /// <see cref="TestSetup.Apply"/>.
    /// </summary>
    public static readonly ReferenceAssemblies Net10 = new("net10.0");

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyFramework = new(
        () => FromPack("Microsoft.NETCore.App").AddRange(FromPack("Microsoft.AspNetCore.App")),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Libraries only the tests reference (the benchmark does not need them): the directory-services APIs.</summary>
    private static readonly Type[] TestOnlySeeds =
    {
#pragma warning disable CA1416 // Windows-only at run time; the tests only compile against them.
        typeof(System.DirectoryServices.DirectorySearcher),
        typeof(System.DirectoryServices.Protocols.SearchRequest),
#pragma warning restore CA1416
    };

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyLibraries = new(() => BuildLibraries(LibrarySeeds.All.Concat(TestOnlySeeds)), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Package assemblies (not framework ones) to add as <c>TestState.AdditionalReferences</c>.</summary>
    public static ImmutableArray<MetadataReference> Libraries => LazyLibraries.Value;

    /// <summary>The .NET 10 and ASP.NET Core 10 reference assemblies.</summary>
    public static ImmutableArray<MetadataReference> Framework => LazyFramework.Value;

    /// <summary>Framework and libraries: everything a compilation built outside the verifiers needs.</summary>
    public static ImmutableArray<MetadataReference> All => Framework.AddRange(Libraries);

    // ---------------------------------------------------------------- .NET Framework 4.8

    /// <summary>
    /// Given as <c>ReferenceAssemblies</c> to tests that compile against <see cref="NetFramework48"/> (see
    /// <see cref="TestSetup.ApplyNetFramework48"/>): no package to resolve, so the testing library downloads nothing.
    /// </summary>
    public static readonly ReferenceAssemblies Net48 = new("net48");

    /// <summary>
    /// The .NET Framework 4.8 assemblies that carry the classic ASP.NET (<c>System.Web</c>) and legacy crypto types
    /// (<c>MD5Cng</c>, <c>HMACRIPEMD160</c>, <c>DSACryptoServiceProvider</c> …), with the <c>netstandard</c> and
    /// <c>System.Runtime</c> facades; read from the <c>Microsoft.NETFramework.ReferenceAssemblies.net48</c> package,
    /// whose folder the build records. Used instead of <see cref="Framework"/> and <see cref="Libraries"/>.
    /// </summary>
    public static ImmutableArray<MetadataReference> NetFramework48 => LazyNetFramework48.Value;

    private static readonly string[] NetFramework48Assemblies =
    {
        "mscorlib", "System", "System.Core", "System.Configuration", "System.Data", "System.Security", "System.Web",
        "System.Web.ApplicationServices", "System.Xml", "System.Xml.Linq", "System.Numerics", "Microsoft.CSharp",
        "Facades/netstandard", "Facades/System.Runtime",
    };

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyNetFramework48 = new(
        () =>
        {
            var folder = RecordedFolder("SecureBackend.ReferenceAssemblies.net48", "the .NET Framework 4.8 reference assemblies");
            return NetFramework48Assemblies
                .Select(name => (MetadataReference)MetadataReference.CreateFromFile(Path.Combine(folder, name + ".dll")))
                .ToImmutableArray();
        },
        LazyThreadSafetyMode.ExecutionAndPublication);

    private static string RecordedFolder(string key, string what)
    {
        var folder = typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            throw new InvalidOperationException($"The build recorded no usable folder for {what} ('{folder}'); rebuild the test project.");
        }

        return folder;
    }

    // ----------------------------------------------------------------

    /// <summary>The folder of a reference pack's assemblies, as the build recorded it.</summary>
    public static string PackFolder(string frameworkName)
    {
        var key = "SecureBackend.ReferencePack." + frameworkName;
        var folder = typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            throw new InvalidOperationException(
                $"The build recorded no usable folder for the {frameworkName} reference pack ('{folder}'); rebuild the test project.");
        }

        return folder;
    }

    private static ImmutableArray<MetadataReference> FromPack(string frameworkName)
        => Directory.EnumerateFiles(PackFolder(frameworkName), "*.dll")
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    private static ImmutableArray<MetadataReference> BuildLibraries(IEnumerable<Type> seeds)
    {
        // Names the reference packs already provide must not be added again (CS0433 ambiguities otherwise).
        var frameworkNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var reference in Framework)
        {
            if (reference is PortableExecutableReference { FilePath: { } path })
            {
                frameworkNames.Add(Path.GetFileNameWithoutExtension(path));
            }
        }

        return PackageAssemblies.Paths(seeds, frameworkNames)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .OrderBy(r => r.Display, StringComparer.Ordinal)
            .ToImmutableArray();
    }
}
