using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using SecureBackend.Benchmarks.Shared;

namespace SecureBackend.Benchmarks;

/// <summary>
/// The metadata references of a benchmark compilation: the .NET 10 (and ASP.NET Core 10) reference packs, found in
/// the SDK's packs folder or in a NuGet cache, and the library packages this project references.
/// </summary>
internal static class References
{
    public static string NetCoreDirectory { get; } = FindPack("Microsoft.NETCore.App.Ref");

    public static string AspNetCoreDirectory { get; } = FindPack("Microsoft.AspNetCore.App.Ref");

    /// <summary>.NET reference pack only: what a plain class library compiles against.</summary>
    public static ImmutableArray<MetadataReference> Plain { get; } = FromDirectory(NetCoreDirectory);

    /// <summary>.NET + ASP.NET Core reference packs + data-access, crypto, token and JSON libraries.</summary>
    public static ImmutableArray<MetadataReference> Web { get; } = BuildWeb();

    private static ImmutableArray<MetadataReference> BuildWeb()
    {
        var framework = FromDirectory(NetCoreDirectory).AddRange(FromDirectory(AspNetCoreDirectory));
        var frameworkNames = new HashSet<string>(
            framework.Select(r => Path.GetFileNameWithoutExtension(((PortableExecutableReference)r).FilePath!)),
            StringComparer.OrdinalIgnoreCase);
        return framework.AddRange(PackageAssemblies.Paths(LibrarySeeds.All, frameworkNames).Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)));
    }

    /// <summary>All assemblies in <paramref name="directory"/> (extra references for <c>--src</c>).</summary>
    public static ImmutableArray<MetadataReference> FromDirectory(string directory)
        => Directory.EnumerateFiles(directory, "*.dll")
            .Order(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    /// <summary>
    /// <c>ref/net10.0</c> of the newest 10.x version of a targeting pack: the SDK's <c>packs</c> folder first, then the
    /// NuGet global packages folder, then the cache the analyzer-testing library downloads into.
    /// </summary>
    private static string FindPack(string pack)
    {
        var roots = new List<string>();
        var dotnetRoot = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(dotnetRoot))
        {
            roots.Add(Path.Combine(dotnetRoot, "packs", pack));
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        if (runtimeDirectory is not null)
        {
            roots.Add(Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..", "packs", pack)));
        }

        var nugetPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        roots.Add(string.IsNullOrEmpty(nugetPackages)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages", pack.ToLowerInvariant())
            : Path.Combine(nugetPackages, pack.ToLowerInvariant()));
        roots.Add(Path.Combine(Path.GetTempPath(), "test-packages", pack.ToLowerInvariant()));

        foreach (var root in roots.Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            var best = Directory.EnumerateDirectories(root)
                .Select(d => (Path: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(d => d.Version is { Major: 10 } && Directory.Exists(Path.Combine(d.Path, "ref", "net10.0")))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (best.Path is not null)
            {
                return Path.Combine(best.Path, "ref", "net10.0");
            }
        }

        throw new InvalidOperationException(
            $"No {pack} 10.x reference pack found (looked in: {string.Join(", ", roots)}). Install the .NET 10 SDK, "
            + "or restore the test project once so its reference assemblies are downloaded.");
    }
}
